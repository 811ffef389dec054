"""The database: one SQLite file (sqlite-utils, WAL), its migrations, batched writes, reads.

Below everything but ``core``: it knows regions and edits as data, nothing of the LSP, the
analysis or git.
"""

from aidecay.store.database import Event, Store, StoreError

__all__ = ["Event", "Store", "StoreError"]
