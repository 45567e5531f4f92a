"""Exam scores: sane distributions, hidden before publication, graduation by the rules engine."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import requests
from fastapi import FastAPI
from sqlalchemy import select

from exam_client.domain.ruleset import load_ruleset
from exam_client.domain.scores import check_exam_score, graduation_result
from exam_client.domain.timeline import VN_TZ
from ministry_mock.app import create_app, instance_of, seed_report
from ministry_mock.clock import demo_clock
from ministry_mock.scores import TARGETS, draw_scores
from ministry_mock.seed import (
    DEMO_ADMIN_PASS,
    DEMO_ADMIN_USERNAME,
    DEMO_CANDIDATE_PASS,
    DEMO_STAFF_PASS,
    DEMO_STAFF_USERNAME,
)
from ministry_mock.server import start_in_thread
from ministry_mock.store.models import Citizen
from tests.mock.conftest import small_settings
from tests.mock.support import TIMEOUT, FakeClock, assert_problem, bearer, tokens

RS = load_ruleset(2026)
BEFORE = datetime(2026, 6, 20, 9, 0, tzinfo=VN_TZ)
AFTER = datetime(2026, 7, 3, 9, 0, tzinfo=VN_TZ)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    db = tmp_path_factory.mktemp("scores") / "ministry.sqlite3"
    return create_app(
        small_settings(
            db,
            citizens=300,
            schools=20,
            scrypt_n=2**10,
            clock=FakeClock(BEFORE.astimezone(UTC)),
            access_token_ttl=timedelta(days=400),
        )
    )


@pytest.fixture(scope="module")
def base(app: FastAPI) -> Iterator[str]:
    with start_in_thread(app) as server:
        yield server.base_url


@pytest.fixture
def at(app: FastAPI) -> Iterator[object]:
    clock = demo_clock(instance_of(app).settings)
    assert clock is not None
    yield clock.set
    clock.reset()


def candidate(base: str, app: FastAPI) -> tuple[str, dict[str, str]]:
    username = seed_report(app).demo_candidate_username
    assert username is not None
    return username, bearer(tokens(base, username, DEMO_CANDIDATE_PASS)["access_token"])


def test_distributions_on_5000_candidates() -> None:
    papers = tuple(TARGETS)
    values: dict[str, list[Decimal]] = {code: [] for code in papers}
    for n in range(5000):
        scores, averages = draw_scores(2026, 2026, f"0012080{n:05d}", papers, RS)
        for code, value in scores.items():
            values[code].append(value)
        assert all(Decimal(5) <= a <= 10 for a in averages.values())
    for code, found in values.items():
        mean = statistics.fmean(float(v) for v in found)
        assert abs(mean - TARGETS[code][0]) <= 0.5, (code, mean)
        assert all(v % Decimal("0.25") == 0 and 0 <= v <= 10 for v in found)
        assert all(not check_exam_score(v, RS) for v in found)  # the engine accepts every one
    assert abs(statistics.fmean(float(v) for v in values["TO"]) - 6.5) <= 0.5
    assert abs(statistics.fmean(float(v) for v in values["VA"]) - 7.0) <= 0.5
    assert abs(statistics.fmean(float(v) for v in values["N1"]) - 5.5) <= 0.5


def test_same_seed_same_scores() -> None:
    one = draw_scores(1, 2026, "001208000001", ("TO", "VA", "SU", "DI"), RS)
    assert one == draw_scores(1, 2026, "001208000001", ("TO", "VA", "SU", "DI"), RS)
    assert one != draw_scores(2, 2026, "001208000001", ("TO", "VA", "SU", "DI"), RS)


def test_hidden_before_publication_visible_after(base: str, app: FastAPI, at: object) -> None:
    cccd, headers = candidate(base, app)
    early = requests.get(f"{base}/results/me", headers=headers, timeout=TIMEOUT)
    body = assert_problem(early, 409, "scores.not_published")
    assert datetime.fromisoformat(body["published_at"]) == datetime(2026, 7, 2, tzinfo=VN_TZ)
    assert "02/07/2026" in body["detail"]
    at(AFTER)  # type: ignore[operator]
    response = requests.get(f"{base}/results/me", headers=headers, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["cccd"] == cccd and result["exam_year"] == 2026
    scores = {s["subject"]: Decimal(s["score"]) for s in result["subjects"]}
    assert len(scores) == 4 and {"TO", "VA"} <= set(scores)
    averages = {int(k): Decimal(v) for k, v in result["transcript_averages"].items()}
    expected = graduation_result(scores, averages, RS)
    graduation = result["graduation"]
    assert Decimal(graduation["score"]) == expected.score.value
    assert graduation["passed"] == expected.passed and graduation["verdict"] == expected.vi
    assert graduation["explanation"].startswith("ĐXTN = ")
    again = requests.get(f"{base}/results/me", headers=headers, timeout=TIMEOUT).json()
    assert again == result


def test_staff_and_admin_access(base: str, app: FastAPI, at: object) -> None:
    at(AFTER)  # type: ignore[operator]
    cccd, _ = candidate(base, app)
    admin = bearer(tokens(base, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)["access_token"])
    ok = requests.get(f"{base}/results/{cccd}", headers=admin, timeout=TIMEOUT)
    assert ok.status_code == 200 and ok.json()["cccd"] == cccd
    staff = bearer(tokens(base, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)["access_token"])
    # the demo candidate is not registered at the staff member's school
    assert_problem(requests.get(f"{base}/results/{cccd}", headers=staff, timeout=TIMEOUT), 403)
    with instance_of(app).store.sessions() as session:
        nobody = session.scalars(select(Citizen.cccd).order_by(Citizen.seq.desc())).first()
    assert nobody is not None
    missing = requests.get(f"{base}/results/{nobody}", headers=admin, timeout=TIMEOUT)
    if missing.status_code != 200:  # an old citizen outside the sample sat no exam
        assert_problem(missing, 404, "scores.not_found")
    _, candidate_headers = candidate(base, app)
    other = requests.get(f"{base}/results/{cccd}", headers=candidate_headers, timeout=TIMEOUT)
    assert_problem(other, 403)
