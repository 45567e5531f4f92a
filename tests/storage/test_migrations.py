"""Migrations: schema at head, backup first, refuse newer files, all-or-nothing upgrades."""

from __future__ import annotations

import shutil
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from exam_client.storage.citizens import CitizenCache
from exam_client.storage.engine import Store, open_store
from exam_client.storage.errors import DatabaseTooNew, MigrationFailed, NotADatabase
from exam_client.storage.migrate import (
    BACKUPS_KEPT,
    MIGRATIONS_DIR,
    backup_path,
    current_revision,
    head_revision,
    list_backups,
    migrate,
    open_and_migrate,
)
from exam_client.storage.schema import metadata
from tests.storage.helpers import citizen

HEAD = head_revision()  # the test-only revisions below are stacked on the real head

GOOD_0002 = '''
"""Test-only revision: add a column through a batch (table copy) operation."""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("citizen_cache") as batch:
        batch.add_column(sa.Column("school_note", sa.String(), nullable=True))
    op.execute("INSERT INTO meta (key, value) VALUES ('upgraded', 'yes')")


def downgrade() -> None:
    raise NotImplementedError
'''

BROKEN_0002 = '''
"""Test-only revision that fails half-way, after changing schema and data."""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("test_half_written", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("citizen_cache") as batch:
        batch.add_column(sa.Column("school_note", sa.String(), nullable=True))
    op.execute("INSERT INTO meta (key, value) VALUES ('half', 'written')")
    op.execute("DELETE FROM citizen_cache")
    raise RuntimeError("simulated failure in the middle of a migration")


def downgrade() -> None:
    raise NotImplementedError
'''


def scripts_with(tmp_path: Path, revision_source: str) -> Path:
    """A copy of the real migrations plus one extra revision file."""
    location = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, location, ignore=shutil.ignore_patterns("__pycache__"))
    (location / "versions" / "v9001_test.py").write_text(
        textwrap.dedent(revision_source).replace("{head}", HEAD), encoding="utf-8"
    )
    return location


def _put_sample(store: Store) -> None:
    with store.session(write=True) as session, session.begin():
        CitizenCache(session).put(citizen(), datetime.now(UTC))


def test_new_database_reaches_head_without_a_backup(db_path: Path, key: bytes) -> None:
    with open_store(db_path, key) as store:
        report = migrate(store)
        assert report.from_revision is None
        assert report.to_revision == head_revision() == HEAD
        assert report.backup is None
        assert report.changed
        assert current_revision(store) == HEAD
    assert list_backups(db_path) == []


def test_migrating_an_up_to_date_database_does_nothing(store: Store, db_path: Path) -> None:
    report = migrate(store)
    assert not report.changed
    assert report.backup is None
    assert list_backups(db_path) == []


def test_hand_written_migrations_match_the_table_definitions(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
        tables = set(inspect(conn).get_table_names())
    assert {"alembic_version", "meta", "citizen_cache", "registrations", "outbox"} <= tables


def test_pending_migration_backs_up_first(
    store: Store, db_path: Path, key: bytes, tmp_path: Path
) -> None:
    _put_sample(store)
    report = migrate(store, script_location=scripts_with(tmp_path, GOOD_0002))

    assert (report.from_revision, report.to_revision) == (HEAD, "9001")
    assert report.backup is not None
    assert report.backup.name.startswith(f"cache.db.bak-{HEAD}-")
    assert list_backups(db_path) == [report.backup]
    assert current_revision(store) == "9001"
    with store.engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("citizen_cache")}
        assert "school_note" in columns
        assert conn.exec_driver_sql("SELECT value FROM meta").scalar() == "yes"
    with store.session() as session:
        assert CitizenCache(session).count() == 1  # the table copy kept the rows

    # The backup is an encrypted copy at the old revision, opened with the same key.
    with open_store(report.backup, key) as backup:
        assert current_revision(backup) == HEAD
        with backup.session() as session:
            assert CitizenCache(session).get(citizen().cccd) is not None
        with backup.engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("citizen_cache")}
            assert "school_note" not in columns


def test_only_the_newest_backups_are_kept(store: Store, db_path: Path, tmp_path: Path) -> None:
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    old = [backup_path(store, HEAD, long_ago + timedelta(days=n)) for n in range(BACKUPS_KEPT)]
    for path in old:
        path.write_bytes(b"old backup")
    unrelated = db_path.with_name("cache.db.bak-notes.txt")
    unrelated.write_text("not a backup", encoding="utf-8")

    report = migrate(store, script_location=scripts_with(tmp_path, GOOD_0002))

    assert list_backups(db_path) == [*old[1:], report.backup]
    assert not old[0].exists()
    assert unrelated.exists()


def test_database_from_a_newer_app_is_refused_and_untouched(db_path: Path, key: bytes) -> None:
    with open_and_migrate(db_path, key) as store:
        _put_sample(store)
        with store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099_from_future'")
    before = db_path.read_bytes()
    files_before = sorted(p.name for p in db_path.parent.iterdir())

    with pytest.raises(DatabaseTooNew) as caught:
        open_and_migrate(db_path, key)

    error = caught.value
    assert (error.found_revision, error.supported) == ("0099_from_future", HEAD)
    assert "Update the app" in str(error)
    assert "cập nhật ứng dụng" in error.message_vi
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == files_before  # no backup, no WAL


def test_revision_prefix_is_not_mistaken_for_a_known_revision(db_path: Path, key: bytes) -> None:
    with open_and_migrate(db_path, key) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0'")
    with pytest.raises(DatabaseTooNew):
        open_and_migrate(db_path, key)


def test_failed_migration_leaves_nothing_half_written(
    store: Store, db_path: Path, key: bytes, tmp_path: Path
) -> None:
    _put_sample(store)
    with pytest.raises(MigrationFailed) as caught:
        migrate(store, script_location=scripts_with(tmp_path, BROKEN_0002))

    error = caught.value
    assert (error.from_revision, error.to_revision) == (HEAD, "9001")
    assert error.backup is not None
    assert error.backup.exists()
    assert str(error.backup) in str(error)
    assert isinstance(error.__cause__, RuntimeError)
    assert current_revision(store) == HEAD
    with store.engine.connect() as conn:
        inspector = inspect(conn)
        assert "test_half_written" not in inspector.get_table_names()
        assert "school_note" not in {c["name"] for c in inspector.get_columns("citizen_cache")}
        assert conn.exec_driver_sql("SELECT count(*) FROM meta").scalar() == 0
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # restored
    with store.session() as session:
        assert CitizenCache(session).count() == 1
    # And the store still works afterwards: the real head applies cleanly.
    assert not migrate(store).changed


def test_encrypted_file_with_foreign_tables_is_not_ours(db_path: Path, key: bytes) -> None:
    with open_store(db_path, key) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE wallet (id INTEGER PRIMARY KEY)")
    with pytest.raises(NotADatabase) as caught:
        open_and_migrate(db_path, key)
    assert "wallet" in caught.value.detail


def test_head_read_from_the_files_matches_alembic() -> None:
    from exam_client.storage.migrate import head_from_files, head_revision

    assert head_from_files() == head_revision()
