"""The candidate's side of a kiosk visit: sign in with CCCD + password, hold that person's data
in ONE object, and forget all of it when the visit ends (ARCHITECTURE.md, kiosk mode).

Threads: :meth:`CandidateSessionService.sign_in`, :meth:`change_password` and the revoke
callable returned by :meth:`end` block on the network — run them on a worker thread (the UI's
``TaskRunner``). :meth:`end` itself never blocks and is meant for the GUI thread: the wipe must
not wait for a server that may be down.

Why one object: everything the kiosk knows about the person at the screen lives in (or hangs off)
a single :class:`CandidateSession`. Ending the visit wipes its fields and drops the only strong
reference the services hold, so tests can prove with a weakref that nothing outlived the visit.

Held work: when the server refuses the candidate's tokens mid-flow (expired, signed out
elsewhere), the kiosk ends the visit but may hand :meth:`end` what is unsaved; :class:`HeldWork`
keeps it in memory for :data:`HELD_FOR` and gives it back only to the next successful sign-in of
the same CCCD (:attr:`CandidateSession.data` gets it back). Any other ending drops it.

VNeID (free candidates): :meth:`open_vneid` asks the server for a sign-in session (a QR payload
to show, a poll token to keep), :meth:`poll_vneid` collects the tokens once the citizen approved
on the phone, and in demo mode :meth:`approve_vneid_demo` plays the phone.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

from exam_client.api import errors as api_errors
from exam_client.services.errors import ServiceError
from exam_client.services.held_work import HeldWork

if TYPE_CHECKING:
    from exam_client.api.client import MinistryClient
    from exam_client.api.contract import TokenPair
    from exam_client.services.catalog import CatalogService
    from exam_client.services.connection import ConnectionMonitor
    from exam_client.services.context import AppServices

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 8


class NotACandidate(ServiceError):
    """Staff or admin credentials typed at a kiosk: refused, and the tokens are dropped."""

    message_vi = "Tài khoản này không phải tài khoản thí sinh."


class SessionEnded(ServiceError):
    """The visit ended (idle wipe, "end session") while a call was still running."""

    message_vi = "Phiên làm việc đã kết thúc."


class PasswordChangeUnavailable(ServiceError):
    """The server has no password-change endpoint yet (404)."""

    message_vi = "Máy chủ chưa hỗ trợ đổi mật khẩu tại ki-ốt."


class WeakPassword(ServiceError):
    """The new password breaks the kiosk's local policy; nothing was sent."""

    def __init__(self, reason: str, message_vi: str) -> None:
        super().__init__(reason, message_vi=message_vi)
        self.reason = reason  # "short" | "same" | "is_id" | "letters_digits"


@dataclass(slots=True, weakref_slot=True)
class CandidateSession:
    """Everything the kiosk holds about the signed-in candidate (and nothing elsewhere).

    Later steps keep their per-candidate data in :attr:`data` (a registration draft, the
    preference list, …) so the wipe reaches it too. Never copy this object into a widget
    attribute that outlives a page; read it through the service when needed.
    """

    cccd: str
    display_name: str
    must_change_password: bool = False
    signed_in_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    data: dict[str, Any] = field(default_factory=dict)

    def wipe(self) -> None:
        """Blank every field in place (callers may still hold the object for a moment)."""
        self.cccd = ""
        self.display_name = ""
        self.must_change_password = False
        self.data.clear()


class VneidExpired(ServiceError):
    """The QR code expired or was used (410): show a new one."""

    message_vi = "Mã QR đã hết hạn. Hãy tạo mã mới."


@dataclass(frozen=True, slots=True)
class VneidChallenge:
    """A one-time VNeID sign-in request shown as a QR code.

    ``poll_token`` stays in memory and is never drawn (only this kiosk may collect the tokens);
    ``demo_approvable``: the kiosk may offer the discreet demo approval button."""

    session_id: str
    qr_payload: str
    expires_at: datetime
    poll_token: str = field(default="", repr=False)
    poll_interval_s: float = 2.0
    demo_approvable: bool = False

    @property
    def local_only(self) -> bool:
        """Made without the server (nothing can approve it)."""
        return not self.poll_token

    @property
    def approval_code(self) -> str:
        """The code the phone reads from the QR (``…&code=…``)."""
        query = parse_qs(urlparse(self.qr_payload).query)
        return query.get("code", [""])[0]


