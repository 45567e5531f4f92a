"""Search-as-you-type, filters and Vietnamese school order over a school's candidates, in memory.

Staff type a few letters of a name (without diacritics: "dang thi" finds "Đặng Thị"), an ID or a
class, and the table must follow each keystroke over up to 100 000 rows. The index precomputes,
once per load (off the GUI thread), a folded search text and the school-order sort key of every
row; a query is then a pass of C-level substring tests over the rows of the previous, broader
query when the person keeps typing forward. Orderings by other columns are computed once each and
cached.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from exam_client.domain.cccd import mask_cccd
from exam_client.domain.names import fold, school_sort_key

SortColumn = Literal["name", "date_of_birth", "cccd", "class_name", "status", "sync_state"]


@dataclass(frozen=True, slots=True)
class CandidateRow:
    record_id: str
    full_name: str
    date_of_birth: date
    cccd: str
    class_name: str
    subjects: tuple[str, ...]
    status: str  # draft | submitted | confirmed | returned
    sync_state: str  # draft | queued | sending | synced | rejected | conflict
    problem_count: int = 0

    @property
    def masked_cccd(self) -> str:
        return mask_cccd(self.cccd)


@dataclass(frozen=True, slots=True)
class Filters:
    status: str | None = None
    class_name: str | None = None
    only_with_problems: bool = False
    only_unsynced: bool = False

    def accepts(self, row: CandidateRow) -> bool:
        return (
            (self.status is None or row.status == self.status)
            and (self.class_name is None or row.class_name == self.class_name)
            and (not self.only_with_problems or row.problem_count > 0)
            and (not self.only_unsynced or row.sync_state != "synced")
        )

    @property
    def active(self) -> bool:
        return self != Filters()


@dataclass
class _LastQuery:
    tokens: tuple[str, ...] = ()
    filters: Filters = field(default_factory=Filters)
    hits: list[int] | None = None


_CACHE_SIZE = 64  # recent queries: backspacing re-shows them without a scan


_SORT_KEYS: dict[SortColumn, Callable[[CandidateRow], object]] = {
    "date_of_birth": lambda r: r.date_of_birth,
    "cccd": lambda r: r.cccd,
    "class_name": lambda r: (r.class_name,),
    "status": lambda r: r.status,
    "sync_state": lambda r: r.sync_state,
}


class CandidateIndex:
    """Immutable snapshot of rows; build a new one when the data changes."""

    def __init__(self, rows: Iterable[CandidateRow]) -> None:
        self.rows: list[CandidateRow] = list(rows)
        keys = [school_sort_key(r.full_name) for r in self.rows]
        # rows are kept in school order: the default sort needs no work per query
        order = sorted(range(len(self.rows)), key=keys.__getitem__)
        self.rows = [self.rows[i] for i in order]
        self._school_keys = [keys[i] for i in order]
        self._haystack = [
            f"{fold(r.full_name)}\x1f{r.cccd}\x1f{fold(r.class_name)}" for r in self.rows
        ]
        self._orders: dict[SortColumn, list[int]] = {"name": list(range(len(self.rows)))}
        self._rank: dict[SortColumn, list[int]] = {}
        self._last = _LastQuery()
        self._recent: OrderedDict[tuple[tuple[str, ...], Filters], list[int]] = OrderedDict()
        self.classes: list[str] = sorted({r.class_name for r in self.rows if r.class_name})

    def __len__(self) -> int:
        return len(self.rows)

    def query(
        self,
        text: str = "",
        filters: Filters | None = None,
        sort: SortColumn = "name",
        descending: bool = False,
    ) -> list[int]:
        """Positions in :attr:`rows` matching every token of ``text``, in the wanted order."""
        filters = filters or Filters()
        tokens = tuple(t for t in fold(text).replace(".", " ").split() if t)
        hits = self._matching(tokens, filters)
        if sort != "name":
            rank = self._ranking(sort)
            hits = sorted(hits, key=rank.__getitem__)
        if descending:
            hits.reverse()
        return hits

    def _matching(self, tokens: tuple[str, ...], filters: Filters) -> list[int]:
        if not tokens and not filters.active:
            return list(range(len(self.rows)))
        cached = self._recent.get((tokens, filters))
        if cached is not None:
            self._recent.move_to_end((tokens, filters))
            self._last = _LastQuery(tokens, filters, cached)
            return list(cached)
        last = self._last
        narrowing = (
            last.hits is not None
            and last.filters == filters
            and len(tokens) >= len(last.tokens)
            and all(t.startswith(p) for t, p in zip(tokens, last.tokens, strict=False))
        )
        candidates: Sequence[int] = (
            last.hits if narrowing and last.hits is not None else range(len(self.rows))
        )
        hay = self._haystack
        hits = list(candidates)
        for token in tokens:
            hits = [i for i in hits if token in hay[i]]
        if filters.active:
            rows = self.rows
            hits = [i for i in hits if filters.accepts(rows[i])]
        self._last = _LastQuery(tokens, filters, hits)
        self._recent[(tokens, filters)] = hits
        if len(self._recent) > _CACHE_SIZE:
            self._recent.popitem(last=False)
        return list(hits)

    def _ranking(self, column: SortColumn) -> list[int]:
        """rank[i] = position of row i when ordered by ``column`` (ties: school order)."""
        if column not in self._rank:
            key = _SORT_KEYS[column]
            order = sorted(range(len(self.rows)), key=lambda i: (key(self.rows[i]), i))
            rank = [0] * len(order)
            for position, i in enumerate(order):
                rank[i] = position
            self._rank[column] = rank
        return self._rank[column]
