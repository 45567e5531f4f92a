"""Wire models of admission-fee payment and enrollment confirmation (DOMAIN.md §7, §8).

Shared by the client and the mock ministry, like :mod:`exam_client.api.contract`. The shapes are
built around the two worst pain points of the real system (DOMAIN.md §13.1, §13.8, §13.13):

* a payment is an **order** with a state the client polls; "money taken but not yet recorded"
  is its own state (``debited_unrecorded``) with a message telling the candidate *not* to pay
  again, and creating an order is idempotent (header ``Idempotency-Key``), so a retry after a
  timeout or a 503 can never charge twice;
* an enrollment confirmation is final: confirming again returns the same confirmation; the
  admission result always carries the confirmation deadline, so the screen can count down.

Every ``message`` is Vietnamese, for the person at the screen, and says what to do next.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

IDEMPOTENCY_HEADER = "Idempotency-Key"
"""Required on ``POST /payments/orders`` and ``POST /admission/me/confirm``: a client-made key
(a UUID is best), created before the first attempt and reused for every retry."""

PaymentState = Literal["pending", "paid", "failed", "expired", "debited_unrecorded"]
"""``pending``: waiting for the transfer; ``paid``: recorded; ``failed``: the bank refused, no
money taken; ``expired``: not paid in time, no money taken; ``debited_unrecorded``: the bank took
the money but the ministry has not recorded it yet; it becomes ``paid`` by reconciliation."""

FINAL_PAYMENT_STATES: frozenset[str] = frozenset({"paid", "failed", "expired"})

SimulatedOutcome = Literal["paid", "failed", "expire", "debited_unrecorded", "reconcile"]

AdmissionStatus = Literal["not_published", "not_admitted", "admitted", "confirmed"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# -- payments ----------------------------------------------------------------------------------


class PaymentOrderRequest(_Model):
    """What the candidate's screen showed when they pressed "Thanh toán".

    The server recomputes the amount; a mismatch is refused (422, both numbers in the problem)
    rather than silently charging something the candidate did not see.
    """

    exam_year: int = Field(ge=2000, le=2100)
    amount: int = Field(ge=0, description="VND shown on the screen (count × fee per NV − paid)")
    preference_count: int = Field(ge=0, description="number of NV the amount was computed from")
    preference_version: int | None = Field(
        default=None, description="version of the NV list the amount was computed from"
    )


class PaymentOrder(_Model):
    """One payment attempt. Poll ``GET /payments/orders/{id}`` until ``state`` is final."""

    id: str
    code: str = Field(description="short order code, also in the transfer content")
    idempotency_key: str
    exam_year: int
    amount: int = Field(description="VND")
    preference_count: int
    state: PaymentState
    vietqr_payload: str = Field(description="EMVCo/VietQR string to render as a QR image")
    transfer_content: str = Field(description="transfer content (no diacritics, ≤ 25 chars)")
    bank_bin: str
    bank_account: str
    beneficiary: str
    created_at: AwareDatetime
    expires_at: AwareDatetime
    paid_at: AwareDatetime | None = None
    debited_at: AwareDatetime | None = None
    reconcile_expected_at: AwareDatetime | None = Field(
        default=None, description="when a debited_unrecorded order should be recorded as paid"
    )
    channel: str | None = Field(default=None, description="payment channel code, once known")
    message: str = Field(description="what the state means and what to do, in Vietnamese")
    poll_after_s: int | None = Field(
        default=None, description="poll again after this many seconds; None when final"
    )


class PaymentWindow(_Model):
    """The candidate's payment slot: a province group (2025) or the whole window (2026)."""

    start: AwareDatetime | None
    end: AwareDatetime | None
    group: str | None = Field(default=None, description="province group name, if any")
    open_now: bool
    message: str


class PaymentSummary(_Model):
    """``GET /payments/me``: every order of the year and whether all NV are paid."""

    exam_year: int
    preference_count: int
    preference_version: int | None = None
    fee_per_preference: int
    fee_verified: bool = Field(description="False when the year's fee is not from an official text")
    total: int
    paid: int
    pending: int = Field(description="VND taken or awaited but not yet recorded")
    outstanding: int
    overpaid: int
    all_paid: bool
    window: PaymentWindow
    orders: list[PaymentOrder]
    message: str


class SimulateRequest(_Model):
    """Admin test hook (demo mode): what the simulated bank does with an order."""

    outcome: SimulatedOutcome
    channel: str | None = Field(default=None, description="channel code; default VIETQR")


class GatewaySettings(_Model):
    """Admin test hook (demo mode): how the simulated gateway behaves."""

    order_ttl_s: int = Field(default=900, ge=1, le=86_400)
    reconcile_after_s: int = Field(default=300, ge=0, le=7 * 86_400)
    auto_pay_after_s: int | None = Field(
        default=None, ge=0, le=86_400, description="pending orders pay themselves (hands-free demo)"
    )


# -- admission results and enrollment confirmation --------------------------------------------


class EnrollmentConfirmation(_Model):
    """A confirmed place. Final: there is no self-service undo (DOMAIN.md §8)."""

    exam_year: int
    institution_code: str
    programme_code: str
    confirmed_at: AwareDatetime
    idempotency_key: str
    excluded_from_supplementary: bool = True
    message: str


class PreferenceOutcome(_Model):
    """Why one NV above the admitted one was not reached (the admissions engine's explanation).

    ``reason`` is the engine's code (``below_cutoff``, ``lost_tie_break``, ``below_floor``,
    ``not_eligible``, ``no_quota``, ``withheld``); ``text`` is the sentence a candidate reads,
    naming the figure that decided it.
    """

    rank: int = Field(description="NV number, 1 = NV1")
    institution_code: str
    programme_code: str
    programme_name: str | None = None
    reason: str
    score: Decimal | None = Field(default=None, description="the candidate's score there")
    cutoff: Decimal | None = Field(default=None, description="that programme's cutoff")
    text: str = Field(description="Vietnamese explanation")
    text_en: str | None = None


class AdmissionResult(_Model):
    """``GET /admission/me``: the candidate's result, and the confirmation window around it."""

    exam_year: int
    status: AdmissionStatus
    published_at: AwareDatetime | None = None
    institution_code: str | None = None
    institution_name: str | None = None
    programme_code: str | None = None
    programme_name: str | None = None
    preference_rank: int | None = Field(default=None, description="NV number, 1 = NV1")
    score: Decimal | None = Field(default=None, description="admission score, points")
    cutoff: Decimal | None = Field(default=None, description="programme cutoff, points")
    confirm_opens_at: AwareDatetime | None = None
    confirm_deadline: AwareDatetime | None = None
    can_confirm: bool = False
    confirmation: EnrollmentConfirmation | None = None
    message: str
    higher_preferences: list[PreferenceOutcome] = Field(
        default_factory=list,
        description="why each NV above the admitted one was not reached, NV1 first",
    )


class ConfirmationRequest(_Model):
    """Confirm the admitted programme (the client asks twice; the server is asked once)."""

    exam_year: int = Field(ge=2000, le=2100)
    institution_code: str = Field(min_length=2, max_length=10)
    programme_code: str = Field(min_length=1, max_length=20)


class ConfirmationEntry(_Model):
    cccd: str
    full_name: str | None
    programme_code: str
    confirmed_at: AwareDatetime


class InstitutionConfirmations(_Model):
    """``GET /admission/confirmations?institution=…``: who confirmed a place there."""

    exam_year: int
    institution_code: str
    admitted: int
    confirmed: int
    items: list[ConfirmationEntry]
