"""Read-only statistics over the database: stats, export, report, blame, doctor, survival,
history views. Nothing here writes; every command opens the database read-only (``query``)."""
