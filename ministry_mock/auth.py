"""Sign-in with lockout, rotating refresh tokens, and bearer-token resolution.

* Wrong username and wrong password give the same answer (and cost the same scrypt time), so
  the login form does not reveal which accounts exist.
* ``lockout_after`` consecutive failures lock the account for ``lockout_for``; the answer says
  when to retry (423 + ``Retry-After``).
* A refresh token works once: refreshing revokes it atomically and issues a new pair. Presenting
  a revoked refresh token again means it was copied, so every session of that account ends.
* Access tokens are opaque; only their SHA-256 is stored, with an expiry and a kind.
* A password a school issued (:func:`issue_candidate_account`) is marked in
  ``issued_passwords`` until the candidate changes it: the login answer then says
  ``must_change_password`` and the kiosk asks for a new one before anything else. The mark is
  a table of its own (not a column of ``accounts``) so older mock databases need no migration.
* ``POST /auth/logout`` revokes the refresh token (and the access token that came with it).
"""

from __future__ import annotations

import logging
import math
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, String, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from exam_client.api.contract import IssuedCandidateAccount, ProblemField, Role, TokenPair
from ministry_mock.deps import Instance
from ministry_mock.problems import ApiProblem
from ministry_mock.security import hash_password, new_token, token_digest, verify_password
from ministry_mock.store import Account, Base, Citizen, School, Token
from ministry_mock.store.types import UtcDateTime

log = logging.getLogger(__name__)

BEARER_CHALLENGE = 'Bearer realm="ministry-mock"'
INVALID_CREDENTIALS_VI = "Tên đăng nhập hoặc mật khẩu không đúng"


class IssuedPassword(Base):
    """An account whose password is still the one a school printed for the candidate."""

    __tablename__ = "issued_passwords"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())
    issued_by: Mapped[str] = mapped_column(String(64))


MIN_PASSWORD_LENGTH = 8


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
        must_change_password=session.get(IssuedPassword, account.id) is not None,
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
        inst.principals.forget_account(token.account_id)
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
    digest = token_digest(access_token)
    now = inst.settings.clock()
    if (remembered := inst.principals.get(digest)) is not None:  # see ministry_mock/principals.py
        principal, expires_at = remembered
        if expires_at > now:
            return principal  # type: ignore[no-any-return]
    token = session.get(Token, digest)
    if token is None or token.kind != "access" or token.revoked_at is not None:
        raise ApiProblem(
            401,
            "auth.invalid",
            "Phiên làm việc không hợp lệ",
            "Phiên làm việc không hợp lệ. Hãy đăng nhập lại.",
            headers={"WWW-Authenticate": f'{BEARER_CHALLENGE}, error="invalid_token"'},
        )
    if token.expires_at <= now:
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
    principal = Principal(account.id, account.username, account.role, account.school_code)  # type: ignore[arg-type]
    inst.principals.put(digest, principal, account.id, token.expires_at)
    return principal


# -- sign-out, password change, accounts issued by schools --------------------------------------


def revoke_tokens(session: Session, inst: Instance, *tokens: str | None) -> int:
    """Revoke the given tokens (unknown ones are ignored: sign-out must be safe to repeat)."""
    digests = [token_digest(t) for t in tokens if t]
    if not digests:
        return 0
    inst.principals.forget(digests)
    done = session.execute(
        update(Token)
        .where(Token.token_hash.in_(digests), Token.revoked_at.is_(None))
        .values(revoked_at=inst.settings.clock())
        .execution_options(synchronize_session=False)
    )
    return int(getattr(done, "rowcount", 0) or 0)


