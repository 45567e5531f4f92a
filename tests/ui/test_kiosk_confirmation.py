"""Enrollment confirmation against the real mock (two steps, the window, final once done), and
the kiosk wipe across the payment, results and confirmation pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QT_TRANSLATE_NOOP
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from exam_client.api import cycle_client
from exam_client.api.client import MinistryClient
from exam_client.api.errors import Conflict
from exam_client.api.payments import ConfirmationRequest
from exam_client.services.enrollment import EnrollmentService, NotConfirmable
from exam_client.ui.kiosk.confirmation import ConfirmationPage
from exam_client.ui.kiosk.home import HomePage
from exam_client.ui.kiosk.payment import PaymentPage
from exam_client.ui.kiosk.results import ResultsPage
from exam_client.ui.kiosk.shell import KioskShell
from exam_client.ui.kiosk.steps import StepSpec
from ministry_mock.confirmations import record_admission
from ministry_mock.store.payment_models import EnrollmentConfirmationRow, PaymentNvCount
from tests.ministry import MockMinistry
from tests.ui.test_kiosk_payment import Visit, admin_client, show, visit  # noqa: F401
from tests.ui.test_kiosk_results import admit
from tests.ui.test_kiosk_shell import (  # noqa: F401 - fixtures
    Candidate,
    candidate,
    make_kiosk,
    services,
    sign_in_ok,
)
from tests.ui.test_kiosk_wipe import flush_deletes, leaks, visible_texts


def confirmation_page(qtbot: QtBot, visit: Visit) -> ConfirmationPage:  # noqa: F811
    page = ConfirmationPage(visit.ctx)
    show(qtbot, page)
    page.entered()
    qtbot.waitUntil(lambda: page.state not in ("loading",), timeout=15_000)
    return page


def confirmations(ministry: MockMinistry, cccd: str) -> int:
    with ministry.store.sessions() as session:
        query = select(func.count()).select_from(EnrollmentConfirmationRow)
        return int(session.scalar(query.where(EnrollmentConfirmationRow.cccd == cccd)) or 0)


def test_two_steps_then_final_with_receipt(qtbot: QtBot, visit: Visit) -> None:  # noqa: F811
    move = visit.clock.jump("confirmation")
    admit(visit, move.state.now)
    page = confirmation_page(qtbot, visit)
    assert page.state == "ready", page.status.text()
    assert "Công nghệ thông tin" in page.programme.text()
    assert "21/08/2026" in page.deadline.text()
    assert page.countdown.isVisible() and "ngày" in page.countdown.text()
    page.grab().save("/tmp/h8-confirm-ready.png")

    page.buttons["confirm"].click()  # step 1 of 2: nothing is sent
    assert page.state == "asking"
    assert page.warning.isVisible()
    assert page.warning.text().startswith("Xác nhận nhập học là quyết định cuối cùng")
    assert page.buttons["final"].isVisible() and not page.buttons["confirm"].isVisible()
    page.grab().save("/tmp/h8-confirm-asking.png")
    assert confirmations(visit.ministry, visit.cccd) == 0
    page.buttons["cancel"].click()
    assert page.state == "ready" and confirmations(visit.ministry, visit.cccd) == 0

    page.buttons["confirm"].click()
    assert page.state == "asking"
    assert page.escape_goes_back() is False  # Esc (the frame asks this) answers "no", stays here
    assert page.state == "ready" and confirmations(visit.ministry, visit.cccd) == 0
    page.buttons["confirm"].click()
    page.buttons["final"].click()  # step 2: sent once
    qtbot.waitUntil(lambda: page.state == "confirmed", timeout=15_000)
    assert "cuối cùng" in page.status.text()
    assert not any(page.buttons[k].isVisible() for k in ("confirm", "final"))
    assert confirmations(visit.ministry, visit.cccd) == 1
    page.buttons["receipt"].click()
    qtbot.waitUntil(lambda: page.printed is not None, timeout=15_000)
    page.grab().save("/tmp/h8-confirm-done.png")

    again = confirmation_page(qtbot, visit)  # a later visit to the step: still final
    assert again.state == "confirmed"
    assert not again.buttons["confirm"].isVisible()
    assert confirmations(visit.ministry, visit.cccd) == 1


def test_outside_the_window_is_refused_by_the_page_and_the_server(
    qtbot: QtBot,
    visit: Visit,  # noqa: F811
) -> None:
    move = visit.clock.jump("results")
    admit(visit, move.state.now)
    closed = visit.clock.jump("confirmation_closed")
    assert closed.state.now > move.state.now
    page = confirmation_page(qtbot, visit)
    assert page.state == "refused"
    assert not page.buttons["confirm"].isVisible()
    assert page.status.text()
    page.grab().save("/tmp/h8-confirm-closed.png")
    service = EnrollmentService(visit.sessions)
    with pytest.raises(NotConfirmable) as refused:
        service.confirm(service.load())
    assert refused.value.reason == "closed"
    client = visit.sessions._client  # the server says no as well, whatever a client sends
    body = ConfirmationRequest(exam_year=2026, institution_code="QSB", programme_code="7480201")
    with pytest.raises(Conflict) as conflict:
        cycle_client.confirm_enrollment(client, body, "k-" + "1" * 30)
    assert conflict.value.code == "confirmation.closed"
    assert confirmations(visit.ministry, visit.cccd) == 0


def test_the_wipe_clears_payment_results_and_confirmation(
    qtbot: QtBot,
    make_kiosk: Callable[..., KioskShell],  # noqa: F811
    candidate: Candidate,  # noqa: F811
    ministry: MockMinistry,
) -> None:
    steps = (
        StepSpec("home", str(QT_TRANSLATE_NOOP("KioskSteps", "Trang của bạn")), HomePage),
        StepSpec("payment", str(QT_TRANSLATE_NOOP("KioskSteps", "Nộp lệ phí")), PaymentPage),
        StepSpec("results", str(QT_TRANSLATE_NOOP("KioskSteps", "Kết quả")), ResultsPage),
        StepSpec(
            "confirmation",
            str(QT_TRANSLATE_NOOP("KioskSteps", "Xác nhận nhập học")),
            ConfirmationPage,
        ),
    )
    admin = MinistryClient(ministry.base_url)
    from exam_client.api.cycle import ClockUpdate
    from ministry_mock.demo_accounts import DEMO_ADMIN_PASS, DEMO_ADMIN_USERNAME

    admin.login(DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)
    now = cycle_client.set_clock(admin, ClockUpdate(phase="confirmation")).now
    admin.close()
    with ministry.store.sessions() as session:
        session.merge(PaymentNvCount(cccd=candidate.cccd, exam_year=2026, count=4, version=1))
        session.commit()

    with ministry.store.sessions() as session:
        record_admission(
            session,
            cccd=candidate.cccd,
            year=2026,
            institution_code="QSB",
            programme_code="7480201",
            preference_rank=1,
            score=2731,
            cutoff=2644,
            published_at=now,
            programme_name="Công nghệ thông tin",
        )
        session.commit()
    shell = make_kiosk(steps=steps)
    sign_in_ok(qtbot, shell, candidate)
    frame = shell.frame
    assert frame is not None
    frame.go_to(1)
    payment = frame.page
    assert isinstance(payment, PaymentPage)
    qtbot.waitUntil(lambda: payment.state != "loading", timeout=15_000)
    frame.go_to(2)
    results = frame.page
    assert isinstance(results, ResultsPage)
    qtbot.waitUntil(lambda: results.view is not None, timeout=15_000)
    frame.go_to(3)
    confirm = frame.page
    assert isinstance(confirm, ConfirmationPage)
    qtbot.waitUntil(lambda: confirm.state == "ready", timeout=15_000)
    shell.grab().save("/tmp/h8-kiosk-confirmation.png")
    secrets = ["60.000", "27,31", "26,44", "Công nghệ thông tin"]
    seen = " ".join(visible_texts(shell))
    assert all(s in seen for s in secrets[1:]), "the probe must see the data while signed in"
    assert "60.000" in payment.amount.text() or payment.state == "closed"

    shell.wipe()
    assert not payment.tasks and not results.timer.isActive() and not confirm.tick.isActive()
    flush_deletes()
    left = " ".join(visible_texts(shell))
    assert [s for s in secrets if s in left] == []
    assert leaks(shell, candidate) == []


def test_demo_clock_control_moves_the_server_clock_by_shortcut(
    qtbot: QtBot,
    visit: Visit,  # noqa: F811
) -> None:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QWidget

    from exam_client.ui.kiosk.demo_clock import SHORTCUT, install_demo_clock

    visit.clock.jump("preferences")
    host = QWidget()
    show(qtbot, host)
    control = install_demo_clock(host, visit.ctx.runner, lambda: visit.clock)
    assert control.button.accessibleName() and SHORTCUT in control.button.toolTip()
    assert control.geometry().bottom() >= host.height() - 8  # tucked in the bottom-left corner
    assert control.shortcut.key() == QKeySequence(SHORTCUT)
    assert control.shortcut.parent() is host
    with qtbot.waitSignal(control.moved, timeout=15_000) as moved:
        # offscreen under pytest no window is ever "active", so Qt never matches window
        # shortcuts there; the binding is asserted and its signal fired (a plain script with
        # QTest.keyClick on an active window does trigger it)
        control.shortcut.activated.emit()
    assert moved.args is not None, (control.problem, control.note.text())
    assert moved.args[0].phase == "payment"
    assert "nộp lệ phí" in control.note.text() and "15/07/2026" in control.note.text()
    assert visit.clock.state().open_phases.count("payment") == 1
    host.grab().save("/tmp/h8-demo-clock.png")
    with qtbot.waitSignal(control.moved, timeout=15_000) as moved:
        control.jump("results")
    assert moved.args is not None and moved.args[0].phase == "results"
