"""Every stored schema fixture (a file made by an earlier release) upgrades to head intact.

How to add fixtures: ``tests/storage/fixtures/README.md``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from exam_client.storage.citizens import CitizenCache
from exam_client.storage.engine import open_store
from exam_client.storage.migrate import (
    current_revision,
    head_revision,
    list_backups,
    open_and_migrate,
)
from tests.storage.helpers import (
    FIXTURE_CITIZENS,
    FIXTURE_FETCHED_AT,
    FIXTURE_KEY,
    fixture_files,
    make_schema_fixture,
)


def _upgrade_and_check(path: Path) -> None:
    with open_store(path, FIXTURE_KEY) as old:
        old_revision = current_revision(old)
    with open_and_migrate(path, FIXTURE_KEY) as store:
        assert current_revision(store) == head_revision()
        with store.session() as session:
            cache = CitizenCache(session)
            assert cache.count() == len(FIXTURE_CITIZENS)
            for record in FIXTURE_CITIZENS:
                cached = cache.get(record.cccd)
                assert cached is not None
                assert cached.citizen == record
                assert cached.fetched_at == FIXTURE_FETCHED_AT
    backups = list_backups(path)
    if old_revision == head_revision():
        assert backups == []
    else:
        assert [b.name.split(".bak-")[1].rsplit("-", 1)[0] for b in backups] == [old_revision]


_STORED = fixture_files()


@pytest.mark.parametrize(
    "fixture",
    [pytest.param(path, id=path.stem) for path in _STORED]
    or [pytest.param(None, marks=pytest.mark.skip(reason="no stored schema fixtures yet"))],
)
def test_stored_schema_fixture_upgrades_to_head(fixture: Path, tmp_path: Path) -> None:
    stored = fixture.read_bytes()
    working = tmp_path / fixture.name
    shutil.copyfile(fixture, working)
    _upgrade_and_check(working)
    assert fixture.read_bytes() == stored  # only the copy is upgraded, never the stored file


def test_fixture_helper_builds_a_database_that_opens(tmp_path: Path) -> None:
    path = tmp_path / "schema-head.db"
    assert make_schema_fixture(path) == head_revision()
    _upgrade_and_check(path)
