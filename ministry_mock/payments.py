"""Admission-fee orders: what is owed, when it may be paid, and one order per attempt.

The server is the authority on the amount (count of registered NV × the year's fee per NV, less
what is already recorded, DOMAIN.md §7) and on the calendar (the payment window of the
candidate's province group: 7 groups in 2025, one window in 2026). The client sends what its
screen showed; a difference is refused with both numbers (422) instead of charging an amount
nobody saw — the 2025 fee was cut from 20 000 to 15 000 VND the evening before payment opened.

Creating an order is safe to retry (pain points §13.1, §13.2): the ``Idempotency-Key`` of the
first attempt finds the same order, a pending (or debited-but-unrecorded) order is returned
instead of a second one, and a unique ``open_slot`` column settles races between two kiosks.

What the amount is computed from and when it may be paid (the window, the checks of the
client's request) is :mod:`ministry_mock.payment_terms`; its names used by other modules are
re-exported here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from exam_client.api.payments import PaymentOrderRequest, PaymentSummary
from exam_client.domain.fees import fee_quote, payment_state
from exam_client.domain.money import format_vnd
from exam_client.domain.ruleset import RuleSet
from exam_client.domain.timeline import Action, NotAllowed
from ministry_mock.clock import cycle_year
from ministry_mock.gateway import (
    Gateway,
    audit,
    new_order_code,
    open_slot,
    settle,
    settle_all,
    to_wire,
    transfer_content,
    vietqr_for,
)
from ministry_mock.payment_terms import (
    NvBasis,
    amount_problem,
    body_hash,
    candidate_province,
    check_key,
    payment_window,
    preference_count,
    ruleset_for,
    window_problem,
)
from ministry_mock.problems import ApiProblem
from ministry_mock.store.payment_models import PaymentOrderRow

__all__ = [  # names other modules import from here
    "Created",
    "NvBasis",
    "check_key",
    "create_order",
    "cycle_year",
    "get_order",
    "open_order",
    "orders_of",
    "paid_amount",
    "preference_count",
    "ruleset_for",
    "summary",
]


# -- reading -----------------------------------------------------------------------------------


def orders_of(session: Session, cccd: str, year: int) -> list[PaymentOrderRow]:
    return list(
        session.scalars(
            select(PaymentOrderRow)
            .where(PaymentOrderRow.cccd == cccd, PaymentOrderRow.exam_year == year)
            .order_by(PaymentOrderRow.created_at, PaymentOrderRow.id)
        )
    )


def paid_amount(session: Session, cccd: str, year: int) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(PaymentOrderRow.amount), 0)).where(
            PaymentOrderRow.cccd == cccd,
            PaymentOrderRow.exam_year == year,
            PaymentOrderRow.state == "paid",
        )
    )
    return int(total or 0)


def open_order(session: Session, cccd: str, year: int) -> PaymentOrderRow | None:
    """The order that blocks a new one: pending, or money taken but not yet recorded."""
    return session.scalar(
        select(PaymentOrderRow)
        .where(
            PaymentOrderRow.cccd == cccd,
            PaymentOrderRow.exam_year == year,
            PaymentOrderRow.state.in_(("pending", "debited_unrecorded")),
        )
        .order_by(PaymentOrderRow.created_at.desc())
        .limit(1)
    )


def get_order(
    session: Session, order_id: str, cccd: str | None, now: datetime, gateway: Gateway
) -> PaymentOrderRow:
    """The order, settled at ``now``; 404 when it is not ``cccd``'s (None: admin, any order)."""
    row = session.get(PaymentOrderRow, order_id)
    if row is None or (cccd is not None and row.cccd != cccd):
        raise ApiProblem(
            404,
            "payment.not_found",
            "Không tìm thấy lệnh thanh toán",
            "Không có lệnh thanh toán này trong tài khoản của bạn.",
        )
    settle(session, row, now, gateway)
    return row


def summary(
    session: Session, cccd: str, year: int, now: datetime, gateway: Gateway
) -> PaymentSummary:
    rs = ruleset_for(year)
    settle_all(session, cccd, year, now, gateway)
    basis = preference_count(session, cccd, year) or NvBasis(0)
    orders = orders_of(session, cccd, year)
    paid = sum(o.amount for o in orders if o.state == "paid")
    waiting = sum(o.amount for o in orders if o.state == "debited_unrecorded")
    state = payment_state(basis.count, paid, rs)
    quote = fee_quote(basis.count, rs)
    window = payment_window(rs, now, candidate_province(session, cccd))
    if basis.count == 0:
        message = "Bạn chưa đăng ký nguyện vọng nào nên chưa phải nộp lệ phí."
    elif state.complete:
        message = f"Đã nộp đủ {format_vnd(state.total)} cho {basis.count} nguyện vọng."
    elif waiting:
        message = (
            f"Có {format_vnd(waiting)} đã bị trừ nhưng chưa được ghi nhận. Đừng thanh toán lại: "
            "giao dịch sẽ được đối soát tự động."
        )
    else:
        message = (
            f"Còn phải nộp {format_vnd(state.outstanding)} cho {basis.count} nguyện vọng "
            f"({format_vnd(quote.unit)}/nguyện vọng). Nguyện vọng chưa nộp lệ phí sẽ không được "
            f"xét. {window.message}"
        )
    if state.overpaid:
        message += (
            f" Bạn đã nộp thừa {format_vnd(state.overpaid)}; đừng nộp thêm, hãy giữ biên lai "
            "và liên hệ điểm tiếp nhận để được hoàn tiền."
        )
    return PaymentSummary(
        exam_year=year,
        preference_count=basis.count,
        preference_version=basis.version,
        fee_per_preference=quote.unit,
        fee_verified=quote.verified,
        total=state.total,
        paid=paid,
        pending=waiting,
        outstanding=state.outstanding,
        overpaid=state.overpaid,
        all_paid=basis.count > 0 and state.complete,
        window=window,
        orders=[to_wire(o, gateway) for o in orders],
        message=message,
    )


