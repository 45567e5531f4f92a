"""HTTP calls of the kiosk's later steps: fee orders, exam results, admission, demo clock.

Kept apart from :mod:`exam_client.api.client` (another change owns that file) but speaking
through the same :class:`MinistryClient`: its base URL, timeouts, retrying adapter, bearer
token, one refresh on ``auth.expired``, and its problem+json → typed exception mapping.

Why a request helper of our own: ``MinistryClient`` has no public generic request method, and
``_call`` cannot send extra headers, while ``POST /payments/orders`` and
``POST /admission/me/confirm`` need an ``Idempotency-Key``. :func:`request` therefore uses the
client's transport (``_session``) and ``_map_error`` — **private access, marked here on
purpose** — until ``MinistryClient.request(method, path, model, *, json, headers)`` exists;
then only :func:`request` changes.

POSTs are never replayed here (the adapter retries only idempotent methods): the caller keeps
the idempotency key and decides when to send again, with the same key.

Threads: every function blocks on the network; call them from worker threads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError

from exam_client.api import errors
from exam_client.api.client import MinistryClient
from exam_client.api.cycle import ClockState, ClockUpdate, ExamScores
from exam_client.api.payments import (
    IDEMPOTENCY_HEADER,
    AdmissionResult,
    ConfirmationRequest,
    EnrollmentConfirmation,
    PaymentOrder,
    PaymentOrderRequest,
    PaymentSummary,
    SimulatedOutcome,
    SimulateRequest,
)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Answer:
    """A parsed body and what the headers said about it (a replay of an earlier request)."""

    status: int
    replayed: bool


def _send(
    client: MinistryClient, method: str, path: str, json: Any, headers: dict[str, str]
) -> requests.Response:
    sent = dict(headers)
    tokens = client.tokens
    if tokens is not None:
        sent["Authorization"] = f"Bearer {tokens.access_token}"
    try:
        return client._session.request(  # private transport: see the module docstring
            method, client.base_url + path, json=json, headers=sent, timeout=client.timeout
        )
    except requests.exceptions.RetryError as exc:
        raise errors.SlowDown(f"{method} {path}: retries exhausted") from exc
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise errors.NetworkError(f"{method} {path}: {type(exc).__name__}") from None


def _is_expired(response: requests.Response) -> bool:
    if response.status_code != 401:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("code") == "auth.expired"


def request(
    client: MinistryClient,
    method: str,
    path: str,
    model: type[M],
    *,
    json: Any = None,
    headers: dict[str, str] | None = None,
) -> tuple[M, Answer]:
    """One call; raises the typed errors of :mod:`exam_client.api.errors`."""
    from exam_client.api.client import _map_error  # private: see the module docstring

    used = client.tokens
    response = _send(client, method, path, json, headers or {})
    if used is not None and _is_expired(response):
        client.refresh()
        response = _send(client, method, path, json, headers or {})
    if response.status_code >= 400:
        raise _map_error(response)
    try:
        parsed = model.model_validate(response.json())
    except (ValueError, ValidationError) as exc:
        raise errors.ServerError(
            f"{method} {path}: unexpected response body ({type(exc).__name__})",
            status=response.status_code,
        ) from None
    replayed = response.headers.get("Idempotent-Replayed", "").lower() == "true"
    return parsed, Answer(response.status_code, replayed)


# -- payments ----------------------------------------------------------------------------------


def payment_summary(client: MinistryClient, year: int | None = None) -> PaymentSummary:
    path = "/payments/me" + (f"?year={int(year)}" if year else "")
    return request(client, "GET", path, PaymentSummary)[0]


def create_payment_order(
    client: MinistryClient, body: PaymentOrderRequest, idempotency_key: str
) -> tuple[PaymentOrder, Answer]:
    """``POST /payments/orders``: 201 new, 200 the same (replay) or the already open order."""
    return request(
        client,
        "POST",
        "/payments/orders",
        PaymentOrder,
        json=body.model_dump(mode="json"),
        headers={IDEMPOTENCY_HEADER: idempotency_key},
    )


def payment_order(client: MinistryClient, order_id: str) -> PaymentOrder:
    return request(client, "GET", f"/payments/orders/{order_id}", PaymentOrder)[0]


def simulate_payment(
    client: MinistryClient, order_id: str, outcome: SimulatedOutcome
) -> PaymentOrder:
    """Demo/admin test hook: what the simulated bank does with an order."""
    body = SimulateRequest(outcome=outcome).model_dump(mode="json")
    return request(client, "POST", f"/admin/payments/{order_id}/simulate", PaymentOrder, json=body)[
        0
    ]


# -- results and admission ---------------------------------------------------------------------


def exam_scores(client: MinistryClient, year: int | None = None) -> ExamScores:
    """``GET /results/me``; 409 ``scores.not_published`` (a ``Conflict``) before publication."""
    path = "/results/me" + (f"?year={int(year)}" if year else "")
    return request(client, "GET", path, ExamScores)[0]


def admission_result(client: MinistryClient, year: int | None = None) -> AdmissionResult:
    path = "/admission/me" + (f"?year={int(year)}" if year else "")
    return request(client, "GET", path, AdmissionResult)[0]


def confirm_enrollment(
    client: MinistryClient, body: ConfirmationRequest, idempotency_key: str
) -> tuple[EnrollmentConfirmation, Answer]:
    return request(
        client,
        "POST",
        "/admission/me/confirm",
        EnrollmentConfirmation,
        json=body.model_dump(mode="json"),
        headers={IDEMPOTENCY_HEADER: idempotency_key},
    )


# -- demo clock --------------------------------------------------------------------------------


def clock_state(client: MinistryClient) -> ClockState:
    return request(client, "GET", "/admin/clock", ClockState)[0]


def set_clock(client: MinistryClient, update: ClockUpdate) -> ClockState:
    body = update.model_dump(mode="json", exclude_none=True)
    return request(client, "POST", "/admin/clock", ClockState, json=body)[0]
