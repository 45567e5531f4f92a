"""Translations: every UI string is extracted, translated into English, compiled, and the app
switches language at run time (issue #8 item 5; the kiosk's English switch of issue #7).

The catalogue is ``resources/translations/exam_client_en.ts`` (Vietnamese sources, English
translations), compiled to the committed ``exam_client_en.qm``; ``make translations``
(``scripts/translations.py``) refreshes both. These tests run the same PySide6 tools.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from exam_client.services.boot import Boot
from exam_client.services.bootstrap import build_services
from exam_client.services.context import AppServices
from exam_client.services.settings import Settings
from exam_client.ui import i18n
from exam_client.ui.kiosk.home import HomePage
from exam_client.ui.kiosk.shell import KioskShell
from exam_client.ui.sign_in import SignInDialog
from exam_client.ui.tasks import TaskRunner
from ministry_mock.app import seed_report
from ministry_mock.demo_accounts import DEMO_CANDIDATE_PASS
from tests.ministry import MockMinistry

ROOT = Path(__file__).parents[2]
UI = ROOT / "exam_client" / "ui"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "translations_script", ROOT / "scripts" / "translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


script = _load_script()
Catalogue = dict[tuple[str, str], Any]  # script.Message values

# Files still being written by other helpers, excluded from the checks below until they are
# finished. Shrink this list, never grow it (paths relative to exam_client/ui).
IN_PROGRESS: frozenset[str] = frozenset()


def in_progress(path: Path) -> bool:
    return path.is_relative_to(UI) and path.relative_to(UI).as_posix() in IN_PROGRESS


def finished_sources() -> list[Path]:
    return [path for path in script.ui_sources() if not in_progress(path)]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """lupdate over today's sources into a fresh catalogue (nothing merged in)."""
    ts = tmp_path_factory.mktemp("lupdate") / "exam_client_en.ts"
    script.lupdate(ts)
    return script.read_ts(ts)


@pytest.fixture(scope="module")
def committed() -> Catalogue:
    return script.read_ts(script.TS_FILE)


# -- (a) nothing new or unfinished ----------------------------------------------------------------
def test_every_extracted_string_is_translated_in_the_committed_catalogue(
    extracted: Catalogue, committed: Catalogue
) -> None:
    missing = [key for key in extracted if key not in committed]
    unfinished = [key for key in extracted if key in committed and not committed[key].finished]
    lines = [f"  missing    [{c}] {s!r}" for c, s in missing]
    lines += [f"  unfinished [{c}] {s!r}" for c, s in unfinished]
    assert not lines, (
        f"{len(lines)} UI string(s) have no English translation in "
        f"{script.TS_FILE.relative_to(ROOT)}:\n" + "\n".join(lines) + "\n"
        "Run `make translations`, translate the new entries in the .ts (Qt Linguist or a text "
        'editor; remove type="unfinished"), then run `make translations` again.'
    )


def test_the_committed_catalogue_has_no_leftovers(
    extracted: Catalogue, committed: Catalogue
) -> None:
    """Strings deleted from the code leave the catalogue (make translations uses -no-obsolete)."""
    stale = sorted(key for key in committed if key not in extracted)
    assert not stale, f"not in the code any more — run `make translations`: {stale}"


def _calls(path: Path) -> Iterator[tuple[str, str, int]]:
    """(context, source, line) of every literal ``self.tr`` / ``translate`` /
    ``QT_TRANSLATE_NOOP`` call, the context of ``self.tr`` being the enclosing class."""

    def visit(node: ast.AST, cls: str) -> Iterator[tuple[str, str, int]]:
        if isinstance(node, ast.ClassDef):
            cls = node.name
        if isinstance(node, ast.Call):
            func, args = node.func, node.args
            literal = [a.value if isinstance(a, ast.Constant) else None for a in args[:2]]
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "tr"
                and isinstance(func.value, ast.Name)
                and func.value.id == "self"
                and literal
                and isinstance(literal[0], str)
            ):
                yield cls, literal[0], node.lineno
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in {"translate", "QT_TRANSLATE_NOOP"} and len(literal) == 2:
                context, source = literal
                if isinstance(context, str) and isinstance(source, str):
                    yield context, source, node.lineno
        for child in ast.iter_child_nodes(node):
            yield from visit(child, cls)

    yield from visit(ast.parse(path.read_text(encoding="utf-8")), "")


