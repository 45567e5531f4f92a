"""Admission results and enrollment confirmation over real HTTP, on a clock the tests set.

2026 calendar (resources/rules/2026.toml): results 17:00 13 Aug, confirmation until 17:00 21 Aug.
2025: results 17:00 22 Aug, confirmation opens 25 Aug. Admissions are inserted directly into the
``admissions`` table, as the filtering engine will write them.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from fastapi import FastAPI
from sqlalchemy import select

from exam_client.domain.timeline import VN_TZ
from ministry_mock.app import create_app, instance_of
from ministry_mock.confirmations import confirmed_cccds, record_admission
from ministry_mock.security import hash_password
from ministry_mock.seed import DEMO_ADMIN_PASS, DEMO_ADMIN_USERNAME
from ministry_mock.server import start_in_thread
from ministry_mock.store.models import Account, AuditEntry, Citizen
from tests.mock.conftest import small_settings
from tests.mock.support import TIMEOUT, assert_problem, bearer, tokens

PASSWORD = "Thisinh@Conf1"
RESULTS_2026 = datetime(2026, 8, 13, 17, 0, tzinfo=VN_TZ)
DEADLINE_2026 = datetime(2026, 8, 21, 17, 0, tzinfo=VN_TZ)
IN_WINDOW = datetime(2026, 8, 15, 9, 0, tzinfo=VN_TZ)


class SetClock:
    def __init__(self) -> None:
        self._now = IN_WINDOW.astimezone(UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment.astimezone(UTC)


@pytest.fixture(scope="module")
def clock() -> SetClock:
    return SetClock()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, clock: SetClock) -> FastAPI:
    db = tmp_path_factory.mktemp("confirmations") / "ministry.sqlite3"
    settings = small_settings(
        db,
        citizens=120,
        schools=20,
        clock=clock,
        scrypt_n=2**10,
        access_token_ttl=timedelta(days=60),
    )
    return create_app(settings)


@pytest.fixture(scope="module")
def base(app: FastAPI) -> Iterator[str]:
    with start_in_thread(app) as server:
        yield server.base_url


@pytest.fixture(autouse=True)
def _reset(clock: SetClock) -> None:
    clock.set(IN_WINDOW)


@pytest.fixture(scope="module")
def citizens(app: FastAPI) -> Iterator[str]:
    with instance_of(app).store.sessions() as session:
        ids = list(session.scalars(select(Citizen.cccd).order_by(Citizen.seq)))
        taken = set(session.scalars(select(Account.username)))
    return iter([c for c in ids if c not in taken])


def make_candidate(
    app: FastAPI,
    base: str,
    citizens: Iterator[str],
    *,
    admitted: tuple[str, str] | None = ("QHT", "7480201"),
    year: int = 2026,
    published_at: datetime = RESULTS_2026,
) -> tuple[str, dict[str, str]]:
    """A candidate account, admitted to ``admitted`` (institution, programme) unless None."""
    cccd = next(citizens)
    with instance_of(app).store.sessions() as session:
        session.add(
            Account(
                username=cccd,
                password_hash=hash_password(PASSWORD, n=2**10),
                role="candidate",
                display_name="Thí sinh",
                failed_attempts=0,
            )
        )
        if admitted is not None:
            record_admission(
                session,
                cccd=cccd,
                year=year,
                institution_code=admitted[0],
                programme_code=admitted[1],
                preference_rank=2,
                score=2575,
                cutoff=2450,
                published_at=published_at,
                institution_name="Trường Đại học Khoa học Tự nhiên, ĐHQGHN",
                programme_name="Công nghệ thông tin",
            )
        session.commit()
    return cccd, bearer(tokens(base, cccd, PASSWORD)["access_token"])


def result(base: str, headers: dict[str, str], year: int = 2026) -> dict[str, Any]:
    response = requests.get(f"{base}/admission/me?year={year}", headers=headers, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def confirm(
    base: str,
    headers: dict[str, str],
    key: str | None = None,
    *,
    programme: str = "7480201",
    institution: str = "QHT",
    year: int = 2026,
) -> requests.Response:
    extra = {"Idempotency-Key": key or str(uuid.uuid4())}
    return requests.post(
        f"{base}/admission/me/confirm",
        json={"exam_year": year, "institution_code": institution, "programme_code": programme},
        headers={**headers, **extra},
        timeout=TIMEOUT,
    )


def test_result_is_hidden_until_published(
    app: FastAPI, base: str, citizens: Iterator[str], clock: SetClock
) -> None:
    _, headers = make_candidate(app, base, citizens)
    clock.set(RESULTS_2026 - timedelta(minutes=1))
    early = result(base, headers)
    assert early["status"] == "not_published" and early["programme_code"] is None
    assert "17:00 ngày 13/08/2026" in early["message"]
    clock.set(RESULTS_2026)
    assert result(base, headers)["status"] == "admitted"


def test_admitted_result_carries_programme_scores_and_deadline(
    app: FastAPI, base: str, citizens: Iterator[str]
) -> None:
    _, headers = make_candidate(app, base, citizens)
    body = result(base, headers)
    assert body["status"] == "admitted" and body["can_confirm"]
    assert (body["institution_code"], body["programme_code"]) == ("QHT", "7480201")
    assert body["preference_rank"] == 2
    assert (body["score"], body["cutoff"]) == ("25.75", "24.5")
    assert datetime.fromisoformat(body["confirm_deadline"]) == DEADLINE_2026
    assert "17:00 ngày 21/08/2026" in body["message"]
    assert "từ chối nhập học" in body["message"]


def test_not_admitted_candidate_cannot_confirm(
    app: FastAPI, base: str, citizens: Iterator[str]
) -> None:
    _, headers = make_candidate(app, base, citizens, admitted=None)
    assert result(base, headers)["status"] == "not_admitted"
    assert_problem(confirm(base, headers), 409, "admission.not_admitted")


def test_confirmation_is_final_and_idempotent(
    app: FastAPI, base: str, citizens: Iterator[str]
) -> None:
    cccd, headers = make_candidate(app, base, citizens)
    key = str(uuid.uuid4())
    first = confirm(base, headers, key)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["programme_code"] == "7480201" and body["excluded_from_supplementary"]
    assert datetime.fromisoformat(body["confirmed_at"]) == IN_WINDOW
    same_key = confirm(base, headers, key)
    new_key = confirm(base, headers)
    assert (same_key.status_code, new_key.status_code) == (200, 200)
    assert same_key.json() == body and new_key.json() == body
    change = assert_problem(confirm(base, headers, programme="7340101"), 409, "confirmation.final")
    assert change["confirmed_programme"] == "7480201"
    assert_problem(confirm(base, headers, key, programme="7340101"), 409, "idempotency.key_reused")
    live = result(base, headers)  # the status is live, no re-login needed
    assert live["status"] == "confirmed" and not live["can_confirm"]
    assert live["confirmation"]["confirmed_at"] == body["confirmed_at"]
    with instance_of(app).store.sessions() as session:
        assert cccd in confirmed_cccds(session, 2026)
        audit = list(
            session.scalars(select(AuditEntry).where(AuditEntry.action == "admission.confirm"))
        )
    assert audit and all(cccd not in a.subject and cccd not in a.actor for a in audit)


def test_only_the_admitted_programme_can_be_confirmed(
    app: FastAPI, base: str, citizens: Iterator[str]
) -> None:
    _, headers = make_candidate(app, base, citizens)
    refused = assert_problem(confirm(base, headers, programme="7340101"), 422)
    assert refused["code"] == "confirmation.wrong_programme"
    assert refused["admitted_programme"] == "7480201"
    assert_problem(confirm(base, headers, institution="BKA"), 422, "confirmation.wrong_programme")
    assert result(base, headers)["status"] == "admitted"


def test_codes_are_compared_without_case_or_spaces(
    app: FastAPI, base: str, citizens: Iterator[str]
) -> None:
    _, headers = make_candidate(app, base, citizens)
    assert confirm(base, headers, institution=" qht ").status_code == 201


def test_after_the_deadline_the_place_is_lost(
    app: FastAPI, base: str, citizens: Iterator[str], clock: SetClock
) -> None:
    _, headers = make_candidate(app, base, citizens)
    clock.set(DEADLINE_2026)
    late = assert_problem(confirm(base, headers), 409, "confirmation.closed")
    assert datetime.fromisoformat(late["deadline"]) == DEADLINE_2026
    assert "17:00 ngày 21/08/2026" in late["detail"]
    body = result(base, headers)
    assert body["status"] == "admitted" and not body["can_confirm"]
    assert "bất khả kháng" in body["message"]


def test_confirmed_before_the_deadline_stays_confirmed_after_it(
    app: FastAPI, base: str, citizens: Iterator[str], clock: SetClock
) -> None:
    _, headers = make_candidate(app, base, citizens)
    clock.set(DEADLINE_2026 - timedelta(seconds=1))
    assert confirm(base, headers).status_code == 201
    clock.set(DEADLINE_2026 + timedelta(days=3))
    assert confirm(base, headers).status_code == 200
    assert result(base, headers)["status"] == "confirmed"


def test_2025_confirmation_opens_days_after_results(
    app: FastAPI, base: str, citizens: Iterator[str], clock: SetClock
) -> None:
    clock.set(datetime(2025, 8, 23, 9, 0, tzinfo=VN_TZ))
    published = datetime(2025, 8, 22, 17, 0, tzinfo=VN_TZ)
    _, headers = make_candidate(app, base, citizens, year=2025, published_at=published)
    body = result(base, headers, 2025)
    assert body["status"] == "admitted" and not body["can_confirm"]
    early = assert_problem(confirm(base, headers, year=2025), 409, "confirmation.not_open")
    assert early["opens_at"].startswith("2025-08-25T00:00:00")
    clock.set(datetime(2025, 8, 25, 8, 0, tzinfo=VN_TZ))
    assert confirm(base, headers, year=2025).status_code == 201


def test_missing_key_and_wrong_roles_are_refused(
    app: FastAPI, base: str, citizens: Iterator[str]
) -> None:
    _, headers = make_candidate(app, base, citizens)
    missing = requests.post(
        f"{base}/admission/me/confirm",
        json={"exam_year": 2026, "institution_code": "QHT", "programme_code": "7480201"},
        headers=headers,
        timeout=TIMEOUT,
    )
    assert_problem(missing, 400, "idempotency.key_missing")
    listing = requests.get(
        f"{base}/admission/confirmations?institution=QHT", headers=headers, timeout=TIMEOUT
    )
    assert_problem(listing, 403, "auth.forbidden")


def test_institution_lists_its_confirmations(
    app: FastAPI, base: str, citizens: Iterator[str]
) -> None:
    confirmed_ids = []
    for _ in range(2):
        cccd, headers = make_candidate(app, base, citizens, admitted=("TLA", "7580201"))
        confirm(base, headers, institution="TLA", programme="7580201")
        confirmed_ids.append(cccd)
    make_candidate(app, base, citizens, admitted=("TLA", "7580201"))  # admitted, not confirmed
    make_candidate(app, base, citizens, admitted=("XDA", "7580201"))  # another institution
    admin = bearer(tokens(base, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)["access_token"])
    response = requests.get(
        f"{base}/admission/confirmations?institution=tla&year=2026", headers=admin, timeout=10
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["institution_code"], body["admitted"], body["confirmed"]) == ("TLA", 3, 2)
    assert [item["cccd"] for item in body["items"]] == sorted(confirmed_ids)
    assert all(item["full_name"] for item in body["items"])
