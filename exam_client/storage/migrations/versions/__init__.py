"""Hand-written schema revisions, oldest first (``v0001_…``). Loaded by Alembic by path."""
