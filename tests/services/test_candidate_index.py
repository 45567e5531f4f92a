"""Candidate search: diacritics-insensitive, all tokens, filters, Vietnamese school order."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from exam_client.services.candidate_index import CandidateIndex, CandidateRow, Filters


def row(name: str, cccd: str = "001208000001", cls: str = "12A1", **kw: object) -> CandidateRow:
    values: dict[str, object] = {
        "record_id": cccd,
        "full_name": name,
        "date_of_birth": date(2008, 1, 1),
        "cccd": cccd,
        "class_name": cls,
        "subjects": ("TOAN", "VAN", "LI", "HO"),
        "status": "draft",
        "sync_state": "synced",
    }
    values.update(kw)
    return CandidateRow(**values)  # type: ignore[arg-type]


ROWS = [
    row("Nguyễn Văn An", "001208000001", "12A1"),
    row("Đặng Thị Ngọc Ánh", "001308000002", "12A2", status="submitted"),
    row("Trần Minh Đức", "079208000003", "12A1", problem_count=2),
    row("Lê Thị Bích", "038308000004", "12A3", sync_state="queued"),
    row("Phạm Anh", "001208000005", "12A2"),
]


def names(index: CandidateIndex, hits: list[int]) -> list[str]:
    return [index.rows[i].full_name for i in hits]


def test_default_order_is_school_order_given_name_first() -> None:
    index = CandidateIndex(ROWS)
    assert names(index, index.query()) == [
        "Nguyễn Văn An",
        "Phạm Anh",
        "Đặng Thị Ngọc Ánh",  # Anh < Ánh by tone; family name breaks no tie here
        "Lê Thị Bích",
        "Trần Minh Đức",
    ]


def test_search_ignores_diacritics_and_treats_d_stroke_as_d() -> None:
    index = CandidateIndex(ROWS)
    assert names(index, index.query("dang thi")) == ["Đặng Thị Ngọc Ánh"]
    assert names(index, index.query("ĐỨC")) == ["Trần Minh Đức"]
    assert names(index, index.query("duc")) == ["Trần Minh Đức"]


def test_every_token_must_match_across_name_id_and_class() -> None:
    index = CandidateIndex(ROWS)
    assert names(index, index.query("anh 12a2")) == ["Phạm Anh", "Đặng Thị Ngọc Ánh"]
    assert names(index, index.query("079208")) == ["Trần Minh Đức"]
    assert index.query("zzz") == []


def test_typing_forward_narrows_and_backspace_widens_again() -> None:
    index = CandidateIndex(ROWS)
    assert len(index.query("n")) == 4  # "Lê Thị Bích" has no n
    assert names(index, index.query("ng")) == ["Nguyễn Văn An", "Đặng Thị Ngọc Ánh"]
    assert names(index, index.query("ngo")) == ["Đặng Thị Ngọc Ánh"]
    assert len(index.query("ng")) == 2  # widened again, not stuck on the narrower hits


def test_filters() -> None:
    index = CandidateIndex(ROWS)
    assert names(index, index.query(filters=Filters(status="submitted"))) == ["Đặng Thị Ngọc Ánh"]
    assert names(index, index.query(filters=Filters(only_with_problems=True))) == ["Trần Minh Đức"]
    assert names(index, index.query(filters=Filters(only_unsynced=True))) == ["Lê Thị Bích"]
    assert len(index.query(filters=Filters(class_name="12A1"))) == 2
    assert index.classes == ["12A1", "12A2", "12A3"]


def test_sort_by_other_columns_and_descending() -> None:
    index = CandidateIndex(ROWS)
    by_id = [index.rows[i].cccd for i in index.query(sort="cccd")]
    assert by_id == sorted(by_id)
    assert names(index, index.query(descending=True))[0] == "Trần Minh Đức"


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="andhtiêáđ 0123", max_size=6), st.booleans())
def test_query_equals_a_naive_scan(text: str, only_problems: bool) -> None:
    rng = random.Random(7)
    pool = ["An", "Ánh", "Đức", "Hà", "Thị", "Tiến", "Đặng", "Dương", "Hoàng"]
    rows = [
        row(
            " ".join(rng.choice(pool) for _ in range(3)),
            f"001208{n:06d}",
            f"12A{n % 4}",
            problem_count=n % 3,
        )
        for n in range(60)
    ]
    index = CandidateIndex(rows)
    index.query(text[:1])  # a previous query, to exercise narrowing
    from exam_client.domain.names import fold

    tokens = fold(text).split()
    expected = {
        r.record_id
        for r in rows
        if all(t in f"{fold(r.full_name)}\x1f{r.cccd}\x1f{fold(r.class_name)}" for t in tokens)
        and (not only_problems or r.problem_count > 0)
    }
    got = index.query(text, Filters(only_with_problems=only_problems))
    assert {index.rows[i].record_id for i in got} == expected
