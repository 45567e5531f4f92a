"""The simulated payment gateway: VietQR codes, the order state machine, and its test hooks.

The real fee payment goes through the National Public Service Portal and its 19 channels
(DOMAIN.md §7); what candidates suffer from is the gap between the bank and the ministry's
record (§13.1: debited but shown unpaid, then paid twice). So the simulator models that gap as a
state of its own and reconciles it by itself::

    pending ──paid──────────────────────────────► paid
       │ ├──failed──► failed ──debited_unrecorded─┐
       │ ├──expire / expires_at passed──► expired  │
       │ └──debited_unrecorded──► debited_unrecorded ──reconcile / delay passed──► paid
       └─ auto-pay after N seconds (demo) ────────► paid

Time-driven transitions (expiry, auto-pay, reconciliation) are applied lazily by :func:`settle`
whenever an order is read, at the moment they were due, using the instance clock: a test that
moves the clock sees them without sleeping, and nothing runs in the background.

Every transition is a conditional ``UPDATE … WHERE state = <old>``: two polls racing to expire
the same order write it (and its audit row) once.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from exam_client.api.payments import FINAL_PAYMENT_STATES, GatewaySettings, PaymentOrder
from exam_client.domain.money import format_vnd
from exam_client.domain.timeline import vi_moment
from exam_client.domain.vietqr import build_transfer_payload
from ministry_mock.audit import mask_subject
from ministry_mock.audit import record as record_audit
from ministry_mock.problems import ApiProblem
from ministry_mock.store.payment_models import PaymentOrderRow

#: Demo beneficiary. The account contains letters on purpose: a real banking app that scans a
#: demo code must refuse it rather than send real money to somebody's real account.
DEMO_BIN = "970415"
DEMO_ACCOUNT = "LPXTDEMO2026"
DEMO_BENEFICIARY = "BO GIAO DUC VA DAO TAO (DEMO)"
TRANSFER_PREFIX = "LPXT"  # "lệ phí xét tuyển"

#: Channels of 2025 (DOMAIN.md §7); the source lists 19 but the list was truncated after HPay,
#: so the 2023 e-wallets stand in for the rest. ``VIETQR`` is a transfer from the QR code.
CHANNELS: dict[str, str] = {
    "VIETQR": "Chuyển khoản VietQR",
    "VCB": "Vietcombank",
    "CTG": "VietinBank",
    "AGRIBANK": "Agribank",
    "BIDV": "BIDV",
    "SHB": "SHB",
    "VPB": "VPBank",
    "TPB": "TPBank",
    "MB": "MBBank",
    "HDB": "HDBank",
    "VNPTMONEY": "VNPT Money",
    "VNPOST": "Vietnam Post",
    "NGANLUONG": "Ngân Lượng",
    "PAYOO": "Payoo",
    "NAPAS": "Napas",
    "HPAY": "HPay",
    "MOMO": "MoMo",
    "VIETTELMONEY": "Viettel Money",
}

_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U to misread
_CODE_LENGTH = 10
_POLL_PENDING_S = 3
_POLL_DEBITED_S = 15
_lazy_lock = threading.Lock()


@dataclass
class Gateway:
    """Per-instance gateway behaviour (``app.state.payment_gateway``), changeable at run time."""

    settings: GatewaySettings = field(default_factory=GatewaySettings)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def configure(self, settings: GatewaySettings) -> GatewaySettings:
        with self._lock:
            self.settings = settings
        return settings

    @property
    def ttl(self) -> timedelta:
        return timedelta(seconds=self.settings.order_ttl_s)

    @property
    def reconcile_after(self) -> timedelta:
        return timedelta(seconds=self.settings.reconcile_after_s)

    @property
    def auto_pay_after(self) -> timedelta | None:
        seconds = self.settings.auto_pay_after_s
        return None if seconds is None else timedelta(seconds=seconds)


def gateway_of(app: Any) -> Gateway:
    """The instance's gateway, created on first use (``gateway_of(app).configure(...)``).

    Lazily attached so that ``create_app`` needs nothing but the routers; a module lock keeps
    two first requests from creating two gateways.
    """
    gateway = getattr(app.state, "payment_gateway", None)
    if gateway is None:
        with _lazy_lock:
            gateway = getattr(app.state, "payment_gateway", None)
            if gateway is None:
                gateway = Gateway()
                app.state.payment_gateway = gateway
    assert isinstance(gateway, Gateway)
    return gateway


def new_order_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))


def transfer_content(code: str) -> str:
    return f"{TRANSFER_PREFIX} {code}"  # 15 characters, ASCII: within the 25 of field 62/08


def vietqr_for(amount: int, content: str) -> str:
    """A dynamic (one-off) VietQR code for exactly ``amount`` with the order's content."""
    return build_transfer_payload(DEMO_BIN, DEMO_ACCOUNT, amount, content, dynamic=True)


