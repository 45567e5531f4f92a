"""The kiosk's exam registration for a free candidate, against the real mock (plus the
candidate self-record endpoint of ``ministry_mock/routes/candidate_registration.py``).

Shared helpers (``free_ministry``, ``free_candidate``, ``fill_registration``) are used by
tests/e2e/test_kiosk_journey.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from exam_client.services.bootstrap import build_services
from exam_client.services.candidate_registration import (
    RECORD_ID,
    SUBMIT_KEY,
    CandidateRegistrationService,
)
from exam_client.services.candidate_session import CandidateSessionService
from exam_client.services.context import AppServices
from exam_client.services.settings import Settings
from exam_client.ui.kiosk.registration import PARTS, RegistrationPage
from exam_client.ui.kiosk.steps import PageContext, StepFrame, StepSpec
from exam_client.ui.tasks import TaskRunner
from ministry_mock.app import create_app
from ministry_mock.population import COHORT_BIRTH_YEAR
from ministry_mock.routes import candidate_registration
from ministry_mock.security import hash_password
from ministry_mock.server import start_in_thread
from ministry_mock.settings import MockSettings
from ministry_mock.store.models import Account, Citizen, ExamRegistration
from tests.ministry import Clock, MockMinistry

FREE_PASSWORD = "Tudo@2026x"


@dataclass(frozen=True)
class FreeCandidate:
    cccd: str
    password: str
    name: str


def free_ministry(tmp: Path, citizens: int = 300, **settings: object) -> MockMinistry:
    """``tests.ministry.start_mock`` plus the candidate self-record router (see the report)."""
    clock = Clock()
    app = create_app(
        MockSettings(
            db_url=f"sqlite:///{tmp / 'ministry.db'}",
            citizens=citizens,
            schools=20,
            scrypt_n=2**10,
            clock=clock,
            **settings,  # type: ignore[arg-type]
        )
    )
    if not any(getattr(r, "path", "") == "/candidates/me/citizen" for r in app.routes):
        app.include_router(candidate_registration.router)
    return MockMinistry(start_in_thread(app), app, clock)


def add_free_candidate(ministry: MockMinistry, skip: int = 0) -> FreeCandidate:
    """An account for a citizen born well before the cohort (a free candidate, DOMAIN §2.1)."""
    with ministry.store.sessions() as session:
        taken = set(session.scalars(select(Account.username)))
        rows = session.execute(
            select(Citizen.cccd, Citizen.full_name)
            .where(Citizen.date_of_birth < date(COHORT_BIRTH_YEAR - 2, 1, 1))
            .order_by(Citizen.seq)
        ).all()
        cccd, name = [r for r in rows if r[0] not in taken][skip]
        session.add(
            Account(
                username=cccd,
                password_hash=hash_password(FREE_PASSWORD, n=2**10),
                role="candidate",
                display_name=name,
                failed_attempts=0,
            )
        )
        session.commit()
    return FreeCandidate(cccd, FREE_PASSWORD, name)


def server_registrations(ministry: MockMinistry, cccd: str) -> list[ExamRegistration]:
    with ministry.store.sessions() as session:
        rows = session.scalars(select(ExamRegistration).where(ExamRegistration.cccd == cccd))
        found = list(rows)
        session.expunge_all()
        return found


def portrait(tmp: Path) -> str:
    image = QImage(400, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("#c9d3e0"))
    path = tmp / "portrait.png"
    assert image.save(str(path))
    return str(path)


def fill_registration(qtbot: QtBot, page: RegistrationPage, tmp: Path, go_next: object) -> None:
    """Walk the parts as a candidate would: category c, admission, Toán + Lí + Hoá, phone,
    photo; ``go_next()`` is the frame's Next (Enter). Ends on the review part."""
    qtbot.waitUntil(lambda: page.state == "editing", timeout=15_000)
    assert page.part == 0
    go_next()  # type: ignore[operator]
    assert PARTS[page.part] == "exam"
    exam = page.exam
    exam.category.setCurrentIndex(exam.category.findData("c"))
    exam.purpose.setCurrentIndex(exam.purpose.findData("admission"))
    for code in ("TO", "LI", "HO"):
        exam.subjects[code].setChecked(True)
    go_next()  # type: ignore[operator]
    assert PARTS[page.part] == "exemption"
    go_next()  # type: ignore[operator]
    assert PARTS[page.part] == "priority"
    go_next()  # type: ignore[operator]
    assert PARTS[page.part] == "contact"
    page.contact.phone.setFocus()
    qtbot.keyClicks(page.contact.phone, "0912345678")
    page.photo.load_file(portrait(tmp))
    qtbot.waitUntil(lambda: page.photo.photo is not None, timeout=10_000)
    go_next()  # type: ignore[operator]
    assert PARTS[page.part] == "review"


