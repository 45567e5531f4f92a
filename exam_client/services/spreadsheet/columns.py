"""The columns of a candidate list: documented order, Vietnamese headers, header recognition.

Schools keep their own spreadsheets (exports of school-management software, hand-made lists), so
the header of a column is matched on its *folded* text (no diacritics, lower case, punctuation
as spaces): "Họ và tên", "HỌ TÊN" and "ho ten" are one column. A school whose headers are odd can
pass an explicit :class:`ColumnMapping`, which the UI stores per school as JSON.

The order of :data:`COLUMNS` is the documented order of docs/import-format.md, the template and
the export; a test checks that the three agree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from exam_client.domain.names import fold

HEADER_SEARCH_ROWS = 10
"""The header row is looked for in this many first rows (title rows come above it)."""
MIN_HEADER_MATCHES = 3


class Col(StrEnum):
    """What a column holds; the value is the stable key stored in a saved mapping."""

    SEQ = "seq"
    FULL_NAME = "full_name"
    DATE_OF_BIRTH = "date_of_birth"
    GENDER = "gender"
    CCCD = "cccd"
    CLASS_NAME = "class_name"
    CATEGORY = "category"
    PURPOSE = "purpose"
    ELECTIVE_1 = "elective_1"
    ELECTIVE_2 = "elective_2"
    FOREIGN_LANGUAGE = "foreign_language"
    SUBJECTS = "subjects"
    SCHOOL_10 = "school_10"
    AREA_10 = "area_10"
    SCHOOL_11 = "school_11"
    AREA_11 = "area_11"
    SCHOOL_12 = "school_12"
    AREA_12 = "area_12"
    PRIORITY_OBJECTS = "priority_objects"
    GRADUATION_YEAR = "graduation_year"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    STATUS = "status"
    SYNC_STATE = "sync_state"
    IGNORE = "ignore"


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    col: Col
    header: str
    help_vi: str
    width: int = 14


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(Col.SEQ, "STT", "Số thứ tự, không bắt buộc. Ghi 'Ví dụ' thì dòng bị bỏ qua.", 6),
    ColumnSpec(Col.FULL_NAME, "Họ và tên", "Họ tên có dấu như trên giấy khai sinh.", 26),
    ColumnSpec(Col.DATE_OF_BIRTH, "Ngày sinh", "Ngày/tháng/năm, ví dụ 05/03/2008.", 12),
    ColumnSpec(Col.GENDER, "Giới tính", "Nam hoặc Nữ (chấp nhận cả 0 = Nam, 1 = Nữ).", 9),
    ColumnSpec(Col.CCCD, "Số CCCD", "Số định danh cá nhân 12 chữ số, nhập dạng văn bản.", 15),
    ColumnSpec(Col.CLASS_NAME, "Lớp", "Tên lớp 12, ví dụ 12A1.", 8),
    ColumnSpec(
        Col.CATEGORY,
        "Diện thí sinh",
        "a: học sinh lớp 12 năm nay; b: tự do chưa tốt nghiệp; c: tự do đã có bằng THPT; "
        "d: tự do có bằng trung cấp.",
        10,
    ),
    ColumnSpec(
        Col.PURPOSE,
        "Mục đích dự thi",
        "Xét tốt nghiệp / Xét tuyển sinh / Cả hai. Để trống: diện a, b là Cả hai; "
        "diện c, d là Xét tuyển sinh.",
        16,
    ),
    ColumnSpec(Col.ELECTIVE_1, "Môn tự chọn 1", "Tên môn, ví dụ Vật lí, Lịch sử, Ngoại ngữ.", 18),
    ColumnSpec(Col.ELECTIVE_2, "Môn tự chọn 2", "Môn tự chọn thứ hai, khác môn thứ nhất.", 18),
    ColumnSpec(
        Col.FOREIGN_LANGUAGE,
        "Ngoại ngữ",
        "Khi chọn môn Ngoại ngữ: N1 Anh, N2 Nga, N3 Pháp, N4 Trung, N5 Đức, N6 Nhật, N7 Hàn.",
        10,
    ),
    ColumnSpec(
        Col.SUBJECTS,
        "Các môn thi",
        "Chỉ điền khi không thi đủ Toán, Ngữ văn + 2 môn tự chọn (thí sinh tự do diện c, d): "
        "liệt kê các môn, cách nhau bởi dấu phẩy. Khi điền, cột này thay cho hai cột môn tự chọn.",
        20,
    ),
    ColumnSpec(Col.SCHOOL_10, "Mã trường lớp 10", "Mã tỉnh 2 số + mã trường 3 số: 01-001.", 12),
    ColumnSpec(Col.AREA_10, "Khu vực lớp 10", "KV1, KV2-NT, KV2 hoặc KV3.", 10),
    ColumnSpec(Col.SCHOOL_11, "Mã trường lớp 11", "Như lớp 10.", 12),
    ColumnSpec(Col.AREA_11, "Khu vực lớp 11", "Như lớp 10.", 10),
    ColumnSpec(Col.SCHOOL_12, "Mã trường lớp 12", "Như lớp 10.", 12),
    ColumnSpec(Col.AREA_12, "Khu vực lớp 12", "Như lớp 10.", 10),
    ColumnSpec(
        Col.PRIORITY_OBJECTS,
        "Đối tượng ưu tiên",
        "Mã đối tượng 01–07, nhiều mã cách nhau bởi dấu phẩy; để trống nếu không có.",
        12,
    ),
    ColumnSpec(Col.GRADUATION_YEAR, "Năm tốt nghiệp", "Chỉ thí sinh tự do đã tốt nghiệp.", 10),
    ColumnSpec(Col.PHONE, "Số điện thoại", "10 chữ số, bắt đầu bằng 0.", 13),
    ColumnSpec(Col.EMAIL, "Email", "Địa chỉ thư điện tử.", 24),
    ColumnSpec(Col.ADDRESS, "Địa chỉ liên hệ", "Địa chỉ nhận thư.", 32),
)
"""The documented column order (docs/import-format.md)."""

EXPORT_EXTRA: tuple[ColumnSpec, ...] = (
    ColumnSpec(Col.STATUS, "Trạng thái", "Trạng thái phiếu (chỉ có trong tệp xuất).", 14),
    ColumnSpec(Col.SYNC_STATE, "Đồng bộ", "Trạng thái gửi lên Bộ (chỉ có trong tệp xuất).", 14),
)
"""Columns the export adds after the documented ones; the import ignores them."""

HEADER_OF: Mapping[Col, str] = {spec.col: spec.header for spec in (*COLUMNS, *EXPORT_EXTRA)}

_ALIASES: dict[Col, tuple[str, ...]] = {
    Col.SEQ: ("stt", "so thu tu", "tt"),
    Col.FULL_NAME: ("ho va ten", "ho ten", "ho ten thi sinh", "ho va ten thi sinh", "ten"),
    Col.DATE_OF_BIRTH: ("ngay sinh", "ngay thang nam sinh", "ngay/thang/nam sinh"),
    Col.GENDER: ("gioi tinh", "gioi", "phai", "nam/nu"),
    Col.CCCD: (
        "so cccd",
        "cccd",
        "so dinh danh",
        "so dinh danh ca nhan",
        "ma dinh danh",
        "cccd/cmnd",
        "so cccd/cmnd",
        "cmnd/cccd",
        "so can cuoc",
        "so can cuoc cong dan",
    ),
    Col.CLASS_NAME: ("lop", "ten lop", "lop 12"),
    Col.CATEGORY: ("dien thi sinh", "doi tuong thi sinh", "dien", "loai thi sinh"),
    Col.PURPOSE: ("muc dich du thi", "muc dich", "muc dich thi"),
    Col.ELECTIVE_1: ("mon tu chon 1", "mon thi tu chon 1", "tu chon 1", "mon 1"),
    Col.ELECTIVE_2: ("mon tu chon 2", "mon thi tu chon 2", "tu chon 2", "mon 2"),
    Col.FOREIGN_LANGUAGE: ("ngoai ngu", "ma ngoai ngu", "mon ngoai ngu", "tieng nuoc ngoai"),
    Col.SUBJECTS: ("cac mon thi", "mon thi", "mon dang ky"),
    Col.SCHOOL_10: ("ma truong lop 10", "truong lop 10", "ma truong 10"),
    Col.SCHOOL_11: ("ma truong lop 11", "truong lop 11", "ma truong 11"),
    Col.SCHOOL_12: ("ma truong lop 12", "truong lop 12", "ma truong 12"),
    Col.AREA_10: ("khu vuc lop 10", "kv lop 10", "khu vuc 10"),
    Col.AREA_11: ("khu vuc lop 11", "kv lop 11", "khu vuc 11"),
    Col.AREA_12: ("khu vuc lop 12", "kv lop 12", "khu vuc 12"),
    Col.PRIORITY_OBJECTS: ("doi tuong uu tien", "doi tuong ut", "ma doi tuong uu tien"),
    Col.GRADUATION_YEAR: ("nam tot nghiep", "nam tot nghiep thpt"),
    Col.PHONE: ("so dien thoai", "sdt", "dien thoai", "dt", "so dt", "dien thoai lien he"),
    Col.EMAIL: ("email", "e mail", "thu dien tu", "dia chi email"),
    Col.ADDRESS: ("dia chi", "dia chi lien he", "dia chi nhan thu", "noi o"),
    Col.STATUS: ("trang thai",),
    Col.SYNC_STATE: ("dong bo", "trang thai dong bo"),
}
_NOT_ALNUM = re.compile(r"[^a-z0-9/]+")
_PARENTHESISED = re.compile(r"\([^)]*\)")


def header_key(text: object) -> str:
    """Folded header: "Họ và tên (*)" → "ho va ten"; "SĐT" → "sdt". Used for every comparison."""
    if text is None:
        return ""
    key = _NOT_ALNUM.sub(" ", fold(_PARENTHESISED.sub(" ", str(text))))
    return " ".join(key.replace(" / ", "/").split()).strip("/ ")


_KNOWN: dict[str, Col] = {header_key(a): col for col, aliases in _ALIASES.items() for a in aliases}
for _spec in (*COLUMNS, *EXPORT_EXTRA):
    _KNOWN.setdefault(header_key(_spec.header), _spec.col)


def recognise(header: object) -> Col | None:
    """The column a header names, or ``None`` for an unknown header (its cells are ignored)."""
    return _KNOWN.get(header_key(header))


@dataclass(frozen=True)
class ColumnMapping:
    """Header → column choices a person made for one school's files.

    Keys are folded headers, so a saved mapping still applies when a later file writes the same
    header with other case or without diacritics. Headers it does not name are recognised
    automatically. Map a header to :attr:`Col.IGNORE` to skip a column that would be recognised.
    """

    columns: Mapping[str, Col] = field(default_factory=dict)

    @classmethod
    def of(cls, choices: Mapping[str, Col | str]) -> ColumnMapping:
        return cls({header_key(h): Col(c) for h, c in choices.items()})

    def resolve(self, header: object) -> Col | None:
        chosen = self.columns.get(header_key(header))
        return chosen if chosen is not None else recognise(header)

    def to_json(self) -> str:
        return json.dumps({"version": 1, "columns": dict(self.columns)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ColumnMapping:
        data = json.loads(text)
        return cls({str(k): Col(v) for k, v in data["columns"].items()})


@dataclass(frozen=True, slots=True)
class HeaderRow:
    """Where the header is, and which column (by 0-based index) holds what."""

    row: int  # 1-based row number in the sheet
    by_index: Mapping[int, Col]
    headers: Mapping[int, str]
    positions: Mapping[Col, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.positions:  # looked up for every cell of every row: a dict, not a scan
            object.__setattr__(self, "positions", {c: i for i, c in self.by_index.items()})

    def index_of(self, col: Col) -> int | None:
        return self.positions.get(col)


def find_header(rows: Sequence[Sequence[object]], mapping: ColumnMapping) -> HeaderRow | None:
    """The first leading row that names at least three known columns (besides STT).

    Title rows ("DANH SÁCH THÍ SINH ĐĂNG KÝ DỰ THI…", often merged across the sheet) name none,
    so they are skipped. A column named twice keeps its first occurrence.
    """
    for number, cells in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        by_index: dict[int, Col] = {}
        headers: dict[int, str] = {}
        for index, cell in enumerate(cells):
            col = mapping.resolve(cell)
            if col is None or col is Col.IGNORE or col in by_index.values():
                continue
            by_index[index] = col
            headers[index] = " ".join(str(cell).split())
        useful = [c for c in by_index.values() if c not in (Col.SEQ, Col.STATUS, Col.SYNC_STATE)]
        if len(useful) >= MIN_HEADER_MATCHES:
            return HeaderRow(number, by_index, headers)
    return None


def column_letter(index: int) -> str:
    """0-based index → spreadsheet letter (0 → A, 26 → AA), as people read row problems."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