def open_slot(cccd: str, year: int) -> str:
    return f"{cccd}/{year}"


def audit(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    cccd: str,
    ip: str,
    outcome: str,
    ref: str | None,
) -> None:
    """An audit row; the candidate's CCCD is masked both as subject and when it is the actor."""
    record_audit(
        session,
        at=at,
        actor=mask_subject(actor),
        action=action,
        subject=cccd,
        ip=ip,
        outcome=outcome,
        ref=ref,
    )


def transition(
    session: Session,
    row: PaymentOrderRow,
    new_state: str,
    *,
    at: datetime,
    actor: str,
    ip: str,
    channel: str | None = None,
    reason: str | None = None,
) -> bool:
    """Move ``row`` to ``new_state`` if nobody else moved it first; audit it. Caller commits."""
    old_state = row.state
    values: dict[str, Any] = {"state": new_state, "updated_at": at, "open_slot": None}
    if new_state == "paid":
        values["paid_at"] = row.debited_at or at  # the money moved when the bank took it
        values["channel"] = row.channel or channel or "VIETQR"
    elif new_state == "debited_unrecorded":
        values["debited_at"] = at
        values["channel"] = channel or "VIETQR"
    if reason is not None:
        values["reason"] = reason
    result = session.execute(
        update(PaymentOrderRow)
        .where(PaymentOrderRow.id == row.id, PaymentOrderRow.state == old_state)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        session.refresh(row)
        return False
    session.refresh(row)
    audit(
        session,
        at=at,
        actor=actor,
        action=f"payment.{new_state}",
        cccd=row.cccd,
        ip=ip,
        outcome=f"{old_state}->{new_state}"[:32],
        ref=row.id,
    )
    return True


def settle(session: Session, row: PaymentOrderRow, now: datetime, gateway: Gateway) -> None:
    """Apply the time-driven transitions that are due at ``now``, each at its own moment."""
    if row.state == "pending":
        auto = gateway.auto_pay_after
        auto_due = None if auto is None else row.created_at + auto
        if auto_due is not None and auto_due < row.expires_at and auto_due <= now:
            transition(session, row, "paid", at=auto_due, actor="gateway", ip="-")
        elif row.expires_at <= now:
            transition(session, row, "expired", at=row.expires_at, actor="gateway", ip="-")
    elif row.state == "debited_unrecorded" and row.debited_at is not None:
        due = row.debited_at + gateway.reconcile_after
        if due <= now:
            transition(session, row, "paid", at=due, actor="reconciliation", ip="-")


def settle_all(session: Session, cccd: str, year: int, now: datetime, gateway: Gateway) -> None:
    rows = session.scalars(
        select(PaymentOrderRow).where(
            PaymentOrderRow.cccd == cccd,
            PaymentOrderRow.exam_year == year,
            PaymentOrderRow.state.in_(("pending", "debited_unrecorded")),
        )
    ).all()
    for row in rows:
        settle(session, row, now, gateway)


_ALLOWED: dict[str, tuple[str, frozenset[str]]] = {
    # outcome: (new state, states it may come from)
    "paid": ("paid", frozenset({"pending"})),
    "failed": ("failed", frozenset({"pending"})),
    "expire": ("expired", frozenset({"pending"})),
    "debited_unrecorded": ("debited_unrecorded", frozenset({"pending", "failed"})),
    "reconcile": ("paid", frozenset({"debited_unrecorded"})),
}


def simulate(
    session: Session,
    row: PaymentOrderRow,
    outcome: str,
    *,
    now: datetime,
    actor: str,
    ip: str,
    channel: str | None,
) -> None:
    """Admin test hook: make the bank do ``outcome`` to the order now (409 if impossible).

    ``failed → debited_unrecorded`` is the "payment failed, yet debited" case of 2025; any newer
    pending order of the candidate is then cancelled (``expired``, reason ``superseded``) so
    that they cannot pay a second time while the first payment is being reconciled.
    """
    if channel is not None and channel not in CHANNELS:
        raise ApiProblem(
            422,
            "payment.unknown_channel",
            "Kênh thanh toán không hợp lệ",
            f"Kênh “{channel}” không có trong danh sách: {', '.join(CHANNELS)}.",
        )
    new_state, sources = _ALLOWED[outcome]
    if row.state not in sources:
        raise ApiProblem(
            409,
            "payment.invalid_transition",
            "Không thể chuyển trạng thái lệnh thanh toán",
            f"Lệnh đang ở trạng thái “{row.state}”; thao tác “{outcome}” chỉ áp dụng cho: "
            f"{', '.join(sorted(sources))}.",
            extra={"state": row.state, "outcome": outcome},
        )
    if new_state == "debited_unrecorded":
        others = session.scalars(
            select(PaymentOrderRow).where(
                PaymentOrderRow.open_slot == open_slot(row.cccd, row.exam_year),
                PaymentOrderRow.id != row.id,
            )
        ).all()
        for other in others:
            transition(session, other, "expired", at=now, actor=actor, ip=ip, reason="superseded")
    if not transition(session, row, new_state, at=now, actor=actor, ip=ip, channel=channel):
        raise ApiProblem(
            409,
            "payment.invalid_transition",
            "Không thể chuyển trạng thái lệnh thanh toán",
            "Trạng thái lệnh vừa thay đổi; hãy tải lại rồi thử lại.",
            extra={"state": row.state, "outcome": outcome},
        )


def state_message(row: PaymentOrderRow, gateway: Gateway) -> str:
    """What the state means for the candidate and what to do next, in Vietnamese."""
    amount = format_vnd(row.amount)
    if row.state == "pending":
        return (
            f"Đang chờ thanh toán {amount}. Quét mã VietQR bằng ứng dụng ngân hàng, hoặc chuyển "
            f"khoản đúng số tiền với nội dung “{row.transfer_content}”, trước "
            f"{vi_moment(row.expires_at)}. Giữ màn hình này: trạng thái tự cập nhật."
        )
    if row.state == "paid":
        when = vi_moment(row.paid_at) if row.paid_at else ""
        return (
            f"Đã ghi nhận thanh toán {amount} cho {row.preference_count} nguyện vọng ({when}). "
            "Bạn không cần làm gì thêm."
        )
    if row.state == "debited_unrecorded":
        expected = reconcile_expected_at(row, gateway)
        by = f", dự kiến trước {vi_moment(expected)}" if expected else ""
        return (
            "Ngân hàng đã trừ tiền nhưng hệ thống chưa ghi nhận. Đừng thanh toán lại: giao dịch "
            f"sẽ được đối soát tự động{by}. Hãy giữ biên lai hoặc ảnh chụp giao dịch; nếu quá "
            "thời gian này vẫn chưa được ghi nhận, hãy liên hệ điểm tiếp nhận hồ sơ."
        )
    if row.state == "failed":
        return (
            "Giao dịch không thành công. Nếu tài khoản của bạn KHÔNG bị trừ tiền, hãy tạo lệnh "
            "thanh toán mới. Nếu đã bị trừ tiền, đừng thanh toán lại: hãy chờ đối soát hoặc "
            "liên hệ điểm tiếp nhận hồ sơ và giữ biên lai."
        )
    if row.reason == "superseded":
        return (
            "Lệnh này đã được huỷ vì một giao dịch trước đó của bạn đã bị trừ tiền và đang chờ "
            "đối soát. Đừng thanh toán lại."
        )
    return (
        f"Lệnh thanh toán đã hết hạn lúc {vi_moment(row.expires_at)} và bạn chưa bị trừ tiền. "
        "Nếu vẫn còn trong thời gian nộp lệ phí, hãy tạo lệnh thanh toán mới."
    )


def reconcile_expected_at(row: PaymentOrderRow, gateway: Gateway) -> datetime | None:
    if row.state != "debited_unrecorded" or row.debited_at is None:
        return None
    return row.debited_at + gateway.reconcile_after


def to_wire(row: PaymentOrderRow, gateway: Gateway) -> PaymentOrder:
    poll: int | None = None
    if row.state == "pending":
        poll = _POLL_PENDING_S
    elif row.state == "debited_unrecorded":
        poll = _POLL_DEBITED_S
    assert row.state in FINAL_PAYMENT_STATES or poll is not None
    return PaymentOrder(
        id=row.id,
        code=row.code,
        idempotency_key=row.idempotency_key,
        exam_year=row.exam_year,
        amount=row.amount,
        preference_count=row.preference_count,
        state=row.state,
        vietqr_payload=row.vietqr_payload,
        transfer_content=row.transfer_content,
        bank_bin=DEMO_BIN,
        bank_account=DEMO_ACCOUNT,
        beneficiary=DEMO_BENEFICIARY,
        created_at=row.created_at,
        expires_at=row.expires_at,
        paid_at=row.paid_at,
        debited_at=row.debited_at,
        reconcile_expected_at=reconcile_expected_at(row, gateway),
        channel=row.channel,
        message=state_message(row, gateway),
        poll_after_s=poll,
    )