@pytest.fixture
def ministry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockMinistry]:
    mock = free_ministry(tmp_path_factory.mktemp("ministry"))
    try:
        yield mock
    finally:
        mock.stop()


@dataclass
class Desk:
    services: AppServices
    sessions: CandidateSessionService
    ctx: PageContext
    who: FreeCandidate


@pytest.fixture
def desk(ministry: MockMinistry, tmp_path: Path) -> Iterator[Desk]:
    services = build_services(
        Settings(data_dir=tmp_path / "client", api_url=ministry.base_url, mode="kiosk")
    )
    runner = TaskRunner()
    sessions = CandidateSessionService.for_services(services)
    who = add_free_candidate(ministry)
    sessions.sign_in(who.cccd, who.password)
    try:
        yield Desk(services, sessions, PageContext(sessions, runner, ()), who)
    finally:
        sessions.end()
        runner.wait_idle(10_000)
        services.close()


def framed(qtbot: QtBot, desk: Desk) -> StepFrame:
    steps = (
        StepSpec("home", str(QT_TRANSLATE_NOOP("KioskSteps", "Trang của bạn"))),
        StepSpec(
            "registration", str(QT_TRANSLATE_NOOP("KioskSteps", "Đăng ký dự thi")), RegistrationPage
        ),
        StepSpec("after", str(QT_TRANSLATE_NOOP("KioskSteps", "Nguyện vọng xét tuyển"))),
    )
    ctx = PageContext(desk.sessions, desk.ctx.runner, steps)
    frame = StepFrame(ctx)
    qtbot.addWidget(frame)
    frame.resize(1280, 900)
    frame.show()
    qtbot.waitExposed(frame)
    frame.go_to(1)  # the journey's second step, as in journey.py
    return frame


def press_enter(qtbot: QtBot, frame: StepFrame) -> None:
    qtbot.keyClick(frame, Qt.Key.Key_Return)


def test_identity_is_from_the_register_and_read_only(
    qtbot: QtBot, desk: Desk, ministry: MockMinistry
) -> None:
    frame = framed(qtbot, desk)
    page = frame.page
    assert isinstance(page, RegistrationPage)
    qtbot.waitUntil(lambda: page.state == "editing", timeout=15_000)
    assert page.identity.values["full_name"].text() == desk.who.name
    assert page.identity.values["cccd"].text() == desk.who.cccd
    assert page.identity.values["date_of_birth"].text().count("/") == 2
    editable = [e for e in page.findChildren(QLineEdit) if e.text() == desk.who.name]
    assert editable == []  # the name is shown, never typed
    assert page.exam.category.findData("a") == -1  # 12th graders register at their school
    page.grab().save("/tmp/f9-reg-identity.png")
    page.skip_button.setFocus()  # registered at school: leave without a form, by keyboard
    press_enter(qtbot, frame)
    assert frame.index == 2
    assert server_registrations(ministry, desk.who.cccd) == []


def test_rules_keep_the_candidate_on_a_part_with_errors(qtbot: QtBot, desk: Desk) -> None:
    frame = framed(qtbot, desk)
    page = frame.page
    assert isinstance(page, RegistrationPage)
    qtbot.waitUntil(lambda: page.state == "editing", timeout=15_000)
    press_enter(qtbot, frame)
    assert PARTS[page.part] == "exam"
    page.exam.category.setCurrentIndex(page.exam.category.findData("c"))
    page.exam.purpose.setCurrentIndex(page.exam.purpose.findData("both"))  # c: admission only
    press_enter(qtbot, frame)
    assert PARTS[page.part] == "exam"  # refused, with the engine's words under the field
    assert page.exam.errors["purpose"].isVisible()
    assert "Chỉ xét tuyển sinh" in page.exam.errors["purpose"].text()
    assert page.exam.purpose.hasFocus()
    page.grab().save("/tmp/f9-reg-exam-error.png")
    page.exam.purpose.setCurrentIndex(page.exam.purpose.findData("admission"))
    page.exam.subjects["TO"].setChecked(True)
    press_enter(qtbot, frame)
    assert PARTS[page.part] == "exemption"
    qtbot.keyClick(frame, Qt.Key.Key_Escape)  # Esc = the previous part, not the previous step
    assert PARTS[page.part] == "exam" and frame.index == 1


