"""Benchmarks: dockersdk side by side with docker-py and a raw baseline (``make bench``)."""
