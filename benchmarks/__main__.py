"""``make bench``: run every benchmark and print their tables."""

from benchmarks import import_cost, round_trips

if __name__ == "__main__":
    import_cost.main()
    round_trips.main()
