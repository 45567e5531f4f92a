"""Pieces of the kiosk's registration step: the read-only identity card, the review text, the
receipt and the kiosk-size style for the staff editor's sections (which are reused, not forked).

Threads: GUI thread, except :func:`registration_receipt` (pure) which may run anywhere.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from exam_client.domain.registration import CATEGORY_LABELS, Category
from exam_client.domain.subjects import subject
from exam_client.domain.timeline import vi_moment
from exam_client.services.candidate_registration import CandidateIdentity, ServerRegistration
from exam_client.services.registrations import RegistrationDoc
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.printing.receipt import Receipt
from exam_client.ui.staff.editor.layout import STYLE as EDITOR_STYLE

CONTEXT = "KioskRegistration"
TOUCH_PX = 48

# The editor's look, with every input grown to a touch target (the kiosk theme covers
# buttons and line edits; combo boxes, dates and check boxes are the editor's own).
KIOSK_FORM_STYLE = (
    EDITOR_STYLE
    + f"""
QComboBox, QDateEdit, QSpinBox, QLineEdit {{ min-height: {TOUCH_PX}px; font-size: 15pt; }}
QCheckBox {{ min-height: {TOUCH_PX}px; font-size: 13pt; spacing: 8px; }}
QLabel#registrationReview {{ font-size: 16pt; }}
QCheckBox::indicator {{ width: 28px; height: 28px; }}
QGroupBox {{ font-size: 16pt; }}
QGroupBox QLabel {{ font-size: 15pt; }}
QLabel#fieldError, QLabel#fieldWarning {{ font-size: 14pt; }}
QLabel#identityValue {{ font-size: 18pt; font-weight: 600; }}
QListWidget#problemSummary {{ font-size: 14pt; }}
"""
)

PURPOSE_VI = {
    "both": "Xét tốt nghiệp và tuyển sinh",
    "graduation": "Chỉ xét tốt nghiệp",
    "admission": "Chỉ xét tuyển sinh",
}
STATUS_VI = {
    "draft": "Bản nháp",
    "submitted": "Đã nộp — chờ điểm tiếp nhận xác nhận",
    "confirmed": "Đã được xác nhận",
    "returned": "Bị trả lại — cần sửa",
}


translate = QCoreApplication.translate  # lupdate reads the context from each call


class IdentityCard(Retranslatable, QGroupBox):
    """Form items 1–5 from the population register: shown, never edited at the kiosk."""

    FIELDS = ("full_name", "cccd", "date_of_birth", "gender", "ethnicity", "birth_place")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values = {key: QLabel() for key in self.FIELDS}
        self.captions = {key: QLabel() for key in self.FIELDS}
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        for key in self.FIELDS:
            self.values[key].setObjectName("identityValue")
            self.values[key].setWordWrap(True)
            form.addRow(self.captions[key], self.values[key])
        form.addRow(self.note)
        self._from_register = True
        self.retranslate_ui()

    def show_identity(self, identity: CandidateIdentity | None) -> None:
        if identity is None:
            for label in self.values.values():
                label.clear()
            return
        self._from_register = identity.from_register
        gender = {
            "male": translate("KioskRegistration", "Nam"),
            "female": translate("KioskRegistration", "Nữ"),
        }.get(identity.gender or "", "—")
        born = identity.date_of_birth.strftime("%d/%m/%Y") if identity.date_of_birth else "—"
        shown = {
            "full_name": identity.full_name,
            "cccd": identity.cccd,
            "date_of_birth": born,
            "gender": gender,
            "ethnicity": identity.ethnicity or "—",
            "birth_place": identity.birth_place or "—",
        }
        for key, text in shown.items():
            self.values[key].setText(text)
            self.values[key].setAccessibleName(f"{self.captions[key].text()} {text}")
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(
            translate("KioskRegistration", "Thông tin cá nhân (từ CSDL quốc gia về dân cư)")
        )
        texts = {
            "full_name": translate("KioskRegistration", "Họ và tên:"),
            "cccd": translate("KioskRegistration", "Số định danh:"),
            "date_of_birth": translate("KioskRegistration", "Ngày sinh:"),
            "gender": translate("KioskRegistration", "Giới tính:"),
            "ethnicity": translate("KioskRegistration", "Dân tộc:"),
            "birth_place": translate("KioskRegistration", "Nơi sinh:"),
        }
        for key, text in texts.items():
            self.captions[key].setText(text)
        self.note.setText(
            translate(
                "KioskRegistration",
                "Các thông tin này lấy từ CSDL quốc gia về dân cư và không sửa được tại ki-ốt. "
                "Nếu có sai sót, hãy liên hệ công an xã/phường để điều chỉnh.",
            )
            if self._from_register
            else translate(
                "KioskRegistration",
                "Chưa đối chiếu được với CSDL dân cư. Điểm tiếp nhận sẽ kiểm tra thông tin "
                "này khi xác nhận phiếu.",
            )
        )


def subject_names(codes: list[str]) -> str:
    return ", ".join(subject(code).name_vi for code in codes) or "—"


def review_lines(doc: RegistrationDoc) -> list[tuple[str, str]]:
    """What the candidate declared, in form order (Vietnamese: also the receipt's lines)."""
    category_vi = CATEGORY_LABELS[Category(doc.category)][0]
    exemption = (
        f"{doc.fl_exemption.type} (hiệu lực đến {doc.fl_exemption.valid_until:%d/%m/%Y})"
        if doc.fl_exemption
        else "Không"
    )
    priority = ", ".join(doc.priority_objects) or "Không"
    lines = [
        ("Họ và tên", doc.full_name),
        ("Số định danh (CCCD)", doc.cccd),
        ("Ngày sinh", f"{doc.date_of_birth:%d/%m/%Y}"),
        ("Đối tượng dự thi", f"{doc.category}) {category_vi}"),
        ("Mục đích", PURPOSE_VI.get(doc.purpose, doc.purpose)),
        ("Chương trình", f"GDPT {doc.programme}"),
        ("Môn đăng ký", subject_names(doc.subjects)),
        ("Ngoại ngữ", subject(doc.foreign_language).name_vi if doc.foreign_language else "—"),
        ("Miễn thi ngoại ngữ", exemption),
        ("Đối tượng ưu tiên", priority),
        ("Điện thoại", doc.phone or "—"),
        ("Email", doc.email or "—"),
        ("Địa chỉ liên hệ", doc.address or "—"),
    ]
    return lines


def registration_receipt(registration: ServerRegistration, now: datetime) -> Receipt:
    """The paper the candidate takes home: what the ministry recorded, with its reference."""
    lines = [
        *review_lines(registration.doc),
        ("Trạng thái", STATUS_VI.get(registration.status, registration.status)),
        ("Lần nộp", str(registration.version)),
        ("Thời điểm ghi nhận", vi_moment(registration.updated_at)),
    ]
    reference = f"DKDT {registration.record_id.hex[:12].upper()}"
    note = (
        "Bộ đã nhận phiếu đăng ký dự thi của bạn. Hãy mang biên nhận này cùng CCCD, ảnh 4×6 và "
        "bản sao bằng tốt nghiệp (nếu có) tới điểm tiếp nhận hồ sơ để được xác nhận phiếu."
    )
    return Receipt("BIÊN NHẬN PHIẾU ĐĂNG KÝ DỰ THI", lines, reference, now, note)
