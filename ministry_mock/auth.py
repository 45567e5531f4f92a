"""Sign-in with lockout, rotating refresh tokens, and bearer-token resolution.

* Wrong username and wrong password give the same answer (and cost the same scrypt time), so
  the login form does not reveal which accounts exist.
* ``lockout_after`` consecutive failures lock the account for ``lockout_for``; the answer says
  when to retry (423 + ``Retry-After``).
* A refresh token works once: refreshing revokes it atomically and issues a new pair. Presenting
  a revoked refresh token again means it was copied, so every session of that account ends.
* Access tokens are opaque; only their SHA-256 is stored, with an expiry and a kind.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from exam_client.api.contract import Role, TokenPair
from ministry_mock.deps import Instance
from ministry_mock.problems import ApiProblem
from ministry_mock.security import new_token, token_digest, verify_password
from ministry_mock.store import Account, School, Token

log = logging.getLogger(__name__)

BEARER_CHALLENGE = 'Bearer realm="ministry-mock"'
INVALID_CREDENTIALS_VI = "Tên đăng nhập hoặc mật khẩu không đúng"


@dataclass(frozen=True, slots=True)
class Principal:
    account_id: int
    username: str
    role: Role
    school_code: str | None


def _invalid_credentials() -> ApiProblem:
    return ApiProblem(
        401,
        "auth.invalid_credentials",
        "Đăng nhập không thành công",
        INVALID_CREDENTIALS_VI,
        headers={"WWW-Authenticate": BEARER_CHALLENGE},
    )


def _locked(until: datetime, now: datetime) -> ApiProblem:
    seconds = max(1, math.ceil((until - now).total_seconds()))
    minutes = math.ceil(seconds / 60)
    return ApiProblem(
        423,
        "auth.locked",
        "Tài khoản tạm thời bị khoá",
        f"Đăng nhập sai quá nhiều lần. Tài khoản bị khoá tạm thời; hãy thử lại sau {minutes} "
        "phút hoặc liên hệ đơn vị đăng ký để được hỗ trợ.",
        headers={"Retry-After": str(seconds)},
        extra={"retry_after": seconds, "locked_until": until.isoformat()},
    )


def check_password(session: Session, inst: Instance, username: str, password: str) -> Account:
    """Return the account, or raise 401/423. Commits the failure counter itself."""
    settings = inst.settings
    now = settings.clock()
    account = session.scalar(select(Account).where(Account.username == username))
    if account is None:
        verify_password(password, inst.dummy_password_hash)  # same cost as a real check
        raise _invalid_credentials()
    if account.locked_until is not None:
        if account.locked_until > now:
            raise _locked(account.locked_until, now)
        account.locked_until = None
        account.failed_attempts = 0
    if not verify_password(password, account.password_hash):
        # increment in SQL: parallel wrong guesses must not overwrite each other's count
        session.execute(
            update(Account)
            .where(Account.id == account.id)
            .values(failed_attempts=Account.failed_attempts + 1)
        )
        session.refresh(account, ["failed_attempts"])
        locked = account.failed_attempts >= settings.lockout_after
        if locked:
            account.locked_until = now + settings.lockout_for
            account.failed_attempts = 0
            log.warning("account locked after repeated failures (role %s)", account.role)
        session.commit()
        if locked and account.locked_until is not None:
            raise _locked(account.locked_until, now)
        raise _invalid_credentials()
    account.failed_attempts = 0
    return account


def issue_pair(session: Session, inst: Instance, account: Account) -> TokenPair:
    """Create an access and a refresh token for ``account``; the caller commits."""
    settings = inst.settings
    now = settings.clock()
    access, refresh = new_token(), new_token()
    for token, kind, ttl in (
        (access, "access", settings.access_token_ttl),
        (refresh, "refresh", settings.refresh_token_ttl),
    ):
        session.add(
            Token(
                token_hash=token_digest(token),
                kind=kind,
                account_id=account.id,
                issued_at=now,
                expires_at=now + ttl,
            )
        )
    school_name = None
    if account.school_code is not None:
        school_name = session.scalar(select(School.name).where(School.code == account.school_code))
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(settings.access_token_ttl.total_seconds()),
        refresh_expires_in=int(settings.refresh_token_ttl.total_seconds()),
        role=account.role,
        username=account.username,
        display_name=account.display_name,
        school_code=account.school_code,
        school_name=school_name,
    )


def _refresh_rejected(detail: str) -> ApiProblem:
    return ApiProblem(
        401,
        "auth.refresh_invalid",
        "Phiên làm việc đã kết thúc",
        detail,
        headers={"WWW-Authenticate": BEARER_CHALLENGE},
    )


def rotate_refresh(session: Session, inst: Instance, refresh_token: str) -> TokenPair:
    """Spend a refresh token and issue a new pair; the caller commits."""
    now = inst.settings.clock()
    digest = token_digest(refresh_token)
    token = session.get(Token, digest)
    if token is None or token.kind != "refresh":
        raise _refresh_rejected("Phiên làm việc không hợp lệ. Hãy đăng nhập lại.")
    if token.revoked_at is not None:
        session.execute(
            update(Token)
            .where(Token.account_id == token.account_id, Token.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        session.commit()
        log.warning("refresh token reused; all sessions of the account revoked")
        raise _refresh_rejected("Phiên làm việc đã được dùng ở nơi khác. Hãy đăng nhập lại.")
    if token.expires_at <= now:
        raise _refresh_rejected("Phiên làm việc đã hết hạn. Hãy đăng nhập lại.")
    spent = session.execute(
        update(Token)
        .where(Token.token_hash == digest, Token.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(spent, "rowcount", 0) != 1:  # a concurrent refresh won the race
        raise _refresh_rejected("Phiên làm việc không hợp lệ. Hãy đăng nhập lại.")
    account = session.get(Account, token.account_id)
    if account is None:
        raise _refresh_rejected("Tài khoản không còn tồn tại.")
    return issue_pair(session, inst, account)


def resolve_access_token(session: Session, inst: Instance, access_token: str | None) -> Principal:
    """The signed-in principal for a bearer token, or 401 with a code saying why."""
    if not access_token:
        raise ApiProblem(
            401,
            "auth.missing",
            "Chưa đăng nhập",
            "Hãy đăng nhập để tiếp tục.",
            headers={"WWW-Authenticate": BEARER_CHALLENGE},
        )
    token = session.get(Token, token_digest(access_token))
    if token is None or token.kind != "access" or token.revoked_at is not None:
        raise ApiProblem(
            401,
            "auth.invalid",
            "Phiên làm việc không hợp lệ",
            "Phiên làm việc không hợp lệ. Hãy đăng nhập lại.",
            headers={"WWW-Authenticate": f'{BEARER_CHALLENGE}, error="invalid_token"'},
        )
    if token.expires_at <= inst.settings.clock():
        raise ApiProblem(
            401,
            "auth.expired",
            "Phiên làm việc đã hết hạn",
            "Phiên làm việc đã hết hạn. Hãy đăng nhập lại.",
            headers={
                "WWW-Authenticate": f'{BEARER_CHALLENGE}, error="invalid_token", '
                'error_description="expired"'
            },
        )
    account = session.get(Account, token.account_id)
    if account is None:
        raise ApiProblem(401, "auth.invalid", "Phiên làm việc không hợp lệ")
    return Principal(account.id, account.username, account.role, account.school_code)  # type: ignore[arg-type]