def test_lupdate_extracts_every_call_with_the_context_used_at_run_time(
    extracted: Catalogue,
) -> None:
    """lupdate's Python parser silently skips or mis-files some calls (a ``tr`` alias of
    ``translate``, an expression as the ``%n`` count): the translation then never shows."""
    lost = [
        f"  {path.relative_to(ROOT)}:{line} [{context}] {source!r}"
        for path in finished_sources()
        for context, source, line in _calls(path)
        if (context, source) not in extracted
    ]
    assert not lost, (
        "pyside6-lupdate does not extract these calls as written (call "
        'QCoreApplication.translate("Context", "…") or self.tr("…") directly, with '
        "plain names as arguments):\n" + "\n".join(lost)
    )


def test_no_message_without_a_context(tmp_path: Path) -> None:
    ts = tmp_path / "finished.ts"
    script.lupdate(ts, finished_sources())
    orphans = [source for context, source in script.read_ts(ts) if not context]
    assert not orphans, f"extracted without a context (a local `tr` helper?): {orphans}"


# -- (b) placeholders, tags, accelerators ---------------------------------------------------------
PLACEHOLDER = re.compile(r"%L?\d+|%n")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
ACCELERATOR = re.compile(r"&(?!&|nbsp;|amp;|lt;|gt;)\S")
NOT_ACCELERATORS = {"Mã tỉnh (Sở GD&ĐT)"}  # an "&" that is part of a name (a table heading)


def test_every_translation_keeps_placeholders_tags_and_accelerators(committed: Catalogue) -> None:
    wrong = []
    for (context, source), message in committed.items():
        for text in message.translations:
            if not text.strip():
                wrong.append(f"[{context}] {source!r}: empty translation")
                continue
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                wrong.append(f"[{context}] {source!r} → {text!r}: placeholders differ")
            if sorted(TAG.findall(text)) != sorted(TAG.findall(source)):
                wrong.append(f"[{context}] {source!r} → {text!r}: HTML tags differ")
            has_key = bool(ACCELERATOR.search(source)) and source not in NOT_ACCELERATORS
            if has_key != bool(ACCELERATOR.search(text)):
                wrong.append(f"[{context}] {source!r} → {text!r}: & accelerator differs")
    assert not wrong, "\n".join(wrong)


def test_the_placeholder_check_catches_a_dropped_placeholder() -> None:
    """The check above can fail: a translation that loses %1 is caught."""
    assert PLACEHOLDER.findall("Máy chủ: %1") != PLACEHOLDER.findall("Server:")
    assert sorted(PLACEHOLDER.findall("%1 và %2")) == sorted(PLACEHOLDER.findall("%2 and %1"))


# -- (c) the shipped .qm is the compiled .ts ------------------------------------------------------
def test_committed_qm_is_compiled_from_the_committed_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "exam_client_en.qm"
    script.lrelease(script.TS_FILE, fresh)
    assert script.QM_FILE.read_bytes() == fresh.read_bytes(), (
        f"{script.QM_FILE.relative_to(ROOT)} is out of date: run `make translations`"
    )


def test_the_packaged_bundle_ships_the_translations() -> None:
    spec = (ROOT / "packaging").glob("*.spec")
    text = "\n".join(path.read_text(encoding="utf-8") for path in spec)
    assert '("resources", "resources")' in text  # resources/translations comes along


# -- (d) switching at run time --------------------------------------------------------------------
@pytest.fixture
def english() -> Iterator[None]:
    assert i18n.set_language("en"), "exam_client_en.qm does not load"
    try:
        yield
    finally:
        i18n.set_language("vi")


def never_built(_passphrase: str | None) -> AppServices:  # pragma: no cover - never called
    raise AssertionError("these tests do not start the services")


def test_citizen_lookup_captions_switch_language(qtbot: QtBot) -> None:
    """Captions marked with QT_TRANSLATE_NOOP at import time are translated when shown."""
    from exam_client.ui.citizen_lookup import CitizenLookupPanel

    panel = CitizenLookupPanel(None, TaskRunner())  # type: ignore[arg-type]  # no look-up here
    qtbot.addWidget(panel)
    assert panel.captions["ethnicity"].text() == "Dân tộc"
    assert i18n.set_language("en")
    try:
        qtbot.waitUntil(lambda: panel.captions["ethnicity"].text() == "Ethnicity")
        assert panel.lookup_button.text() == "Look up"
        assert panel.id_input.placeholderText() == "12 digits, e.g. 001208012345"
    finally:
        i18n.set_language("vi")
    qtbot.waitUntil(lambda: panel.title.text() == "Tra cứu công dân")


