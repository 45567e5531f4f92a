"""Step 1: the candidate's home — greeting by name and the steps ahead (placeholder for now).

GUI thread only. The name is read from the session when the page is built or retranslated and
lives only in this page's labels, which the wipe clears and destroys.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from exam_client.ui.kiosk.steps import KioskPage, PageContext


class HomePage(KioskPage):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.greeting = QLabel()
        self.greeting.setObjectName("kioskHero")
        self.greeting.setWordWrap(True)
        self.intro = QLabel()
        self.intro.setObjectName("kioskSubtitle")
        self.intro.setWordWrap(True)
        card = QFrame()
        card.setObjectName("kioskCard")
        self.step_labels: list[QLabel] = []
        steps_layout = QVBoxLayout(card)
        steps_layout.setContentsMargins(24, 16, 24, 16)
        steps_layout.setSpacing(10)
        for _spec in ctx.steps[1:]:
            label = QLabel()
            label.setObjectName("kioskStepPending")
            steps_layout.addWidget(label)
            self.step_labels.append(label)
        self.start_button = QPushButton()
        self.start_button.setObjectName("kioskPrimary")
        self.start_button.clicked.connect(self.request_next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(18)
        layout.addWidget(self.greeting)
        layout.addWidget(self.intro)
        layout.addWidget(card)
        layout.addWidget(self.start_button)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        candidate = self.ctx.candidate
        name = candidate.display_name if candidate is not None else ""
        self.greeting.setText(self.tr("Xin chào, %1!").replace("%1", name))
        self.intro.setText(
            self.tr("Các bước bạn sẽ làm tại ki-ốt này. Chạm “Bắt đầu” để đi từng bước.")
        )
        for number, (label, spec) in enumerate(
            zip(self.step_labels, self.ctx.steps[1:], strict=True), start=2
        ):
            state = self.tr("sắp có") if spec.planned else self.tr("sẵn sàng")
            label.setText(
                self.tr("%1. %2 — %3")
                .replace("%1", str(number))
                .replace("%2", spec.translated_title())
                .replace("%3", state)
            )
        self.start_button.setText(self.tr("Bắt đầu"))
        self.start_button.setAccessibleName(self.tr("Bắt đầu bước đầu tiên"))

    def entered(self) -> None:
        self.start_button.setFocus()
