"""Prefill from the population register: fill what is empty, compare what is not.

Runs on the GUI thread after the look-up (which ran on a worker): it only reads and writes the
identity widgets and builds the list of differences the comparison panel shows.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from exam_client.domain.citizen import Citizen
from exam_client.domain.names import fold
from exam_client.ui.staff.editor.identity import REGISTER_FIELDS, IdentitySection, register_text
from exam_client.ui.staff.editor.register_diff import Difference


def _same(key: str, ours: str, theirs: str) -> bool:
    """Names compare exactly (a missing diacritic is a real error); places ignore case/spaces."""
    if key == "full_name":
        return " ".join(ours.split()) == " ".join(theirs.split())
    return fold(ours) == fold(theirs)


def prefill(identity: IdentitySection, citizen: Citizen, *, fresh: bool) -> list[Difference]:
    """Fill every field when the form is ``fresh`` (nothing typed yet) or the field is blank;
    return the fields where the school's value differs from the register."""
    differences: list[Difference] = []
    for key in REGISTER_FIELDS:
        theirs = register_text(key, citizen)
        if fresh or identity.is_blank(key):
            identity.apply_register(key, citizen)
            continue
        ours = identity.text_of(key)
        if theirs and not _same(key, ours, theirs):
            differences.append(Difference(key, identity.caption(key), ours, theirs))
    return differences


def source_text(offline: bool, when: str) -> str:
    if offline:
        return QCoreApplication.translate(
            "RegistrationEditor",
            "Đang ngoại tuyến — so sánh với dữ liệu CSDL dân cư lưu trên máy từ %1.",
        ).replace("%1", when)
    return QCoreApplication.translate(
        "RegistrationEditor", "Đã đối chiếu với CSDL quốc gia về dân cư lúc %1."
    ).replace("%1", when)
