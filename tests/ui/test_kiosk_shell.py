"""The kiosk shell against the real mock: full screen, keypad, sign-in errors, languages,
keyboard-only flow, first-sign-in password change, VNeID placeholder, screenshots.

Shared fixtures (``kiosk``, ``make_kiosk``, ``candidate``) are imported by test_kiosk_wipe.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from exam_client.services.boot import Boot
from exam_client.services.bootstrap import build_services
from exam_client.services.candidate_session import CandidateSessionService
from exam_client.services.context import AppServices
from exam_client.services.settings import Settings
from exam_client.ui import i18n
from exam_client.ui.kiosk.home import HomePage
from exam_client.ui.kiosk.registration import RegistrationPage
from exam_client.ui.kiosk.shell import KioskShell
from exam_client.ui.kiosk.sign_in import KioskSignIn
from exam_client.ui.tasks import TaskRunner
from ministry_mock.app import seed_report
from ministry_mock.demo_accounts import DEMO_CANDIDATE_PASS
from tests.ministry import MockMinistry

KIOSK_DIR = Path(__file__).parents[2] / "exam_client" / "ui" / "kiosk"


@dataclass(frozen=True)
class Candidate:
    cccd: str
    password: str
    name: str


@pytest.fixture
def services(ministry: MockMinistry, tmp_path: Path) -> Iterator[AppServices]:
    s = build_services(
        Settings(data_dir=tmp_path / "client", api_url=ministry.base_url, mode="kiosk")
    )
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def candidate(ministry: MockMinistry) -> Candidate:
    cccd = seed_report(ministry.app).demo_candidate_username
    assert cccd is not None
    return Candidate(cccd, DEMO_CANDIDATE_PASS, ministry.citizen_name(cccd))


@pytest.fixture
def make_kiosk(qtbot: QtBot, services: AppServices) -> Iterator[Callable[..., KioskShell]]:
    made: list[tuple[KioskShell, TaskRunner]] = []

    def make(**kw: int) -> KioskShell:
        runner = TaskRunner()
        shell = KioskShell(Boot.ready(services), runner, **kw)
        shell.resize(1280, 800)
        shell.show()
        qtbot.waitExposed(shell)
        shell.activateWindow()
        made.append((shell, runner))
        return shell

    try:
        yield make
    finally:
        for shell, runner in made:
            shell.close()
            runner.wait_idle(5000)
        i18n.set_language("vi")


@pytest.fixture
def kiosk(make_kiosk: Callable[..., KioskShell]) -> KioskShell:
    return make_kiosk()


def open_sign_in(qtbot: QtBot, shell: KioskShell) -> KioskSignIn:
    qtbot.mouseClick(shell.welcome.start_button, Qt.MouseButton.LeftButton)
    assert shell.sign_in is not None
    assert shell.current_screen is shell.sign_in
    return shell.sign_in


def sign_in(qtbot: QtBot, shell: KioskShell, cccd: str, password: str) -> KioskSignIn:
    form = open_sign_in(qtbot, shell)
    for digit in cccd:
        qtbot.mouseClick(form.keypad.digit_buttons[digit], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.password, password)
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    return form


def sign_in_ok(qtbot: QtBot, shell: KioskShell, who: Candidate) -> HomePage:
    sign_in(qtbot, shell, who.cccd, who.password)
    qtbot.waitUntil(lambda: shell.frame is not None and shell.current_screen is shell.frame)
    assert shell.frame is not None
    page = shell.frame.page
    assert isinstance(page, HomePage)
    return page


def wait_error(qtbot: QtBot, form: KioskSignIn) -> str:
    qtbot.waitUntil(lambda: form.error.isVisible() and form.task is None, timeout=15_000)
    return form.error.text()


# -- window ------------------------------------------------------------------------------------
def test_full_screen_without_window_controls(kiosk: KioskShell, qtbot: QtBot) -> None:
    assert kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint
    kiosk.start()
    qtbot.waitUntil(lambda: bool(kiosk.windowState() & Qt.WindowState.WindowFullScreen))
    assert kiosk.current_screen is kiosk.welcome
    assert not kiosk.end_button.isVisible()  # nothing to end yet
    assert kiosk.vi_button.isVisible() and kiosk.en_button.isVisible()
    assert kiosk.vi_button.isChecked()


def test_touch_anywhere_on_welcome_starts(kiosk: KioskShell, qtbot: QtBot) -> None:
    qtbot.mouseClick(kiosk.welcome, Qt.MouseButton.LeftButton)
    assert kiosk.current_screen is kiosk.sign_in
    assert kiosk.end_button.isVisible()
    assert kiosk.idle.armed


# -- keypad and validation -------------------------------------------------------------------
def test_keypad_types_erases_and_validates(
    kiosk: KioskShell, qtbot: QtBot, candidate: Candidate
) -> None:
    form = open_sign_in(qtbot, kiosk)
    pad = form.keypad
    for digit in candidate.cccd[:5]:
        qtbot.mouseClick(pad.digit_buttons[digit], Qt.MouseButton.LeftButton)
    assert form.cccd.text() == candidate.cccd[:5]
    assert "7" in form.cccd_status.text()  # "Còn thiếu 7 chữ số."
    qtbot.mouseClick(pad.backspace_button, Qt.MouseButton.LeftButton)
    assert form.cccd.text() == candidate.cccd[:4]
    qtbot.mouseClick(pad.clear_button, Qt.MouseButton.LeftButton)
    assert form.cccd.text() == ""
    for digit in candidate.cccd + "99":  # the 13th and 14th digits are refused
        pad.press(digit)
    assert form.cccd.text() == candidate.cccd
    assert form.cccd_status.text().startswith("✓")
    assert form.cccd.property("invalid") is False
    form.cccd.clear()
    for digit in "999012345678":  # province 999 does not exist
        pad.press(digit)
    assert form.cccd.property("invalid") is True
    assert form.cccd_status.text() and not form.cccd_status.text().startswith("✓")
    assert all(not b.focusPolicy() & Qt.FocusPolicy.TabFocus for b in pad.digit_buttons.values())


def test_physical_keyboard_accepts_digits_only(kiosk: KioskShell, qtbot: QtBot) -> None:
    form = open_sign_in(qtbot, kiosk)
    qtbot.keyClicks(form.cccd, "0a01-2b")
    assert form.cccd.text() == "0012"
    qtbot.keyClick(form.cccd, Qt.Key.Key_Backspace)
    assert form.cccd.text() == "001"


def test_submit_with_a_bad_id_sends_nothing(kiosk: KioskShell, qtbot: QtBot) -> None:
    form = open_sign_in(qtbot, kiosk)
    qtbot.keyClicks(form.cccd, "00120")
    qtbot.keyClicks(form.password, "x")
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    assert form.task is None
    assert form.error.isVisible() and form.error.text()


def test_password_show_hide(kiosk: KioskShell, qtbot: QtBot) -> None:
    form = open_sign_in(qtbot, kiosk)
    assert form.password.echoMode() == QLineEdit.EchoMode.Password
    qtbot.mouseClick(form.show_password, Qt.MouseButton.LeftButton)
    assert form.password.echoMode() == QLineEdit.EchoMode.Normal
    assert form.show_password.text() == "Ẩn"
    qtbot.mouseClick(form.show_password, Qt.MouseButton.LeftButton)
    assert form.password.echoMode() == QLineEdit.EchoMode.Password


# -- sign-in outcomes ------------------------------------------------------------------------
def test_sign_in_shows_home_with_name_and_steps(
    kiosk: KioskShell, qtbot: QtBot, candidate: Candidate
) -> None:
    home = sign_in_ok(qtbot, kiosk, candidate)
    assert candidate.name in home.greeting.text()
    assert kiosk.frame is not None
    assert kiosk.frame.progress.text() == "Bước 1/6"
    steps = [label.text() for label in home.step_labels]
    assert steps[0].startswith("2. Đăng ký dự thi")
    assert len(steps) == 5
    assert kiosk.end_button.isVisible()
    qtbot.mouseClick(kiosk.frame.next_button, Qt.MouseButton.LeftButton)
    assert kiosk.frame.progress.text() == "Bước 2/6"
    assert isinstance(kiosk.frame.page, RegistrationPage)


def test_wrong_password_keeps_the_id(kiosk: KioskShell, qtbot: QtBot, candidate: Candidate) -> None:
    form = sign_in(qtbot, kiosk, candidate.cccd, "Sai-mat-khau-1")
    text = wait_error(qtbot, form)
    assert "không đúng" in text
    assert form.cccd.text() == candidate.cccd
    assert form.password.text() == ""
    assert kiosk.current_screen is form


def test_locked_account_says_when_to_retry(
    kiosk: KioskShell, qtbot: QtBot, candidate: Candidate
) -> None:
    form = open_sign_in(qtbot, kiosk)
    qtbot.keyClicks(form.cccd, candidate.cccd)
    for _ in range(5):  # the mock locks after 5 failures
        qtbot.keyClicks(form.password, "Sai-mat-khau-1")
        qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
        wait_error(qtbot, form)
    text = form.error.text()
    assert "khoá" in text
    assert re.search(r"\b\d{2}:\d{2}\b", text)  # the clock time to come back
    assert "15 phút" in text
    assert form.cccd.text() == candidate.cccd


def test_network_down_is_calm(
    kiosk: KioskShell, qtbot: QtBot, candidate: Candidate, ministry: MockMinistry
) -> None:
    ministry.stop()
    form = sign_in(qtbot, kiosk, candidate.cccd, candidate.password)
    text = wait_error(qtbot, form)
    assert "Chưa kết nối được" in text
    assert "không làm gì sai" in text
    assert form.cccd.text() == candidate.cccd


def test_staff_credentials_are_refused(
    kiosk: KioskShell, qtbot: QtBot, ministry: MockMinistry
) -> None:
    form = open_sign_in(qtbot, kiosk)
    form.cccd.setValidator(None)  # type: ignore[arg-type]  # a staff name is not 12 digits…
    form.cccd.setText(ministry.username)
    form.cccd_problems = lambda: []  # type: ignore[method-assign]  # …so skip the local check
    qtbot.keyClicks(form.password, ministry.password)
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    assert "không phải tài khoản thí sinh" in wait_error(qtbot, form)
    assert kiosk.frame is None


# -- first sign-in password change -----------------------------------------------------------
def test_first_sign_in_password_change_without_server_support(
    kiosk: KioskShell, qtbot: QtBot, candidate: Candidate, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exam_client.api.client import MinistryClient
    from exam_client.api.errors import NotFound

    def missing(self: MinistryClient, old_password: str, new_password: str) -> None:
        raise NotFound("HTTP 404", status=404)  # an older server without the endpoint

    monkeypatch.setattr(MinistryClient, "change_password", missing)
    real = CandidateSessionService.sign_in

    def flagged(self: CandidateSessionService, cccd: str, password: str):  # type: ignore[no-untyped-def]
        session = real(self, cccd, password)
        session.must_change_password = True  # what the server will say for school passwords
        return session

    monkeypatch.setattr(CandidateSessionService, "sign_in", flagged)
    sign_in(qtbot, kiosk, candidate.cccd, candidate.password)
    qtbot.waitUntil(lambda: kiosk.password is not None)
    screen = kiosk.password
    assert screen is not None and kiosk.current_screen is screen
    assert not screen.current.isVisible()  # typed a moment ago: not asked twice
    qtbot.keyClicks(screen.new, "ngan")
    qtbot.keyClicks(screen.confirm, "ngan")
    qtbot.mouseClick(screen.submit_button, Qt.MouseButton.LeftButton)
    assert "8 ký tự" in screen.message.text()
    screen.new.setText("HoaSen2026")
    screen.confirm.setText("HoaSen2027")
    qtbot.mouseClick(screen.submit_button, Qt.MouseButton.LeftButton)
    assert "chưa giống nhau" in screen.message.text()
    screen.confirm.setText("HoaSen2026")
    qtbot.keyClick(screen.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(screen.continue_button.isVisible)
    assert "chưa cho phép đổi mật khẩu" in screen.message.text()
    assert screen.new.text() == "" and screen.confirm.text() == ""
    qtbot.mouseClick(screen.continue_button, Qt.MouseButton.LeftButton)
    assert kiosk.current_screen is kiosk.frame


# -- VNeID placeholder -----------------------------------------------------------------------
def test_vneid_shows_a_qr_and_says_it_is_pending(kiosk: KioskShell, qtbot: QtBot) -> None:
    form = open_sign_in(qtbot, kiosk)
    qtbot.mouseClick(form.vneid_button, Qt.MouseButton.LeftButton)
    screen = kiosk.vneid
    assert screen is not None and kiosk.current_screen is screen
    qtbot.waitUntil(lambda: screen.state == "waiting")  # the session comes from the mock
    pixmap = screen.qr.pixmap()
    assert not pixmap.isNull() and pixmap.width() > 100
    assert "chờ" in screen.pending.text()
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert kiosk.current_screen is form


# -- accessibility and keyboard --------------------------------------------------------------
def _unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QLineEdit) + root.findChildren(QPushButton):
        if widget.isVisibleTo(root) and not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.text()!r}")
    return missing


def test_every_input_and_button_has_an_accessible_name(
    kiosk: KioskShell, qtbot: QtBot, candidate: Candidate
) -> None:
    assert _unnamed(kiosk) == []
    open_sign_in(qtbot, kiosk)
    assert _unnamed(kiosk) == []
    kiosk.wipe()
    sign_in_ok(qtbot, kiosk, candidate)
    assert _unnamed(kiosk) == []


def press(qtbot: QtBot, key: Qt.Key) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key)


def test_keyboard_only_from_welcome_to_home_and_through_steps(
    kiosk: KioskShell, qtbot: QtBot, candidate: Candidate
) -> None:
    kiosk.welcome.entered()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is kiosk.welcome.start_button)
    press(qtbot, Qt.Key.Key_Return)
    form = kiosk.sign_in
    assert form is not None and QApplication.focusWidget() is form.cccd
    qtbot.keyClicks(form.cccd, candidate.cccd)
    press(qtbot, Qt.Key.Key_Return)  # a valid ID: on to the password
    assert QApplication.focusWidget() is form.password
    qtbot.keyClicks(form.password, candidate.password)
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.show_password
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.submit_button
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: kiosk.frame is not None and kiosk.current_screen is kiosk.frame)
    frame = kiosk.frame
    assert frame is not None
    assert QApplication.focusWidget() is frame.page.start_button  # type: ignore[union-attr]
    press(qtbot, Qt.Key.Key_Return)
    assert frame.progress.text() == "Bước 2/6"
    page = frame.page
    assert isinstance(page, RegistrationPage)
    page.skip_button.setFocus()  # registered by the school: skip the exam-registration step
    press(qtbot, Qt.Key.Key_Return)
    assert frame.progress.text() == "Bước 3/6"
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Escape)
    assert frame.progress.text() == "Bước 1/6"
    press(qtbot, Qt.Key.Key_Escape)  # Esc on the first step never signs anyone out
    assert kiosk.current_screen is frame


def test_escape_on_sign_in_goes_back_to_welcome_and_forgets(
    kiosk: KioskShell, qtbot: QtBot
) -> None:
    form = open_sign_in(qtbot, kiosk)
    qtbot.keyClicks(form.cccd, "00120")
    qtbot.keyClick(form.cccd, Qt.Key.Key_Escape)
    assert kiosk.current_screen is kiosk.welcome
    assert kiosk.sign_in is None


# -- languages -------------------------------------------------------------------------------
ENGLISH = {
    "Chạm để bắt đầu": "Tap to start",
    "Kết thúc phiên": "End session",
    "Đăng nhập thí sinh": "Candidate sign-in",
    "Đăng nhập": "Sign in",
    "Hiện": "Show",
    "Nhập đủ 12 chữ số.": "Enter all 12 digits.",
    "Bạn còn ở đây không?": "Are you still there?",
    "Bước %1/%2": "Step %1/%2",
    "Trang của bạn": "Your page",
}


@pytest.fixture
def english_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real .qm built from the kiosk sources (pyside6-lupdate/lrelease), a few strings
    translated: proves the strings are extractable and the contexts match at run time."""
    ts = tmp_path / "exam_client_en.ts"
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [
            str(bin_dir / "pyside6-lupdate"),
            *map(str, sorted(KIOSK_DIR.glob("*.py"))),
            "-ts",
            str(ts),
        ],
        check=True,
        capture_output=True,
    )
    tree = ET.parse(ts)
    for message in tree.iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        assert translation is not None
        if source in ENGLISH:
            translation.text = ENGLISH[source]
            translation.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run([str(bin_dir / "pyside6-lrelease"), str(ts)], check=True, capture_output=True)
    monkeypatch.setattr(i18n, "translations_dir", lambda: str(tmp_path))
    return tmp_path


