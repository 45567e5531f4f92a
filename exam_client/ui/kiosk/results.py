"""Step "Kết quả": exam scores per subject, the graduation result, and the admission result with
why the higher NVs were not reached — live, without signing in again (DOMAIN.md §13.13).

The page reloads by itself every :attr:`ResultsPage.refresh_interval_ms` (and on "Làm mới"),
off the GUI thread; each load replaces every label, so the screen never mixes two snapshots.
GUI thread only; the wipe cancels the refresh (:meth:`cancel_tasks`).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from exam_client.domain.explain import vi_decimal
from exam_client.services.candidate_session import SessionEnded
from exam_client.services.results import ResultsService, ResultsView
from exam_client.ui.kiosk.payment_text import moment
from exam_client.ui.kiosk.steps import KioskPage, PageContext


def _label(name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


class ResultsPage(KioskPage):
    refresh_interval_ms = 60_000

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = ResultsService(ctx.sessions)
        self.view: ResultsView | None = None
        self.problem = ""
        self.loading = False
        self.scores_title = _label("kioskSubtitle")
        self.scores_note = _label("kioskNote")
        self.scores_grid = QGridLayout()
        self.scores_grid.setHorizontalSpacing(24)
        self.graduation = _label()
        self.verdict = _label("kioskHint")
        scores_card = QFrame()
        scores_card.setObjectName("kioskCard")
        box = QVBoxLayout(scores_card)
        for widget in (self.scores_title, self.scores_note):
            box.addWidget(widget)
        box.addLayout(self.scores_grid)
        box.addWidget(self.graduation)
        box.addWidget(self.verdict)
        self.admission_title = _label("kioskSubtitle")
        self.admission_status = _label("kioskNote")
        self.admission_facts = _label()
        self.why_title = _label("kioskHint")
        self.why = _label()
        admission_card = QFrame()
        admission_card.setObjectName("kioskCard")
        box = QVBoxLayout(admission_card)
        for widget in (
            self.admission_title,
            self.admission_status,
            self.admission_facts,
            self.why_title,
            self.why,
        ):
            box.addWidget(widget)
        self.updated = _label("kioskHint")
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        footer = QHBoxLayout()
        footer.addWidget(self.updated, 1)
        footer.addWidget(self.refresh_button)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(14)
        inner.addWidget(scores_card)
        inner.addWidget(admission_card)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(footer)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.retranslate_ui()

    def entered(self) -> None:
        if self.view is None and not self.loading:
            self.refresh()
        if not self.timer.isActive():
            self.timer.start(self.refresh_interval_ms)
        self.refresh_button.setFocus()

    def cancel_tasks(self) -> None:
        self.timer.stop()
        super().cancel_tasks()
        self.view = None

    def refresh(self) -> None:
        if self.loading:
            return
        self.loading = True
        self.retranslate_ui()
        self.tasks = [t for t in self.tasks if t.running]
        self.tasks.append(self.ctx.runner.submit(self.service.load, self._loaded, self._failed))

    def _loaded(self, view: ResultsView) -> None:
        self.loading = False
        self.view = view
        self.problem = ""
        self.retranslate_ui()

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        if isinstance(exc, SessionEnded):
            return
        self.problem = getattr(exc, "message_vi", str(exc))
        self.retranslate_ui()

    # -- texts ----------------------------------------------------------------------------------
    def _fill_scores(self) -> None:
        while self.scores_grid.count():
            item = self.scores_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        view = self.view
        scores = view.scores if view is not None else None
        self.scores_note.setVisible(scores is None)
        self.scores_note.setText(
            (view.scores_message or "") if view is not None and scores is None else ""
        )
        self.graduation.setVisible(scores is not None)
        self.verdict.setVisible(scores is not None)
        if scores is None:
            self.graduation.setText("")
            self.verdict.setText("")
            return
        columns = 3
        for i, subject in enumerate(scores.subjects):
            name = _label(wrap=False)
            name.setText(subject.name)
            value = _label("kioskSubtitle", wrap=False)
            value.setText(vi_decimal(subject.score))
            value.setAccessibleName(
                self.tr("Điểm %1: %2").replace("%1", subject.name).replace("%2", value.text())
            )
            row, col = divmod(i, columns)
            self.scores_grid.addWidget(name, row, col * 2)
            self.scores_grid.addWidget(value, row, col * 2 + 1)
        grad = scores.graduation
        self.graduation.setText(
            (
                self.tr("Đã đỗ tốt nghiệp THPT")
                if grad.passed
                else self.tr("Chưa đỗ tốt nghiệp THPT")
            )
            + " — "
            + self.tr("điểm xét tốt nghiệp %1").replace("%1", vi_decimal(grad.score))
        )
        self.verdict.setText(grad.verdict)

    def _fill_admission(self) -> None:
        view = self.view
        result = view.admission if view is not None else None
        self.admission_status.setText(
            result.message if result is not None else (view.admission_message or "" if view else "")
        )
        admitted = result is not None and result.status in ("admitted", "confirmed")
        self.admission_facts.setVisible(admitted)
        facts = ""
        if result is not None and admitted:
            facts = "\n".join(
                [
                    self.tr("Ngành: %1 (%2)")
                    .replace("%1", result.programme_name or result.programme_code or "")
                    .replace("%2", result.programme_code or ""),
                    self.tr("Trường: %1 (%2)")
                    .replace("%1", result.institution_name or result.institution_code or "")
                    .replace("%2", result.institution_code or ""),
                    self.tr("Nguyện vọng: NV%1").replace("%1", str(result.preference_rank or "")),
                    self.tr("Điểm xét tuyển của bạn: %1 — điểm chuẩn: %2")
                    .replace("%1", vi_decimal(result.score) if result.score is not None else "—")
                    .replace("%2", vi_decimal(result.cutoff) if result.cutoff is not None else "—"),
                ]
            )
        self.admission_facts.setText(facts)
        lines = [o.text for o in result.higher_preferences] if result is not None else []
        if not lines and admitted and result is not None and (result.preference_rank or 1) > 1:
            higher = (result.preference_rank or 2) - 1
            span = "NV1" if higher == 1 else f"NV1–NV{higher}"
            lines = [
                self.tr(
                    "Máy chủ chưa gửi lý do chi tiết cho %1. Theo quy chế, mỗi thí sinh chỉ "
                    "trúng tuyển một nguyện vọng: nguyện vọng cao nhất mà bạn đủ điều kiện."
                ).replace("%1", span)
            ]
        self.why_title.setText(self.tr("Vì sao chưa đỗ các nguyện vọng cao hơn") if lines else "")
        self.why.setText("\n".join(f"• {line}" for line in lines))
        self.why_title.setVisible(bool(lines))
        self.why.setVisible(bool(lines))

    def retranslate_ui(self) -> None:
        self.scores_title.setText(self.tr("Điểm thi tốt nghiệp THPT"))
        self.admission_title.setText(self.tr("Kết quả xét tuyển đại học"))
        self._fill_scores()
        self._fill_admission()
        if self.loading:
            self.updated.setText(self.tr("Đang cập nhật…"))
        elif self.problem:
            self.updated.setText(
                self.tr("Chưa cập nhật được: %1 Ki-ốt sẽ thử lại.").replace("%1", self.problem)
            )
        elif self.view is not None:
            self.updated.setText(
                self.tr("Cập nhật lúc %1 — tự làm mới, không cần đăng nhập lại.").replace(
                    "%1", moment(self.view.fetched_at)
                )
            )
        else:
            self.updated.setText("")
        self.refresh_button.setText(self.tr("Làm mới"))
        self.refresh_button.setAccessibleName(self.tr("Làm mới kết quả"))
