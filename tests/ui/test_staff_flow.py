"""Sign in, look up, malformed ID, offline — real widgets against the real mock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from exam_client.services.context import AppServices
from exam_client.ui.citizen_lookup import CitizenLookupPanel
from exam_client.ui.main_window import MainWindow
from exam_client.ui.shell import StaffShell
from tests.ministry import MockMinistry
from tests.ui.staff_support import sign_in, staff_services, staff_shell


@pytest.fixture
def services(ministry: MockMinistry, tmp_path: Path) -> Iterator[AppServices]:
    with staff_services(ministry, tmp_path, health_interval_s=0.2) as s:
        yield s


@pytest.fixture
def shell(qtbot: QtBot, services: AppServices) -> Iterator[StaffShell]:
    with staff_shell(services) as shell:
        yield shell


def open_lookup(window: MainWindow) -> CitizenLookupPanel:
    window.tabs.setCurrentWidget(window.lookup_panel)
    return window.lookup_panel


def test_sign_in_then_look_up_a_known_citizen(
    qtbot: QtBot, shell: StaffShell, ministry: MockMinistry
) -> None:
    sign_in(qtbot, shell, ministry.username, ministry.password)
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible(), timeout=10000)
    window = shell.window
    assert window is not None
    assert "THPT" in window.windowTitle()
    assert window.tabs.currentWidget() is window.candidates_panel  # the staff's home
    panel = open_lookup(window)
    cccd = ministry.citizen_ids(1)[0]
    qtbot.keyClicks(panel.id_input, cccd)
    qtbot.keyClick(panel.id_input, Qt.Key.Key_Return)
    qtbot.waitUntil(panel.card.isVisible, timeout=10000)
    assert panel.name_value.text() == ministry.citizen_name(cccd)
    dob = panel.values["date_of_birth"].text()
    assert len(dob) == 10 and dob[2] == "/" and dob[5] == "/"  # dd/mm/yyyy
    assert "Cơ sở dữ liệu quốc gia về dân cư" in panel.source_label.text()


def test_wrong_password_says_so_and_keeps_the_dialog(
    qtbot: QtBot, shell: StaffShell, ministry: MockMinistry
) -> None:
    sign_in(qtbot, shell, ministry.username, "sai-mat-khau")
    dialog = shell.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.error.isVisible, timeout=10000)
    assert "mật khẩu không đúng" in dialog.error.text()
    assert shell.window is None
    assert dialog.username.text() == ministry.username  # nothing typed is lost


def test_demo_account_button_fills_the_form(qtbot: QtBot, shell: StaffShell) -> None:
    dialog = shell.dialog
    assert dialog is not None
    dialog._fill_demo()
    assert dialog.username.text() and dialog.password.text()


def test_malformed_id_shows_inline_error_and_sends_nothing(
    qtbot: QtBot, shell: StaffShell, ministry: MockMinistry
) -> None:
    sign_in(qtbot, shell, ministry.username, ministry.password)
    qtbot.waitUntil(lambda: shell.window is not None, timeout=10000)
    assert shell.window is not None
    panel = open_lookup(shell.window)
    audited = ministry.audit_count()
    qtbot.keyClicks(panel.id_input, "12345")
    assert not panel.error_label.isVisible()  # still typing: nothing certain yet
    qtbot.keyClick(panel.id_input, Qt.Key.Key_Return)
    assert panel.error_label.isVisible()
    assert "12 chữ số" in panel.error_label.text()
    panel.id_input.clear()
    qtbot.keyClicks(panel.id_input, "003208012345")  # complete, but no such province code
    assert panel.error_label.isVisible()
    assert "mã tỉnh" in panel.error_label.text()
    qtbot.keyClicks(panel.id_input, "letters")  # the validator refuses letters
    assert panel.id_input.text() == "003208012345"
    assert panel.requests_sent == 0
    assert not panel.card.isVisible()
    assert ministry.audit_count() == audited


def test_server_stops_and_the_cached_answer_is_marked_offline(
    qtbot: QtBot, shell: StaffShell, ministry: MockMinistry
) -> None:
    sign_in(qtbot, shell, ministry.username, ministry.password)
    qtbot.waitUntil(lambda: shell.window is not None, timeout=10000)
    window = shell.window
    assert window is not None
    panel = open_lookup(window)
    cached, uncached = ministry.citizen_ids(2)
    qtbot.keyClicks(panel.id_input, cached)
    panel.lookup()
    qtbot.waitUntil(panel.card.isVisible, timeout=10000)
    name = panel.name_value.text()

    ministry.stop()
    qtbot.waitUntil(lambda: "Ngoại tuyến" in window.status.connection_label.text(), timeout=10000)
    panel.id_input.clear()
    qtbot.keyClicks(panel.id_input, cached)
    panel.lookup()
    qtbot.waitUntil(lambda: "ngoại tuyến" in panel.source_label.text(), timeout=10000)
    assert panel.name_value.text() == name

    panel.id_input.clear()
    qtbot.keyClicks(panel.id_input, uncached)
    panel.lookup()
    qtbot.waitUntil(panel.error_label.isVisible, timeout=10000)
    assert "chưa lưu" in panel.error_label.text()
    assert not panel.card.isVisible()


def test_main_window_sections_actions_and_editor_hook(
    qtbot: QtBot, shell: StaffShell, ministry: MockMinistry
) -> None:
    sign_in(qtbot, shell, ministry.username, ministry.password)
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible(), timeout=10000)
    window = shell.window
    assert window is not None
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[:3] == ["Thí sinh", "Tra cứu công dân", "Duyệt hồ sơ"]
    shortcuts = {
        a.text().split(" (")[0].replace("&", ""): a.shortcut().toString()
        for a in window.file_menu.actions() + window.candidates_menu.actions()
        if a.text()
    }
    assert shortcuts["Nhập từ tệp…"] == "Ctrl+I"
    assert shortcuts["Xuất danh sách .xlsx…"] == "Ctrl+E"
    assert shortcuts["In phiếu đăng ký"] == "Ctrl+P"
    assert "Tải mẫu nhập liệu…" in shortcuts and "In danh sách lớp" in shortcuts
    assert "Tra cứu hàng loạt…" in shortcuts
    qtbot.waitUntil(lambda: window.candidates_panel.count.text() == "0 thí sinh", timeout=10000)

    window.print_class_action.trigger()  # no class chosen: says what to do, writes nothing
    assert window.actions_.message is not None
    assert "Hãy chọn một lớp" in window.actions_.message.text()
    window.actions_.message.close()

    template = shell.boot.services.settings.data_dir / "mau.xlsx"  # type: ignore[union-attr]
    window.actions_.choose_path = lambda *_: template
    window.template_action.trigger()
    qtbot.waitUntil(lambda: window.actions_.last_path == template, timeout=10000)
    assert template.stat().st_size > 0
    assert "Mở thư mục" in [b.text() for b in window.actions_.message.buttons()]  # type: ignore[union-attr]

    editor = window.open_editor(None)  # the hook: a new registration in the editor
    assert editor is not None and editor is window.editor and editor.isVisible()
    editor.close()
