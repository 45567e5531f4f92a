"""Look a citizen up in the population register, cache-first, working offline.

1. The ID's structure is checked locally first: a malformed ID never costs a request.
2. A fresh cached answer is returned at once.
3. Otherwise the register is asked and the answer cached.
4. If the register cannot be reached, a cached answer of any age is returned, marked offline with
   its age; with nothing cached, :class:`OfflineNotCached` says so plainly.

Blocking (disk and network): call from a worker thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal, Protocol

from exam_client.api.client import MinistryClient
from exam_client.api.contract import CitizenRecord
from exam_client.api.errors import NetworkError, NotFound, ServerError, SlowDown
from exam_client.domain.cccd import check_cccd, mask_cccd, normalize_cccd_input
from exam_client.domain.citizen import Citizen
from exam_client.services.connection import ConnectionMonitor
from exam_client.services.errors import CitizenNotFound, InvalidCitizenId, OfflineNotCached

log = logging.getLogger(__name__)

Source = Literal["register", "cache"]


class CachedCitizenLike(Protocol):
    @property
    def citizen(self) -> Citizen: ...
    @property
    def fetched_at(self) -> datetime: ...


class CitizenCacheLike(Protocol):
    def get(self, cccd: str) -> CachedCitizenLike | None: ...
    def put(self, citizen: Citizen, fetched_at: datetime) -> None: ...
    def put_many(self, items: list[tuple[Citizen, datetime]]) -> None: ...


@dataclass(frozen=True, slots=True)
class LookupResult:
    citizen: Citizen
    source: Source
    fetched_at: datetime
    offline: bool

    def age(self, now: datetime) -> timedelta:
        return now - self.fetched_at


class CitizenLookupService:
    def __init__(
        self,
        client: MinistryClient,
        cache: CitizenCacheLike,
        connection: ConnectionMonitor,
        *,
        fresh_for: timedelta = timedelta(hours=12),
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self._client = client
        self._cache = cache
        self._connection = connection
        self._fresh_for = fresh_for
        self._now = now or (lambda: datetime.now(UTC))
        self._pending_lock = threading.Lock()
        self._pending: list[tuple[Citizen, datetime]] | None = None
        self._flush_every = 200

    @contextmanager
    def batched_cache_writes(self, flush_every: int = 200) -> Iterator[None]:
        """While open, answers from the register are cached in batches of ``flush_every`` (one
        local transaction each) instead of one commit per look-up; the rest is written when the
        block ends, also on error or cancel. For batch look-ups of thousands of IDs."""
        with self._pending_lock:
            if self._pending is not None:
                raise RuntimeError("batched_cache_writes is already open")
            self._pending = []
        self._flush_every = max(1, flush_every)
        try:
            yield
        finally:
            with self._pending_lock:
                rest, self._pending = self._pending or [], None
            self._cache.put_many(rest)

    def _remember(self, citizen: Citizen, fetched_at: datetime) -> None:
        with self._pending_lock:
            pending = self._pending
            if pending is not None:
                pending.append((citizen, fetched_at))
                if len(pending) < self._flush_every:
                    return
                self._pending = []
        if pending is None:
            self._cache.put(citizen, fetched_at)
        else:
            self._cache.put_many(pending)

    def lookup(self, typed_id: str) -> LookupResult:
        problems = check_cccd(typed_id)
        if problems:
            raise InvalidCitizenId(problems)
        cccd = normalize_cccd_input(typed_id)
        cached = self._cache.get(cccd)
        now = self._now()
        if cached is not None and now - cached.fetched_at < self._fresh_for:
            return LookupResult(
                cached.citizen, "cache", cached.fetched_at, not self._connection.state.online
            )
        try:
            record = self._client.get_citizen(cccd)
        except NotFound:
            self._connection.report_success()
            raise CitizenNotFound(f"no citizen {mask_cccd(cccd)}") from None
        except (NetworkError, ServerError, SlowDown) as exc:
            self._connection.report_failure(exc)
            if cached is None:
                raise OfflineNotCached(f"offline, {mask_cccd(cccd)} not cached") from exc
            log.info("register unreachable; answering %s from cache", mask_cccd(cccd))
            return LookupResult(cached.citizen, "cache", cached.fetched_at, True)
        except Exception as exc:
            self._connection.report_failure(exc)
            raise
        self._connection.report_success()
        citizen = citizen_from_record(record)
        self._remember(citizen, now)
        return LookupResult(citizen, "register", now, False)


def citizen_from_record(record: CitizenRecord) -> Citizen:
    return Citizen(
        cccd=record.cccd,
        full_name=record.full_name,
        date_of_birth=record.date_of_birth,
        gender=record.gender,
        birth_province_code=record.birth_province_code,
        birth_province_name=record.birth_province_name,
        ethnicity=record.ethnicity,
        residence_province_code=record.residence_province_code,
        residence_province_name=record.residence_province_name,
        residence_commune_code=record.residence_commune_code,
        residence_commune_name=record.residence_commune_name,
        updated_at=record.updated_at,
    )