def password_problems(old: str, new: str, username: str) -> list[ProblemField]:
    """The server's password policy (the kiosk checks the same rules before sending)."""
    found: list[tuple[str, str, str]] = []
    if len(new) < MIN_PASSWORD_LENGTH:
        found.append(
            ("password.short", "Mật khẩu mới phải có ít nhất 8 ký tự.", "At least 8 characters.")
        )
    if new == old:
        found.append(("password.same", "Mật khẩu mới phải khác mật khẩu cũ.", "Must differ."))
    if username and username in new:
        found.append(
            (
                "password.contains_id",
                "Mật khẩu mới không được chứa số CCCD.",
                "Must not contain the ID.",
            )
        )
    if not (any(c.isalpha() for c in new) and any(c.isdigit() for c in new)):
        found.append(
            (
                "password.letters_digits",
                "Mật khẩu mới phải có cả chữ và số.",
                "Use letters and digits.",
            )
        )
    return [
        ProblemField(field="new_password", code=code, message=vi, message_en=en)
        for code, vi, en in found
    ]


def change_password(
    session: Session, inst: Instance, principal: Principal, old: str, new: str
) -> None:
    """Check the old password (failures count towards the lock-out), then store the new one."""
    account = check_password(session, inst, principal.username, old)
    problems = password_problems(old, new, principal.username)
    if problems:
        session.commit()  # keep the reset failure counter
        raise ApiProblem(
            422,
            "password.weak",
            "Mật khẩu mới chưa đạt yêu cầu",
            "Hãy chọn mật khẩu khác theo các yêu cầu được nêu.",
            errors=problems,
        )
    account.password_hash = hash_password(new, n=inst.settings.scrypt_n)
    session.execute(delete(IssuedPassword).where(IssuedPassword.account_id == account.id))
    session.commit()


def issue_candidate_account(
    session: Session, inst: Instance, principal: Principal, cccd: str
) -> IssuedCandidateAccount:
    """Create (or reset) a candidate's account with a one-time password to print; the caller
    commits. The candidate must exist in the population register and be no staff account."""
    if session.get(Citizen, cccd) is None:
        raise ApiProblem(
            422,
            "accounts.unknown_citizen",
            "Không có công dân này",
            "Số CCCD không có trong cơ sở dữ liệu dân cư. Hãy kiểm tra lại số trên thẻ.",
            errors=[
                ProblemField(
                    field="cccd",
                    code="accounts.unknown_citizen",
                    message="Số CCCD không có trong cơ sở dữ liệu dân cư.",
                    message_en="No such citizen in the population register.",
                )
            ],
        )
    password = _initial_password()
    now = inst.settings.clock()
    account = session.scalar(select(Account).where(Account.username == cccd))
    reissued = account is not None
    if account is None:
        name = session.scalar(select(Citizen.full_name).where(Citizen.cccd == cccd)) or cccd
        account = Account(
            username=cccd,
            password_hash="",
            role="candidate",
            display_name=name,
            failed_attempts=0,
        )
        session.add(account)
    elif account.role != "candidate":
        raise ApiProblem(
            409,
            "accounts.not_candidate",
            "Không phải tài khoản thí sinh",
            "Tài khoản này không phải tài khoản thí sinh nên không thể cấp lại mật khẩu ở đây.",
        )
    account.password_hash = hash_password(password, n=inst.settings.scrypt_n)
    account.failed_attempts = 0
    account.locked_until = None
    session.flush()
    mark = session.get(IssuedPassword, account.id)
    if mark is None:
        session.add(
            IssuedPassword(account_id=account.id, issued_at=now, issued_by=principal.username)
        )
    else:
        mark.issued_at, mark.issued_by = now, principal.username
    return IssuedCandidateAccount(
        username=cccd, initial_password=password, must_change_password=True, reissued=reissued
    )


def _initial_password() -> str:
    """Easy to type on a kiosk keypad and keyboard: 4 letters + 4 digits, no look-alikes."""
    letters = "abcdefghjkmnpqrstuvwxyz"
    return "".join(secrets.choice(letters) for _ in range(4)) + "".join(
        secrets.choice("23456789") for _ in range(4)
    )
