"""Opening a candidate list: what kind of file it really is, then its rows one at a time.

The extension says little (a Word file renamed ``.xlsx``, a CSV saved as ``.xls``), so the first
bytes decide. Every way a file can be unusable ends in one :class:`FileProblem` that says, in
Vietnamese, what is wrong and what to do; the rows of a usable file are *streamed* (openpyxl
read-only mode, or the csv module over a decoding stream), so a 50 000-row list is never held
twice in memory.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exam_client.services.spreadsheet.columns import (
    HEADER_SEARCH_ROWS,
    ColumnMapping,
    HeaderRow,
    find_header,
)

Cells = Sequence[object]
_SAMPLE = 64 * 1024
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[ >]")
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
# Letters of the Vietnamese alphabet with every tone, for telling Windows-1258 from Windows-1252.
_VI_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + tone)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
) | frozenset("đĐ")


@dataclass(frozen=True, slots=True)
class FileProblem:
    """Why a whole file cannot be read, for the person who chose it."""

    code: str
    message_vi: str
    message_en: str


class FileUnreadable(Exception):
    def __init__(self, problem: FileProblem) -> None:
        super().__init__(problem.message_en)
        self.problem = problem


def _fail(code: str, vi: str, en: str) -> FileUnreadable:
    return FileUnreadable(FileProblem(code, vi, en))


_SAVE_AS = (
    "Hãy mở tệp bằng Excel và chọn Lưu thành (Save As) → Excel Workbook (.xlsx), rồi chọn lại."
)


@dataclass
class Table:
    """The header of a list and an iterator over its data rows as ``(row number, cells)``."""

    header: HeaderRow
    rows: Iterator[tuple[int, Cells]]
    total_estimate: int
    """Rows after the header as far as cheaply known (0: unknown); for progress only."""
    sheet: str = ""
    notes_vi: list[str] = field(default_factory=list)


def sniff(path: Path) -> str:
    """``"xlsx"`` or ``"csv"``; raises :class:`FileUnreadable` for every other kind of file."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_SAMPLE)
    except OSError as exc:
        raise _fail(
            "file.unreadable",
            f"Không mở được tệp {path.name}. Hãy kiểm tra tệp còn tồn tại và không bị "
            "chương trình khác khoá (đóng Excel), rồi thử lại.",
            f"Cannot open {path.name}: {exc.strerror}.",
        ) from exc
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _fail(
            "file.empty",
            f"Tệp {path.name} rỗng, không có dữ liệu. Hãy chọn đúng tệp danh sách thí sinh.",
            f"{path.name} is empty.",
        )
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(_CFB):
        if _contains(path, _ENCRYPTED):
            raise _fail(
                "file.encrypted",
                f"Tệp {path.name} được đặt mật khẩu nên không đọc được. Hãy mở bằng Excel, "
                "gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hoá bằng mật khẩu, xoá "
                "mật khẩu), lưu lại rồi chọn lại tệp.",
                f"{path.name} is password-protected. Remove the password in Excel and retry.",
            )
        raise _fail(
            "file.legacy_office",
            f"Tệp {path.name} ở định dạng Excel/Word 97–2003 (.xls/.doc) cũ. " + _SAVE_AS,
            f"{path.name} is a legacy Office 97-2003 file. Save it as .xlsx.",
        )
    for magic, kind in _BINARY_KINDS:
        if head.startswith(magic):
            raise _fail(
                "file.wrong_type",
                f"Tệp {path.name} là {kind}, không phải bảng tính. Hãy chọn tệp Excel (.xlsx) "
                "hoặc CSV chứa danh sách thí sinh (có thể tải tệp mẫu trong màn hình nhập).",
                f"{path.name} is not a spreadsheet ({kind}). Choose an .xlsx or .csv file.",
            )
    if b"\x00" in head:
        raise _fail(
            "file.wrong_type",
            f"Tệp {path.name} không phải bảng tính Excel (.xlsx) hay CSV. "
            "Hãy chọn đúng tệp danh sách thí sinh.",
            f"{path.name} is neither .xlsx nor CSV.",
        )
    return "csv"