def test_language_switch_retranslates_live_and_back(
    kiosk: KioskShell, qtbot: QtBot, english_catalogue: Path
) -> None:
    form = open_sign_in(qtbot, kiosk)
    assert form.title.text() == "Đăng nhập thí sinh"
    qtbot.mouseClick(kiosk.en_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.title.text() == "Candidate sign-in")
    assert kiosk.en_button.isChecked() and not kiosk.vi_button.isChecked()
    assert kiosk.end_button.text() == "End session"
    assert form.submit_button.text() == "Sign in"
    assert form.show_password.text() == "Show"
    assert form.cccd_status.text() == "Enter all 12 digits."
    assert kiosk.welcome.start_button.text() == "Tap to start"  # hidden screens too
    assert kiosk.overlay.question.text() == "Are you still there?"
    form.keypad.press("9")
    form.keypad.press("9")
    for _ in range(10):
        form.keypad.press("9")
    assert "province" in form.cccd_status.text().lower()  # domain problems in English too
    qtbot.mouseClick(kiosk.vi_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.title.text() == "Đăng nhập thí sinh")
    assert kiosk.end_button.text() == "Kết thúc phiên"
    assert kiosk.welcome.start_button.text() == "Chạm để bắt đầu"
    assert "tỉnh" in form.cccd_status.text().lower()


