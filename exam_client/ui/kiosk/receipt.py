"""Receipts at the kiosk: built from the server's answer, written as PDF for this visit only,
sent to the kiosk's printer when it has one, and deleted when the visit ends.

A shared kiosk must not keep one candidate's receipt for the next one to find, so files live in
a private temporary folder owned by the page that made them; :meth:`VisitReceipts.clear` (called
by the page's wipe) deletes the folder.

Receipts are printed documents in Vietnamese whatever the screen's language, like the official
forms of ``ui/printing`` (the ministry's wording is the binding one), so their texts stay
untranslated on purpose.

Threads: :func:`write_and_print` runs on a worker thread (disk, printer); the rest on the GUI
thread.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from exam_client.domain.money import format_vnd
from exam_client.domain.timeline import vi_moment
from exam_client.services.enrollment import AdmissionResult, EnrollmentConfirmation
from exam_client.services.payments import PaymentOrder
from exam_client.ui.printing.pdf import DPI
from exam_client.ui.printing.receipt import Receipt, print_receipt, render_receipt

STATE_VI = {
    "paid": "Đã thanh toán — đã ghi nhận",
    "debited_unrecorded": "Đã trừ tiền — đang chờ ghi nhận",
    "pending": "Đang chờ thanh toán",
    "failed": "Không thành công",
    "expired": "Đã hết hạn",
}


@dataclass(frozen=True, slots=True)
class Printed:
    path: Path
    printer: str | None  # the printer it went to, or None when the kiosk has none


def payment_receipt(order: PaymentOrder, name: str, cccd: str, now: datetime) -> Receipt:
    paid_at = order.paid_at or order.debited_at
    lines = [
        ("Họ và tên", name),
        ("Số định danh (CCCD)", cccd),
        ("Năm tuyển sinh", str(order.exam_year)),
        ("Số nguyện vọng", str(order.preference_count)),
        ("Số tiền", format_vnd(order.amount)),
        ("Trạng thái", STATE_VI.get(order.state, order.state)),
        ("Mã lệnh thanh toán", order.code),
        ("Nội dung chuyển khoản", order.transfer_content),
    ]
    if paid_at is not None:
        lines.append(("Thời điểm thanh toán", vi_moment(paid_at)))
    note = (
        "Lệ phí xét tuyển đã được ghi nhận cho toàn bộ nguyện vọng nêu trên. Hãy giữ biên lai "
        "này; nếu hệ thống hiển thị chưa nộp, đừng thanh toán lại mà mang biên lai tới điểm "
        "tiếp nhận."
        if order.state == "paid"
        else "Ngân hàng đã trừ tiền nhưng Bộ chưa ghi nhận. ĐỪNG thanh toán lại: giao dịch sẽ "
        "được đối soát tự động. Hãy giữ biên lai này để đối chiếu."
    )
    return Receipt("BIÊN LAI NỘP LỆ PHÍ XÉT TUYỂN", lines, order.code, now, note)


def confirmation_receipt(
    confirmation: EnrollmentConfirmation, result: AdmissionResult, name: str, cccd: str
) -> Receipt:
    lines = [
        ("Họ và tên", name),
        ("Số định danh (CCCD)", cccd),
        ("Năm tuyển sinh", str(confirmation.exam_year)),
        ("Trường", result.institution_name or confirmation.institution_code),
        ("Mã trường", confirmation.institution_code),
        ("Ngành", result.programme_name or confirmation.programme_code),
        ("Mã xét tuyển", confirmation.programme_code),
        ("Thời điểm xác nhận", vi_moment(confirmation.confirmed_at)),
    ]
    reference = f"XNNH {confirmation.exam_year} {confirmation.institution_code} "
    reference += f"{confirmation.programme_code} {confirmation.confirmed_at:%Y%m%d%H%M%S}"
    return Receipt(
        "XÁC NHẬN NHẬP HỌC TRỰC TUYẾN",
        lines,
        reference,
        confirmation.confirmed_at,
        confirmation.message,
    )


class VisitReceipts:
    """The receipts of one visit, in a private folder deleted by :meth:`clear`."""

    def __init__(self) -> None:
        self._dir: Path | None = None

    def path_for(self, stem: str) -> Path:
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix="kiosk-receipt-"))
        safe = "".join(c for c in stem if c.isalnum() or c in "-_") or "receipt"
        return self._dir / f"{safe}.pdf"

    def clear(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


def write_and_print(path: Path, receipt: Receipt) -> Printed:
    """Worker thread: the PDF, then the default printer if the kiosk has one."""
    render_receipt(path, receipt)
    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return Printed(path, None)
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setResolution(DPI)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    print_receipt(printer, receipt)
    return Printed(path, info.printerName())