_BINARY_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "tài liệu PDF"),
    (b"\x89PNG", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF8", "ảnh GIF"),
    (b"RIFF", "tệp ảnh/âm thanh"),
    (b"Rar!", "tệp nén RAR"),
    (b"7z\xbc\xaf", "tệp nén 7z"),
)


def _contains(path: Path, needle: bytes) -> bool:
    with path.open("rb") as fh:
        tail = b""
        while chunk := fh.read(1 << 20):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise _fail(
            "file.corrupt",
            f"Tệp {path.name} bị hỏng hoặc tải về chưa trọn. Hãy tải/sao chép lại tệp.",
            f"{path.name} is a damaged archive.",
        ) from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        kind = "tài liệu Word (.docx)"
    elif any(n.startswith("ppt/") for n in names):
        kind = "bài trình chiếu PowerPoint"
    elif "content.xml" in names:
        kind = "tài liệu OpenDocument"
    else:
        kind = "tệp nén ZIP"
    raise _fail(
        "file.wrong_type",
        f"Tệp {path.name} là {kind}, chỉ mang đuôi bảng tính. Hãy chọn tệp Excel (.xlsx) hoặc "
        "CSV chứa danh sách thí sinh.",
        f"{path.name} is a {kind}, not a spreadsheet.",
    )


@contextmanager
def open_table(path: Path, mapping: ColumnMapping) -> Iterator[Table]:
    """The first sheet of ``path`` that has a recognisable header, opened for streaming."""
    kind = sniff(path)
    if kind == "xlsx":
        with _open_xlsx(path, mapping) as table:
            yield table
    else:
        with _open_csv(path, mapping) as table:
            yield table


@contextmanager
def _open_xlsx(path: Path, mapping: ColumnMapping) -> Iterator[Table]:
    import openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel features it drops (extensions, styles): irrelevant here.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise _fail(
            "file.corrupt",
            f"Không đọc được tệp Excel {path.name} (tệp hỏng hoặc không đúng định dạng). "
            + _SAVE_AS,
            f"{path.name} could not be read as .xlsx: {exc}",
        ) from exc
    try:
        for sheet in book.worksheets:
            rows = _numbered(sheet.iter_rows(values_only=True))
            lead, header = _leading(rows, mapping)
            if header is None:
                continue
            total = max(_sheet_rows(path, sheet) - header.row, 0)
            yield Table(header, _chain(lead, rows), total, sheet.title)
            return
        raise _no_header(path, empty=_all_empty(book))
    finally:
        book.close()


def _sheet_rows(path: Path, sheet: Any) -> int:
    """Rows of a sheet for progress: its stored dimension, else a byte scan of its XML.

    Files written in streaming mode (openpyxl write-only, some exporters) store no size; then
    the ``<row`` tags are counted in the compressed stream, without building any cell.
    """
    try:
        stored = sheet.max_row
    except ValueError:
        stored = None
    if isinstance(stored, int) and stored > 1:
        return stored
    member = getattr(sheet, "_worksheet_path", None)
    if not isinstance(member, str):
        return 0
    count, tail = 0, b""
    with zipfile.ZipFile(path) as archive, archive.open(member) as xml:
        while chunk := xml.read(1 << 20):
            window = tail + chunk
            count += len(_ROW_TAG.findall(window)) - len(_ROW_TAG.findall(tail))
            tail = window[-16:]
    return count


def _all_empty(book: object) -> bool:
    for sheet in getattr(book, "worksheets", ()):
        for row in sheet.iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS):
            if any(not _blank(v) for v in row):
                return False
    return True


