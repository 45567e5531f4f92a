"""Step "Nộp lệ phí": the amount, one VietQR order, its live state, and a receipt.

Designed against the complaints of DOMAIN.md §13.1–13.2 (money taken but shown unpaid, paying
twice, a pay button that vanished under load):

* the idempotency key of an attempt is stored in the candidate's session before the first
  request (see :mod:`exam_client.services.payments`); every retry sends the same one;
* overload (503 + Retry-After) shows a calm waiting screen with a countdown, then retries by
  itself with the same key; a lost connection offers "Thử lại", with the same key;
* the order is polled off the GUI thread until it is final; "paid, not yet recorded" says not
  to pay again; expired/failed offer a new order (a new key);
* outside the payment window the page says when it is open, and offers no button.

GUI thread only; network work goes through ``ctx.runner``. Everything is cancelled and the
receipt files deleted when the visit is wiped (:meth:`cancel_tasks`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from exam_client.services import errors
from exam_client.services.candidate_session import SessionEnded
from exam_client.services.payments import FeeDue, PaymentAttempt, PaymentOrder, PaymentService
from exam_client.ui.kiosk.payment_order import OrderPanel
from exam_client.ui.kiosk.payment_text import render
from exam_client.ui.kiosk.receipt import Printed, VisitReceipts, payment_receipt, write_and_print
from exam_client.ui.kiosk.steps import KioskPage, PageContext

DEFAULT_RETRY_S = 5
MAX_RETRY_S = 120
OFFLINE_POLL_MS = 5_000


class PaymentPage(KioskPage):
    """States: loading, failed_load, nothing_due, all_paid, closed, ready, sending, waiting,
    offline, rejected, and the order's own (pending, paid, debited_unrecorded, expired,
    failed)."""

    poll_interval_ms: int | None = None  # None: the server's ``poll_after_s`` (tests shorten it)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = PaymentService(ctx.sessions)
        self.state = "loading"
        self.due: FeeDue | None = None
        self.problem = ""  # the server's message for rejected / failed_load / offline
        self.seconds_left = 0
        self.printed: Printed | None = None
        self.receipts = VisitReceipts()
        self.headline = QLabel()
        self.headline.setObjectName("kioskSubtitle")
        self.headline.setWordWrap(True)
        self.amount = QLabel()
        self.amount.setObjectName("kioskHero")
        self.status = QLabel()
        self.status.setObjectName("kioskNote")
        self.status.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("kioskHint")
        self.detail.setWordWrap(True)
        self.order_panel = OrderPanel()
        self.countdown = QLabel()
        self.countdown.setObjectName("kioskCountdown")
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        actions: dict[str, Callable[[], None]] = {
            "pay": self.pay,
            "retry": self.retry,
            "check": self.check_now,
            "new_order": self.new_order,
            "receipt": self.print_receipt,
            "reload": self.load,
        }
        for key, slot in actions.items():
            button = QPushButton()
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        for key in ("pay", "retry", "new_order"):
            self.buttons[key].setObjectName("kioskPrimary")
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        for widget in (self.headline, self.amount, self.status, self.countdown, self.order_panel):
            layout.addWidget(widget)
        layout.addWidget(self.detail)
        layout.addLayout(row)
        layout.addStretch(1)
        self.poll_timer = QTimer(self)
        self.poll_timer.setSingleShot(True)
        self.poll_timer.timeout.connect(self.check_now)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._tick)
        self.retranslate_ui()

    # -- life cycle -------------------------------------------------------------------------
    def entered(self) -> None:
        if self.state == "loading" and not self.tasks:
            self.load()
        super().entered()

    def cancel_tasks(self) -> None:
        """The wipe (or the end of the page): stop polling, forget, delete receipt files."""
        self.poll_timer.stop()
        self.tick.stop()
        super().cancel_tasks()
        self.receipts.clear()
        self.due = None
        self.printed = None
        self.order_panel.show_order(None)

    def _submit(
        self, fn: Callable[[], Any], ok: Callable[[Any], None], bad: Callable[[BaseException], None]
    ) -> None:
        self.tasks = [t for t in self.tasks if t.running]
        self.tasks.append(self.ctx.runner.submit(fn, ok, bad))

    def _set(self, state: str, problem: str = "") -> None:
        self.state = state
        self.problem = problem
        self.retranslate_ui()

    # -- loading the fee --------------------------------------------------------------------
    def load(self) -> None:
        self.poll_timer.stop()
        self._set("loading")
        self._submit(self.service.fee_due, self._on_due, self._on_load_failed)

    def _on_due(self, due: FeeDue) -> None:
        self.due = due
        open_order = due.open_order
        if open_order is not None:  # an order already waits (this or an earlier visit)
            self.service.adopt(open_order)
            self.show_order(open_order)
        elif due.preference_count == 0:
            self._set("nothing_due")
        elif due.nothing_due:
            self._set("all_paid")
        elif not due.window.open_now:
            self._set("closed")
        else:
            self._set("ready")

    def _on_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, SessionEnded):
            return
        self._set("failed_load", getattr(exc, "message_vi", str(exc)))

    # -- sending the order ------------------------------------------------------------------
    def pay(self) -> None:
        if self.due is None or self.state != "ready":
            return
        attempt = self.service.attempt_for(self.due)  # the key exists from here on
        self._send(attempt)

    def retry(self) -> None:
        attempt = self.service.current_attempt()
        if attempt is None:
            self.load()
        else:
            self._send(attempt)

    def _send(self, attempt: PaymentAttempt) -> None:
        self.tick.stop()
        self._set("sending")
        self._submit(lambda: self.service.send(attempt), self.show_order, self._on_send_failed)

    def _on_send_failed(self, exc: BaseException) -> None:
        if isinstance(exc, SessionEnded):
            return
        if isinstance(exc, errors.SlowDown):
            wait = exc.retry_after if exc.retry_after is not None else DEFAULT_RETRY_S
            self.seconds_left = max(1, min(MAX_RETRY_S, round(wait)))
            self._set("waiting")
            self.tick.start()
        elif isinstance(exc, errors.NetworkError | errors.ServerError):
            self._set("offline", exc.message_vi)
        else:
            self._set("rejected", getattr(exc, "message_vi", str(exc)))

    def _tick(self) -> None:
        self.seconds_left -= 1
        if self.seconds_left > 0:
            self.retranslate_ui()
            return
        self.tick.stop()
        attempt = self.service.current_attempt()
        if attempt is not None:
            self._send(attempt)  # the SAME key: never a second charge

    # -- the order ----------------------------------------------------------------------------
    def show_order(self, order: PaymentOrder) -> None:
        self.order_panel.show_order(order)
        self._set(order.state)
        if order.state in ("pending", "debited_unrecorded"):
            delay = self.poll_interval_ms
            if delay is None:
                delay = max(1, order.poll_after_s or 3) * 1000
            self.poll_timer.start(delay)

    def check_now(self) -> None:
        order = self.order_panel.order
        if order is None:
            return
        self.poll_timer.stop()
        self._submit(lambda: self.service.refresh(order.id), self.show_order, self._on_poll_failed)

    def _on_poll_failed(self, exc: BaseException) -> None:
        if isinstance(exc, SessionEnded):
            return
        self.problem = getattr(exc, "message_vi", str(exc))
        self.retranslate_ui()
        self.poll_timer.start(self.poll_interval_ms or OFFLINE_POLL_MS)

    def new_order(self) -> None:
        """After expired/failed: a new attempt (a new key) for the amount as it is now."""
        self.service.forget_attempt()
        self.order_panel.show_order(None)
        self.load()

    # -- the receipt --------------------------------------------------------------------------
    def print_receipt(self) -> None:
        order = self.order_panel.order
        candidate = self.ctx.candidate
        if order is None or candidate is None:
            return
        receipt = payment_receipt(order, candidate.display_name, candidate.cccd, order.created_at)
        path = self.receipts.path_for(f"bien-lai-{order.code}")
        self._submit(lambda: write_and_print(path, receipt), self._printed, self._print_failed)

    def _printed(self, printed: Printed) -> None:
        self.printed = printed
        self.retranslate_ui()

    def _print_failed(self, exc: BaseException) -> None:
        self.problem = self.tr("Không in được biên lai: %1").replace("%1", str(exc))
        self.retranslate_ui()

    # -- texts ----------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        render(self)