def test_staff_sign_in_switches_to_english_and_back(qtbot: QtBot) -> None:
    dialog = SignInDialog(Boot(never_built, server_text="x", demo=True), TaskRunner())
    qtbot.addWidget(dialog)
    assert dialog.submit.text() == "Đăng nhập"
    assert i18n.set_language("en")
    try:
        # Qt delivers LanguageChange through the event loop
        qtbot.waitUntil(lambda: dialog.submit.text() == "Sign in")
        assert dialog.windowTitle() == "Sign in — Upper-secondary exam registration"
        assert dialog.title.text() == "Registration staff sign-in"
        assert dialog.submit.text() == "Sign in"
        assert dialog.quit_button.text() == "Exit"
        assert dialog.username_label.text() == "&Username"
        assert dialog.username.accessibleName() == "Username"
        assert dialog.server_label.text() == "Server: starting…"
        assert "Demo mode" in dialog.demo_hint.text()
    finally:
        i18n.set_language("vi")
    qtbot.waitUntil(lambda: dialog.submit.text() == "Đăng nhập")
    assert dialog.title.text() == "Đăng nhập cán bộ tiếp nhận hồ sơ"
    assert dialog.submit.text() == "Đăng nhập"
    assert dialog.server_label.text() == "Máy chủ: đang khởi động…"


def test_module_level_texts_follow_the_language(english: None) -> None:
    from datetime import timedelta

    from exam_client.ui.formatting import format_age
    from exam_client.ui.sync.labels import state_text

    assert format_age(timedelta(minutes=1)) == "1 minute ago"
    assert format_age(timedelta(hours=5)) == "5 hours ago"
    assert state_text("synced") == "Synced"
    i18n.set_language("vi")
    assert format_age(timedelta(hours=5)) == "5 giờ trước"


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
def kiosk(qtbot: QtBot, services: AppServices) -> Iterator[KioskShell]:
    runner = TaskRunner()
    shell = KioskShell(Boot.ready(services), runner)
    shell.resize(1280, 800)
    shell.show()
    qtbot.waitExposed(shell)
    try:
        yield shell
    finally:
        shell.close()
        runner.wait_idle(5000)
        i18n.set_language("vi")


def test_kiosk_switches_the_whole_journey_and_the_wipe_returns_to_vietnamese(
    kiosk: KioskShell, qtbot: QtBot, ministry: MockMinistry
) -> None:
    # on the welcome screen: the switch is there and translates everything live
    assert kiosk.en_button.isVisible() and kiosk.vi_button.isVisible()
    qtbot.mouseClick(kiosk.en_button, Qt.MouseButton.LeftButton)
    assert i18n.current_language() == "en"
    qtbot.waitUntil(lambda: kiosk.welcome.start_button.text() == "Tap to start")
    assert kiosk.windowTitle() == "Candidate kiosk — Upper-secondary exam registration"

    # sign in (in English) and reach the step journey: the switch is in its header too
    cccd = seed_report(ministry.app).demo_candidate_username
    assert cccd is not None
    qtbot.mouseClick(kiosk.welcome.start_button, Qt.MouseButton.LeftButton)
    form = kiosk.sign_in
    assert form is not None
    assert form.title.text() == "Candidate sign-in"
    for digit in cccd:
        qtbot.mouseClick(form.keypad.digit_buttons[digit], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.password, DEMO_CANDIDATE_PASS)
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.frame is not None and kiosk.current_screen is kiosk.frame)
    assert kiosk.frame is not None
    page = kiosk.frame.page
    assert isinstance(page, HomePage)
    assert kiosk.en_button.isVisible() and kiosk.en_button.isChecked()
    assert kiosk.end_button.text() == "End session"
    english_texts = _visible_texts(kiosk)
    assert "Your page" in " ".join(english_texts)
    kiosk.grab().save(str(Path("/tmp") / "f10-kiosk-home-en.png"))

    # back to Vietnamese from the step header, live
    qtbot.mouseClick(kiosk.vi_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.end_button.text() == "Kết thúc phiên")
    assert "Trang của bạn" in " ".join(_visible_texts(kiosk))

    # a candidate who leaves the kiosk in English: the next one starts in Vietnamese
    qtbot.mouseClick(kiosk.en_button, Qt.MouseButton.LeftButton)
    assert i18n.current_language() == "en"
    kiosk.wipe()
    assert i18n.current_language() == "vi"
    assert kiosk.vi_button.isChecked() and not kiosk.en_button.isChecked()
    qtbot.waitUntil(lambda: kiosk.welcome.start_button.text() == "Chạm để bắt đầu")


def _visible_texts(root: KioskShell) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    widgets = root.findChildren(QLabel) + root.findChildren(QAbstractButton)
    return [w.text() for w in widgets if w.isVisible()]