def _no_header(path: Path, *, empty: bool) -> FileUnreadable:
    if empty:
        return _fail(
            "file.empty",
            f"Tệp {path.name} không có dữ liệu. Hãy chọn đúng tệp danh sách thí sinh.",
            f"{path.name} holds no data.",
        )
    return _fail(
        "file.no_header",
        f"Không tìm thấy dòng tiêu đề cột trong {HEADER_SEARCH_ROWS} dòng đầu của {path.name} "
        "(cần ít nhất các cột như Họ và tên, Ngày sinh, Số CCCD). Hãy dùng tệp mẫu, hoặc chọn "
        "cột tương ứng bằng tay ở bước Ghép cột.",
        f"No header row (Họ và tên, Ngày sinh, Số CCCD…) in the first rows of {path.name}.",
    )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _numbered(rows: Iterator[Cells]) -> Iterator[tuple[int, Cells]]:
    return ((n, cells) for n, cells in enumerate(rows, start=1))


def _leading(
    rows: Iterator[tuple[int, Cells]], mapping: ColumnMapping
) -> tuple[list[tuple[int, Cells]], HeaderRow | None]:
    """Read the first rows, find the header among them, return the rows *after* it."""
    lead = [r for _, r in zip(range(HEADER_SEARCH_ROWS), rows, strict=False)]
    header = find_header([cells for _, cells in lead], mapping)
    if header is None:
        return lead, None
    return [r for r in lead if r[0] > header.row], header


def _chain(
    lead: list[tuple[int, Cells]], rest: Iterator[tuple[int, Cells]]
) -> Iterator[tuple[int, Cells]]:
    for number, cells in lead:
        if not all(_blank(v) for v in cells):
            yield number, cells
    for number, cells in rest:
        if not all(_blank(v) for v in cells):
            yield number, cells


def detect_encoding(sample: bytes) -> str:
    """UTF-8 (with or without BOM) when it decodes; else the likelier Windows code page.

    Windows-1258 (Vietnamese) and Windows-1252 (Western) both decode any byte. Windows-1258
    writes tones as combining marks after the vowel, so text whose marks compose into Vietnamese
    letters is Windows-1258; marks left over (a tone after a consonant) mean Windows-1252.
    Western text without those bytes reads alike in both and is taken as Windows-1258, the
    likelier code page of a Vietnamese school's file.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass

    def score(encoding: str) -> int:
        decoded = sample.decode(encoding, errors="replace")
        text = unicodedata.normalize("NFC", decoded)
        absorbed = len(decoded) - len(text)  # tone marks that joined a vowel: Windows-1258
        stray = sum(1 for c in text if unicodedata.combining(c))  # a tone on nothing: not it
        odd = [c for c in text if not c.isascii() and not unicodedata.combining(c)]
        letters = sum(1 if c in _VI_LETTERS else -1 for c in odd)
        return letters + 2 * absorbed - 3 * stray

    return max(("cp1258", "cp1252"), key=score)


def detect_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    counts = {d: sum(line.count(d) for line in lines) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


@contextmanager
def _open_csv(path: Path, mapping: ColumnMapping) -> Iterator[Table]:
    with path.open("rb") as raw:
        sample = raw.read(_SAMPLE)
        raw.seek(0)
        encoding = detect_encoding(sample)
        notes: list[str] = []
        if encoding.startswith("cp"):
            label = "Windows-1258 (tiếng Việt)" if encoding == "cp1258" else "Windows-1252"
            notes.append(f"Tệp CSV dùng bảng mã {label}; đã chuyển sang Unicode.")
        text_stream = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        delimiter = detect_delimiter(sample.decode(encoding, errors="replace"))
        reader = csv.reader(text_stream, delimiter=delimiter)
        compose = encoding == "cp1258"  # its tone marks are combining characters
        rows = _numbered(
            [unicodedata.normalize("NFC", c) for c in r] if compose else r for r in reader
        )
        lead, header = _leading(rows, mapping)
        if header is None:
            raise _no_header(path, empty=all(_blank(v) for _, r in lead for v in r))
        total = max(_count_lines(path) - header.row, 0)
        yield Table(header, _chain(lead, rows), total, "", notes)


def _count_lines(path: Path) -> int:
    """Line count by a chunked byte scan (quoted line breaks make it an estimate)."""
    count, last = 0, b"\n"
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")
