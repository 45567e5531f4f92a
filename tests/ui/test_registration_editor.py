"""The registration editor against the real mock over HTTP, with a real SQLCipher cache.

Prefill from the population register, differences side by side, live validation at the field,
draft save and reopen, submit → outbox → sync → server, the photo rule, keyboard-only entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from exam_client.services.bootstrap import build_services
from exam_client.services.context import AppServices
from exam_client.services.settings import Settings
from exam_client.ui.staff.editor import RegistrationEditor, RegistrationEditorDialog
from exam_client.ui.staff.editor.schools import province_items
from exam_client.ui.tasks import TaskRunner
from exam_client.ui.widgets.code_picker import CodePicker
from ministry_mock.store.models import ExamRegistration
from tests.ministry import MockMinistry

YEAR = 2026
WAIT = 10_000


@pytest.fixture
def services(ministry: MockMinistry, tmp_path: Path) -> Iterator[AppServices]:
    s = build_services(
        Settings(data_dir=tmp_path / "client", api_url=ministry.base_url, health_interval_s=5)
    )
    s.auth.sign_in(ministry.username, ministry.password)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    made = TaskRunner()
    try:
        yield made
    finally:
        made.wait_idle(5000)


@pytest.fixture
def editor(qtbot: QtBot, services: AppServices, runner: TaskRunner) -> RegistrationEditor:
    made = RegistrationEditor(services, runner, YEAR)
    qtbot.addWidget(made)
    made.resize(1080, 860)
    settle(qtbot, made)
    return made


def settle(qtbot: QtBot, editor: RegistrationEditor) -> None:
    """Wait until the debounced rules-engine check (and any task) has answered."""
    qtbot.waitUntil(lambda: not editor.checking and not editor.busy, timeout=WAIT)


def photo_file(tmp_path: Path, width: int, height: int) -> str:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#c8d4e6"))
    path = tmp_path / f"photo-{width}x{height}.png"
    assert image.save(str(path))
    return str(path)


def look_up(qtbot: QtBot, editor: RegistrationEditor, cccd: str) -> None:
    editor.identity.cccd.clear()
    qtbot.keyClicks(editor.identity.cccd, cccd)
    qtbot.keyClick(editor.identity.cccd, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: "CSDL" in editor.lookup_status.text() and editor.identity.lookup_button.isEnabled(),
        timeout=WAIT,
    )


def fill_valid(qtbot: QtBot, editor: RegistrationEditor, cccd: str, tmp_path: Path) -> None:
    """A complete, valid form for a citizen of the register (the rest typed by the school)."""
    look_up(qtbot, editor, cccd)
    for row in editor.schools.rows.values():
        row.province.set_code("01")
        row.school.set_code("001")
        row.name.setText("THPT Nguyễn Du")
        row.area.setCurrentIndex(row.area.findData("KV3"))
    editor.schools.class_name.setText("12A1")
    for code in ("TO", "VA", "LI", "NN"):
        editor.exam.subjects[code].setChecked(True)
    editor.exam.language.setCurrentIndex(editor.exam.language.findData("N1"))
    editor.photo.load_file(photo_file(tmp_path, 400, 600))
    qtbot.waitUntil(lambda: editor.photo.photo is not None, timeout=WAIT)
    settle(qtbot, editor)


def test_enter_on_the_id_prefills_from_the_register(
    qtbot: QtBot, editor: RegistrationEditor, ministry: MockMinistry
) -> None:
    cccd = ministry.citizen_ids(1)[0]
    look_up(qtbot, editor, cccd)
    assert editor.identity.full_name.text() == ministry.citizen_name(cccd)
    assert editor.identity.ethnicity.text()
    assert editor.identity.residence.text()
    assert editor.identity.birth_place.currentText()
    assert editor.identity.date_of_birth.date().year() == 2000 + int(cccd[4:6])
    assert not editor.comparison.isVisibleTo(editor)  # a new form: nothing to compare
    assert "Cơ sở dữ liệu" in editor.lookup_status.text() or "CSDL" in editor.lookup_status.text()
    settle(qtbot, editor)
    assert not any(p.field.startswith("cccd") for p in editor.board.problems)
    assert not editor.reserved.isVisibleTo(editor)  # a 12th grader has no reserved scores
    editor.exam.category.setCurrentIndex(editor.exam.category.findData("b"))
    assert editor.reserved.isVisibleTo(editor)


def test_a_difference_is_shown_side_by_side_and_resolved(
    qtbot: QtBot, editor: RegistrationEditor, ministry: MockMinistry
) -> None:
    cccd = ministry.citizen_ids(2)[1]
    registered = ministry.citizen_name(cccd)
    qtbot.keyClicks(editor.identity.full_name, "Nguyen Van Sai")  # as a school file held it
    look_up(qtbot, editor, cccd)
    assert editor.comparison.isVisibleTo(editor)
    row = editor.comparison.rows["full_name"]
    assert row.school.text() == "Nguyen Van Sai"
    assert row.register.text() == registered
    assert editor.identity.full_name.text() == "Nguyen Van Sai"  # nothing overwritten silently
    assert editor.identity.ethnicity.text()  # blank fields were filled
    for key in [k for k in editor.comparison.rows if k != "full_name"]:
        editor.comparison.rows[key].keep.click()  # date/gender typed defaults: keep or take
    row.use.click()
    assert editor.identity.full_name.text() == registered
    assert "full_name" not in editor.comparison.rows
    assert not editor.comparison.isVisibleTo(editor)


def test_invalid_input_is_shown_at_the_field_and_blocks_submit(
    qtbot: QtBot, editor: RegistrationEditor, services: AppServices, ministry: MockMinistry
) -> None:
    look_up(qtbot, editor, ministry.citizen_ids(1)[0])
    editor.identity.full_name.setText("Nguyễn Văn 2")
    settle(qtbot, editor)
    error = editor.identity.name_error
    assert error.isVisibleTo(editor)
    assert "chữ số" in error.text()
    assert editor.identity.full_name.property("invalid") is True
    assert "chữ số" in editor.identity.full_name.accessibleDescription()
    lines = [editor.board.summary.item(i).text() for i in range(editor.board.summary.count())]
    assert any("Họ và tên" in line and "chữ số" in line for line in lines)

    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=WAIT)
    item = next(
        editor.board.summary.item(i)
        for i in range(editor.board.summary.count())
        if "chữ số" in editor.board.summary.item(i).text()
    )
    editor.board.summary.itemActivated.emit(item)
    assert editor.identity.full_name.hasFocus()

    editor.submit()
    qtbot.waitUntil(lambda: not editor.busy, timeout=WAIT)
    assert "Chưa nộp được" in editor.message.text()
    assert services.registrations is not None
    assert services.registrations.get(editor.record_id) is None  # nothing written
    assert services.registrations.counts().get("queued", 0) == 0

    editor.identity.full_name.setText(ministry.citizen_name(ministry.citizen_ids(1)[0]))
    settle(qtbot, editor)
    assert not editor.identity.name_error.isVisibleTo(editor)
    assert editor.identity.full_name.property("invalid") is False


def test_save_draft_then_reopen_shows_the_same_values(
    qtbot: QtBot,
    editor: RegistrationEditor,
    services: AppServices,
    runner: TaskRunner,
    ministry: MockMinistry,
    tmp_path: Path,
) -> None:
    fill_valid(qtbot, editor, ministry.citizen_ids(3)[2], tmp_path)
    editor.contact.phone.setText("0912 345 678")
    editor.contact.email.setText("thisinh@example.invalid")
    editor.contact.address.setText("Số 1 phố Tràng Tiền, Hà Nội")
    editor.schools.rows[10].school.set_code("002")
    editor.schools.rows[10].name.setText("THPT Chu Văn An")
    editor.schools.rows[10].area.setCurrentIndex(editor.schools.rows[10].area.findData("KV2"))
    editor.exemption.requested.setChecked(True)
    editor.exemption.certificate.setCurrentIndex(editor.exemption.certificate.findData("IELTS"))
    editor.exemption.score.setText("6,5")
    editor.priority.objects["06"].setChecked(True)
    gp = editor.priority.graduation_priority
    gp.setCurrentIndex(gp.findData("2"))
    editor.reserved.scores["SU"].setText("7,5")
    settle(qtbot, editor)
    assert editor.dirty
    assert "bảo lưu" in editor.reserved.error.text()  # a 12th grader reserves nothing
    before = editor.doc()

    with qtbot.waitSignal(editor.saved, timeout=WAIT) as saved:
        editor.save_draft()
    assert UUID(saved.args[0]) == editor.record_id
    assert not editor.dirty

    reopened = RegistrationEditor(services, runner, YEAR)
    qtbot.addWidget(reopened)
    reopened.open_record(editor.record_id)
    qtbot.waitUntil(lambda: reopened.existing, timeout=WAIT)
    settle(qtbot, reopened)
    assert reopened.doc() == before
    assert reopened.schools.rows[10].name.text() == "THPT Chu Văn An"
    assert reopened.exemption.score.text() == "6,5"
    assert reopened.reserved.scores["SU"].text() == "7,5"
    assert reopened.priority.objects["06"].isChecked()
    assert reopened.photo.photo is not None and reopened.photo.photo.width_px == 400
    assert not reopened.dirty
    assert "UT2" in reopened.priority.object_explanation.text()
    assert "KV3" in reopened.priority.area_explanation.text()  # 2 of 3 years at the KV3 school


def test_submit_queues_an_outbox_entry_and_sync_puts_it_on_the_server(
    qtbot: QtBot,
    editor: RegistrationEditor,
    services: AppServices,
    ministry: MockMinistry,
    tmp_path: Path,
) -> None:
    cccd = ministry.citizen_ids(4)[3]
    fill_valid(qtbot, editor, cccd, tmp_path)
    assert not [p for p in editor.board.problems if p.is_error]
    with qtbot.waitSignal(editor.submitted, timeout=WAIT):
        editor.submit()
    registrations, sync = services.registrations, services.sync
    assert registrations is not None and sync is not None
    local = registrations.get(editor.record_id)
    assert local is not None and local.sync_state == "queued"

    report = sync.run_once()
    assert report.outcomes == {"applied": 1}
    with ministry.store.sessions() as session:
        row = session.execute(
            select(ExamRegistration).where(ExamRegistration.id == str(editor.record_id))
        ).scalar_one()
        assert (row.cccd, row.status) == (cccd, "submitted")
        assert row.doc["full_name"] == ministry.citizen_name(cccd)
        assert row.doc["class_name"] == "12A1"
    synced = registrations.get(editor.record_id)
    assert synced is not None and synced.sync_state == "synced"


def test_a_photo_too_small_is_refused_with_a_clear_message(
    qtbot: QtBot, editor: RegistrationEditor, tmp_path: Path
) -> None:
    editor.photo.load_file(photo_file(tmp_path, 300, 450))
    qtbot.waitUntil(lambda: editor.photo.rejected.isVisibleTo(editor), timeout=WAIT)
    text = editor.photo.rejected.text()
    assert "300×450" in text and "400×600" in text and "photo-300x450.png" in text
    assert editor.photo.photo is None

    editor.photo.load_file(photo_file(tmp_path, 800, 600))  # big enough but landscape
    qtbot.waitUntil(lambda: "dọc" in editor.photo.rejected.text(), timeout=WAIT)
    assert editor.photo.photo is None

    not_an_image = tmp_path / "chan-dung.png"
    not_an_image.write_bytes(b"not an image")
    editor.photo.load_file(str(not_an_image))
    qtbot.waitUntil(lambda: "Không đọc được" in editor.photo.rejected.text(), timeout=WAIT)

    editor.photo.load_file(photo_file(tmp_path, 480, 720))
    qtbot.waitUntil(lambda: editor.photo.photo is not None, timeout=WAIT)
    assert not editor.photo.rejected.isVisibleTo(editor)
    assert editor.photo.preview.pixmap() is not None and not editor.photo.preview.pixmap().isNull()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_keyboard_only_fill_and_ctrl_s(
    qtbot: QtBot, services: AppServices, runner: TaskRunner, ministry: MockMinistry
) -> None:
    dialog = RegistrationEditorDialog(services, runner, YEAR)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
    editor = dialog.editor
    assert editor.identity.cccd.hasFocus()
    cccd = ministry.citizen_ids(5)[4]
    qtbot.keyClicks(focused(), cccd)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # look-up, not the dialog's default button
    qtbot.waitUntil(lambda: editor.identity.full_name.text() != "", timeout=WAIT)
    assert dialog.isVisible()
    assert editor.identity.full_name.hasFocus()  # the look-up hands over to the next field

    # Tab walks the form in order (the date edit also steps through day, month, year).
    chain = editor.inputs()
    visited = [chain.index(editor.identity.full_name)]
    for _ in range(30):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        widget: QWidget | None = focused()
        while widget is not None and widget not in chain:
            widget = widget.parentWidget()  # an editable combo box's line edit
        assert widget is not None, "focus left the form"
        visited.append(chain.index(widget))
        if editor.contact.phone.hasFocus():
            break
    assert editor.contact.phone.hasFocus()
    assert visited == sorted(visited)
    qtbot.keyClicks(focused(), "0912345678")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert editor.contact.email.hasFocus()
    qtbot.keyClicks(focused(), "ts@example.invalid")

    with qtbot.waitSignal(editor.saved, timeout=WAIT):
        qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert services.registrations is not None
    local = services.registrations.get(editor.record_id)
    assert local is not None
    assert (local.doc.phone, local.doc.email) == ("0912345678", "ts@example.invalid")
    assert local.doc.full_name == ministry.citizen_name(cccd)
    assert local.sync_state == "queued"  # a draft, queued locally: no network needed

    # Escape with unsaved changes asks first; "Tiếp tục sửa" keeps the dialog and the text.
    qtbot.keyClicks(editor.contact.address, "So 5 Ha Noi")  # QTest types ASCII only
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    prompt = dialog.prompt
    assert prompt is not None
    qtbot.waitUntil(prompt.isVisible, timeout=WAIT)
    back = next(b for b in prompt.buttons() if b.text() == "Tiếp tục sửa")
    back.click()
    assert dialog.isVisible() and editor.contact.address.text() == "So 5 Ha Noi"
    # Save and close keeps the change.
    dialog.reject()
    prompt = dialog.prompt
    assert prompt is not None
    qtbot.waitUntil(prompt.isVisible, timeout=WAIT)
    save = next(b for b in prompt.buttons() if b.text() == "Lưu nháp và đóng")
    save.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    local = services.registrations.get(editor.record_id)
    assert local is not None and local.doc.address == "So 5 Ha Noi"


def test_province_code_picker_finds_a_code_by_name_without_diacritics(qtbot: QtBot) -> None:
    picker = CodePicker(2)
    qtbot.addWidget(picker)
    items, extra = province_items()
    picker.set_items(items, extra)
    code = next(c for c, name in items if name == "Hà Tĩnh")
    completer = picker.edit.completer()
    completer.setCompletionPrefix("ha tinh")
    assert completer.completionCount() == 1
    assert completer.pathFromIndex(completer.currentIndex()) == code  # inserts the code only
    picker.edit.setText("Ha Tinh")  # typed and left without picking: one match, so taken
    picker.edit.editingFinished.emit()
    assert picker.code() == code
    assert picker.name_label.text() == "Hà Tĩnh"
    picker.edit.setText("0123")  # a code is never longer than its digits
    assert picker.code() == "01"


def test_schools_already_saved_on_this_machine_are_offered_by_the_school_picker(
    qtbot: QtBot,
    editor: RegistrationEditor,
    services: AppServices,
    runner: TaskRunner,
    ministry: MockMinistry,
    tmp_path: Path,
) -> None:
    fill_valid(qtbot, editor, ministry.citizen_ids(6)[5], tmp_path)
    with qtbot.waitSignal(editor.saved, timeout=WAIT):
        editor.save_draft()
    second = RegistrationEditor(services, runner, YEAR)
    qtbot.addWidget(second)
    settle(qtbot, second)
    row = second.schools.rows[11]
    row.province.set_code("01")
    row.school.set_code("001")  # typed by hand: name and area come from the known school
    assert row.school.name_label.text() == "THPT Nguyễn Du"
    assert row.name.text() == "THPT Nguyễn Du"
    assert row.area.currentData() == "KV3"
    assert "KV3" in second.priority.area_explanation.text()


def test_offline_the_look_up_says_why_and_ctrl_s_still_saves(
    qtbot: QtBot, editor: RegistrationEditor, services: AppServices, ministry: MockMinistry
) -> None:
    cccd = ministry.citizen_ids(7)[6]
    ministry.stop()
    look_up(qtbot, editor, cccd)
    assert "chưa lưu dữ liệu của công dân này" in editor.lookup_status.text()
    assert editor.identity.full_name.text() == ""  # nothing invented
    editor.identity.full_name.setText("Nguyễn Văn Ngoại Tuyến")
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=WAIT)
    editor.identity.full_name.setFocus()
    with qtbot.waitSignal(editor.saved, timeout=WAIT):
        qtbot.keyClick(editor.identity.full_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert services.registrations is not None
    local = services.registrations.get(editor.record_id)
    assert local is not None and local.doc.full_name == "Nguyễn Văn Ngoại Tuyến"
    assert local.problems  # a draft keeps its problems for the form to show
    assert "Đã lưu nháp" in editor.message.text()


def test_a_language_change_keeps_every_value(
    qtbot: QtBot, editor: RegistrationEditor, ministry: MockMinistry
) -> None:
    look_up(qtbot, editor, ministry.citizen_ids(1)[0])
    editor.exam.language.setCurrentIndex(editor.exam.language.findData("N1"))
    settle(qtbot, editor)
    before = editor.doc()
    widgets: list[QWidget] = [editor, editor.board, editor.comparison, *editor.sections]
    for widget in widgets:
        QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))
    assert editor.doc() == before
    assert editor.identity.captions["full_name"].text() == "&Họ và tên:"
    assert editor.exam.language.currentText().startswith("N1")
