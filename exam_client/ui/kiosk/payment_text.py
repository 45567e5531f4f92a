"""Every text of the payment step, per state (called on every change and language switch).

Kept apart from the page's logic so that each state's words can be read in one place: they
are what a candidate reads when money is at stake, so each says what happened and what to do.
Strings use the "PaymentPage" translation context. GUI thread only.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from exam_client.domain.money import format_vnd
from exam_client.domain.timeline import en_moment, vi_moment
from exam_client.ui import i18n

if TYPE_CHECKING:
    from exam_client.ui.kiosk.payment import PaymentPage

BUTTONS_BY_STATE: dict[str, tuple[str, ...]] = {
    "loading": (),
    "failed_load": ("reload",),
    "nothing_due": ("reload",),
    "all_paid": ("reload",),
    "closed": ("reload",),
    "ready": ("pay",),
    "sending": (),
    "waiting": (),
    "offline": ("retry",),
    "rejected": ("reload",),
    "pending": ("check",),
    "paid": ("receipt",),
    "debited_unrecorded": ("check", "receipt"),
    "expired": ("new_order",),
    "failed": ("new_order",),
}
ERROR_STATES = frozenset({"failed_load", "rejected", "offline", "expired", "failed"})


def moment(value: datetime | None) -> str:
    """A date and hour in Vietnam time, in the screen's language."""
    if value is None:
        return "—"
    return en_moment(value) if i18n.current_language() == "en" else vi_moment(value)


def _status(page: PaymentPage) -> str:
    state, due = page.state, page.due
    if state == "loading":
        return QCoreApplication.translate("PaymentPage", "Đang tải lệ phí của bạn…")
    if state == "sending":
        return QCoreApplication.translate("PaymentPage", "Đang tạo lệnh thanh toán…")
    if state == "failed_load":
        return QCoreApplication.translate(
            "PaymentPage", "Chưa tải được lệ phí: %1 Chạm “Tải lại” để thử lại."
        ).replace("%1", page.problem)
    if state == "nothing_due":
        return QCoreApplication.translate(
            "PaymentPage", "Bạn chưa đăng ký nguyện vọng nào nên chưa phải nộp lệ phí."
        )
    if state == "all_paid" and due is not None:
        return (
            QCoreApplication.translate(
                "PaymentPage", "Bạn đã nộp đủ %1 cho %2 nguyện vọng. Không cần nộp thêm."
            )
            .replace("%1", format_vnd(due.paid))
            .replace("%2", str(due.preference_count))
        )
    if state == "closed" and due is not None:
        window = due.window
        text = QCoreApplication.translate(
            "PaymentPage", "Ngoài thời gian nộp lệ phí. Thời gian nộp: từ %1 đến %2."
        )
        text = text.replace("%1", moment(window.start)).replace("%2", moment(window.end))
        if window.group:
            text += " " + QCoreApplication.translate(
                "PaymentPage", "(Nhóm tỉnh của bạn: %1.)"
            ).replace("%1", window.group)
        return text
    if state == "ready":
        return QCoreApplication.translate(
            "PaymentPage",
            "Chạm “Thanh toán” để nhận mã VietQR. Nếu mạng chậm, ki-ốt tự thử lại và bạn không "
            "bao giờ bị trừ tiền hai lần.",
        )
    if state == "waiting":
        return QCoreApplication.translate(
            "PaymentPage",
            "Hệ thống đang có nhiều người dùng. Ki-ốt sẽ tự gửi lại yêu cầu sau %1 giây — bạn "
            "không cần làm gì, và sẽ không bị trừ tiền hai lần.",
        ).replace("%1", str(page.seconds_left))
    if state == "offline":
        return QCoreApplication.translate(
            "PaymentPage",
            "Mất kết nối khi gửi yêu cầu thanh toán, nên chưa rõ lệnh đã được tạo hay chưa. Chạm "
            "“Thử lại”: ki-ốt gửi lại đúng yêu cầu cũ, nên không bao giờ có hai lệnh hay bị trừ "
            "tiền hai lần.",
        )
    if state == "rejected":
        return page.problem
    if state == "pending":
        return QCoreApplication.translate(
            "PaymentPage",
            "Đang chờ thanh toán. Quét mã VietQR bằng ứng dụng ngân hàng; màn hình tự cập nhật.",
        )
    if state == "paid":
        return QCoreApplication.translate(
            "PaymentPage", "Đã thanh toán và đã được ghi nhận. Cảm ơn bạn!"
        )
    if state == "debited_unrecorded":
        return QCoreApplication.translate(
            "PaymentPage",
            "Ngân hàng đã trừ tiền nhưng hệ thống của Bộ chưa ghi nhận. ĐỪNG thanh toán lại: "
            "giao dịch sẽ được đối soát tự động. Hãy in biên lai để đối chiếu.",
        )
    if state == "expired":
        return QCoreApplication.translate(
            "PaymentPage",
            "Lệnh thanh toán đã hết hạn, bạn chưa bị trừ tiền. Chạm “Tạo lệnh mới” để thanh toán.",
        )
    if state == "failed":
        return QCoreApplication.translate(
            "PaymentPage",
            "Thanh toán không thành công, bạn chưa bị trừ tiền. Chạm “Tạo lệnh mới” để thử lại.",
        )
    return ""


