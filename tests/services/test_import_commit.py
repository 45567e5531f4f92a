"""Committing a plan: what is saved, as what, and all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from exam_client.api.records import RegistrationDoc, registration_to_doc
from exam_client.domain.registration import Registration
from exam_client.services.spreadsheet import (
    ImportFailed,
    ImportPlan,
    RowProblem,
    commit_import,
)
from tests.services.test_import_reading import id_of, person, plan, write_xlsx


class Store:
    """A tiny transactional store: saves go to a pending copy, kept only on a clean exit."""

    def __init__(self) -> None:
        self.docs: dict[str, RegistrationDoc] = {}
        self.drafts: dict[str, tuple[str, ...]] = {}
        self._pending: dict[str, RegistrationDoc] | None = None
        self.fail_on: str | None = None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._pending = dict(self.docs)
        try:
            yield
        except BaseException:
            self._pending = None
            raise
        self.docs, self._pending = self._pending, None

    def save(
        self,
        registration: Registration,
        contact: Mapping[str, str | None],
        *,
        draft: bool,
        problems: Sequence[RowProblem],
    ) -> None:
        assert self._pending is not None, "save outside the transaction"
        if registration.cccd == self.fail_on:
            raise OSError("disk full")
        self._pending[registration.cccd] = registration_to_doc(registration, **contact)
        if draft:
            self.drafts[registration.cccd] = tuple(p.code for p in problems if p.is_error)


def _plan(tmp_path: Path, store: Store) -> ImportPlan:
    rows = [
        person(1),
        person(2, **{"Môn tự chọn 2": "Vật lí"}),  # rules problem → draft
        person(3, **{"Ngày sinh": "31/02/2008"}),  # unusable → rejected
        person(4),
        person(5),
    ]
    return plan(write_xlsx(tmp_path / "x.xlsx", rows), existing=store.docs)


def test_valid_rows_are_saved_problem_rows_as_drafts(tmp_path: Path) -> None:
    store = Store()
    result = commit_import(_plan(tmp_path, store), store.save, store.transaction)
    assert result.saved == (5, 8, 9) and result.drafts == (6,) and result.rejected == (7,)
    assert set(store.docs) == {id_of(n) for n in (1, 2, 4, 5)}
    assert store.drafts == {id_of(2): ("subjects.duplicate", "subjects.option_count")}
    assert store.docs[id_of(1)].phone == "0912345678"


def test_committing_the_same_file_again_saves_nothing(tmp_path: Path) -> None:
    store = Store()
    commit_import(_plan(tmp_path, store), store.save, store.transaction)
    calls: list[str] = []

    def spy(reg: Registration, contact: Mapping[str, str | None], **kw: object) -> None:
        calls.append(reg.cccd)

    again = commit_import(_plan(tmp_path, store), spy, store.transaction)  # type: ignore[arg-type]
    assert calls == [] and again.unchanged == (5, 6, 8, 9) and again.saved == ()


@pytest.mark.parametrize("fail_row", [1, 4, 5])
def test_a_failure_half_way_writes_nothing(tmp_path: Path, fail_row: int) -> None:
    store = Store()
    store.docs[id_of(9)] = registration_to_doc(  # something that was there before
        plan(write_xlsx(tmp_path / "old.xlsx", [person(9)])).rows[0].registration  # type: ignore[arg-type]
    )
    before = dict(store.docs)
    store.fail_on = id_of(fail_row)
    with pytest.raises(ImportFailed) as caught:
        commit_import(_plan(tmp_path, store), store.save, store.transaction)
    assert store.docs == before
    assert caught.value.row == fail_row + 4  # sheet row: 3 title rows + header
    assert "chưa có thay đổi nào" in caught.value.message_vi


def test_a_plan_with_a_file_problem_cannot_be_committed(tmp_path: Path) -> None:
    store = Store()
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="file problem"):
        commit_import(plan(empty), store.save, store.transaction)
