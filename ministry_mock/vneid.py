"""Mock VNeID sign-in: a kiosk shows a QR code, the citizen approves on the phone, the kiosk
collects a token pair (DOMAIN.md §3.1, §3.3: free candidates may sign in with VNeID).

Three secrets with three holders, so nobody can sign in as somebody else:

* ``session_id`` — public, in the QR code and the URLs;
* ``code`` — in the QR code only: whoever scanned it (the VNeID app) may approve;
* ``poll_token`` — never shown: only the kiosk that opened the session may collect the tokens.

Only SHA-256 digests of the two secrets are stored. Tokens are issued when the kiosk collects
them (never stored), exactly once; the row is then spent and answers 410, like an expired one.

The approval is what VNeID's servers would call after the citizen confirmed on the phone; this
mock has no phone, so in demo mode the approval endpoint is open to whoever holds the QR code
(the kiosk's discreet "Phê duyệt (demo)" button). Outside demo mode it does not exist (404).
A citizen without an account (most free candidates) gets a candidate account on approval.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from datetime import datetime, timedelta

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from exam_client.api.contract import (
    ProblemField,
    TokenPair,
    VneidApproval,
    VneidSessionStart,
    VneidSessionStatus,
)
from ministry_mock.auth import issue_pair
from ministry_mock.deps import Instance
from ministry_mock.problems import ApiProblem
from ministry_mock.security import hash_password, token_digest
from ministry_mock.store import Account, Base, Citizen
from ministry_mock.store.types import UtcDateTime

log = logging.getLogger(__name__)

SESSION_TTL = timedelta(minutes=3)
QR_SCHEME = "vneid://thpt-kiosk/sign-in"


class VneidSessionRow(Base):
    __tablename__ = "vneid_sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    poll_digest: Mapped[str] = mapped_column(String(64))
    code_digest: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(10))  # pending | approved | spent
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    cccd: Mapped[str | None] = mapped_column(String(12), default=None)


def _gone(code: str, detail: str) -> ApiProblem:
    return ApiProblem(410, code, "Phiên đăng nhập VNeID không còn hiệu lực", detail)


def _unknown() -> ApiProblem:
    return ApiProblem(
        404,
        "vneid.unknown",
        "Không có phiên đăng nhập VNeID này",
        "Mã QR không đúng hoặc đã bị huỷ. Hãy tạo mã QR mới trên ki-ốt.",
    )


def start(session: Session, inst: Instance) -> VneidSessionStart:
    """A new pending session; the caller commits."""
    now = inst.settings.clock()
    session_id = secrets.token_urlsafe(12)
    code, poll = secrets.token_urlsafe(16), secrets.token_urlsafe(24)
    row = VneidSessionRow(
        id=session_id,
        poll_digest=token_digest(poll),
        code_digest=token_digest(code),
        state="pending",
        created_at=now,
        expires_at=now + SESSION_TTL,
    )
    session.add(row)
    return VneidSessionStart(
        session_id=session_id,
        poll_token=poll,
        qr_payload=f"{QR_SCHEME}?session={session_id}&code={code}",
        expires_at=row.expires_at,
    )


def _live(session: Session, inst: Instance, session_id: str) -> VneidSessionRow:
    row = session.get(VneidSessionRow, session_id)
    if row is None:
        raise _unknown()
    if row.state == "spent":
        raise _gone("vneid.used", "Phiên này đã được dùng để đăng nhập. Hãy tạo mã QR mới.")
    if row.expires_at <= inst.settings.clock() and row.state == "pending":
        raise _gone("vneid.expired", "Mã QR đã hết hạn. Hãy tạo mã QR mới trên ki-ốt.")
    return row


def _same(secret: str, digest: str) -> bool:
    return hmac.compare_digest(token_digest(secret), digest)


def status(
    session: Session, inst: Instance, session_id: str, poll_token: str
) -> VneidSessionStatus:
    """Pending, or approved with the tokens (once: the row is spent); the caller commits."""
    row = session.get(VneidSessionRow, session_id)
    if row is None or not poll_token or not _same(poll_token, row.poll_digest):
        # the same answer for "no such session" and "not your session": ids are not guessable
        # and must not be confirmed to somebody who read one off a screen
        raise _unknown()
    row = _live(session, inst, session_id)
    if row.state == "pending":
        return VneidSessionStatus(state="pending", expires_at=row.expires_at)
    account = session.scalar(select(Account).where(Account.username == row.cccd))
    if account is None:  # removed between approval and collection
        raise _gone("vneid.used", "Tài khoản không còn tồn tại. Hãy tạo mã QR mới.")
    row.state = "spent"
    pair: TokenPair = issue_pair(session, inst, account)
    return VneidSessionStatus(state="approved", expires_at=row.expires_at, tokens=pair)


def approve(
    session: Session, inst: Instance, session_id: str, body: VneidApproval, demo_cccd: str | None
) -> None:
    """The citizen confirmed on the phone; the caller commits."""
    row = _live(session, inst, session_id)
    if not _same(body.code, row.code_digest):
        raise ApiProblem(
            403,
            "vneid.bad_code",
            "Mã xác nhận VNeID không đúng",
            "Mã xác nhận không khớp với mã QR đang hiển thị trên ki-ốt.",
        )
    if row.state != "pending":
        raise ApiProblem(
            409, "vneid.already_approved", "Phiên đã được phê duyệt", "Phiên này đã được duyệt."
        )
    cccd = body.cccd or demo_cccd
    citizen = session.get(Citizen, cccd) if cccd else None
    if citizen is None or cccd is None:
        raise ApiProblem(
            422,
            "vneid.unknown_citizen",
            "Không có công dân này",
            "Số CCCD không có trong cơ sở dữ liệu dân cư.",
            errors=[
                ProblemField(
                    field="cccd",
                    code="vneid.unknown_citizen",
                    message="Số CCCD không có trong cơ sở dữ liệu dân cư.",
                    message_en="No such citizen in the population register.",
                )
            ],
        )
    account = session.scalar(select(Account).where(Account.username == cccd))
    if account is None:
        session.add(
            Account(
                username=cccd,
                # VNeID-only account: a random password nobody knows (a school can issue one)
                password_hash=hash_password(secrets.token_urlsafe(24), n=inst.settings.scrypt_n),
                role="candidate",
                display_name=citizen.full_name,
                failed_attempts=0,
            )
        )
    elif account.role != "candidate":
        raise ApiProblem(
            403,
            "vneid.not_candidate",
            "Không phải tài khoản thí sinh",
            "Đăng nhập VNeID tại ki-ốt chỉ dành cho thí sinh.",
        )
    row.state = "approved"
    row.cccd = cccd
    log.info("VNeID session approved")