class CandidateSessionService:
    def __init__(
        self, client: MinistryClient, connection: ConnectionMonitor, *, demo: bool = False
    ) -> None:
        self._client = client
        self._connection = connection
        self.demo = demo
        self._lock = threading.Lock()
        self._session: CandidateSession | None = None
        self._catalog: CatalogService | None = None
        self._generation = 0  # bumped by end(): a sign-in still in flight is then discarded
        self.held = HeldWork()

    @classmethod
    def for_services(cls, services: AppServices) -> CandidateSessionService:
        """The service for the app: ``services.candidate_session`` once bootstrap builds it.

        Until then (bootstrap is not ours to edit) build one on the app's client, which
        :class:`AuthService` owns; one kiosk = one candidate at a time, so sharing is safe.
        """
        existing = getattr(services, "candidate_session", None)
        if isinstance(existing, cls):
            return existing
        return cls(services.auth.client, services.connection, demo=services.settings.demo)

    @property
    def session(self) -> CandidateSession | None:
        return self._session

    @staticmethod
    def refused(exc: BaseException) -> bool:
        """Whether ``exc`` says the server refused the signed-in candidate's tokens (expired,
        revoked, signed out elsewhere) — not a wrong password or a locked account."""
        return isinstance(exc, api_errors.AuthError) and not isinstance(
            exc, api_errors.InvalidCredentials | api_errors.AccountLocked
        )

    @property
    def has_tokens(self) -> bool:
        return self._client.tokens is not None

    @property
    def client(self) -> MinistryClient:
        """For the candidate's use cases (catalog, preferences …) in the same visit."""
        return self._client

    @property
    def catalog(self) -> CatalogService:
        """The public admission catalog, cached for every visit (it holds nothing personal)."""
        with self._lock:
            if self._catalog is None:
                from exam_client.services.catalog import CatalogService

                self._catalog = CatalogService(self._client)
            return self._catalog

    # -- sign-in -------------------------------------------------------------------------------
    def sign_in(self, cccd: str, password: str) -> CandidateSession:
        """Blocking (worker thread). Raises the api errors, :class:`NotACandidate` or
        :class:`SessionEnded` (the visit was wiped while the request was on its way)."""
        with self._lock:
            generation = self._generation
        try:
            pair = self._client.login(cccd.strip(), password)
        except Exception as exc:
            self._connection.report_failure(exc)
            raise
        self._connection.report_success()
        return self._start(pair, generation)

    def _start(self, pair: TokenPair, generation: int) -> CandidateSession:
        with self._lock:
            if generation != self._generation:
                self._drop_tokens(pair)
                raise SessionEnded("the visit ended during sign-in")
            if pair.role != "candidate":
                self._drop_tokens(pair)
                raise NotACandidate(f"role {pair.role} at a kiosk")
            self._session = CandidateSession(
                cccd=pair.username,
                display_name=pair.display_name,
                must_change_password=pair.must_change_password,
            )
            self._session.data.update(self.held.claim(pair.username))
            log.info("candidate signed in at the kiosk")
            return self._session

    def _drop_tokens(self, pair: TokenPair) -> None:
        if self._client.tokens is pair:
            self._client.set_tokens(None)

    # -- password ------------------------------------------------------------------------------
    @staticmethod
    def check_new_password(old: str, new: str, cccd: str = "") -> WeakPassword | None:
        """The local policy, checked before anything is sent (no Qt, so tests need no UI)."""
        if len(new) < MIN_PASSWORD_LENGTH:
            return WeakPassword("short", "Mật khẩu mới phải có ít nhất 8 ký tự.")
        if new == old:
            return WeakPassword("same", "Mật khẩu mới phải khác mật khẩu cũ.")
        if cccd and cccd in new:
            return WeakPassword("is_id", "Mật khẩu mới không được chứa số CCCD.")
        if not (any(c.isalpha() for c in new) and any(c.isdigit() for c in new)):
            return WeakPassword("letters_digits", "Mật khẩu mới phải có cả chữ và số.")
        return None

    def change_password(self, old: str, new: str) -> None:
        """Blocking (worker thread). ``POST /auth/password`` {old_password, new_password} → 204.

        Raises :class:`WeakPassword` (nothing sent), :class:`PasswordChangeUnavailable` (404:
        an older server), ``InvalidCredentials`` (wrong old password), ``ValidationFailed``
        (the server's policy said no), the api errors, or :class:`SessionEnded`.
        """
        session = self._session
        if session is None or self._client.tokens is None:
            raise SessionEnded("no candidate signed in")
        weak = self.check_new_password(old, new, session.cccd)
        if weak is not None:
            raise weak
        try:
            self._client.change_password(old, new)
        except api_errors.NotFound as exc:
            raise PasswordChangeUnavailable("POST /auth/password is missing") from exc
        except Exception as exc:
            self._connection.report_failure(exc)
            raise
        if self._session is session:
            session.must_change_password = False

    # -- VNeID ---------------------------------------------------------------------------------
    @staticmethod
    def start_vneid(ttl: timedelta = timedelta(minutes=3)) -> VneidChallenge:
        """A local challenge nothing can approve (kept for callers without a server session;
        the kiosk uses :meth:`open_vneid`)."""
        session_id = secrets.token_urlsafe(16)
        return VneidChallenge(
            session_id=session_id,
            qr_payload=f"vneid://thpt-kiosk/sign-in?session={session_id}",
            expires_at=datetime.now(UTC) + ttl,
        )

    def open_vneid(self) -> VneidChallenge:
        """Blocking: ``POST /auth/vneid/sessions``."""
        try:
            started = self._client.start_vneid()
        except Exception as exc:
            self._connection.report_failure(exc)
            raise
        self._connection.report_success()
        return VneidChallenge(
            session_id=started.session_id,
            qr_payload=started.qr_payload,
            expires_at=started.expires_at,
            poll_token=started.poll_token,
            poll_interval_s=started.poll_interval_s,
            demo_approvable=self.demo,
        )

    def poll_vneid(self, challenge: VneidChallenge) -> CandidateSession | None:
        """Blocking: ``None`` while the phone has not approved; the signed-in session once it
        has. Raises :class:`VneidExpired` (show a new QR), :class:`NotACandidate`,
        :class:`SessionEnded`, or the api errors."""
        with self._lock:
            generation = self._generation
        try:
            status = self._client.vneid_status(challenge.session_id, challenge.poll_token)
        except api_errors.ApiError as exc:
            if isinstance(exc, api_errors.NotFound) or exc.status == 410:
                raise VneidExpired(str(exc)) from None
            raise
        if status.tokens is None:
            return None
        return self._start(status.tokens, generation)

    def approve_vneid_demo(self, challenge: VneidChallenge, cccd: str | None = None) -> None:
        """Demo only, blocking: approve as the phone would (default: the demo candidate)."""
        if not self.demo:
            raise ServiceError("VNeID demo approval outside demo mode")
        self._client.approve_vneid(challenge.session_id, challenge.approval_code, cccd)

    # -- the end of the visit ------------------------------------------------------------------
    def end(
        self, hold: Callable[[CandidateSession], dict[str, Any]] | None = None
    ) -> Callable[[], None]:
        """Forget the candidate NOW (GUI thread, never blocks) and return the server-side
        sign-out to run in the background (best effort: errors are logged, never raised).

        ``hold``: only when the server refused the tokens — picks the unsaved work to keep for
        the same candidate's next sign-in (:class:`HeldWork`). Without it (idle wipe, "Kết thúc
        phiên") anything held is dropped too."""
        with self._lock:
            self._generation += 1
            session, self._session = self._session, None
            pair = self._client.tokens
            self._client.set_tokens(None)
        if hold is not None and session is not None:
            self.held.hold(session.cccd, hold(session))
            if self.held.holding:
                log.info("unsaved work held for the same candidate's next sign-in")
        else:
            self.held.drop()
        if session is not None:
            session.wipe()
        del session
        client = self._client

        def revoke() -> None:
            nonlocal pair
            if pair is None:
                return
            try:
                client.logout(pair)
            except api_errors.NotFound:
                log.info("server has no sign-out endpoint; tokens expire on their own")
            except Exception as exc:  # best effort: the visit is over either way
                log.warning("server-side sign-out failed: %s", type(exc).__name__)
            finally:
                pair = None

        return revoke
