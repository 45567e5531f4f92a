"""Alembic scripts of the local store (``env.py`` and ``versions/``), run by
:mod:`exam_client.storage.migrate` — never imported directly, no ``alembic.ini`` needed.

Adding a revision: copy the newest file in ``versions/``, give it the next number
(``revision = "0002"``, ``down_revision = "0001"``) and write explicit ``op.*`` calls by hand;
use ``with op.batch_alter_table(...)`` for any change SQLite cannot ALTER in place. Update
``exam_client/storage/schema.py`` to match (a test compares them) and, **before** adding the new
file, freeze a fixture of the current head (``tests/storage/fixtures/README.md``).

Packaging: Alembic loads these files from disk by path, so a frozen build (PyInstaller) must
ship ``env.py`` and ``versions/*.py`` as data files next to the package, not only inside the PYZ.
"""
