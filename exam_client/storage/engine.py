"""The encrypted SQLite file: SQLAlchemy 2.x on SQLCipher (``sqlcipher3``).

How the key gets in — checked against SQLAlchemy 2.1 and SQLCipher 4.19:

- The ``sqlite+pysqlcipher`` dialect always runs ``PRAGMA key=<URL password>`` on connect, and
  with no password in the URL that is ``PRAGMA key=""``, which SQLCipher 4.19 rejects. Putting
  the key into the URL would work but spreads it into URL objects.
- So the engine uses the plain ``sqlite+pysqlite`` dialect with ``module=sqlcipher3.dbapi2``
  (so SQLAlchemy wraps SQLCipher's exceptions) and a ``creator`` that returns a connection that
  is already keyed (``PRAGMA key = "x'…'"``, a raw 256-bit key: no PBKDF2 per connection) and set
  up. The key is therefore the first statement on every connection, before SQLAlchemy's own
  first-connect checks.

Transactions: ``sqlite3``-style drivers do not emit BEGIN before DDL or SELECT (legacy
transaction control), which would make migrations non-atomic. Connections are opened with
``isolation_level=None`` and SQLAlchemy's ``begin`` event emits ``BEGIN`` itself, so every
Session / ``engine.begin()`` block — DDL included — is one real SQLite transaction.

Threads: the engine and :class:`Store` are shared by all threads; **each thread uses its own
Session** (``store.session()``), never one Session across threads. Connections come from a
``QueuePool`` and may be used by different threads one after another (``check_same_thread`` is
off for that reason, the pool guarantees one user at a time). WAL mode lets the GUI thread read
while the sync thread writes. Use ``store.session(write=True)`` for a unit of work that writes:
it starts with ``BEGIN IMMEDIATE``, so two writers queue on ``busy_timeout`` instead of one of
them failing with "database is locked" when a read transaction tries to become a write.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import URL, Connection, Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from exam_client.storage.errors import NotADatabase, StoreError, StoreUnavailable

KEY_BYTES = 32
BUSY_TIMEOUT_MS = 5000
# Execution option read by the "begin" hook: "DEFERRED" (default) or "IMMEDIATE".
BEGIN_MODE_OPTION = "exam_client_begin"
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


def connect_raw(path: Path, key: bytes) -> Any:
    """A keyed, configured DBAPI (``sqlcipher3``) connection to ``path``.

    Used as the pool's creator and for backups. PRAGMAs, in this order:
    ``key`` first (nothing may read the file before it), then ``foreign_keys=ON``,
    ``busy_timeout`` and ``journal_mode=WAL`` (persistent in the file; cheap to repeat).
    ``synchronous`` stays at SQLite's default FULL: a kiosk may lose power, and an outbox entry
    acknowledged on screen must survive that.

    Raises :class:`NotADatabase` when SQLCipher cannot read the file with ``key``.
    """
    if len(key) != KEY_BYTES:
        raise ValueError(f"a database key has {KEY_BYTES} bytes, got {len(key)}")
    try:
        conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    except sqlcipher.Error as error:
        raise StoreUnavailable(path, str(error)) from error
    try:
        # SQLCipher logs decryption failures to stderr itself; we report them as typed errors.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
    except sqlcipher.Error as error:
        conn.close()
        raise _translate_open_error(path, error) from error
    return conn


def _translate_open_error(path: Path, error: BaseException) -> StoreError:
    code = getattr(error, "sqlite_errorcode", None)
    if code in (_SQLITE_NOTADB, _SQLITE_CORRUPT) or "not a database" in str(error):
        return NotADatabase(path, str(error))
    return StoreUnavailable(path, str(error))


class Store:
    """One open encrypted database: its engine, a Session factory and the file path.

    Create with :func:`open_store` (or :func:`exam_client.storage.migrate.open_and_migrate`).
    Shared by every thread; each thread makes its own Session with :meth:`session`.
    """

    def __init__(self, path: Path, engine: Engine, key: bytes) -> None:
        self.path = path
        self.engine = engine
        self._key = key
        self._write_engine = engine.execution_options(**{BEGIN_MODE_OPTION: "IMMEDIATE"})
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    def session(self, *, write: bool = False) -> Session:
        """A new Session for the calling thread only (close it when done: use ``with``).

        ``expire_on_commit=False`` so objects can be handed to the GUI thread after commit
        without triggering lazy loads there. ``write=True`` starts the transaction with
        ``BEGIN IMMEDIATE`` (take the write lock up front, wait up to ``busy_timeout``).
        """
        if write:
            return self._sessions(bind=self._write_engine)
        return self._sessions()

    def backup_to(self, target: Path) -> None:
        """Copy the database with SQLite's online backup API into a new file, same key.

        The copy is a consistent snapshot even while other threads write (WAL). It is written
        to ``<target>.partial`` and renamed, so a failed backup never looks like a good one.
        Runs on the calling thread and blocks it for the copy (milliseconds for a cache).
        """
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        try:
            destination = connect_raw(partial, self._key)
            try:
                with self.engine.connect() as conn:
                    source = conn.connection.driver_connection
                    assert source is not None
                    source.backup(destination)
            finally:
                destination.close()
            os.replace(partial, target)
        finally:
            for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
                leftover.unlink(missing_ok=True)

    def close(self) -> None:
        """Close every pooled connection (the last close checkpoints and removes the WAL).

        Sessions still open in other threads keep their connection until they close.
        """
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"


def _emit_begin(conn: Connection) -> None:
    """Emit BEGIN ourselves (see module docstring); IMMEDIATE for write sessions."""
    mode = conn.get_execution_options().get(BEGIN_MODE_OPTION, "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def open_store(path: Path, key: bytes) -> Store:
    """Open (or create) the encrypted database at ``path`` with the 32-byte ``key``.

    The key is verified at once by reading ``sqlite_master``: a wrong key, a damaged file, a
    plain SQLite file or any other file raises :class:`NotADatabase` here, not at the first
    query of some later screen. The parent folder is created if missing. No schema is created;
    run :func:`exam_client.storage.migrate.migrate` next (or use ``open_and_migrate``).

    Call from a background task: opening checks the key and may wait on ``busy_timeout``.
    """
    path = Path(path).absolute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreUnavailable(path, str(error)) from error

    def creator() -> Any:
        return connect_raw(path, key)

    engine = create_engine(
        URL.create("sqlite+pysqlite", database=str(path)),
        module=sqlcipher,
        creator=creator,
        poolclass=QueuePool,
        pool_size=5,
        max_overflow=10,
    )
    event.listen(engine, "begin", _emit_begin)
    store = Store(path, engine, key)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
    except StoreError:
        store.close()
        raise
    except exc.DBAPIError as error:
        store.close()
        raise _translate_open_error(path, error.orig or error) from error
    except BaseException:
        with contextlib.suppress(Exception):
            store.close()
        raise
    return store
