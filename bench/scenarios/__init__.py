"""Benchmark scenarios, one module per Rathaus module; each registers with @scenario."""
