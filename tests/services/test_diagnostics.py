"""The diagnostics zip: the expected members, the shape of the store without its contents, no
secrets, and not one unmasked ID or seeded name — even from a log written before masking."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from exam_client.services.crash import write_crash_report
from exam_client.services.diagnostics import DiagnosticsService, default_file_name, safe_settings
from exam_client.services.settings import Settings
from exam_client.storage.citizens import CitizenCache
from exam_client.storage.engine import Store
from exam_client.storage.migrate import head_revision, open_and_migrate
from tests.conftest import PersonalDataDetector, known_full_names
from tests.storage.helpers import FIXTURE_CITIZENS, FIXTURE_KEY

OLD_LINE = '{"ts": "2026-01-01T00:00:00+00:00", "level": "INFO", "msg": "tra cứu %s"}\n'


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_and_migrate(tmp_path / "data" / "cache.db", FIXTURE_KEY)
    CitizenCache(opened).put_many([(c, datetime(2026, 3, 1, tzinfo=UTC)) for c in FIXTURE_CITIZENS])
    try:
        yield opened
    finally:
        opened.close()


def make_data_dir(data_dir: Path) -> None:
    """Logs as an old release might have left them (an unmasked ID), plus a crash report."""
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    cccd = FIXTURE_CITIZENS[0].cccd
    (logs / "exam-client.jsonl").write_text(OLD_LINE.replace("%s", cccd), encoding="utf-8")
    (logs / "exam-client.jsonl.1").write_text(OLD_LINE.replace("%s", "x"), encoding="utf-8")
    try:
        raise LookupError(f"không tìm thấy {cccd}")
    except LookupError as exc:
        write_crash_report(data_dir, type(exc), exc, exc.__traceback__, thread="MainThread")


def members(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name).decode("utf-8") for name in zf.namelist()}


def test_the_package_holds_what_the_it_desk_needs_and_no_personal_data(
    tmp_path: Path, store: Store
) -> None:
    data_dir = tmp_path / "data"
    make_data_dir(data_dir)
    settings = Settings(data_dir=data_dir, api_url="https://api.example.gov.vn", mode="kiosk")
    target = tmp_path / "out" / default_file_name()
    result = DiagnosticsService(settings, store).export(target, {"qt": "6.x-test"})
    assert result == target and target.is_file()
    assert not list(target.parent.glob("*.partial"))

    content = members(target)
    crash_names = [n for n in content if n.startswith("crashes/crash-")]
    assert set(content) == {
        "README.txt",
        "versions.json",
        "settings.json",
        "keyring.json",
        "store.json",
        "logs/exam-client.jsonl",
        "logs/exam-client.jsonl.1",
        *crash_names,
    }
    assert len(crash_names) == 1

    detector = PersonalDataDetector(known_full_names() + [c.full_name for c in FIXTURE_CITIZENS])
    for name, text in content.items():
        for line in text.splitlines():
            assert detector.find(line) is None, (name, detector.masked(line))
    assert "001******345" in content["logs/exam-client.jsonl"]  # re-masked on the way in
    assert "001******345" in content[crash_names[0]]

    versions = json.loads(content["versions.json"])
    assert {"app", "python", "os", "PySide6", "sqlcipher", "qt"} <= set(versions)
    assert versions["sqlcipher"].startswith("SQLCipher ")
    assert versions["qt"] == "6.x-test"

    facts = json.loads(content["store.json"])
    assert facts["schema_revision"] == head_revision()
    assert facts["row_counts"]["citizen_cache"] == len(FIXTURE_CITIZENS)
    assert set(facts) == {"open", "schema_revision", "row_counts"}  # counts only, no rows

    assert json.loads(content["keyring.json"])["backend"].endswith("InMemoryKeyring")
    shown = json.loads(content["settings.json"])
    assert (shown["mode"], shown["data_dir"]) == ("kiosk", str(data_dir))


def test_the_database_never_goes_in(tmp_path: Path, store: Store) -> None:
    target = DiagnosticsService(Settings(data_dir=tmp_path / "data"), store).export(
        tmp_path / "d.zip"
    )
    names = set(members(target))
    assert not any(name.endswith((".db", ".db-wal", ".salt")) for name in names)
    assert store.path.read_bytes()[:16] not in target.read_bytes()


def test_without_a_store_or_logs_the_package_still_says_what_it_can(tmp_path: Path) -> None:
    target = DiagnosticsService(Settings(data_dir=tmp_path / "empty")).export(tmp_path / "d.zip")
    content = members(target)
    assert set(content) == {
        "README.txt",
        "versions.json",
        "settings.json",
        "keyring.json",
        "store.json",
    }
    assert json.loads(content["store.json"])["open"] is False


def test_settings_leave_out_secrets_and_url_credentials(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, api_url="https://user:hunter2@api.example:8443/v1")
    shown = safe_settings(settings)
    assert shown["api_url"] == "https://api.example:8443/v1"
    assert "hunter2" not in json.dumps(shown)
    assert set(shown) >= {"api_url", "data_dir", "mode", "ca_bundle", "log_level"}


def test_a_failed_export_leaves_no_half_written_file(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(OSError):
        DiagnosticsService(Settings(data_dir=tmp_path)).export(blocker / "d.zip")
    assert not list(tmp_path.rglob("*.partial"))