# -- creating ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Created:
    row: PaymentOrderRow
    new: bool
    replayed: bool


def _replay(
    session: Session, *, cccd: str, key: str, digest: str, now: datetime, gateway: Gateway
) -> Created | None:
    row = session.scalar(
        select(PaymentOrderRow).where(
            PaymentOrderRow.cccd == cccd, PaymentOrderRow.idempotency_key == key
        )
    )
    if row is None:
        return None
    if row.body_hash != digest:
        raise ApiProblem(
            409,
            "idempotency.key_reused",
            "Khoá chống trùng lặp đã được dùng cho yêu cầu khác",
            "Khoá Idempotency-Key này đã được dùng cho một yêu cầu thanh toán khác. Hãy tải lại "
            "màn hình thanh toán; nếu muốn tạo lệnh mới, hãy dùng khoá mới.",
            extra={"order_id": row.id},
        )
    settle(session, row, now, gateway)
    return Created(row, new=False, replayed=True)


def create_order(
    session: Session,
    *,
    cccd: str,
    key: str,
    body: PaymentOrderRequest,
    now: datetime,
    ip: str,
    gateway: Gateway,
) -> Created:
    """The order for this attempt: the same one on a retry, the open one if any, else new."""
    digest = body_hash(body)
    if (
        replayed := _replay(session, cccd=cccd, key=key, digest=digest, now=now, gateway=gateway)
    ) is not None:
        return replayed
    year = body.exam_year
    rs = ruleset_for(year)
    settle_all(session, cccd, year, now, gateway)
    if (existing := open_order(session, cccd, year)) is not None:
        return Created(existing, new=False, replayed=False)
    if (problem := window_problem(rs, now, candidate_province(session, cccd))) is not None:
        raise problem
    basis = preference_count(session, cccd, year)
    if basis is None or basis.count == 0:
        raise ApiProblem(
            409,
            "payment.no_preferences",
            "Chưa có nguyện vọng để nộp lệ phí",
            "Bạn chưa đăng ký nguyện vọng nào nên chưa phải nộp lệ phí.",
        )
    if body.preference_version is not None and basis.version not in (None, body.preference_version):
        raise ApiProblem(
            409,
            "payment.preferences_changed",
            "Danh sách nguyện vọng đã thay đổi",
            "Danh sách nguyện vọng đã thay đổi so với màn hình của bạn. Hãy tải lại rồi kiểm tra "
            "số tiền trước khi thanh toán.",
            extra={"server_version": basis.version, "client_version": body.preference_version},
        )
    paid = paid_amount(session, cccd, year)
    state = payment_state(basis.count, paid, rs)
    if state.complete:
        raise ApiProblem(
            409,
            "payment.nothing_due",
            "Đã nộp đủ lệ phí",
            f"Bạn đã nộp đủ {format_vnd(state.total)} cho {basis.count} nguyện vọng. "
            "Không cần thanh toán thêm.",
        )
    if body.amount != state.outstanding or body.preference_count != basis.count:
        raise amount_problem(body, basis, state.outstanding, paid, rs.fee_per_preference)
    return _insert(
        session,
        cccd=cccd,
        key=key,
        digest=digest,
        body=body,
        basis=basis,
        amount=state.outstanding,
        rs=rs,
        now=now,
        ip=ip,
        gateway=gateway,
    )


def _insert(
    session: Session,
    *,
    cccd: str,
    key: str,
    digest: str,
    body: PaymentOrderRequest,
    basis: NvBasis,
    amount: int,
    rs: RuleSet,
    now: datetime,
    ip: str,
    gateway: Gateway,
) -> Created:
    code = new_order_code()
    content = transfer_content(code)
    expires = now + gateway.ttl
    closes = rs.timeline.can(Action.PAY_FEES, now, candidate_province(session, cccd))
    if not isinstance(closes, NotAllowed) and closes.closes_at is not None:
        expires = min(expires, closes.closes_at)  # nobody may pay after 17:00 of the deadline
    row = PaymentOrderRow(
        id=str(uuid.uuid4()),
        code=code,
        cccd=cccd,
        exam_year=body.exam_year,
        idempotency_key=key,
        body_hash=digest,
        amount=amount,
        preference_count=basis.count,
        state="pending",
        open_slot=open_slot(cccd, body.exam_year),
        vietqr_payload=vietqr_for(amount, content),
        transfer_content=content,
        created_at=now,
        expires_at=expires,
        updated_at=now,
    )
    session.add(row)
    audit(
        session,
        at=now,
        actor=cccd,
        action="payment.create",
        cccd=cccd,
        ip=ip,
        outcome="pending",
        ref=row.id,
    )
    try:
        session.commit()
    except IntegrityError:
        # a concurrent request with the same key, or another pending order, won the race
        session.rollback()
        if (
            replayed := _replay(
                session, cccd=cccd, key=key, digest=digest, now=now, gateway=gateway
            )
        ) is not None:
            return replayed
        if (existing := open_order(session, cccd, body.exam_year)) is not None:
            return Created(existing, new=False, replayed=False)
        raise
    return Created(row, new=True, replayed=False)
