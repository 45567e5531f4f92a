"""The order card of the payment step: the VietQR code, the amount and the transfer content.

The QR string is rebuilt by the domain's VietQR builder from the order's own fields (bank BIN,
account, the amount on screen, the transfer content) and drawn with segno, so the picture and
the words beside it can never disagree. GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from exam_client.domain.money import format_vnd
from exam_client.services.payments import PaymentOrder, qr_payload
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.kiosk.vneid import qr_pixmap


class OrderPanel(Retranslatable, QFrame):
    """Shows one order; :meth:`show_order(None)` empties it (and the wipe scrubs it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskCard")
        self._order: PaymentOrder | None = None
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(240, 240)
        self.scan_hint = QLabel()
        self.scan_hint.setObjectName("kioskHint")
        self.scan_hint.setWordWrap(True)
        self.scan_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        for row, key in enumerate(("amount", "content", "code", "beneficiary", "account")):
            label = QLabel()
            label.setObjectName("kioskHint")
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            value.setWordWrap(True)
            if key in ("amount", "content"):
                value.setObjectName("kioskSubtitle")
            self.labels[key], self.values[key] = label, value
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        left = QVBoxLayout()
        left.addWidget(self.qr)
        left.addWidget(self.scan_hint)
        layout = QGridLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setHorizontalSpacing(32)
        layout.addLayout(left, 0, 0)
        layout.addLayout(grid, 0, 1)
        layout.setColumnStretch(1, 1)
        self.retranslate_ui()

    @property
    def order(self) -> PaymentOrder | None:
        return self._order

    def show_order(self, order: PaymentOrder | None) -> None:
        previous = self._order
        self._order = order
        if order is None:
            self.qr.clear()
        elif previous is None or previous.id != order.id:
            self.qr.setPixmap(qr_pixmap(qr_payload(order), scale=6))
        self.qr.setVisible(order is not None and order.state == "pending")
        self.scan_hint.setVisible(self.qr.isVisibleTo(self))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.labels["amount"].setText(self.tr("Số tiền"))
        self.labels["content"].setText(self.tr("Nội dung chuyển khoản"))
        self.labels["code"].setText(self.tr("Mã lệnh thanh toán"))
        self.labels["beneficiary"].setText(self.tr("Người nhận"))
        self.labels["account"].setText(self.tr("Tài khoản nhận"))
        self.scan_hint.setText(
            self.tr(
                "Mở ứng dụng ngân hàng, chọn quét mã QR. Số tiền và nội dung đã có sẵn trong mã: "
                "đừng sửa."
            )
        )
        order = self._order
        values = {
            "amount": format_vnd(order.amount) if order else "",
            "content": order.transfer_content if order else "",
            "code": order.code if order else "",
            "beneficiary": order.beneficiary if order else "",
            "account": f"{order.bank_account} (BIN {order.bank_bin})" if order else "",
        }
        for key, text in values.items():
            self.values[key].setText(text)
        self.qr.setAccessibleName(
            self.tr("Mã VietQR để chuyển khoản %1").replace("%1", values["amount"]) if order else ""
        )
