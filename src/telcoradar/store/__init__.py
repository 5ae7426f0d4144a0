"""The store: SQLAlchemy models, Alembic migrations and the repository functions.

SQLite by default, PostgreSQL (or any SQLAlchemy URL) by `TELCORADAR_DATABASE_URL`.
Open one with `open_store()`; run queries in `store.read()` and changes in
`store.write()` (one transaction), calling the functions of `store.sources`,
`store.snapshots`, `store.plans` and `store.facts`.
"""

from telcoradar.store.core import Store, open_store
from telcoradar.store.migrate import upgrade
from telcoradar.store.save import Saved, save_extraction

__all__ = ["Saved", "Store", "open_store", "save_extraction", "upgrade"]
