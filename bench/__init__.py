"""Duikou benchmarks: a synthetic programme at a named scale, and timed scenarios (see bench/README.md).

Run with ``python -m bench.run --scale small|national|both``; never collected by the test suite."""


class BenchError(RuntimeError):
    """A benchmark that cannot run or whose page misbehaves: reported in one line, exit status 1."""
