"""Citizen look-up: local ID check, cache-first, offline with the cache's age.

Real mock ministry over loopback, real SQLCipher cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from exam_client.services.bootstrap import build_services
from exam_client.services.context import AppServices
from exam_client.services.errors import CitizenNotFound, InvalidCitizenId, OfflineNotCached
from exam_client.services.settings import Settings
from tests.ministry import MockMinistry


@pytest.fixture
def services(ministry: MockMinistry, tmp_path: Path) -> Iterator[AppServices]:
    s = build_services(Settings(data_dir=tmp_path / "client", api_url=ministry.base_url))
    s.auth.sign_in(ministry.username, ministry.password)
    try:
        yield s
    finally:
        s.close()


def test_malformed_id_is_refused_locally_without_a_request(
    services: AppServices, ministry: MockMinistry
) -> None:
    before = ministry.audit_count()
    with pytest.raises(InvalidCitizenId) as err:
        services.citizens.lookup("0012 0801")
    assert err.value.problems[0].code == "cccd.length"
    assert ministry.audit_count() == before  # the server never saw it


def test_miss_asks_the_register_then_hits_the_cache(
    services: AppServices, ministry: MockMinistry
) -> None:
    cccd = ministry.citizen_ids(1)[0]
    first = services.citizens.lookup(cccd)
    assert first.source == "register"
    assert first.citizen.full_name == ministry.citizen_name(cccd)
    audited = ministry.audit_count()
    second = services.citizens.lookup(f"{cccd[:3]} {cccd[3:]}")
    assert second.source == "cache"
    assert second.citizen == first.citizen
    assert ministry.audit_count() == audited  # answered from the cache


def test_unknown_id_is_not_found(services: AppServices, ministry: MockMinistry) -> None:
    known = set(ministry.citizen_ids(300))
    unknown = next(f"001208{n:06d}" for n in range(1000) if f"001208{n:06d}" not in known)
    with pytest.raises(CitizenNotFound):
        services.citizens.lookup(unknown)


def test_offline_answers_from_cache_with_age_or_says_not_cached(
    services: AppServices, ministry: MockMinistry
) -> None:
    cached, uncached = ministry.citizen_ids(2)
    services.citizens.lookup(cached)
    ministry.stop()
    assert not services.connection.check().online
    result = services.citizens.lookup(cached)
    assert (result.source, result.offline) == ("cache", True)
    assert result.age(datetime.now(UTC)) < timedelta(minutes=1)
    with pytest.raises(OfflineNotCached) as err:
        services.citizens.lookup(uncached)
    assert "mất kết nối" in err.value.message_vi


def test_stale_cache_is_refreshed_when_online_and_used_when_offline(
    ministry: MockMinistry, tmp_path: Path
) -> None:
    now = [datetime.now(UTC)]
    s = build_services(Settings(data_dir=tmp_path / "c", api_url=ministry.base_url))
    try:
        s.auth.sign_in(ministry.username, ministry.password)
        s.citizens._now = lambda: now[0]  # a clock we control
        cccd = ministry.citizen_ids(1)[0]
        s.citizens.lookup(cccd)
        now[0] += timedelta(days=2)
        assert s.citizens.lookup(cccd).source == "register"  # stale: asked again
        now[0] += timedelta(days=2)
        ministry.stop()
        stale = s.citizens.lookup(cccd)
        assert (stale.source, stale.offline) == ("cache", True)
    finally:
        s.close()


def test_cache_survives_a_restart_encrypted(ministry: MockMinistry, tmp_path: Path) -> None:
    data = tmp_path / "client"
    cccd = ministry.citizen_ids(1)[0]
    s = build_services(Settings(data_dir=data, api_url=ministry.base_url))
    s.auth.sign_in(ministry.username, ministry.password)
    name = s.citizens.lookup(cccd).citizen.full_name
    s.close()
    raw = (data / "cache.db").read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert name.encode() not in raw
    ministry.stop()
    again = build_services(Settings(data_dir=data, api_url=ministry.base_url))
    try:
        assert again.citizens.lookup(cccd).citizen.full_name == name
    finally:
        again.close()


def test_batched_cache_writes_commit_in_batches_and_flush_the_rest(
    services: AppServices, ministry: MockMinistry
) -> None:
    from exam_client.storage.citizens import CitizenCache

    cache = services.citizens._cache
    assert isinstance(cache, CitizenCache)
    ids = ministry.citizen_ids(5)
    with services.citizens.batched_cache_writes(flush_every=2):
        services.citizens.lookup(ids[0])
        assert cache.count() == 0  # held back, not one commit per look-up
        services.citizens.lookup(ids[1])
        assert cache.count() == 2  # a full batch is written at once
        services.citizens.lookup(ids[2])
        with pytest.raises(RuntimeError), services.citizens.batched_cache_writes():
            pass  # one batch at a time
    assert cache.count() == 3  # the rest is written when the block ends
    services.citizens.lookup(ids[3])
    assert cache.count() == 4  # outside a batch: written at once, as before
    assert services.citizens.lookup(ids[0]).source == "cache"
