"""The registration form's fields as a person reads them: Vietnamese labels and values.

Values arrive as plain Python (``FieldDifference.mine``/``theirs``: dates, strings, lists, dicts
for nested parts), so this module needs no wire model.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QCoreApplication


def field_label(name: str) -> str:
    translate = QCoreApplication.translate
    labels = {
        "cccd": translate("RegistrationField", "Số định danh cá nhân"),
        "full_name": translate("RegistrationField", "Họ và tên"),
        "date_of_birth": translate("RegistrationField", "Ngày sinh"),
        "gender": translate("RegistrationField", "Giới tính"),
        "category": translate("RegistrationField", "Diện thí sinh"),
        "programme": translate("RegistrationField", "Chương trình học"),
        "purpose": translate("RegistrationField", "Mục đích dự thi"),
        "subjects": translate("RegistrationField", "Môn thi"),
        "foreign_language": translate("RegistrationField", "Ngoại ngữ"),
        "fl_exemption": translate("RegistrationField", "Miễn thi ngoại ngữ"),
        "reserved_scores": translate("RegistrationField", "Điểm bảo lưu"),
        "schools": translate("RegistrationField", "Nơi học THPT"),
        "priority_objects": translate("RegistrationField", "Đối tượng ưu tiên"),
        "graduation_priority": translate("RegistrationField", "Diện ưu tiên xét tốt nghiệp"),
        "graduation_year": translate("RegistrationField", "Năm tốt nghiệp THPT"),
        "photo": translate("RegistrationField", "Ảnh chân dung"),
        "class_name": translate("RegistrationField", "Lớp"),
        "phone": translate("RegistrationField", "Điện thoại"),
        "email": translate("RegistrationField", "Thư điện tử"),
        "address": translate("RegistrationField", "Địa chỉ liên hệ"),
    }
    return labels.get(name, name)


def _choice(name: str, value: str) -> str | None:
    translate = QCoreApplication.translate
    choices = {
        ("gender", "male"): translate("RegistrationField", "Nam"),
        ("gender", "female"): translate("RegistrationField", "Nữ"),
        ("purpose", "graduation"): translate("RegistrationField", "Xét tốt nghiệp THPT"),
        ("purpose", "admission"): translate("RegistrationField", "Xét tuyển sinh"),
        ("purpose", "both"): translate("RegistrationField", "Xét tốt nghiệp và tuyển sinh"),
        ("programme", "2018"): translate("RegistrationField", "Chương trình GDPT 2018"),
        ("programme", "2006"): translate("RegistrationField", "Chương trình GDPT 2006"),
    }
    if name == "category":
        return translate("RegistrationField", "Diện %1").replace("%1", value)
    return choices.get((name, value))


def _plain(value: object) -> str:
    if value is None or value in ("", [], {}):
        return "—"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items() if v not in (None, "", {}))
    return str(value)


def field_value(name: str, value: object) -> str:
    """One field's value for the conflict view (``—`` for empty)."""
    translate = QCoreApplication.translate
    if isinstance(value, str):
        return _choice(name, value) or _plain(value)
    if name == "schools" and isinstance(value, list):
        parts = []
        for school in value:
            if isinstance(school, dict):
                text = translate("RegistrationField", "Lớp %1: trường %2 (%3)")
                where = str(school.get("school_name") or "") or (
                    f"{school.get('province_code', '')}-{school.get('school_code', '')}"
                )
                parts.append(
                    text.replace("%1", str(school.get("grade", "")))
                    .replace("%2", where)
                    .replace("%3", str(school.get("area", "")))
                )
        return "; ".join(parts) or "—"
    if name == "photo" and isinstance(value, dict):
        return f"{value.get('width_px')}×{value.get('height_px')} px"
    return _plain(value)


def top_level_field(problem_field: str) -> str:
    """``schools[2].area`` → ``schools`` (the row of the conflict view a problem belongs to)."""
    return problem_field.split(".", 1)[0].split("[", 1)[0]
