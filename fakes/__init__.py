"""The outside world on loopback, for tests and benchmarks alike: the Slack Web API, the Teams
Bot Connector, a cuttable TCP proxy and `huddlebot run` as a real process; `fakes.drills` holds
the fault and soak scenarios that `tests/ops` runs briefly and `bench/` at length.

Not shipped (setuptools packages only the product); imports neither `tests` nor `bench`."""
