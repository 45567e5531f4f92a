"""The citizen cache: population-register records kept for offline lookup by CCCD.

Reads go cache-first (ARCHITECTURE.md "How data flows"): the citizen-lookup service asks
:meth:`CitizenCache.get`, shows the record with its age (``fetched_at``), and refreshes from the
ministry in the background, storing the answer with :meth:`CitizenCache.put`.

Two ways to use it, and which thread may call:

- ``CitizenCache(store)`` — each call runs in its own short Session and transaction (``put``
  commits). Safe to share between threads: this is what a service holds.
- ``CitizenCache(session)`` — joins the caller's unit of work and never commits; belongs to the
  thread that made the Session::

      with store.session(write=True) as session, session.begin():
          CitizenCache(session).put(citizen, fetched_at=datetime.now(UTC))
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from exam_client.domain.citizen import Citizen
from exam_client.storage.engine import Store
from exam_client.storage.schema import citizen_cache

_FIELDS = (
    "cccd",
    "full_name",
    "date_of_birth",
    "gender",
    "birth_province_code",
    "birth_province_name",
    "ethnicity",
    "residence_province_code",
    "residence_province_name",
    "residence_commune_code",
    "residence_commune_name",
)
_COLUMNS = [citizen_cache.c[name] for name in _FIELDS] + [
    citizen_cache.c.register_updated_at,
    citizen_cache.c.fetched_at,
]


@dataclass(frozen=True, slots=True)
class CachedCitizen:
    """A register record as cached, with when it was fetched (aware UTC)."""

    citizen: Citizen
    fetched_at: datetime


# Built once: a statement with the same structure hits SQLAlchemy's compiled cache every time.
_GET = select(*_COLUMNS).where(citizen_cache.c.cccd == bindparam("cccd"))
_INSERT = insert(citizen_cache)
_PUT = _INSERT.on_conflict_do_update(
    index_elements=[citizen_cache.c.cccd],
    set_={c.name: _INSERT.excluded[c.name] for c in _COLUMNS if c.name != "cccd"},
    where=citizen_cache.c.fetched_at <= _INSERT.excluded.fetched_at,
)


class CitizenCache:
    """Get and upsert cached citizens, per call (a Store) or in a unit of work (a Session)."""

    def __init__(self, source: Store | Session) -> None:
        self._source = source

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[Session]:
        if isinstance(self._source, Session):
            yield self._source
            return
        with self._source.session(write=write) as session, session.begin():
            yield session

    def get(self, cccd: str) -> CachedCitizen | None:
        """The cached record for ``cccd`` (normalised 12 digits), or ``None``.

        A primary-key lookup through a Core statement: it always reads the database, so a
        record another thread just refreshed is seen at once (no stale identity map).
        """
        with self._session() as session:
            row = session.execute(_GET, {"cccd": cccd}).one_or_none()
        if row is None:
            return None
        values = row._mapping
        citizen = Citizen(
            **{name: values[name] for name in _FIELDS},
            updated_at=values["register_updated_at"],
        )
        return CachedCitizen(citizen, values["fetched_at"])

    def put(self, citizen: Citizen, fetched_at: datetime) -> None:
        """Insert or replace the record for ``citizen.cccd`` (an upsert).

        A fetch older than the one already cached does not replace it: a slow background
        refresh must not undo a newer answer. ``fetched_at`` and ``citizen.updated_at`` must be
        aware datetimes (``ValueError`` otherwise).
        """
        for label, moment in (("fetched_at", fetched_at), ("updated_at", citizen.updated_at)):
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError(f"{label} must be an aware datetime, got {moment!r}")
        values: dict[str, Any] = {name: getattr(citizen, name) for name in _FIELDS}
        values["register_updated_at"] = citizen.updated_at
        values["fetched_at"] = fetched_at
        with self._session(write=True) as session:
            session.execute(_PUT, values)

    def put_many(self, items: list[tuple[Citizen, datetime]]) -> None:
        """:meth:`put` for many records in ONE transaction (a batch look-up: one commit, one
        fsync, instead of one per citizen)."""
        if not items:
            return
        with self._session(write=True) as session:
            for citizen, fetched_at in items:
                CitizenCache(session).put(citizen, fetched_at)

    def count(self) -> int:
        """How many citizens are cached (for the status bar and the sync panel)."""
        with self._session() as session:
            total = session.execute(select(func.count()).select_from(citizen_cache)).scalar()
        return int(total or 0)
