"""The settings page: honest keyring facts, and the idle-lock minutes saved to the user file."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from exam_client.services.bootstrap import build_services
from exam_client.services.context import AppServices, KeyringStatus
from exam_client.services.settings import Settings, load_settings
from exam_client.ui.settings_dialog import SettingsDialog
from exam_client.ui.tasks import TaskRunner


@pytest.fixture
def services(tmp_path: Path) -> Iterator[AppServices]:
    s = build_services(Settings(data_dir=tmp_path / "Dữ liệu", api_url="http://127.0.0.1:9"))
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def dialog(qtbot: QtBot, services: AppServices, tmp_path: Path) -> SettingsDialog:
    widget = SettingsDialog(services, TaskRunner(), config_path=tmp_path / "cfg" / "config.toml")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_shows_the_keyring_the_data_dir_and_the_api(
    dialog: SettingsDialog, services: AppServices
) -> None:
    assert dialog.keyring_value.text() == "InMemoryKeyring"  # the test suite's secure backend
    assert dialog.keyring_value.toolTip() == "tests.conftest.InMemoryKeyring"
    assert dialog.secure_value.text().startswith("An toàn")
    assert "kho khoá" in dialog.session_value.text()
    assert dialog.data_dir_value.text() == str(services.settings.data_dir)
    assert dialog.api_value.text() == "http://127.0.0.1:9"
    assert dialog.language_value.text() == "Tiếng Việt"
    assert dialog.lock_minutes.value() == 10
    assert dialog.lock_minutes.accessibleName()
    dialog.grab().save("/tmp/full3-settings.png")


def test_insecure_keyring_is_said_plainly(qtbot: QtBot, services: AppServices) -> None:
    services.keyring = KeyringStatus(
        "keyring.backends.fail.Keyring", "Keyring", False, False, "không tìm thấy kho khoá nào"
    )
    widget = SettingsDialog(services, TaskRunner())
    qtbot.addWidget(widget)
    assert widget.secure_value.text() == "Không an toàn — không tìm thấy kho khoá nào"
    assert "đăng nhập lại" in widget.session_value.text()
    widget.show()
    widget.grab().save("/tmp/full3-settings-insecure.png")


def test_saving_the_minutes_writes_the_user_file_and_applies_now(
    qtbot: QtBot, dialog: SettingsDialog, services: AppServices, tmp_path: Path
) -> None:
    config = tmp_path / "cfg" / "config.toml"
    config.parent.mkdir()
    config.write_text('# chosen by the school\nlanguage = "vi"\n', encoding="utf-8")
    dialog.lock_minutes.setValue(25)
    qtbot.keyClick(dialog.lock_minutes, Qt.Key.Key_Return)  # Enter saves (default button)

    qtbot.waitUntil(dialog.message.isVisible, timeout=5000)
    assert "25 phút" in dialog.message.text()
    text = config.read_text(encoding="utf-8")
    assert "# chosen by the school" in text  # nothing else in the file is lost
    assert tomllib.loads(text) == {"staff_lock_minutes": 25, "language": "vi"}
    assert load_settings(env={}, config_path=config).staff_lock_minutes == 25
    assert services.session_lock is not None and services.session_lock.idle_minutes == 25

    dialog.lock_minutes.setValue(7)  # a second save replaces the line, never duplicates it
    dialog.message.hide()
    dialog.save()
    qtbot.waitUntil(dialog.message.isVisible, timeout=5000)
    assert tomllib.loads(config.read_text(encoding="utf-8"))["staff_lock_minutes"] == 7


def test_a_file_the_settings_would_refuse_is_not_written(
    qtbot: QtBot, dialog: SettingsDialog, services: AppServices, tmp_path: Path
) -> None:
    config = tmp_path / "cfg" / "config.toml"
    config.parent.mkdir()
    broken = 'mode = "tram"\n'  # already invalid: saving must not make it the next start's problem
    config.write_text(broken, encoding="utf-8")
    dialog.lock_minutes.setValue(15)
    dialog.save()

    qtbot.waitUntil(dialog.message.isVisible, timeout=5000)
    assert dialog.message.text().startswith("Chưa lưu.")
    assert "'mode'" in dialog.message.text()
    assert config.read_text(encoding="utf-8") == broken
    assert not list(config.parent.glob("*.new"))
    assert services.session_lock is not None and services.session_lock.idle_minutes == 10
    assert dialog.lock_minutes.value() == 15  # what was typed stays, to fix and retry
