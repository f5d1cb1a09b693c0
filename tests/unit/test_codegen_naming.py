"""Field and class names that codegen derives from Engine API keys."""

from __future__ import annotations

import pytest

from codegen.naming import field_name, pascal_case, snake_case

# Real keys from the Engine API specs (v1.25-v1.51) and the names docker-py users expect.
REAL_KEYS = [
    ("ID", "id"),
    ("Id", "id"),
    ("IPv4Address", "ipv4_address"),
    ("IPv6Address", "ipv6_address"),
    ("IPv6Gateway", "ipv6_gateway"),
    ("GlobalIPv6Address", "global_ipv6_address"),
    ("GlobalIPv6PrefixLen", "global_ipv6_prefix_len"),
    ("LinkLocalIPv6Address", "link_local_ipv6_address"),
    ("LinkLocalIPs", "link_local_ips"),
    ("EnableIPv6", "enable_ipv6"),
    ("IPAMConfig", "ipam_config"),
    ("IPPrefixLen", "ip_prefix_len"),
    ("IPAddress", "ip_address"),
    ("NanoCPUs", "nano_cpus"),
    ("NanoCpus", "nano_cpus"),
    ("CPUShares", "cpu_shares"),
    ("CpuShares", "cpu_shares"),
    ("CPUSet", "cpu_set"),
    ("NCPU", "ncpu"),
    ("OomKillDisable", "oom_kill_disable"),
    ("OOMKilled", "oom_killed"),
    ("OomScoreAdj", "oom_score_adj"),
    ("IOMaximumBandwidth", "io_maximum_bandwidth"),
    ("IOMaximumIOps", "io_maximum_iops"),
    ("BlkioDeviceReadIOps", "blkio_device_read_iops"),
    ("BlkioDeviceReadBps", "blkio_device_read_bps"),
    ("HTTPProxy", "http_proxy"),
    ("HTTPSProxy", "https_proxy"),
    ("NoProxy", "no_proxy"),
    ("KernelMemoryTCP", "kernel_memory_tcp"),
    ("CgroupnsMode", "cgroupns_mode"),
    ("UTSMode", "uts_mode"),
    ("ContainerIDFile", "container_id_file"),
    ("DeviceIDs", "device_ids"),
    ("ExternalCAs", "external_cas"),
    ("CACert", "ca_cert"),
    ("SigningCACert", "signing_ca_cert"),
    ("TLSInfo", "tls_info"),
    ("DNSNames", "dns_names"),
    ("CDISpecDirs", "cdi_spec_dirs"),
    ("InsecureRegistryCIDRs", "insecure_registry_cidrs"),
    ("SELinuxContext", "selinux_context"),
    ("RootFS", "rootfs"),
    ("ReadonlyRootfs", "readonly_rootfs"),
    ("OSType", "os_type"),
    ("OSVersion", "os_version"),
    ("MinAPIVersion", "min_api_version"),
    ("NEventsListener", "n_events_listener"),
    ("NGoroutines", "n_goroutines"),
    ("RW", "rw"),
    ("URLs", "urls"),
    ("VirtualIPs", "virtual_ips"),
    ("timeNano", "time_nano"),
    ("errorDetail", "error_detail"),
    ("os.version", "os_version"),
    ("os.features", "os_features"),
    ("io_service_bytes_recursive", "io_service_bytes_recursive"),
    ("serveraddress", "serveraddress"),
]


@pytest.mark.parametrize(("key", "expected"), REAL_KEYS)
def test_snake_case_of_real_keys(key: str, expected: str) -> None:
    assert snake_case(key) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        # DockerModel's dict-style API and BaseModel attributes keep their meaning
        ("Keys", "keys_"),
        ("Values", "values_"),
        ("Items", "items_"),
        ("Get", "get_"),
        ("json", "json_"),
        ("Schema", "schema_"),
        ("Copy", "copy_"),
        ("Fields", "fields_"),
        ("model_config", "model_config_"),
        ("ModelFields", "model_fields_"),
        # Python keywords
        ("Global", "global_"),
        ("from", "from_"),
        ("For", "for_"),
        # ordinary keys are untouched
        ("Type", "type"),
        ("Labels", "labels"),
    ],
)
def test_field_name_avoids_reserved_names(key: str, expected: str) -> None:
    assert field_name(key) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("Config", "Config"),
        ("rootfs", "Rootfs"),
        ("os.version", "OsVersion"),
        ("CAConfig", "CAConfig"),
    ],
)
def test_pascal_case(key: str, expected: str) -> None:
    assert pascal_case(key) == expected