# -- (e) no plain Vietnamese literal goes straight onto the screen --------------------------------
VIETNAMESE = re.compile(
    r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.IGNORECASE
)
SINKS = {
    # setters: every argument is screen text
    "setText", "setWindowTitle", "setPlaceholderText", "setToolTip", "setStatusTip",
    "setWhatsThis", "setAccessibleName", "setAccessibleDescription", "setTitle", "setLabelText",
    "setTabText", "setItemText", "setHeaderLabels", "setHorizontalHeaderLabels",
    "setInformativeText", "setDetailedText", "setButtonText", "setCancelButtonText",
    "setSuffix", "setPrefix", "setSpecialValueText", "setSubTitle", "setWindowIconText",
    "showMessage", "addTab", "insertTab", "addItem", "addItems", "insertItem", "addAction",
    "addMenu", "addRow", "addButton",
    # widgets and dialogs that take their text in the constructor / static call
    "QLabel", "QPushButton", "QToolButton", "QCheckBox", "QRadioButton", "QGroupBox",
    "QAction", "QMenu", "QListWidgetItem", "QTableWidgetItem", "QTreeWidgetItem",
    "QMessageBox", "information", "warning", "critical", "question", "getOpenFileName",
    "getSaveFileName", "getExistingDirectory", "getText", "getItem",
}  # fmt: skip
TRANSLATING = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
ENDONYMS = {"Tiếng Việt"}  # a language names itself in the language switch: never translated


def _untranslated(path: Path) -> Iterator[tuple[int, str]]:
    def literals(node: ast.AST) -> Iterator[ast.Constant]:
        if isinstance(node, ast.Call) and _name(node.func) in TRANSLATING:
            return
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and VIETNAMESE.search(node.value)
            and node.value not in ENDONYMS
        ):
            yield node
        for child in ast.iter_child_nodes(node):
            yield from literals(child)

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and _name(node.func) in SINKS:
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                for literal in literals(arg):
                    yield literal.lineno, str(literal.value)


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def test_no_vietnamese_literal_reaches_a_widget_untranslated() -> None:
    offenders = [
        f"  {path.relative_to(ROOT)}:{line}: {text!r}"
        for path in sorted(UI.rglob("*.py"))
        if "printing" not in path.relative_to(UI).parts and not in_progress(path)
        for line, text in _untranslated(path)
    ]
    assert not offenders, (
        "Vietnamese text shown without self.tr()/QCoreApplication.translate() (wrap it, set it "
        "in retranslate_ui(), then run `make translations`):\n" + "\n".join(offenders)
    )


def test_the_literal_scan_finds_an_untranslated_label(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "label = QLabel('Họ và tên')\n"
        "label.setText(f'Xin chào {name}')\n"
        "label.setToolTip(self.tr('Đã dịch'))\n"
        "box.addRow('&Lớp:', field)\n",
        encoding="utf-8",
    )
    assert [line for line, _ in _untranslated(sample)] == [1, 2, 4]


def test_apply_fills_unfinished_messages_including_plurals(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "from PySide6.QtCore import QCoreApplication, QObject\n"
        "a = QCoreApplication.translate('Sample', 'Xin chào')\n"
        "class Sample(QObject):\n"
        "    def days(self, n):\n"
        "        return self.tr('%n ngày', '', n)\n",
        encoding="utf-8",
    )
    ts = tmp_path / "sample.ts"
    script.lupdate(ts, [source])
    assert not any(m.finished for m in script.read_ts(ts).values())
    filled = script.apply({"Xin chào": "Hello", "%n ngày": ["%n day", "%n days"]}, ts)
    messages = script.read_ts(ts)
    assert filled == 2
    assert messages[("Sample", "Xin chào")].translations == ("Hello",)
    assert messages[("Sample", "%n ngày")].translations == ("%n day", "%n days")
    assert all(m.finished for m in messages.values())


def test_a_string_that_moves_to_another_context_keeps_its_translation(tmp_path: Path) -> None:
    """What ``make translations`` does when a helper is fixed or a class renamed."""
    source, ts = tmp_path / "sample.py", tmp_path / "sample.ts"
    source.write_text("t = QCoreApplication.translate('', 'Đóng')\n", encoding="utf-8")
    script.lupdate(ts, [source])
    script.apply({"Đóng": "Close"}, ts)
    known = script.known_translations(ts)
    source.write_text("t = QCoreApplication.translate('Dialog', 'Đóng')\n", encoding="utf-8")
    script.lupdate(ts, [source])
    assert not script.read_ts(ts)[("Dialog", "Đóng")].finished
    script.apply(known, ts)
    assert script.read_ts(ts)[("Dialog", "Đóng")].translations == ("Close",)
