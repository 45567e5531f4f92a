"""The candidate journey, in screen order: THE place where steps are registered.

To add a step, give its :class:`StepSpec` a ``factory`` (a :class:`KioskPage` subclass taking a
:class:`PageContext`) — see :mod:`exam_client.ui.kiosk.steps`. Titles are Vietnamese source
strings marked with ``QT_TRANSLATE_NOOP("KioskSteps", …)`` so ``pyside6-lupdate`` extracts them.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from exam_client.ui.kiosk.confirmation import ConfirmationPage
from exam_client.ui.kiosk.home import HomePage
from exam_client.ui.kiosk.payment import PaymentPage
from exam_client.ui.kiosk.preferences import PreferencesPage
from exam_client.ui.kiosk.registration import RegistrationPage
from exam_client.ui.kiosk.results import ResultsPage
from exam_client.ui.kiosk.steps import StepSpec


def default_steps() -> tuple[StepSpec, ...]:
    return (
        StepSpec("home", str(QT_TRANSLATE_NOOP("KioskSteps", "Trang của bạn")), HomePage),
        StepSpec(
            "registration",
            str(QT_TRANSLATE_NOOP("KioskSteps", "Đăng ký dự thi")),
            RegistrationPage,
        ),
        StepSpec(
            "preferences",
            str(QT_TRANSLATE_NOOP("KioskSteps", "Nguyện vọng xét tuyển")),
            PreferencesPage,
        ),
        StepSpec("payment", str(QT_TRANSLATE_NOOP("KioskSteps", "Nộp lệ phí")), PaymentPage),
        StepSpec("results", str(QT_TRANSLATE_NOOP("KioskSteps", "Kết quả")), ResultsPage),
        StepSpec(
            "confirmation",
            str(QT_TRANSLATE_NOOP("KioskSteps", "Xác nhận nhập học")),
            ConfirmationPage,
        ),
    )
