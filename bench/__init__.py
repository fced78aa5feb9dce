"""Benchmarks of the portal: a generated district on PostgreSQL, served by gunicorn, driven by
a bounded load client on loopback. Run with ``make bench`` (see bench/README.md)."""
