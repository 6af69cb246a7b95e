"""Scenarios shared by `tests/ops` (small) and `bench/` (large): kill a process mid fan-out or
mid request stream, install a trust on Teams, soak a month of huddles."""
