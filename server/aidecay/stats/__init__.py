"""Read-only statistics, export, report, blame, doctor and git-ai interop over the database.

Pure core: no LSP, no pygls. Every command opens the database read-only (``query``) except
the ones that record regions (``mark``, ``git-ai import``), which go through the tracker.
"""
