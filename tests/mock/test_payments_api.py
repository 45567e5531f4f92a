"""Fee orders over real HTTP: idempotency, one pending order, every gateway outcome, windows.

One instance per module on a clock the tests set by hand (payment windows and order expiry are
calendar rules). Every test signs in a fresh candidate, so no test depends on another's orders.
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
from sqlalchemy import func, select

from exam_client.domain.ruleset import load_ruleset
from exam_client.domain.timeline import VN_TZ
from exam_client.domain.vietqr import parse_payload
from ministry_mock.app import create_app, faults_of, instance_of
from ministry_mock.faults import FaultConfig
from ministry_mock.gateway import gateway_of
from ministry_mock.geography import provinces
from ministry_mock.security import hash_password
from ministry_mock.seed import DEMO_ADMIN_PASS, DEMO_ADMIN_USERNAME
from ministry_mock.server import start_in_thread
from ministry_mock.store.models import Account, AuditEntry, Citizen
from ministry_mock.store.payment_models import PaymentNvCount, PaymentOrderRow
from tests.mock.conftest import small_settings
from tests.mock.support import TIMEOUT, assert_problem, bearer, tokens

PASSWORD = "Thisinh@Pay1"
IN_WINDOW_2026 = datetime(2026, 7, 16, 10, 0, tzinfo=VN_TZ)
_GROUP1 = load_ruleset(2025).timeline.payment_groups[0]
GROUP1_CODES = {p.code for p in provinces() if _GROUP1.includes(p.name)}


class SetClock:
    """A clock the test sets or moves; read by the server's worker threads."""

    def __init__(self) -> None:
        self._now = IN_WINDOW_2026.astimezone(UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._now += delta


@pytest.fixture(scope="module")
def clock() -> SetClock:
    return SetClock()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, clock: SetClock) -> FastAPI:
    db = tmp_path_factory.mktemp("payments") / "ministry.sqlite3"
    return create_app(
        small_settings(
            db,
            citizens=200,
            schools=20,
            clock=clock,
            scrypt_n=2**10,
            access_token_ttl=timedelta(days=30),
        )
    )


@pytest.fixture(scope="module")
def base(app: FastAPI) -> Iterator[str]:
    with start_in_thread(app) as server:
        yield server.base_url


@pytest.fixture(autouse=True)
def _reset(clock: SetClock, app: FastAPI) -> None:
    clock.set(IN_WINDOW_2026)
    gateway_of(app).configure(
        gateway_of(app).settings.model_copy(update={"auto_pay_after_s": None})
    )


@pytest.fixture(scope="module")
def citizens(app: FastAPI) -> Iterator[Citizen]:
    with instance_of(app).store.sessions() as session:
        rows = list(session.scalars(select(Citizen).order_by(Citizen.seq)))
        taken = set(session.scalars(select(Account.username)))
    return iter([c for c in rows if c.cccd not in taken])


def make_candidate(
    app: FastAPI,
    base: str,
    citizens: Iterator[Citizen],
    *,
    nv: int = 3,
    year: int = 2026,
    group1: bool | None = None,
) -> tuple[str, dict[str, str]]:
    """A fresh candidate account with ``nv`` registered NV; returns (CCCD, auth headers).

    ``group1`` picks a resident of a province of the 2025 payment group 1 (or of none).
    """
    citizen = next(
        c
        for c in citizens
        if group1 is None or (c.residence_province_code in GROUP1_CODES) == group1
    )
    with instance_of(app).store.sessions() as session:
        session.add(
            Account(
                username=citizen.cccd,
                password_hash=hash_password(PASSWORD, n=2**10),
                role="candidate",
                display_name=citizen.full_name,
                failed_attempts=0,
            )
        )
        session.add(PaymentNvCount(cccd=citizen.cccd, exam_year=year, count=nv, version=1))
        session.commit()
    return citizen.cccd, bearer(tokens(base, citizen.cccd, PASSWORD)["access_token"])