def test_missing_catalogue_is_said_plainly(
    kiosk: KioskShell, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "translations_dir", lambda: str(tmp_path))
    qtbot.mouseClick(kiosk.en_button, Qt.MouseButton.LeftButton)
    assert kiosk.language_note.isVisible()
    assert kiosk.vi_button.isChecked()
    assert kiosk.welcome.start_button.text() == "Chạm để bắt đầu"


# -- screenshots -----------------------------------------------------------------------------
def test_screenshots(
    make_kiosk: Callable[..., KioskShell], qtbot: QtBot, candidate: Candidate, tmp_path: Path
) -> None:
    """Renders the four kiosk screens at 1280×800. ``KIOSK_SCREENSHOTS=docs/screenshots``
    writes them into the docs; otherwise into a temporary directory."""
    out = Path(os.environ.get("KIOSK_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    shell = make_kiosk(idle_warning_ms=60_000, idle_wipe_ms=90_000)

    def shot(name: str) -> None:
        QApplication.processEvents()
        image = shell.grab()
        assert (image.width(), image.height()) == (1280, 800)
        assert image.save(str(out / name))

    shot("20-kiosk-welcome.png")
    form = open_sign_in(qtbot, shell)
    for digit in candidate.cccd[:7]:
        form.keypad.press(digit)
    shot("21-kiosk-sign-in.png")
    shell.wipe()
    sign_in_ok(qtbot, shell, candidate)
    shot("23-kiosk-home.png")
    shell.idle._warn()  # the warning exactly as the timer shows it
    qtbot.waitUntil(shell.overlay.isVisible)
    shot("22-kiosk-idle-warning.png")
    for name in ("20-kiosk-welcome", "21-kiosk-sign-in", "22-kiosk-idle-warning", "23-kiosk-home"):
        assert (out / f"{name}.png").stat().st_size > 10_000
