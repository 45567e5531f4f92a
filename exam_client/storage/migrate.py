"""Bring a store's schema up to date: refuse what is too new, back up, upgrade in one transaction.

Order of events in :func:`migrate`, and why:

1. Read the file's revision. A revision this code does not know was written by a newer app:
   raise :class:`DatabaseTooNew` and touch nothing (a downgrade could drop data the newer app
   wrote).
2. An existing database with a pending upgrade is first copied with the SQLite backup API into
   ``<db>.bak-<revision>-<UTC timestamp>`` (encrypted, same key); the newest
   :data:`BACKUPS_KEPT` copies are kept.
3. All pending revisions run inside **one** transaction (``BEGIN IMMEDIATE``; SQLite DDL is
   transactional, see :mod:`exam_client.storage.engine`), with foreign keys off during the
   table copies SQLite needs for ALTERs and a ``foreign_key_check`` before commit. A failure
   rolls everything back and raises :class:`MigrationFailed`.

Threads: run at start-up on a background task, before any other thread uses the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect

from exam_client.storage.baseline import create_from_baseline
from exam_client.storage.engine import BEGIN_MODE_OPTION, Store, open_store
from exam_client.storage.errors import (
    DatabaseTooNew,
    MigrationFailed,
    NotADatabase,
    StoreError,
)

if TYPE_CHECKING:  # Alembic costs ~150 ms to import: only loaded when a migration is due
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BACKUPS_KEPT = 3
_STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_BACKUP_NAME = re.compile(r"\.bak-(?P<revision>[^/\\]+)-(?P<stamp>\d{8}T\d{12}Z)$")


@dataclass(frozen=True, slots=True)
class MigrationReport:
    """What :func:`migrate` did, for the log ("upgraded 0001 → 0002, backup at …")."""

    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


_REVISION = re.compile(r'^revision(?::[^=]*)?=\s*"([^"]+)"', re.MULTILINE)
_DOWN_REVISION = re.compile(r'^down_revision(?::[^=]*)?=\s*"([^"]+)"', re.MULTILINE)


def head_from_files(script_location: Path | None = None) -> str | None:
    """The head revision read from the revision files' text, without importing Alembic.

    ``None`` when the files do not show exactly one head (then the caller asks Alembic).
    A test keeps this equal to :func:`head_revision`.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in ((script_location or MIGRATIONS_DIR) / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revisions.update(_REVISION.findall(text))
        parents.update(_DOWN_REVISION.findall(text))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stamped_revision(store: Store) -> str | None:
    """The file's revision by plain SQL (no Alembic); ``None`` if not stamped."""
    with store.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    return str(rows[0][0]) if len(rows) == 1 else None


def _config(script_location: Path) -> Config:
    from alembic.config import Config

    config = Config()
    # configparser interpolation: a literal % in a folder name must be doubled.
    config.set_main_option("script_location", str(script_location).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    return config


def _scripts(script_location: Path | None) -> tuple[Config, ScriptDirectory]:
    from alembic.script import ScriptDirectory

    config = _config(script_location or MIGRATIONS_DIR)
    return config, ScriptDirectory.from_config(config)


def head_revision(script_location: Path | None = None) -> str:
    """The newest schema revision this code knows."""
    head = _scripts(script_location)[1].get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(store: Store) -> str | None:
    """The revision stamped in the file (``None`` for a new, empty database)."""
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_path(store: Store, revision: str, now: datetime | None = None) -> Path:
    """Where the pre-migration copy of ``store`` at ``revision`` goes."""
    stamp = (now or datetime.now(UTC)).strftime(_STAMP_FORMAT)
    return store.path.with_name(f"{store.path.name}.bak-{revision}-{stamp}")


def list_backups(db_path: Path) -> list[Path]:
    """Pre-migration copies of ``db_path``, oldest first."""
    found: list[tuple[str, Path]] = []
    for candidate in db_path.parent.glob(f"{_glob_escape(db_path.name)}.bak-*"):
        match = _BACKUP_NAME.search(candidate.name)
        if match and candidate.name.startswith(db_path.name + ".bak-"):
            found.append((match["stamp"], candidate))
    return [path for _, path in sorted(found)]


def _glob_escape(name: str) -> str:
    """Escape glob metacharacters in a file name (``[`` in a folder name is legal)."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def _backup(store: Store, revision: str) -> Path:
    target = backup_path(store, revision)
    store.backup_to(target)
    for old in list_backups(store.path)[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return target


def migrate(
    store: Store, *, target: str = "head", script_location: Path | None = None
) -> MigrationReport:
    """Upgrade ``store`` to ``target`` (default: the newest revision); see the module docstring.

    ``target`` and ``script_location`` exist for tests and for freezing schema fixtures
    (``tests/storage/fixtures/``); the app always calls ``migrate(store)``.

    Raises :class:`DatabaseTooNew` (file untouched), :class:`NotADatabase` (readable with our key
    but holding tables without a schema revision: not made by exam-client), or
    :class:`MigrationFailed` (rolled back; the backup, if any, is named in it).
    """
    from alembic.runtime.migration import MigrationContext

    config, scripts = _scripts(script_location)
    head = scripts.get_current_head()
    assert head is not None, "no migrations found"
    wanted = head if target == "head" else target
    known = {script.revision for script in scripts.walk_revisions()}

    with store.engine.connect() as conn:
        found = MigrationContext.configure(conn).get_current_revision()
        tables = set(inspect(conn).get_table_names()) - {"alembic_version"}
    # Exact membership, not scripts.get_revision(): Alembic resolves id *prefixes* too.
    if found is not None and found not in known:
        raise DatabaseTooNew(found, head)
    if found is None and tables:
        raise NotADatabase(store.path, f"tables without a schema revision: {sorted(tables)}")
    if found == wanted:
        return MigrationReport(found, wanted, None)

    backup = _backup(store, found) if found is not None else None
    try:
        _upgrade(store, config, wanted)
    except StoreError:
        raise
    except Exception as error:
        raise MigrationFailed(found, wanted, backup) from error
    return MigrationReport(found, wanted, backup)


def _upgrade(store: Store, config: Config, target: str) -> None:
    from alembic import command

    with store.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        # Outside any transaction, or SQLite ignores it. Table copies (batch ALTERs) would
        # otherwise trip foreign keys half-way; the check below runs before the commit.
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            conn.execution_options(**{BEGIN_MODE_OPTION: "IMMEDIATE"})
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, target)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"foreign keys broken by the migration: {broken[:5]}")
        finally:
            config.attributes.pop("connection", None)
            raw.execute("PRAGMA foreign_keys = ON")


def open_and_migrate(path: Path, key: bytes) -> Store:
    """Open the encrypted store at ``path`` and bring its schema to the newest revision.

    The composition root's one call at start-up (on a background task). On any error the store
    is closed again, so no file handle is left behind (Windows would keep the file locked).
    """
    store = open_store(path, key)
    try:
        head = head_from_files()
        stamped = _stamped_revision(store)
        at_head = head is not None and stamped == head  # the common start: nothing to do
        # A brand-new store gets the head schema from one script; anything else goes through
        # Alembic (upgrades, backups, refusing files from a newer app).
        fresh = head is not None and stamped is None and create_from_baseline(store, head)
        if not (at_head or fresh):
            migrate(store)
    except BaseException:
        store.close()
        raise
    return store