def admin(base: str) -> dict[str, str]:
    return bearer(tokens(base, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)["access_token"])


def order(
    base: str,
    headers: dict[str, str],
    key: str | None,
    *,
    amount: int = 45_000,
    count: int = 3,
    year: int = 2026,
) -> requests.Response:
    extra = {"Idempotency-Key": key} if key else {}
    return requests.post(
        f"{base}/payments/orders",
        json={"exam_year": year, "amount": amount, "preference_count": count},
        headers={**headers, **extra},
        timeout=TIMEOUT,
    )


def poll(base: str, headers: dict[str, str], order_id: str) -> dict[str, Any]:
    response = requests.get(f"{base}/payments/orders/{order_id}", headers=headers, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    body: dict[str, Any] = response.json()
    return body


def simulate(base: str, order_id: str, outcome: str, **extra: Any) -> requests.Response:
    return requests.post(
        f"{base}/admin/payments/{order_id}/simulate",
        json={"outcome": outcome, **extra},
        headers=admin(base),
        timeout=TIMEOUT,
    )


def mine(base: str, headers: dict[str, str], year: int = 2026) -> dict[str, Any]:
    response = requests.get(f"{base}/payments/me?year={year}", headers=headers, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def key() -> str:
    return str(uuid.uuid4())


def order_count(app: FastAPI, cccd: str) -> int:
    with instance_of(app).store.sessions() as session:
        query = select(func.count()).select_from(PaymentOrderRow)
        return int(session.scalar(query.where(PaymentOrderRow.cccd == cccd)) or 0)


# -- creating orders ---------------------------------------------------------------------------


def test_new_order_carries_a_vietqr_code_for_the_exact_amount(
    app: FastAPI, base: str, citizens: Iterator[Citizen]
) -> None:
    _, headers = make_candidate(app, base, citizens)
    response = order(base, headers, key())
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["state"] == "pending"
    assert body["amount"] == 45_000  # 3 NV × 15 000 VND
    assert body["poll_after_s"] > 0
    assert response.headers["Location"] == f"/payments/orders/{body['id']}"
    content = body["transfer_content"]
    assert content.startswith("LPXT ") and len(content) <= 25 and content.isascii()
    qr = parse_payload(body["vietqr_payload"])
    assert qr.amount == 45_000
    assert qr.purpose == content
    assert (qr.bin, qr.account) == (body["bank_bin"], body["bank_account"])
    assert qr.initiation == "dynamic"
    expires = datetime.fromisoformat(body["expires_at"])
    assert expires == IN_WINDOW_2026 + timedelta(minutes=15)
    assert "Đang chờ thanh toán 45.000" in body["message"]


def test_same_key_and_body_give_the_same_order(
    app: FastAPI, base: str, citizens: Iterator[Citizen]
) -> None:
    cccd, headers = make_candidate(app, base, citizens)
    k = key()
    first = order(base, headers, k)
    again = order(base, headers, k)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert order_count(app, cccd) == 1


def test_same_key_with_another_body_is_a_conflict(
    app: FastAPI, base: str, citizens: Iterator[Citizen]
) -> None:
    _, headers = make_candidate(app, base, citizens)
    k = key()
    assert order(base, headers, k).status_code == 201
    body = assert_problem(order(base, headers, k, amount=60_000, count=4), 409)
    assert body["code"] == "idempotency.key_reused"


def test_a_second_order_while_one_is_pending_returns_the_pending_one(
    app: FastAPI, base: str, citizens: Iterator[Citizen]
) -> None:
    cccd, headers = make_candidate(app, base, citizens)
    first = order(base, headers, key()).json()
    second = order(base, headers, key())
    assert second.status_code == 200
    assert second.json()["id"] == first["id"]
    assert "Idempotent-Replayed" not in second.headers
    assert order_count(app, cccd) == 1


def test_concurrent_attempts_with_different_keys_make_one_order(
    app: FastAPI, base: str, citizens: Iterator[Citizen]
) -> None:
    cccd, headers = make_candidate(app, base, citizens)
    results: list[requests.Response] = []
    threads = [
        threading.Thread(target=lambda: results.append(order(base, headers, key())))
        for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {r.status_code for r in results} <= {200, 201}
    assert len({r.json()["id"] for r in results}) == 1
    assert order_count(app, cccd) == 1


def test_a_missing_key_is_refused(app: FastAPI, base: str, citizens: Iterator[Citizen]) -> None:
    _, headers = make_candidate(app, base, citizens)
    body = assert_problem(order(base, headers, None), 400, "idempotency.key_missing")
    assert "Idempotency-Key" in body["detail"]


def test_an_amount_the_server_did_not_compute_is_refused_with_both_numbers(
    app: FastAPI, base: str, citizens: Iterator[Citizen]
) -> None:
    _, headers = make_candidate(app, base, citizens)
    # a client still on the 2024 fee (20 000 VND per NV)
    body = assert_problem(order(base, headers, key(), amount=60_000), 422)
    assert body["code"] == "payment.amount_mismatch"
    assert (body["client_amount"], body["server_amount"]) == (60_000, 45_000)
    assert (body["client_count"], body["server_count"]) == (3, 3)
    assert "60.000" in body["detail"] and "45.000" in body["detail"]


def test_only_candidates_create_orders_and_only_their_own_are_visible(
    app: FastAPI, base: str, citizens: Iterator[Citizen]
) -> None:
    _, headers = make_candidate(app, base, citizens)
    created = order(base, headers, key()).json()
    _, other = make_candidate(app, base, citizens)
    missing = requests.get(f"{base}/payments/orders/{created['id']}", headers=other, timeout=10)
    assert_problem(missing, 404, "payment.not_found")
    assert_problem(order(base, admin(base), key()), 403, "auth.forbidden")


# -- gateway outcomes --------------------------------------------------------------------------


def test_paid_order_completes_the_fee_and_blocks_a_new_one(
    app: FastAPI, base: str, citizens: Iterator[Citizen]
) -> None:
    _, headers = make_candidate(app, base, citizens)
    k = key()
    created = order(base, headers, k).json()
    assert poll(base, headers, created["id"])["state"] == "pending"
    assert simulate(base, created["id"], "paid", channel="MOMO").status_code == 200
    paid = poll(base, headers, created["id"])
    assert paid["state"] == "paid" and paid["channel"] == "MOMO" and paid["poll_after_s"] is None
    assert paid["paid_at"] is not None
    summary = mine(base, headers)
    assert summary["all_paid"] and summary["outstanding"] == 0 and summary["paid"] == 45_000
    assert_problem(order(base, headers, key()), 409, "payment.nothing_due")
    retried = order(base, headers, k)  # a retry of the first attempt still gets its order
    assert retried.status_code == 200 and retried.json()["state"] == "paid"


def test_failed_order_lets_the_candidate_try_again(
    app: FastAPI, base: str, citizens: Iterator[Citizen]
) -> None:
    _, headers = make_candidate(app, base, citizens)
    created = order(base, headers, key()).json()
    failed = simulate(base, created["id"], "failed").json()
    assert failed["state"] == "failed"
    assert "Đừng thanh toán lại" in failed["message"] or "đừng thanh toán lại" in failed["message"]
    again = order(base, headers, key())
    assert again.status_code == 201 and again.json()["id"] != created["id"]


def test_pending_order_expires_when_the_clock_passes_its_expiry(
    app: FastAPI, base: str, citizens: Iterator[Citizen], clock: SetClock
) -> None:
    _, headers = make_candidate(app, base, citizens)
    created = order(base, headers, key()).json()
    clock.advance(timedelta(minutes=14))
    assert poll(base, headers, created["id"])["state"] == "pending"
    clock.advance(timedelta(minutes=2))
    expired = poll(base, headers, created["id"])
    assert expired["state"] == "expired"
    assert "hết hạn" in expired["message"]
    assert order(base, headers, key()).status_code == 201


def test_debited_but_unrecorded_is_explained_then_reconciled(
    app: FastAPI, base: str, citizens: Iterator[Citizen], clock: SetClock
) -> None:
    cccd, headers = make_candidate(app, base, citizens)
    created = order(base, headers, key()).json()
    debited = simulate(base, created["id"], "debited_unrecorded", channel="VCB").json()
    assert debited["state"] == "debited_unrecorded"
    assert debited["message"].startswith("Ngân hàng đã trừ tiền nhưng hệ thống chưa ghi nhận")
    assert "Đừng thanh toán lại" in debited["message"]
    expected = datetime.fromisoformat(debited["reconcile_expected_at"])
    assert expected == IN_WINDOW_2026 + timedelta(seconds=300)
    # paying again is impossible: a new attempt gets the debited order back
    retry = order(base, headers, key())
    assert retry.status_code == 200 and retry.json()["id"] == created["id"]
    assert mine(base, headers)["pending"] == 45_000
    clock.advance(timedelta(seconds=299))
    assert poll(base, headers, created["id"])["state"] == "debited_unrecorded"
    clock.advance(timedelta(seconds=2))
    paid = poll(base, headers, created["id"])
    assert paid["state"] == "paid" and paid["channel"] == "VCB"
    assert paid["paid_at"] == debited["debited_at"]  # the money moved when the bank took it
    assert mine(base, headers)["all_paid"]
    assert order_count(app, cccd) == 1


def test_reconcile_hook_and_a_failed_payment_that_was_debited(
    app: FastAPI, base: str, citizens: Iterator[Citizen]
) -> None:
    _, headers = make_candidate(app, base, citizens)
    first = order(base, headers, key()).json()
    simulate(base, first["id"], "failed")
    second = order(base, headers, key()).json()  # the candidate tries again …
    # … and then the bank reports that the "failed" payment did take the money
    assert simulate(base, first["id"], "debited_unrecorded").status_code == 200
    superseded = poll(base, headers, second["id"])
    assert superseded["state"] == "expired" and "Đừng thanh toán lại" in superseded["message"]
    assert simulate(base, first["id"], "reconcile").json()["state"] == "paid"
    assert mine(base, headers)["all_paid"]


def test_impossible_outcomes_and_non_admins_are_refused(
    app: FastAPI, base: str, citizens: Iterator[Citizen]
) -> None:
    _, headers = make_candidate(app, base, citizens)
    created = order(base, headers, key()).json()
    refused = requests.post(
        f"{base}/admin/payments/{created['id']}/simulate",
        json={"outcome": "paid"},
        headers=headers,
        timeout=TIMEOUT,
    )
    assert_problem(refused, 403)
    assert_problem(simulate(base, created["id"], "reconcile"), 409, "payment.invalid_transition")
    assert_problem(simulate(base, created["id"], "paid", channel="XX"), 422)


def test_auto_pay_makes_the_demo_hands_free(
    app: FastAPI, base: str, citizens: Iterator[Citizen], clock: SetClock
) -> None:
    settings = requests.put(
        f"{base}/admin/payments/gateway",
        json={"order_ttl_s": 900, "reconcile_after_s": 300, "auto_pay_after_s": 5},
        headers=admin(base),
        timeout=TIMEOUT,
    )
    assert settings.status_code == 200 and settings.json()["auto_pay_after_s"] == 5
    _, headers = make_candidate(app, base, citizens)
    created = order(base, headers, key()).json()
    assert poll(base, headers, created["id"])["state"] == "pending"
    clock.advance(timedelta(seconds=6))
    paid = poll(base, headers, created["id"])
    assert paid["state"] == "paid"
    assert datetime.fromisoformat(paid["paid_at"]) == IN_WINDOW_2026 + timedelta(seconds=5)


# -- windows -----------------------------------------------------------------------------------


def test_2026_window_is_enforced_with_its_dates(
    app: FastAPI, base: str, citizens: Iterator[Citizen], clock: SetClock
) -> None:
    _, headers = make_candidate(app, base, citizens)
    clock.set(datetime(2026, 7, 14, 23, 59, tzinfo=VN_TZ))
    early = assert_problem(order(base, headers, key()), 409, "payment.window_not_open")
    assert early["window_start"].startswith("2026-07-15T00:00:00")
    assert "00:00 ngày 15/07/2026" in early["detail"]
    assert not mine(base, headers)["window"]["open_now"]
    clock.set(datetime(2026, 7, 21, 17, 0, tzinfo=VN_TZ))
    late = assert_problem(order(base, headers, key()), 409, "payment.window_closed")
    assert "17:00 ngày 21/07/2026" in late["detail"]


def test_an_order_never_outlives_the_deadline(
    app: FastAPI, base: str, citizens: Iterator[Citizen], clock: SetClock
) -> None:
    _, headers = make_candidate(app, base, citizens)
    clock.set(datetime(2026, 7, 21, 16, 55, tzinfo=VN_TZ))
    created = order(base, headers, key()).json()
    assert datetime.fromisoformat(created["expires_at"]) == datetime(
        2026, 7, 21, 17, 0, tzinfo=VN_TZ
    )


def test_2025_province_groups_have_their_own_slot(
    app: FastAPI, base: str, citizens: Iterator[Citizen], clock: SetClock
) -> None:
    clock.set(datetime(2025, 7, 31, 10, 0, tzinfo=VN_TZ))  # group 1 (Hà Nội …) closed 30 Jul
    _, north = make_candidate(app, base, citizens, year=2025, group1=True)
    closed = assert_problem(order(base, north, key(), year=2025), 409, "payment.window_closed")
    assert closed["group"] == "1"
    assert "17:00 ngày 30/07/2025" in closed["detail"]
    _, elsewhere = make_candidate(app, base, citizens, year=2025, group1=False)
    ok = order(base, elsewhere, key(), year=2025)
    assert ok.status_code == 201, ok.text


def test_every_state_change_is_audited_with_masked_ids(
    app: FastAPI, base: str, citizens: Iterator[Citizen]
) -> None:
    cccd, headers = make_candidate(app, base, citizens)
    created = order(base, headers, key()).json()
    simulate(base, created["id"], "paid")
    with instance_of(app).store.sessions() as session:
        rows = list(session.scalars(select(AuditEntry).where(AuditEntry.ref == created["id"])))
    assert [r.action for r in rows] == ["payment.create", "payment.paid"]
    for row in rows:
        assert cccd not in row.subject and cccd not in row.actor
        assert row.subject.endswith(cccd[-3:])


def test_summary_lists_orders_and_the_fee(
    app: FastAPI, base: str, citizens: Iterator[Citizen]
) -> None:
    _, headers = make_candidate(app, base, citizens, nv=2)
    before = mine(base, headers)
    assert (before["total"], before["outstanding"], before["all_paid"]) == (30_000, 30_000, False)
    assert before["fee_per_preference"] == 15_000 and before["fee_verified"] is False
    assert before["window"]["open_now"]
    order(base, headers, key(), amount=30_000, count=2)
    after = mine(base, headers)
    assert [o["state"] for o in after["orders"]] == ["pending"]


def test_a_lost_response_is_retried_safely_with_the_same_key(
    app: FastAPI, base: str, citizens: Iterator[Citizen]
) -> None:
    cccd, headers = make_candidate(app, base, citizens)
    k = key()
    faults = faults_of(app)
    faults.configure(
        FaultConfig(
            drop_rate=1.0,
            drop_as="502",
            paths=("/payments/orders",),
            methods=("POST",),
            max_faults=1,
        )
    )
    try:
        lost = order(base, headers, k)  # committed, but the answer never arrives
        assert lost.status_code == 502
        retried = order(base, headers, k)
    finally:
        faults.configure(FaultConfig())
    assert retried.status_code == 200 and retried.headers["Idempotent-Replayed"] == "true"
    assert order_count(app, cccd) == 1
