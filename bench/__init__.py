"""Benchmarks (not tests): `make bench`, `make bench-quick`; see BENCHMARKS.md."""
