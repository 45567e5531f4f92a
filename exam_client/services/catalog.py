"""The admission catalog (institutions and programmes), downloaded once per version and searched
locally: a kiosk keyboard types one letter at a time and the server should not see each one.

* Revalidation: ``GET /catalog`` with ``If-None-Match: "<version>"`` costs a 304 while nothing
  changed; only a new version downloads institutions and programme pages again. A page answered
  409 ``catalog.cursor_stale`` (the catalog moved mid-download) restarts the download once.
* Memory only. The catalog is public, so caching it on disk would be allowed, but a kiosk
  restarts every morning and the download is a few hundred kilobytes: not worth a file.
  The cache is shared by every visit (it holds nothing about a candidate).
* Search folds diacritics with :func:`exam_client.domain.names.fold` (``đ`` = ``d``), matches
  every typed word anywhere in code, programme name, institution code or name, and ranks exact
  code hits first.

Threads: :meth:`CatalogService.load` blocks on the network (worker thread); a
:class:`CatalogSnapshot` is immutable and may be searched from any thread.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from exam_client.api import errors as api_errors
from exam_client.api.cycle import Institution, Programme
from exam_client.domain.names import fold

if TYPE_CHECKING:
    from exam_client.api.client import MinistryClient

PAGE = 1000


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One programme with its institution, and the folded text search looks in."""

    programme: Programme
    institution: Institution
    haystack: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.programme.institution_code, self.programme.code)


@dataclass(frozen=True)
class CatalogSnapshot:
    year: int
    version: str
    entries: tuple[CatalogEntry, ...]
    _by_key: dict[tuple[str, str], CatalogEntry] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        year: int,
        version: str,
        institutions: Sequence[Institution],
        programmes: Sequence[Programme],
    ) -> CatalogSnapshot:
        by_code = {i.code: i for i in institutions}
        entries = []
        for p in programmes:
            inst = by_code.get(p.institution_code)
            if inst is None:
                continue
            text = f"{p.code} {p.major_code} {p.name} {inst.code} {inst.name} {inst.province_name}"
            entries.append(CatalogEntry(p, inst, fold(text)))
        return cls(year, version, tuple(entries), {e.key: e for e in entries})

    def find(self, institution_code: str, programme_code: str) -> CatalogEntry | None:
        return self._by_key.get((institution_code.upper(), programme_code.upper()))

    def search(self, query: str, limit: int = 50) -> list[CatalogEntry]:
        """Every entry containing every typed word (diacritics and case ignored)."""
        words = fold(query).split()
        if not words:
            return []
        hits = [e for e in self.entries if all(w in e.haystack for w in words)]
        folded = " ".join(words)

        def rank(entry: CatalogEntry) -> tuple[int, str]:
            codes = (fold(entry.programme.code), fold(entry.institution.code))
            return (0 if folded in codes else 1, entry.haystack)

        hits.sort(key=rank)
        return hits[:limit]


class CatalogService:
    """One per app (the cache is public data); safe to call from several worker threads."""

    def __init__(self, client: MinistryClient) -> None:
        self._client = client
        self._lock = threading.Lock()
        self._cache: dict[int | None, CatalogSnapshot] = {}
        self.downloads = 0  # full downloads done (tests and the status line read it)

    def cached(self, year: int | None = None) -> CatalogSnapshot | None:
        return self._cache.get(year)

    def load(self, year: int | None = None) -> CatalogSnapshot:
        """Blocking. The cached snapshot if the server's version is the same, else a new one."""
        with self._lock:
            cached = self._cache.get(year)
            etag = f'"{cached.version}"' if cached is not None else None
            info = self._client.catalog_info(year, etag)
            if info is None and cached is not None:
                return cached
            for attempt in range(2):
                try:
                    snapshot = self._download(year)
                    break
                except api_errors.Conflict:
                    if attempt:
                        raise
            self._cache[year] = snapshot
            self.downloads += 1
            return snapshot

    def _download(self, year: int | None) -> CatalogSnapshot:
        institutions = self._client.catalog_institutions(year)
        assert institutions is not None  # no validator sent, so never a 304
        programmes: list[Programme] = []
        cursor: str | None = None
        while True:
            page = self._client.catalog_programmes(year, cursor, PAGE)
            if page.version != institutions.version:
                raise api_errors.Conflict("catalog changed during download", status=409)
            programmes.extend(page.programmes)
            cursor = page.next_cursor
            if cursor is None:
                break
        return CatalogSnapshot.build(
            institutions.year, institutions.version, institutions.institutions, programmes
        )
