"""Look a citizen up by their 12-digit ID: inline validation, result card, where it came from."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exam_client.domain.cccd import check_cccd, normalize_cccd_input
from exam_client.services.errors import ApiError, ServiceError
from exam_client.ui.formatting import format_age, format_date, format_moment
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.tasks import TaskHandle, TaskRunner

if TYPE_CHECKING:
    from exam_client.services.citizens import LookupResult
    from exam_client.services.context import AppServices

# Captions are marked for lupdate here and translated when shown (retranslate_ui).
CARD_FIELDS = (
    ("cccd", str(QT_TRANSLATE_NOOP("CitizenLookupPanel", "Số định danh"))),
    ("date_of_birth", str(QT_TRANSLATE_NOOP("CitizenLookupPanel", "Ngày sinh"))),
    ("gender", str(QT_TRANSLATE_NOOP("CitizenLookupPanel", "Giới tính"))),
    ("birth_province", str(QT_TRANSLATE_NOOP("CitizenLookupPanel", "Nơi đăng ký khai sinh"))),
    ("residence", str(QT_TRANSLATE_NOOP("CitizenLookupPanel", "Nơi thường trú"))),
    ("ethnicity", str(QT_TRANSLATE_NOOP("CitizenLookupPanel", "Dân tộc"))),
)


class CitizenLookupPanel(Retranslatable, QWidget):
    def __init__(
        self, services: AppServices, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._pending: TaskHandle | None = None
        self.requests_sent = 0
        self._result: LookupResult | None = None

        self.title = QLabel()
        self.title.setObjectName("title")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("subtitle")
        self.subtitle.setWordWrap(True)  # large text sizes wrap instead of widening the window

        self.id_input = QLineEdit()
        self.id_input.setMaxLength(20)
        self.id_input.setValidator(QRegularExpressionValidator(r"[0-9 .\-]*"))
        self.id_input.textChanged.connect(self._on_text_changed)
        self.id_input.returnPressed.connect(self.lookup)
        self.counter = QLabel("0/12")
        self.counter.setObjectName("subtitle")
        self.lookup_button = QPushButton()
        self.lookup_button.setObjectName("primary")
        self.lookup_button.clicked.connect(self.lookup)
        row = QHBoxLayout()
        self.id_label = QLabel()
        self.id_label.setBuddy(self.id_input)
        row.addWidget(self.id_label)
        row.addWidget(self.id_input, 1)
        row.addWidget(self.counter)
        row.addWidget(self.lookup_button)

        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.card = QFrame()
        self.card.setObjectName("card")
        grid = QGridLayout(self.card)
        grid.setContentsMargins(16, 14, 16, 14)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        self.name_value = QLabel()
        self.name_value.setObjectName("cardName")
        self.name_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.name_value, 0, 0, 1, 2)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for i, (key, _caption) in enumerate(CARD_FIELDS, start=1):
            k = QLabel()
            k.setObjectName("cardKey")
            self.captions[key] = k
            v = QLabel()
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(k, i, 0)
            grid.addWidget(v, i, 1)
            self.values[key] = v
        grid.setColumnStretch(1, 1)
        self.source_label = QLabel()
        self.source_label.setObjectName("source")
        self.source_label.setWordWrap(True)
        grid.addWidget(self.source_label, len(CARD_FIELDS) + 1, 0, 1, 2)
        self.card.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.card)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Tra cứu công dân"))
        self.subtitle.setText(
            self.tr("Đối chiếu với Cơ sở dữ liệu quốc gia về dân cư theo số định danh cá nhân")
        )
        self.id_input.setAccessibleName(self.tr("Số định danh cá nhân (CCCD)"))
        self.id_input.setPlaceholderText(self.tr("12 chữ số, ví dụ 001208012345"))
        self.id_label.setText(self.tr("Số &định danh cá nhân (CCCD):"))
        self.error_label.setAccessibleName(self.tr("Lỗi số định danh"))
        for key, caption in CARD_FIELDS:
            self.captions[key].setText(QCoreApplication.translate("CitizenLookupPanel", caption))
        self.lookup_button.setText(
            self.tr("Đang tra cứu…") if self._pending is not None else self.tr("Tra cứu")
        )
        if self._result is not None:
            self._show_source(self._result)

    # -- validation while typing -------------------------------------------------------------
    def _on_text_changed(self, text: str) -> None:
        digits = normalize_cccd_input(text)
        self.counter.setText(f"{len(digits)}/12")
        # Only say what is already certain while the person is still typing.
        if len(digits) > 12 or (len(digits) == 12 and check_cccd(digits)):
            self._show_error(check_cccd(digits)[0].message_vi)
        else:
            self._clear_error()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.id_input.setProperty("invalid", True)
        self._repolish()

    def _clear_error(self) -> None:
        self.error_label.hide()
        self.id_input.setProperty("invalid", False)
        self._repolish()

    def _repolish(self) -> None:
        style = self.id_input.style()
        style.unpolish(self.id_input)
        style.polish(self.id_input)

    # -- look-up -----------------------------------------------------------------------------
    def lookup(self) -> None:
        typed = self.id_input.text()
        problems = check_cccd(typed)
        if problems:
            self._show_error(problems[0].message_vi)
            self.card.hide()  # never show one person's card next to another person's ID
            self.id_input.setFocus()
            return
        self._clear_error()
        if self._pending is not None:
            self._pending.cancel()
        self.lookup_button.setEnabled(False)
        self.lookup_button.setText(self.tr("Đang tra cứu…"))
        self.requests_sent += 1
        self._pending = self._runner.submit(
            lambda: self._services.citizens.lookup(typed),
            on_success=self._show_result,
            on_failure=self._show_failure,
        )

    def _done(self) -> None:
        self._pending = None
        self.lookup_button.setEnabled(True)
        self.lookup_button.setText(self.tr("Tra cứu"))

    def _show_result(self, result: LookupResult) -> None:
        self._done()
        c = result.citizen
        self.name_value.setText(c.full_name)
        self.values["cccd"].setText(c.cccd)
        self.values["date_of_birth"].setText(format_date(c.date_of_birth))
        self.values["gender"].setText(c.gender_vi)
        self.values["birth_province"].setText(c.birth_province_name)
        self.values["residence"].setText(c.residence)
        self.values["ethnicity"].setText(c.ethnicity)
        self._result = result
        self._show_source(result)
        self.card.show()

    def _show_source(self, result: LookupResult) -> None:
        """Where the card's data came from; kept so a language switch can say it again."""
        when = format_moment(result.fetched_at)
        if result.source == "register":
            text = self.tr("Nguồn: Cơ sở dữ liệu quốc gia về dân cư, tra cứu lúc %1.")
            self.source_label.setObjectName("source")
        elif result.offline:
            age = format_age(datetime.now(UTC) - result.fetched_at)
            text = self.tr(
                "Đang ngoại tuyến — dữ liệu lưu trên máy từ %1 (%2). "
                "Có thể đã thay đổi; hãy tra cứu lại khi có mạng."
            ).replace("%2", age)
            self.source_label.setObjectName("sourceOffline")
        else:
            text = self.tr("Nguồn: dữ liệu đã lưu trên máy, tra cứu lúc %1.")
            self.source_label.setObjectName("source")
        self.source_label.setText(text.replace("%1", when))
        self.source_label.style().unpolish(self.source_label)
        self.source_label.style().polish(self.source_label)

    def _show_failure(self, exc: BaseException) -> None:
        self._done()
        self.card.hide()
        self._result = None
        if isinstance(exc, ServiceError | ApiError):
            self._show_error(exc.message_vi)
        else:
            self._show_error(
                self.tr("Lỗi không mong đợi (%1). Hãy thử lại.").replace("%1", type(exc).__name__)
            )
