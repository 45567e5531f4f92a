"""The one-script schema for new stores must equal what the migrations build."""

from __future__ import annotations

from pathlib import Path

from exam_client.storage.baseline import (
    BASELINE_PATH,
    baseline_revision,
    create_from_baseline,
    dump,
    schema_objects,
)
from exam_client.storage.engine import open_store
from exam_client.storage.migrate import (
    current_revision,
    head_from_files,
    head_revision,
    migrate,
    open_and_migrate,
)

REGENERATE = "python -m exam_client.storage.baseline"


def test_baseline_is_at_the_newest_migration() -> None:
    assert baseline_revision() == head_revision(), (
        f"a migration landed after baseline.sql was written: run `{REGENERATE}`"
    )


def test_new_store_from_the_baseline_has_exactly_the_migrated_schema(
    tmp_path: Path, key: bytes
) -> None:
    with open_store(tmp_path / "alembic.db", key) as by_alembic:
        migrate(by_alembic)
        expected = schema_objects(by_alembic)
    with open_store(tmp_path / "baseline.db", key) as by_script:
        assert create_from_baseline(by_script, head_revision())
        got = schema_objects(by_script)
        assert current_revision(by_script) == head_revision()
        assert not migrate(by_script).changed  # Alembic agrees it is at head
    assert got == expected, f"baseline.sql is stale: run `{REGENERATE}`"
    assert {name for kind, name, _ in got if kind == "trigger"} == {
        "audit_no_update",
        "audit_no_delete",
    }


def test_open_and_migrate_uses_the_baseline_for_a_new_file(tmp_path: Path, key: bytes) -> None:
    store = open_and_migrate(tmp_path / "new.db", key)
    try:
        assert current_revision(store) == head_from_files()
        assert dump(store, "x").count("CREATE TABLE") == BASELINE_PATH.read_text(
            encoding="utf-8"
        ).count("CREATE TABLE")
    finally:
        store.close()


def test_a_script_at_another_revision_is_not_used(tmp_path: Path, key: bytes) -> None:
    stale = tmp_path / "stale.sql"
    stale.write_text("-- revision: 0001\nCREATE TABLE x (a INTEGER);\n", encoding="utf-8")
    with open_store(tmp_path / "db.db", key) as store:
        assert not create_from_baseline(store, "0002", stale)
        assert schema_objects(store) == []
    missing = tmp_path / "missing.sql"
    assert baseline_revision(missing) is None


def test_a_non_empty_store_is_left_to_alembic(tmp_path: Path, key: bytes) -> None:
    with open_store(tmp_path / "db.db", key) as store:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE foreign_thing (a INTEGER)")
        assert not create_from_baseline(store, head_revision())
        assert [name for _, name, _ in schema_objects(store)] == ["foreign_thing"]
