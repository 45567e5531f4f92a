"""Admission-fee orders: what is owed, when it may be paid, and one order per attempt.

The server is the authority on the amount (count of registered NV × the year's fee per NV, less
what is already recorded, DOMAIN.md §7) and on the calendar (the payment window of the
candidate's province group: 7 groups in 2025, one window in 2026). The client sends what its
screen showed; a difference is refused with both numbers (422) instead of charging an amount
nobody saw — the 2025 fee was cut from 20 000 to 15 000 VND the evening before payment opened.

Creating an order is safe to retry (pain points §13.1, §13.2): the ``Idempotency-Key`` of the
first attempt finds the same order, a pending (or debited-but-unrecorded) order is returned
instead of a second one, and a unique ``open_slot`` column settles races between two kiosks.

Dependency: the NV count comes from the preferences module (``ministry_mock.preferences``, being
built). :func:`preference_count` calls its ``preference_count(session, cccd, year)`` when that
exists, else reads the stand-in table ``payment_nv_counts``.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from exam_client.api.payments import PaymentOrderRequest, PaymentSummary, PaymentWindow
from exam_client.domain.fees import fee_quote, payment_state
from exam_client.domain.money import format_vnd
from exam_client.domain.ruleset import RuleSet, RuleSetError, available_years, load_ruleset
from exam_client.domain.timeline import VN_TZ, Action, NotAllowed, Phase, vi_moment
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
from ministry_mock.problems import ApiProblem
from ministry_mock.store.models import Citizen, Province
from ministry_mock.store.payment_models import PaymentNvCount, PaymentOrderRow

log = logging.getLogger(__name__)

_KEY = re.compile(r"[A-Za-z0-9._:\-]{8,64}")


@dataclass(frozen=True, slots=True)
class NvBasis:
    """The NV list a fee is computed from: how many NV, and its version when known."""

    count: int
    version: int | None = None


# -- inputs ------------------------------------------------------------------------------------


def cycle_year(now: datetime) -> int:
    """The exam year "now" belongs to: this calendar year in Vietnam, else the nearest rule set."""
    year = now.astimezone(VN_TZ).year
    years = available_years()
    if year in years or not years:
        return year
    return min(years, key=lambda y: abs(y - year))


def ruleset_for(year: int) -> RuleSet:
    try:
        return load_ruleset(year)
    except RuleSetError:
        raise ApiProblem(
            422,
            "payment.unknown_year",
            "Năm tuyển sinh không hợp lệ",
            f"Chưa có quy định tuyển sinh năm {year}. Hãy kiểm tra lại năm tuyển sinh.",
        ) from None


def _preferences_provider() -> Callable[..., Any] | None:
    try:
        module = importlib.import_module("ministry_mock.preferences")
    except ModuleNotFoundError:
        return None
    provider = getattr(module, "preference_count", None)
    if provider is None:
        log.warning("ministry_mock.preferences has no preference_count(); using the stand-in")
    return provider if callable(provider) else None


def preference_count(session: Session, cccd: str, year: int) -> NvBasis | None:
    """How many NV ``cccd`` registered for ``year`` (None: no list at all).

    Reads ``ministry_mock.preferences.preference_count(session, cccd, year)`` (returning an int,
    an ``(count, version)`` pair or ``None``) when the preferences module provides it; until
    then the ``payment_nv_counts`` table, which tests and demos fill directly.
    """
    provider = _preferences_provider()
    if provider is not None:
        found = provider(session, cccd, year)
        if found is None:
            return None
        if isinstance(found, int):
            return NvBasis(found)
        count, version = found
        return NvBasis(int(count), None if version is None else int(version))
    row = session.get(PaymentNvCount, (cccd, year))
    return None if row is None else NvBasis(row.count, row.version)


def candidate_province(session: Session, cccd: str) -> str | None:
    """Province of residence (name), which picks the 2025 payment slot."""
    return session.scalar(
        select(Province.name)
        .join(Citizen, Citizen.residence_province_code == Province.code)
        .where(Citizen.cccd == cccd)
    )


def payment_window(rs: RuleSet, now: datetime, province: str | None) -> PaymentWindow:
    timeline = rs.timeline
    group = timeline.payment_group(province) if province else None
    window = group.window if group is not None else timeline.window(Phase.PAYMENT)
    decision = timeline.can(Action.PAY_FEES, now, province)
    if isinstance(decision, NotAllowed):
        message = decision.reason_vi
    else:
        closes = f" đến {vi_moment(decision.closes_at)}" if decision.closes_at else ""
        message = f"Đang trong thời gian nộp lệ phí{closes}."
    return PaymentWindow(
        start=window.start if window else None,
        end=window.end if window else None,
        group=group.name if group is not None else None,
        open_now=not isinstance(decision, NotAllowed),
        message=message,
    )


def body_hash(body: PaymentOrderRequest) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str | None) -> str:
    if key is None or not _KEY.fullmatch(key):
        raise ApiProblem(
            400,
            "idempotency.key_missing",
            "Thiếu khoá chống trùng lặp",
            "Yêu cầu thanh toán phải có tiêu đề Idempotency-Key (8–64 ký tự, nên là UUID) "
            "được tạo một lần và dùng lại khi gửi lại, để không bao giờ bị trừ tiền hai lần.",
        )
    return key


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


def _window_problem(rs: RuleSet, now: datetime, province: str | None) -> ApiProblem | None:
    decision = rs.timeline.can(Action.PAY_FEES, now, province)
    if not isinstance(decision, NotAllowed):
        return None
    window = payment_window(rs, now, province)
    code = "payment.window_not_open" if decision.opens_at else "payment.window_closed"
    extra: dict[str, Any] = {
        "window_start": window.start.isoformat() if window.start else None,
        "window_end": window.end.isoformat() if window.end else None,
        "group": window.group,
    }
    return ApiProblem(409, code, "Ngoài thời gian nộp lệ phí", decision.reason_vi, extra=extra)


def _amount_problem(
    body: PaymentOrderRequest, basis: NvBasis, outstanding: int, paid: int, unit: int
) -> ApiProblem:
    already = f", trừ {format_vnd(paid)} đã nộp" if paid else ""
    return ApiProblem(
        422,
        "payment.amount_mismatch",
        "Số tiền không khớp",
        f"Màn hình của bạn hiển thị {format_vnd(body.amount)} cho {body.preference_count} "
        f"nguyện vọng, nhưng hệ thống tính {format_vnd(outstanding)} cho {basis.count} nguyện "
        f"vọng ({format_vnd(unit)}/nguyện vọng{already}). Hãy tải lại danh sách nguyện vọng "
        "và thanh toán theo số tiền mới.",
        extra={
            "client_amount": body.amount,
            "client_count": body.preference_count,
            "server_amount": outstanding,
            "server_count": basis.count,
            "fee_per_preference": unit,
            "paid": paid,
        },
    )


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
    if (problem := _window_problem(rs, now, candidate_province(session, cccd))) is not None:
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
        raise _amount_problem(body, basis, state.outstanding, paid, rs.fee_per_preference)
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
