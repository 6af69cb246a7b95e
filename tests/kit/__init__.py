"""The one test kit: a database per backend per xdist worker whose schema is created once from
the models and emptied between tests (`database.py`), the trusts tests run against (`trusts.py`)
and a ward spoken to as its people on a clock that moves only when told (`ward.py`).

The fixtures are registered in `tests/conftest.py`: `kit_url` (an empty database), `wards` (opens
a ward on the small or the demo trust)."""
