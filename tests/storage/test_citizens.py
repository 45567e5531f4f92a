"""The citizen cache: exact round trips (Vietnamese text, dates, UTC), upserts, counts."""

from __future__ import annotations

import threading
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import pytest

from exam_client.storage.citizens import CachedCitizen, CitizenCache
from exam_client.storage.engine import Store
from tests.storage.helpers import citizen

HANOI = timezone(timedelta(hours=7))
NAMES = [
    "Nguyễn Thị Ánh Tuyết",
    "Trần Đức Lợi",
    "Hoàng Thị Ngọc Diệp",
    "Lò Văn Pấng",
    "H'Hen Niê",
    "Phạm Quỳnh Hương",
    unicodedata.normalize("NFD", "Đặng Thị Hồng Nhung"),  # kept exactly as the register sent it
]


@pytest.mark.parametrize("name", NAMES)
def test_round_trip_keeps_vietnamese_names_exactly(store: Store, name: str) -> None:
    record = citizen(full_name=name, residence_commune_name="Xã Hướng Hoá")
    fetched = datetime(2025, 4, 30, 9, 15, 42, 123456, tzinfo=UTC)
    with store.session(write=True) as session, session.begin():
        CitizenCache(session).put(record, fetched)
    with store.session() as session:
        cached = CitizenCache(session).get(record.cccd)
    assert cached == CachedCitizen(record, fetched)
    assert cached.citizen.full_name == name
    assert cached.citizen.gender_vi == "Nữ"


def test_times_come_back_as_aware_utc(store: Store) -> None:
    record = citizen(updated_at=datetime(2025, 1, 1, 7, 0, tzinfo=HANOI))
    fetched = datetime(2025, 5, 1, 14, 5, tzinfo=HANOI)
    with store.session(write=True) as session, session.begin():
        CitizenCache(session).put(record, fetched)
    with store.session() as session:
        cached = CitizenCache(session).get(record.cccd)
    assert cached is not None
    assert cached.fetched_at == fetched
    assert cached.fetched_at.tzinfo is UTC
    assert cached.fetched_at.hour == 7
    assert cached.citizen.updated_at == datetime(2025, 1, 1, 0, 0, tzinfo=UTC)


def test_naive_datetimes_are_refused(store: Store) -> None:
    with store.session() as session:
        cache = CitizenCache(session)
        with pytest.raises(ValueError, match="fetched_at"):
            cache.put(citizen(), datetime(2025, 1, 1, 8, 0))
        with pytest.raises(ValueError, match="updated_at"):
            cache.put(citizen(updated_at=datetime(2025, 1, 1)), datetime.now(UTC))


def test_missing_citizen_is_none(store: Store) -> None:
    with store.session() as session:
        assert CitizenCache(session).get("001307099999") is None


def test_put_replaces_with_a_newer_fetch_but_not_an_older_one(store: Store) -> None:
    first = datetime(2025, 5, 1, 8, 0, tzinfo=UTC)
    with store.session(write=True) as session, session.begin():
        cache = CitizenCache(session)
        cache.put(citizen(residence_commune_name="Phường Cũ"), first)
        cache.put(citizen(residence_commune_name="Phường Mới"), first + timedelta(hours=1))
        cache.put(citizen(residence_commune_name="Phường Cũ"), first)  # late, older answer
    with store.session() as session:
        cache = CitizenCache(session)
        cached = cache.get(citizen().cccd)
        assert cached is not None
        assert cached.citizen.residence_commune_name == "Phường Mới"
        assert cached.fetched_at == first + timedelta(hours=1)
        assert cache.count() == 1


def test_count(store: Store) -> None:
    now = datetime.now(UTC)
    with store.session(write=True) as session, session.begin():
        cache = CitizenCache(session)
        assert cache.count() == 0
        for serial in range(25):
            cache.put(citizen(f"001307{serial:06d}"), now)
        assert cache.count() == 25


def test_a_refresh_by_another_thread_is_seen_at_once(store: Store) -> None:
    with store.session() as reader:
        cache = CitizenCache(reader)
        assert cache.get(citizen().cccd) is None
        reader.rollback()  # end the read snapshot, as each lookup in the app does

        def refresh() -> None:
            with store.session(write=True) as writer, writer.begin():
                CitizenCache(writer).put(citizen(), datetime.now(UTC))

        worker = threading.Thread(target=refresh)
        worker.start()
        worker.join()
        assert cache.get(citizen().cccd) is not None


def test_store_bound_cache_commits_each_call_and_is_shared_by_threads(store: Store) -> None:
    cache = CitizenCache(store)  # what a service holds: one object, any worker thread
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(10):
                record = citizen(f"0793080{worker:02d}{i:03d}", f"Võ Thị Thu Trang {worker}-{i}")
                cache.put(record, datetime.now(UTC))
                cached = cache.get(record.cccd)
                assert cached is not None
                assert cached.citizen == record
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert cache.count() == 40
    with store.session() as session:  # committed, visible to any other Session
        assert CitizenCache(session).count() == 40


def test_session_bound_cache_joins_the_callers_transaction(store: Store) -> None:
    with store.session(write=True) as session:
        CitizenCache(session).put(citizen(), datetime.now(UTC))
        assert CitizenCache(session).count() == 1
        session.rollback()
    assert CitizenCache(store).count() == 0
