"""The one test kit: a database per backend per xdist worker, migrated once and emptied between
tests (`database.py`), the trusts tests run against (`trusts.py`) and a ward spoken to as its
people on a clock that moves only when told (`ward.py`).

The fixtures (`fixtures.py`, loaded by `tests/conftest.py`): `database_url` (also `kit_url`) and
`db` (an empty database: the worker's shared one, or the test's own when it is marked
`own_database("why")`) and `wards` (opens a ward on the small or the demo trust)."""
