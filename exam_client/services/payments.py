"""Paying the admission fee at the kiosk without ever paying twice (DOMAIN.md §7, §13.1–13.2).

* The amount is the year's fee × the number of NV, less what is already recorded, computed here
  with the domain's money functions from the server's count and fee; the server recomputes it
  and refuses a difference, so nobody is charged an amount that was not on the screen.
* One **attempt** = one idempotency key, made and stored in the candidate's session (memory
  only: a shared kiosk keeps nothing on disk) *before* the first request, and re-sent unchanged
  on every retry — after a 503, a timeout, or a connection that died after the server
  committed. The server answers a repeat with the same order, so a retry cannot charge twice.
* A new key is made only when the last order is over without money taken (``expired`` or
  ``failed``): that is the "new order" the screen offers.

Expired session: :func:`unsaved_work` holds the attempt (its key and request only) for the same
candidate's next sign-in, so paying after signing in again re-sends the SAME key.

Threads: :meth:`PaymentService.fee_due`, :meth:`send` and :meth:`refresh` block on the network
(worker threads); :meth:`attempt_for` and :meth:`forget_attempt` never block.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from exam_client.api import cycle_client
from exam_client.api.payments import (
    FINAL_PAYMENT_STATES,
    PaymentOrder,
    PaymentOrderRequest,
    PaymentSummary,
    PaymentWindow,
)
from exam_client.domain.money import fee_total
from exam_client.domain.ruleset import RuleSetError, load_ruleset
from exam_client.domain.vietqr import build_transfer_payload
from exam_client.services.candidate_session import CandidateSession, SessionEnded

if TYPE_CHECKING:
    from exam_client.api.client import MinistryClient
    from exam_client.services.candidate_session import CandidateSessionService

ATTEMPT_KEY = "payment.attempt"
OPEN_STATES = frozenset({"pending", "debited_unrecorded"})
RETRY_STATES = frozenset({"expired", "failed"})

__all__ = [
    "FINAL_PAYMENT_STATES",
    "FeeDue",
    "PaymentAttempt",
    "PaymentOrder",
    "PaymentService",
    "PaymentWindow",
    "session_client",
    "unsaved_work",
]


def session_client(sessions: CandidateSessionService) -> MinistryClient:
    """The client the candidate signed in on (their tokens).

    Private access, marked: ``CandidateSessionService`` has no public ``client`` property yet
    (proposed to its owner); this is the one place that reaches in.
    """
    return sessions._client


@dataclass(frozen=True, slots=True)
class FeeDue:
    """What the payment screen shows before anything is sent."""

    exam_year: int
    preference_count: int
    preference_version: int | None
    fee_per_preference: int
    fee_verified: bool
    total: int
    paid: int
    pending: int
    outstanding: int
    all_paid: bool
    window: PaymentWindow
    open_order: PaymentOrder | None
    last_order: PaymentOrder | None
    message: str
    fee_matches_rules: bool = True

    @property
    def nothing_due(self) -> bool:
        return self.preference_count == 0 or self.outstanding == 0


@dataclass(slots=True)
class PaymentAttempt:
    """One payment attempt: its key exists before the first request and never changes."""

    idempotency_key: str
    request: PaymentOrderRequest
    order: PaymentOrder | None = None
    sends: int = 0
    replays: int = 0
    created_at: datetime | None = None
    history: list[str] = field(default_factory=list)  # order states seen, for the receipt log


def unsaved_work(session: CandidateSession) -> dict[str, Any]:
    """What to hold when the server ended the session mid-payment: the attempt's key and
    request (not the order: the server lists it again), unless that order is over unpaid."""
    attempt = session.data.get(ATTEMPT_KEY)
    if not isinstance(attempt, PaymentAttempt):
        return {}
    if attempt.order is not None and attempt.order.state in RETRY_STATES:
        return {}
    return {ATTEMPT_KEY: PaymentAttempt(attempt.idempotency_key, attempt.request)}


def qr_payload(order: PaymentOrder) -> str:
    """The VietQR string, built by the domain from the order's own fields (bank, account, the
    amount on the screen, the transfer content) rather than trusted from the wire."""
    return build_transfer_payload(
        order.bank_bin, order.bank_account, order.amount, order.transfer_content, dynamic=True
    )


class PaymentService:
    def __init__(self, sessions: CandidateSessionService, client: MinistryClient | None = None):
        self._sessions = sessions
        self._client = client or session_client(sessions)

    # -- reading ----------------------------------------------------------------------------
    def _session(self) -> CandidateSession:
        session = self._sessions.session
        if session is None:
            raise SessionEnded("no candidate signed in")
        return session

    def fee_due(self, year: int | None = None) -> FeeDue:
        """Blocking. The fee, the window and the orders, fresh from the server (never cached:
        a payment status must not come from a cache, DOMAIN.md §13.13)."""
        self._session()
        summary = cycle_client.payment_summary(self._client, year)
        return self._due(summary)

    @staticmethod
    def _due(summary: PaymentSummary) -> FeeDue:
        unit = summary.fee_per_preference
        try:
            rules_unit = load_ruleset(summary.exam_year).fee_per_preference
        except RuleSetError:
            rules_unit = unit
        total = fee_total(summary.preference_count, unit)
        outstanding = max(0, total - summary.paid)
        open_order = next((o for o in reversed(summary.orders) if o.state in OPEN_STATES), None)
        return FeeDue(
            exam_year=summary.exam_year,
            preference_count=summary.preference_count,
            preference_version=summary.preference_version,
            fee_per_preference=unit,
            fee_verified=summary.fee_verified,
            total=total,
            paid=summary.paid,
            pending=summary.pending,
            outstanding=outstanding,
            all_paid=summary.all_paid,
            window=summary.window,
            open_order=open_order,
            last_order=summary.orders[-1] if summary.orders else None,
            message=summary.message,
            fee_matches_rules=rules_unit == unit,
        )

    # -- the attempt ------------------------------------------------------------------------
    def current_attempt(self) -> PaymentAttempt | None:
        session = self._sessions.session
        found = session.data.get(ATTEMPT_KEY) if session is not None else None
        return found if isinstance(found, PaymentAttempt) else None

    def attempt_for(self, due: FeeDue) -> PaymentAttempt:
        """The attempt to send: the kept one if it is for the same amount and still usable,
        else a new one whose key is stored in the session now, before any request."""
        session = self._session()
        request = PaymentOrderRequest(
            exam_year=due.exam_year,
            amount=due.outstanding,
            preference_count=due.preference_count,
            preference_version=due.preference_version,
        )
        kept = self.current_attempt()
        usable = kept is not None and (kept.order is None or kept.order.state not in RETRY_STATES)
        if kept is not None and usable and kept.request == request:
            return kept
        attempt = PaymentAttempt(idempotency_key=str(uuid.uuid4()), request=request)
        session.data[ATTEMPT_KEY] = attempt
        return attempt

    def forget_attempt(self) -> None:
        """After an expired or failed order: the next attempt gets a new key."""
        session = self._sessions.session
        if session is not None:
            session.data.pop(ATTEMPT_KEY, None)

    def adopt(self, order: PaymentOrder) -> None:
        """An order already open on the server (another visit, another kiosk): watch it."""
        attempt = self.current_attempt()
        if attempt is not None and attempt.order is not None and attempt.order.id == order.id:
            attempt.order = order

    # -- network ----------------------------------------------------------------------------
    def send(self, attempt: PaymentAttempt) -> PaymentOrder:
        """Blocking. ``POST /payments/orders`` with the attempt's key (the same on every call).

        Raises ``SlowDown`` (503/429, with ``retry_after``), ``NetworkError`` (the request may
        or may not have arrived: send the same attempt again), ``Conflict`` (window, nothing
        due, list changed), ``ValidationFailed``/``ApiError`` (amount mismatch), or
        :class:`SessionEnded` if the visit ended meanwhile.
        """
        self._session()
        attempt.sends += 1
        order, answer = cycle_client.create_payment_order(
            self._client, attempt.request, attempt.idempotency_key
        )
        if answer.replayed:
            attempt.replays += 1
        if self.current_attempt() is not attempt:
            raise SessionEnded("the visit ended while the order was being created")
        attempt.order = order
        attempt.history.append(order.state)
        return order

    def refresh(self, order_id: str) -> PaymentOrder:
        """Blocking. One poll of the order (idempotent GET)."""
        self._session()
        order = cycle_client.payment_order(self._client, order_id)
        attempt = self.current_attempt()
        if attempt is not None and attempt.order is not None and attempt.order.id == order.id:
            attempt.order = order
            if not attempt.history or attempt.history[-1] != order.state:
                attempt.history.append(order.state)
        return order
