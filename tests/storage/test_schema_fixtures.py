"""Every stored schema fixture (a file made by an earlier release) upgrades to head intact.

How to add fixtures: ``tests/storage/fixtures/README.md``.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from exam_client.storage.citizens import CitizenCache
from exam_client.storage.engine import open_store
from exam_client.storage.migrate import (
    MIGRATIONS_DIR,
    current_revision,
    head_revision,
    list_backups,
    open_and_migrate,
)
from exam_client.storage.passphrase import ScryptParams
from exam_client.storage.staff_credentials import StaffCredentials
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
        # The newest tables work on the upgraded file (0003: offline unlock hashes).
        with store.session(write=True) as session, session.begin():
            StaffCredentials(session).record(
                "canbo", "mật khẩu", datetime.now(UTC), ScryptParams(n=2**10)
            )
        with store.session() as session:
            assert StaffCredentials(session).verify("canbo", "mật khẩu") is True
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


def _revisions_in_files() -> set[str]:
    pattern = re.compile(r'^revision(?::[^=]*)?=\s*"([^"]+)"', re.MULTILINE)
    found = set()
    for path in (MIGRATIONS_DIR / "versions").glob("v*.py"):
        match = pattern.search(path.read_text(encoding="utf-8"))
        assert match, f"{path.name} names no revision"
        found.add(match[1])
    return found


def test_every_earlier_schema_has_a_stored_fixture() -> None:
    """Adding a migration without freezing the schema it retires fails here (see README)."""
    earlier = _revisions_in_files() - {head_revision()}
    stored = {path.stem.removeprefix("schema-") for path in _STORED}
    assert earlier, "expected at least one revision before head"
    missing = sorted(earlier - stored)
    assert not missing, (
        f"no stored fixture for revision(s) {missing}: "
        "run `python -m tests.storage.make_fixture` before adding the next migration"
    )


def test_fixture_helper_builds_a_database_that_opens(tmp_path: Path) -> None:
    path = tmp_path / "schema-head.db"
    assert make_schema_fixture(path) == head_revision()
    _upgrade_and_check(path)
