"""Population look-ups are rate-limited per account: 429 problem+json with ``Retry-After``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from ministry_mock.ratelimit import TokenBuckets
from tests.mock.support import FakeClock, assert_problem, lookup
from tests.mock.sync_support import Mock, private_mock

BURST = 5


@pytest.fixture(scope="module")
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory, clock: FakeClock) -> Iterator[Mock]:
    with private_mock(
        tmp_path_factory.mktemp("ratelimit"), clock=clock, lookup_rate=2.0, lookup_burst=BURST
    ) as m:
        yield m


def test_a_burst_then_429_with_retry_after_then_refill(mock: Mock, clock: FakeClock) -> None:
    cccd = mock.people(1)[0].cccd
    for _ in range(BURST):
        assert lookup(mock.url, cccd, mock.staff).status_code == 200
    response = lookup(mock.url, cccd, mock.staff)
    body = assert_problem(response, 429, "population.rate_limited")
    assert response.headers["Retry-After"] == "1"
    assert body["retry_after"] == 1
    assert "thử lại sau 1 giây" in body["detail"]
    # another account has its own bucket
    assert lookup(mock.url, cccd, mock.staff2).status_code == 200
    assert mock.audit(action="population.lookup", outcome="rate_limited")
    clock.advance(timedelta(seconds=1))  # 2 tokens per second
    assert lookup(mock.url, cccd, mock.staff).status_code == 200
    assert lookup(mock.url, cccd, mock.staff).status_code == 200
    assert lookup(mock.url, cccd, mock.staff).status_code == 429


def test_malformed_ids_spend_tokens_too(mock: Mock, clock: FakeClock) -> None:
    clock.advance(timedelta(minutes=1))  # refill to the burst
    statuses = [lookup(mock.url, "12345", mock.admin).status_code for _ in range(BURST + 1)]
    assert statuses == [422] * BURST + [429]


def test_token_bucket_arithmetic() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(rate=0.5, burst=2, clock=clock)
    assert [buckets.take("a"), buckets.take("a")] == [0, 0]
    assert buckets.take("a") == 2  # half a token per second: 2 s to the next one
    clock.advance(timedelta(seconds=2))
    assert buckets.take("a") == 0
    assert buckets.take("b") == 0
    assert TokenBuckets(rate=1, burst=None, clock=clock).take("a") == 0
    assert TokenBuckets(rate=0, burst=0, clock=clock).take("a") == 3600