def test_submit_goes_to_the_server_once_with_a_receipt_and_nothing_on_disk(
    qtbot: QtBot, desk: Desk, ministry: MockMinistry, tmp_path: Path
) -> None:
    frame = framed(qtbot, desk)
    page = frame.page
    assert isinstance(page, RegistrationPage)
    fill_registration(qtbot, page, tmp_path, lambda: press_enter(qtbot, frame))
    assert "Toán" in page.review.text() and "Vật lí" in page.review.text()
    assert page.submit_button.isEnabled()
    press_enter(qtbot, frame)  # Next before submitting: stays, says why
    assert frame.index == 1 and "Nộp phiếu" in page.status.text()
    page.grab().save("/tmp/f9-reg-review.png")
    assert server_registrations(ministry, desk.who.cccd) == []

    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.state == "submitted", timeout=15_000)
    rows = server_registrations(ministry, desk.who.cccd)
    assert len(rows) == 1 and rows[0].status == "submitted"
    assert page.receipt_button.isVisible()
    session = desk.sessions.session
    assert session is not None and SUBMIT_KEY in session.data and RECORD_ID in session.data
    first = page.submitted
    assert first is not None and first.duplicate is False

    # a retry after a lost answer: same content → same key → "duplicate", no second record
    doc, _ = page.doc_or_problems()
    assert doc is not None
    again = CandidateRegistrationService(desk.sessions).submit(doc, page.exam_year, None)
    assert again.idempotency_key == first.idempotency_key and again.duplicate
    assert len(server_registrations(ministry, desk.who.cccd)) == 1

    # nothing of the candidate's registration in the kiosk's local store
    assert desk.services.registrations is not None
    assert list(desk.services.registrations.records()) == []

    qtbot.mouseClick(page.receipt_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.printed is not None, timeout=15_000)
    assert page.printed is not None
    pdf = page.printed.path
    assert pdf.read_bytes().startswith(b"%PDF")
    page.grab().save("/tmp/f9-reg-submitted.png")
    frame.next_button.setFocus()  # Enter on the focused receipt button would print again
    press_enter(qtbot, frame)
    assert frame.index == 2  # submitted: the journey goes on
    page.cancel_tasks()  # the wipe
    assert not pdf.exists()


def test_a_changed_form_after_submitting_gets_a_new_key_and_a_new_version(
    qtbot: QtBot, desk: Desk, ministry: MockMinistry, tmp_path: Path
) -> None:
    frame = framed(qtbot, desk)
    page = frame.page
    assert isinstance(page, RegistrationPage)
    fill_registration(qtbot, page, tmp_path, lambda: press_enter(qtbot, frame))
    page.submit()
    qtbot.waitUntil(lambda: page.state == "submitted", timeout=15_000)
    first = page.submitted
    assert first is not None
    page.contact.email.setText("an@example.vn")  # an edit: back to "editing"
    assert page.state == "editing"
    page.submit()
    qtbot.waitUntil(lambda: page.state == "submitted", timeout=15_000)
    second = page.submitted
    assert second is not None and second.idempotency_key != first.idempotency_key
    assert second.registration.version == first.registration.version + 1
    rows = server_registrations(ministry, desk.who.cccd)
    assert len(rows) == 1 and rows[0].version == second.registration.version


def test_every_input_of_every_part_has_an_accessible_name_and_a_touch_size(
    qtbot: QtBot, desk: Desk
) -> None:
    frame = framed(qtbot, desk)
    page = frame.page
    assert isinstance(page, RegistrationPage)
    qtbot.waitUntil(lambda: page.state == "editing", timeout=15_000)
    for part in PARTS:
        for widget in page.inputs_of(part):
            assert isinstance(widget, QWidget)
            assert widget.accessibleName(), (part, type(widget).__name__, widget.objectName())
    page.can_go_next()
    assert page.exam.category.sizeHint().height() >= 48
    assert page.exam.subjects["TO"].sizeHint().height() >= 48


def test_server_counts_start_at_zero(ministry: MockMinistry) -> None:
    with ministry.store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ExamRegistration)) == 0
    assert timedelta(0) == ministry.clock.offset
