"""The dry run over whole files: repairs, problems, duplicates, re-import, progress, speed."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest

from exam_client.api.records import PhotoDoc, registration_to_doc
from exam_client.services.spreadsheet import ImportCancelled, ImportPlan, RowPlan
from tests.services.test_import_reading import (
    HEADERS,
    cccd_for,
    person,
    plan,
    write_csv,
    write_xlsx,
)


def _messy_rows() -> list[list[object]]:
    return [
        person(1),  # row 5: clean
        person(2, **{"Số CCCD": int(cccd_for(2, "male"))}),  # row 6: number, zeros lost
        person(3, **{"Họ và tên": unicodedata.normalize("NFD", "Nguyễn Thị Ánh")}),  # 7: NFD
        person(4, **{"Ngày sinh": 39512}),  # row 8: Excel serial
        person(5, **{"Họ và tên": "  TRẦN   THỊ  HOA "}),  # row 9: caps + stray spaces
        person(6, **{"Giới tính": "nam", "Ngày sinh": "7/3/2008"}),  # row 10: spelling, d/m
        person(7, **{"Giới tính": 1}),  # row 11: 1 = Nữ
        person(8, **{"Môn tự chọn 1": "Vật lí", "Môn tự chọn 2": "Vật lí"}),  # 12: rules problem
        person(9),  # row 13: duplicate of row 14
        person(9, **{"Họ và tên": "Bản Sao"}),  # row 14
        person(10),  # row 15: other school's ID
        person(11, **{"Ngày sinh": "03/25/2008"}),  # row 16: month first: rejected
        person(12, **{"Mã trường lớp 12": "01001", "SĐT": 912345678}),  # row 17
    ]


@pytest.fixture
def messy(tmp_path: Path) -> ImportPlan:
    path = write_xlsx(tmp_path / "lop12.xlsx", _messy_rows())
    return plan(path, other_school_ids={cccd_for(10, "male")})


def _row(p: ImportPlan, number: int) -> RowPlan:
    return next(r for r in p.rows if r.row == number)


def test_clean_row_is_new_and_valid(messy: ImportPlan) -> None:
    row = _row(messy, 5)
    assert row.status == "new" and row.valid and row.repairs == ()
    assert row.registration is not None
    assert row.registration.subjects == ("TO", "VA", "LI", "HO")
    assert row.contact == {
        "class_name": "12A2",
        "phone": "0912345678",
        "email": "hs1@example.com",
        "address": "Số 1 Tràng Tiền, Hà Nội",
    }
    # the list carries no photo: a warning for later, not a reason to refuse the row
    assert [p.code for p in row.problems] == ["photo.missing"]
    assert not row.problems[0].is_error and row.problems[0].column is None


def test_each_repair_names_row_column_and_header(messy: ImportPlan) -> None:
    fixes = {(f.row, f.column): f for f in messy.repairs}
    id_fix = fixes[(6, "E")]
    assert id_fix.header == "Số CCCD" and id_fix.after == cccd_for(2, "male")
    assert id_fix.before == str(int(cccd_for(2, "male"))) and "số 0" in id_fix.reason_vi
    assert fixes[(7, "B")].after == "Nguyễn Thị Ánh" and "NFC" in fixes[(7, "B")].reason_vi
    assert fixes[(8, "C")].after == "05/03/2008"
    assert fixes[(9, "B")].after == "Trần Thị Hoa"
    assert fixes[(10, "D")].after == "Nam" and fixes[(10, "C")].after == "07/03/2008"
    assert fixes[(11, "D")].after == "Nữ"
    assert fixes[(17, "O")].after == "01-001" and fixes[(17, "Q")].after == "0912345678"
    for number in (6, 7, 8, 9, 10, 11, 17):
        assert _row(messy, number).valid, _row(messy, number).problems


def test_rules_engine_problems_land_on_their_column(messy: ImportPlan) -> None:
    row = _row(messy, 12)
    errors = [p for p in row.problems if p.is_error]
    assert {p.code for p in errors} >= {"subjects.duplicate"}
    assert all(p.column == "H" and p.header == "Môn tự chọn 1" for p in errors)
    assert row.registration is not None and row.status == "new" and not row.valid


def test_duplicates_flag_every_occurrence(messy: ImportPlan) -> None:
    for number, other in ((13, "14"), (14, "13")):
        row = _row(messy, number)
        dup = [p for p in row.problems if p.code == "cccd.duplicate_in_file"]
        assert len(dup) == 1 and other in dup[0].message_vi and dup[0].column == "E"
        assert row.status == "rejected"


def test_other_schools_id_is_rejected(messy: ImportPlan) -> None:
    row = _row(messy, 15)
    assert row.status == "rejected"
    assert [p.code for p in row.problems if p.is_error] == ["cccd.other_school"]


def test_month_first_date_is_rejected_with_place(messy: ImportPlan) -> None:
    row = _row(messy, 16)
    assert row.registration is None and row.status == "rejected"
    (problem,) = [p for p in row.problems if p.is_error]
    assert (problem.code, problem.column, problem.header) == (
        "date_of_birth.month_first",
        "C",
        "Ngày sinh",
    )
    assert problem.where_vi == "Dòng 16, cột C (Ngày sinh)"


def test_summary_counts(messy: ImportPlan) -> None:
    s = messy.summary
    assert (s.total, s.new, s.changed, s.unchanged) == (13, 9, 0, 0)
    assert s.rejected == 4  # duplicates ×2, other school, bad date
    assert s.valid == 8 and s.with_problems == 5


def _existing(p: ImportPlan) -> dict[str, object]:
    return {r.cccd: r.doc() for r in p.rows if r.registration is not None and r.cccd}


def test_reimporting_the_same_file_changes_nothing(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", _messy_rows())
    first = plan(path)
    existing = _existing(first)
    again = plan(path, existing=existing)
    built = [r for r in again.rows if r.status != "rejected"]
    assert built and all(r.status == "unchanged" for r in built)
    assert again.summary.new == again.summary.changed == 0


def test_a_changed_cell_is_a_change_and_unknown_fields_are_kept(tmp_path: Path) -> None:
    first = plan(write_xlsx(tmp_path / "a.xlsx", [person(1), person(2)]))
    existing = _existing(first)
    key = cccd_for(1)
    doc = existing[key]
    assert doc is not None
    with_photo = doc.model_copy(update={"photo": PhotoDoc(width_px=400, height_px=600)})  # type: ignore[attr-defined]
    existing[key] = with_photo
    edited = plan(
        write_xlsx(tmp_path / "b.xlsx", [person(1, SĐT="0987654321"), person(2)]), existing=existing
    )
    row = _row(edited, 5)
    assert row.status == "changed" and row.contact["phone"] == "0987654321"
    assert row.registration is not None and row.registration.photo is not None  # kept
    assert "photo.missing" not in {p.code for p in row.problems}
    assert _row(edited, 6).status == "unchanged"


def test_columns_missing_from_the_file_keep_existing_values(tmp_path: Path) -> None:
    full = plan(write_xlsx(tmp_path / "a.xlsx", [person(1)]))
    existing = _existing(full)
    keep = [h for h in HEADERS if h not in ("Email", "Địa chỉ", "Mã trường lớp 10")]
    rows = [[v for h, v in zip(HEADERS, person(1), strict=True) if h in keep]]
    narrow = plan(write_xlsx(tmp_path / "b.xlsx", rows, keep), existing=existing)
    assert _row(narrow, 5).status == "unchanged"


def test_area_lookup_fills_missing_area_column(tmp_path: Path) -> None:
    keep = [h for h in HEADERS if not h.startswith("Khu vực")]
    rows = [[v for h, v in zip(HEADERS, person(1), strict=True) if h in keep]]
    path = write_xlsx(tmp_path / "a.xlsx", rows, keep)
    no_lookup = _row(plan(path), 5)
    assert {p.code for p in no_lookup.problems if p.is_error} == {"schools.area"}
    assert {p.column for p in no_lookup.problems if p.code == "schools.area"} == {"K", "L", "M"}
    row = _row(plan(path, area_of=lambda province, school: "KV2"), 5)
    assert row.valid and row.registration is not None
    assert {s.area for s in row.registration.schools.values()} == {"KV2"}


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", _messy_rows())
    before = path.read_bytes()
    existing = _existing(plan(path))
    snapshot = dict(existing)
    plan(path, existing=existing)
    assert path.read_bytes() == before and existing == snapshot
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]


def test_template_example_row_is_skipped(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [person(1, STT="Ví dụ"), person(2)])
    assert [r.row for r in plan(path).rows] == [6]


def _big_csv(path: Path, count: int) -> Path:
    return write_csv(path, [person(n) for n in range(count)])


def test_progress_is_reported_and_cancel_is_honoured(tmp_path: Path) -> None:
    path = _big_csv(tmp_path / "big.csv", 1200)
    seen: list[tuple[int, int]] = []
    got = plan(path, progress=lambda done, total: seen.append((done, total)))
    assert len(got.rows) == 1200
    assert seen[-1] == (1200, 1200) and len(seen) >= 4
    assert all(0 < d <= t for d, t in seen) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[0][1] == 1200  # the estimate is the line count, known from the start
    calls = 0

    def cancel_after_two() -> bool:
        nonlocal calls
        calls += 1
        return calls > 2

    with pytest.raises(ImportCancelled):
        plan(path, should_cancel=cancel_after_two)


def test_two_thousand_rows_plan_and_validate(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "big.xlsx", [person(n) for n in range(2000)], title=False)
    got = plan(path)
    assert got.summary.total == 2000 and got.summary.valid == 2000
    # the time is measured by `make bench` (benchmarks/bench_import.py), not asserted here


@pytest.mark.slow
def test_fifty_thousand_rows_stream_with_progress(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for n in range(50_000):
        sheet.append(person(n % 99_000))
    book.save(path)
    seen: list[tuple[int, int]] = []
    got = plan(path, progress=lambda done, total: seen.append((done, total)))
    assert got.summary.total == 50_000
    assert len(seen) >= 200 and seen[-1] == (50_000, 50_000)
    assert seen[0][1] == 50_000  # total known from the sheet dimension


def test_registration_round_trips_to_doc(messy: ImportPlan) -> None:
    row = _row(messy, 5)
    assert row.registration is not None
    assert row.doc() == registration_to_doc(row.registration, **row.contact)
