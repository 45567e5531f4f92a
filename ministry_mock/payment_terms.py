"""The terms of an admission-fee payment: what it is computed from, and when it may be made.

Split from :mod:`ministry_mock.payments` (which creates and reads the orders): the basis of the
amount (the NV count of the candidate's current list, :func:`preference_count`), the year's
rules, the payment window of the candidate's province group, and the problems that refuse an
order (outside the window; an amount the server did not compute). The client's request is
checked here, never trusted: the 2025 fee was cut the evening before payment opened.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from exam_client.api.payments import PaymentOrderRequest, PaymentWindow
from exam_client.domain.money import format_vnd
from exam_client.domain.ruleset import RuleSet, RuleSetError, load_ruleset
from exam_client.domain.timeline import Action, NotAllowed, Phase, vi_moment
from ministry_mock import preferences
from ministry_mock.problems import ApiProblem
from ministry_mock.store.models import Citizen, Province

_KEY = re.compile(r"[A-Za-z0-9._:\-]{8,64}")


@dataclass(frozen=True, slots=True)
class NvBasis:
    """The NV list a fee is computed from: how many NV, and its version when known."""

    count: int
    version: int | None = None


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


def preference_count(session: Session, cccd: str, year: int) -> NvBasis | None:
    """How many NV ``cccd`` registered for ``year`` (None: no list at all).

    The current list of :mod:`ministry_mock.preferences` (which still honours the stand-in
    table ``payment_nv_counts`` that older tests and demos fill directly).
    """
    found = preferences.preference_count(session, cccd, year)
    if found is None:
        return None
    count, version = found
    return NvBasis(int(count), None if version is None else int(version))


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


def window_problem(rs: RuleSet, now: datetime, province: str | None) -> ApiProblem | None:
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


def amount_problem(
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
