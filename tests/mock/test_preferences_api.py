"""Preference lists over real HTTP: the engine's rules, versions, idempotency, fees, scores."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from fastapi import FastAPI
from sqlalchemy import select

from exam_client.domain.ruleset import load_ruleset
from exam_client.domain.timeline import VN_TZ
from ministry_mock.app import create_app, instance_of
from ministry_mock.catalog import catalog_for
from ministry_mock.clock import demo_clock
from ministry_mock.payments import preference_count as fee_basis
from ministry_mock.scores import best_admission, candidate_scores
from ministry_mock.security import hash_password
from ministry_mock.server import start_in_thread
from ministry_mock.store.models import Account, Citizen
from tests.mock.conftest import small_settings
from tests.mock.support import TIMEOUT, FakeClock, assert_problem, bearer, tokens

RS = load_ruleset(2026)
OPEN = datetime(2026, 7, 5, 10, 0, tzinfo=VN_TZ)
PASSWORD = "Thisinh@Nv2026"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    db = tmp_path_factory.mktemp("preferences") / "ministry.sqlite3"
    return create_app(
        small_settings(
            db,
            citizens=200,
            schools=20,
            scrypt_n=2**10,
            clock=FakeClock(OPEN.astimezone(UTC)),
            access_token_ttl=timedelta(days=400),
        )
    )


@pytest.fixture(scope="module")
def base(app: FastAPI) -> Iterator[str]:
    with start_in_thread(app) as server:
        yield server.base_url


@pytest.fixture(scope="module")
def citizens(app: FastAPI) -> Iterator[str]:
    with instance_of(app).store.sessions() as session:
        taken = set(session.scalars(select(Account.username)))
        rows = list(session.scalars(select(Citizen.cccd).order_by(Citizen.seq)))
    return iter([c for c in rows if c not in taken])


@pytest.fixture
def clock(app: FastAPI) -> Iterator[Any]:
    found = demo_clock(instance_of(app).settings)
    assert found is not None
    yield found
    found.reset()


@pytest.fixture
def candidate(app: FastAPI, base: str, citizens: Iterator[str]) -> tuple[str, dict[str, str]]:
    cccd = next(citizens)
    with instance_of(app).store.sessions() as session:
        session.add(
            Account(
                username=cccd,
                password_hash=hash_password(PASSWORD, n=2**10),
                role="candidate",
                display_name="Thí sinh thử",
                failed_attempts=0,
            )
        )
        session.commit()
    return cccd, bearer(tokens(base, cccd, PASSWORD)["access_token"])


def choices(app: FastAPI, count: int, *, teacher_at: int | None = None) -> list[dict[str, str]]:
    """``count`` distinct programmes, none in teacher training except at NV ``teacher_at``."""
    catalog = catalog_for(instance_of(app).settings, 2026)
    plain = [p for p in catalog.programmes if not p.teacher_training]
    teacher = next(p for p in catalog.programmes if p.teacher_training)
    picked = plain[:count]
    if teacher_at is not None:
        picked[teacher_at - 1] = teacher
    return [{"institution_code": p.institution_code, "programme_code": p.code} for p in picked]


def put(
    base: str,
    headers: dict[str, str],
    items: list[dict[str, str]],
    base_version: int,
    key: str | None = None,
) -> requests.Response:
    extra = {"Idempotency-Key": key} if key else {}
    return requests.put(
        f"{base}/preferences/me",
        json={"base_version": base_version, "items": items},
        headers={**headers, **extra},
        timeout=TIMEOUT,
    )


def test_empty_list_first(base: str, candidate: tuple[str, dict[str, str]]) -> None:
    body = requests.get(f"{base}/preferences/me", headers=candidate[1], timeout=TIMEOUT).json()
    assert body["version"] == 0 and body["items"] == [] and body["fee_total"] == 0
    assert body["editable"] is True and body["exam_year"] == 2026
    assert "14/07/2026" in body["message"]


def test_save_versions_and_fee(
    app: FastAPI, base: str, candidate: tuple[str, dict[str, str]]
) -> None:
    cccd, headers = candidate
    first = put(base, headers, choices(app, 3), 0)
    assert first.status_code == 200, first.text
    saved = first.json()
    assert saved["version"] == 1 and saved["count"] == 3
    assert saved["fee_per_preference"] == RS.fee_per_preference
    assert saved["fee_total"] == 3 * RS.fee_per_preference
    assert [i["rank"] for i in saved["items"]] == [1, 2, 3]
    assert saved["items"][0]["institution_name"] and saved["items"][0]["programme_name"]
    second = put(base, headers, choices(app, 5), 1).json()
    assert second["version"] == 2 and second["fee_total"] == 5 * RS.fee_per_preference
    stale = put(base, headers, choices(app, 2), 1)
    body = assert_problem(stale, 409, "preferences.conflict")
    assert body["current_version"] == 2 and body["current"]["count"] == 5
    history = requests.get(f"{base}/preferences/me/versions", headers=headers, timeout=TIMEOUT)
    versions = history.json()["versions"]
    assert [v["version"] for v in versions] == [2, 1]
    assert [v["count"] for v in versions] == [5, 3]
    assert versions[1]["fee_total"] == 3 * RS.fee_per_preference
    with instance_of(app).store.sessions() as session:
        basis = fee_basis(session, cccd, 2026)  # the payments module reads our count
    assert basis is not None and (basis.count, basis.version) == (5, 2)


def test_limit_of_15_in_2026(
    app: FastAPI, base: str, candidate: tuple[str, dict[str, str]]
) -> None:
    body = assert_problem(put(base, candidate[1], choices(app, 16), 0), 422, "preferences.invalid")
    errors = {e["code"]: e for e in body["errors"]}
    assert errors["preferences.too_many"]["field"] == "preferences"
    assert "tối đa 15 nguyện vọng" in errors["preferences.too_many"]["message"]
    assert put(base, candidate[1], choices(app, 15), 0).status_code == 200


def test_teacher_training_only_in_nv1_to_5(
    app: FastAPI, base: str, candidate: tuple[str, dict[str, str]]
) -> None:
    response = put(base, candidate[1], choices(app, 6, teacher_at=6), 0)
    body = assert_problem(response, 422, "preferences.invalid")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("preferences.6", "preferences.teacher_training_position")
    ]
    assert "NV1–NV5" in body["errors"][0]["message"]
    assert put(base, candidate[1], choices(app, 6, teacher_at=5), 0).status_code == 200


def test_unknown_programme_and_duplicates(
    app: FastAPI, base: str, candidate: tuple[str, dict[str, str]]
) -> None:
    items = choices(app, 2)
    items += [items[0], {"institution_code": "QSB", "programme_code": "9999999"}]
    body = assert_problem(put(base, candidate[1], items, 0), 422)
    fields = {(e["field"], e["code"]) for e in body["errors"]}
    assert ("preferences.3", "preferences.duplicate") in fields
    assert ("preferences.4.programme_code", "preferences.unknown_programme") in fields


def test_idempotency_key(app: FastAPI, base: str, candidate: tuple[str, dict[str, str]]) -> None:
    headers, key = candidate[1], str(uuid.uuid4())
    first = put(base, headers, choices(app, 4), 0, key)
    again = put(base, headers, choices(app, 4), 0, key)
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["version"] == first.json()["version"] == 1
    history = requests.get(f"{base}/preferences/me/versions", headers=headers, timeout=TIMEOUT)
    assert len(history.json()["versions"]) == 1
    other = put(base, headers, choices(app, 2), 0, key)
    assert_problem(other, 409, "idempotency.key_reused")
    assert_problem(put(base, headers, choices(app, 2), 1, "short"), 400)


def test_edit_window_closed(
    app: FastAPI, base: str, candidate: tuple[str, dict[str, str]], clock: Any
) -> None:
    clock.set(datetime(2026, 7, 14, 17, 0, tzinfo=VN_TZ))
    body = assert_problem(put(base, candidate[1], choices(app, 2), 0), 409, "preferences.closed")
    assert "17:00 ngày 14/07/2026" in body["detail"]
    assert body["errors"][0]["code"] == "preferences.closed"
    listed = requests.get(f"{base}/preferences/me", headers=candidate[1], timeout=TIMEOUT).json()
    assert listed["editable"] is False


def test_scores_and_cutoffs_per_preference(
    app: FastAPI, base: str, candidate: tuple[str, dict[str, str]]
) -> None:
    settings = instance_of(app).settings
    with instance_of(app).store.sessions() as session:
        mine = candidate_scores(session, settings, candidate[0], RS)
    assert mine is not None
    fitting = [
        p
        for p in catalog_for(settings, 2026).programmes
        if not p.teacher_training and best_admission(mine, p, RS) is not None
    ]
    items = [{"institution_code": p.institution_code, "programme_code": p.code} for p in fitting]
    saved = put(base, candidate[1], items[:3] + choices(app, 2), 0).json()
    assert saved["scores_published"] is True  # 2026: published when NV registration opens
    scored = [i for i in saved["items"] if i["admission_score"] is not None]
    assert len(scored) >= 3
    for item in scored:
        assert 0 <= float(item["admission_score"]) <= 30
        assert item["admission_combination"] and item["admission_explanation"]
    assert any(i["last_year_cutoff"] is not None for i in saved["items"])
