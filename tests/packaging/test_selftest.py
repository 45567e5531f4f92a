"""``exam-client --self-test``: the checks a frozen build runs on itself."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from pytestqt.qtbot import QtBot

from exam_client import selftest
from tests.conftest import InMemoryKeyring

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ("store", "keyring", "translations", "ui")


def run(qtbot: QtBot) -> tuple[int, list[str]]:
    del qtbot  # asks pytest-qt for its QApplication, so the self-test reuses it
    out = io.StringIO()
    code = selftest.run_self_test(out)
    return code, out.getvalue().splitlines()


def check_line(lines: list[str], name: str) -> str:
    found = [line for line in lines if line.split(" ", 1)[-1].lstrip().startswith(f"{name}:")]
    assert len(found) == 1, lines
    return found[0]


def test_a_healthy_install_passes_every_check(
    qtbot: QtBot, memory_keyring: InMemoryKeyring
) -> None:
    code, lines = run(qtbot)

    assert code == 0, "\n".join(lines)
    for name in CHECKS:
        assert check_line(lines, name).startswith("ok "), lines
    assert lines[-1].startswith("self-test passed (4 checks)")
    assert "migrated to" in check_line(lines, "store")
    assert "main window rendered" in check_line(lines, "ui")
    # The throw-away entry is gone, and the UI check never made a database key in the keyring.
    assert memory_keyring.entries == {}


def test_the_report_names_every_version_a_bug_report_needs(qtbot: QtBot) -> None:
    _, lines = run(qtbot)

    header = "\n".join(lines[:10])
    for label in ("app", "python", "qt", "sqlcipher", "sqlalchemy", "keyring", "platform"):
        assert f"  {label} " in header
    assert "SQLCipher 4." in header
    assert "unavailable" not in header


def test_the_english_catalogue_is_shipped_and_loads(qtbot: QtBot) -> None:
    _, lines = run(qtbot)
    assert check_line(lines, "translations") == "ok      translations: 1 loaded (exam_client_en)"


def test_no_secure_keyring_is_a_warning_not_a_failure(qtbot: QtBot) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]

    code, lines = run(qtbot)

    assert code == 0
    line = check_line(lines, "keyring")
    assert line.startswith("WARNING keyring: no secure keyring")
    assert "self-test passed (4 checks, 1 warning(s))" in lines[-1]


def test_a_failing_check_fails_the_self_test_with_its_reason(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(folder: Path) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(selftest, "check_store", broken)

    code, lines = run(qtbot)

    assert code == 1
    assert check_line(lines, "store") == "FAIL    store: OSError: disk full"
    assert lines[-1].startswith("self-test FAILED (store)")


def test_a_blank_window_is_a_failure(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "_colour_count", lambda image: 1)

    code, lines = run(qtbot)

    assert code == 1
    assert "blank" in check_line(lines, "ui")


def test_without_a_console_the_report_goes_to_the_named_file(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    screenshot = tmp_path / "window.png"
    monkeypatch.setenv(selftest.REPORT_ENV, str(report))
    monkeypatch.setenv(selftest.SCREENSHOT_ENV, str(screenshot))
    monkeypatch.setattr(sys, "stdout", None)  # the windowed Windows build

    assert selftest.run_self_test() == 0

    assert "self-test passed" in report.read_text(encoding="utf-8")
    assert screenshot.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("env", "system", "expected"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", False),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_offscreen_only_where_qt_would_otherwise_abort(
    env: dict[str, str], system: str, expected: bool
) -> None:
    assert selftest._needs_offscreen(env, system) is expected


def test_the_command_line_flag_runs_it_in_a_fresh_process(tmp_path: Path) -> None:
    """What the frozen build runs: ``exam-client --self-test``, headless, its own QApplication."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXAM_CLIENT_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        # Never the machine's real keyring from a test: the fail backend (→ WARNING line).
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        TMPDIR=str(tmp_path),
    )
    done = subprocess.run(
        [sys.executable, "-m", "exam_client", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("store", "translations", "ui"):
        assert check_line(lines, name).startswith("ok "), lines
    assert check_line(lines, "keyring").startswith("WARNING ")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith("exam-client-self-test")]
    assert leftovers == []  # its temporary folder is cleaned up


def test_a_translation_that_does_not_load_is_a_failure(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "exam_client_vi.qm").write_bytes(b"not a Qt catalogue")
    monkeypatch.setenv("EXAM_CLIENT_RESOURCES", str(tmp_path))

    code, lines = run(qtbot)

    assert code == 1
    line = check_line(lines, "translations")
    assert line.startswith("FAIL    translations: cannot load exam_client_vi.qm")