def render(page: PaymentPage) -> None:
    due = page.due
    if due is not None and due.preference_count:
        page.headline.setText(
            QCoreApplication.translate("PaymentPage", "%1 nguyện vọng × %2 = %3")
            .replace("%1", str(due.preference_count))
            .replace("%2", format_vnd(due.fee_per_preference))
            .replace("%3", format_vnd(due.total))
            + (
                QCoreApplication.translate("PaymentPage", " (đã nộp %1)").replace(
                    "%1", format_vnd(due.paid)
                )
                if due.paid
                else ""
            )
        )
        page.amount.setText(format_vnd(due.outstanding))
    else:
        page.headline.setText(QCoreApplication.translate("PaymentPage", "Lệ phí xét tuyển"))
        page.amount.setText("")
    order = page.order_panel.order
    if order is not None:
        page.amount.setText(format_vnd(order.amount))
    page.amount.setVisible(bool(page.amount.text()))
    page.amount.setAccessibleName(
        QCoreApplication.translate("PaymentPage", "Số tiền phải nộp: %1").replace(
            "%1", page.amount.text()
        )
        if page.amount.text()
        else ""
    )
    page.status.setText(_status(page))
    page.status.setObjectName("kioskError" if page.state in ERROR_STATES else "kioskNote")
    page.status.style().unpolish(page.status)
    page.status.style().polish(page.status)
    detail = []
    if order is not None and page.state == order.state:
        detail.append(order.message)
    elif page.state == "closed" and due is not None:
        detail.append(due.window.message)
    if page.state in ("pending", "debited_unrecorded") and page.problem:
        detail.append(
            QCoreApplication.translate(
                "PaymentPage", "Chưa kiểm tra được trạng thái (%1); ki-ốt sẽ thử lại."
            ).replace("%1", page.problem)
        )
    if page.printed is not None:
        detail.append(
            QCoreApplication.translate("PaymentPage", "Đã gửi biên lai tới máy in %1.").replace(
                "%1", page.printed.printer
            )
            if page.printed.printer
            else QCoreApplication.translate(
                "PaymentPage",
                "Ki-ốt không có máy in: biên lai PDF đã được tạo và sẽ bị xoá khi kết thúc phiên.",
            )
        )
    page.detail.setText("\n".join(d for d in detail if d))
    page.detail.setVisible(bool(page.detail.text()))
    page.countdown.setText(str(page.seconds_left) if page.state == "waiting" else "")
    page.countdown.setVisible(page.state == "waiting")
    page.order_panel.setVisible(order is not None and page.state == order.state)
    labels = {
        "pay": (
            QCoreApplication.translate("PaymentPage", "Thanh toán %1").replace(
                "%1", page.amount.text()
            ),
            QCoreApplication.translate("PaymentPage", "Thanh toán lệ phí %1").replace(
                "%1", page.amount.text()
            ),
        ),
        "retry": (
            QCoreApplication.translate("PaymentPage", "Thử lại"),
            QCoreApplication.translate("PaymentPage", "Gửi lại đúng yêu cầu cũ"),
        ),
        "check": (
            QCoreApplication.translate("PaymentPage", "Kiểm tra ngay"),
            QCoreApplication.translate("PaymentPage", "Kiểm tra trạng thái thanh toán ngay"),
        ),
        "new_order": (
            QCoreApplication.translate("PaymentPage", "Tạo lệnh mới"),
            QCoreApplication.translate("PaymentPage", "Tạo lệnh thanh toán mới"),
        ),
        "receipt": (
            QCoreApplication.translate("PaymentPage", "In biên lai"),
            QCoreApplication.translate("PaymentPage", "In biên lai nộp lệ phí"),
        ),
        "reload": (
            QCoreApplication.translate("PaymentPage", "Tải lại"),
            QCoreApplication.translate("PaymentPage", "Tải lại lệ phí"),
        ),
    }
    shown = BUTTONS_BY_STATE.get(page.state, ())
    for key, button in page.buttons.items():
        text, accessible = labels[key]
        button.setText(text)
        button.setAccessibleName(accessible)
        button.setVisible(key in shown)
