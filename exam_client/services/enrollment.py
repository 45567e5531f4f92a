"""Online enrollment confirmation (xác nhận nhập học, DOMAIN.md §8, §13.8): final, and on time.

* Only the admitted programme, only inside the window: checked here first for a clear message,
  and again by the server, which wins.
* The deadline countdown needs the *server's* "now" (the demo clock moves it; a kiosk's own
  clock may be wrong): :class:`ServerClock` keeps the offset read from ``/health``.
* The screen asks twice; the server is asked once, with an idempotency key made and kept in the
  session before the first attempt, so a retry after a lost answer returns the same
  confirmation instead of an error. Confirmed is final: there is no undo call at all.

Threads: :meth:`EnrollmentService.load` and :meth:`confirm` block (worker thread).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from exam_client.api import cycle_client
from exam_client.api import errors as api_errors
from exam_client.api.cycle import ClockState, ClockUpdate
from exam_client.api.payments import AdmissionResult, ConfirmationRequest, EnrollmentConfirmation
from exam_client.domain.timeline import vi_moment
from exam_client.services.candidate_session import CandidateSession, SessionEnded
from exam_client.services.errors import ServiceError
from exam_client.services.payments import session_client

if TYPE_CHECKING:
    from exam_client.api.client import MinistryClient
    from exam_client.services.candidate_session import CandidateSessionService
    from exam_client.services.context import AppServices, DemoAccount

CONFIRM_KEY = "enrollment.key"
Refusal = Literal["not_admitted", "not_open", "closed", "confirmed", "not_published"]

__all__ = [
    "DEMO_JOURNEY",
    "AdmissionResult",
    "ClockMove",
    "ClockState",
    "DemoClockService",
    "EnrollmentConfirmation",
    "EnrollmentService",
    "EnrollmentView",
    "NotConfirmable",
    "ServerClock",
]


class NotConfirmable(ServiceError):
    """Confirmation is not possible now; ``reason`` says why, ``message_vi`` what to do."""

    def __init__(self, reason: Refusal, message_vi: str) -> None:
        super().__init__(reason, message_vi=message_vi)
        self.reason: Refusal = reason


@dataclass(frozen=True, slots=True)
class ServerClock:
    """The server's time as an offset from this machine's clock, read once per load."""

    offset: timedelta = timedelta()

    @classmethod
    def measure(cls, server_time: datetime, local: datetime | None = None) -> ServerClock:
        return cls(server_time - (local or datetime.now(UTC)))

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


@dataclass(frozen=True, slots=True)
class EnrollmentView:
    result: AdmissionResult
    clock: ServerClock

    def remaining(self) -> timedelta | None:
        """Time left to confirm (None: no deadline known or nothing to confirm)."""
        deadline = self.result.confirm_deadline
        if deadline is None or self.result.status != "admitted":
            return None
        return deadline - self.clock.now()

    def refusal(self) -> NotConfirmable | None:
        """Why the confirm button must not be offered, or None if it may."""
        r = self.result
        if r.status == "confirmed":
            return NotConfirmable("confirmed", r.message)
        if r.status == "not_published":
            return NotConfirmable("not_published", r.message)
        if r.status != "admitted" or r.programme_code is None or r.institution_code is None:
            return NotConfirmable("not_admitted", r.message)
        now = self.clock.now()
        if r.confirm_opens_at is not None and now < r.confirm_opens_at:
            return NotConfirmable(
                "not_open",
                f"Chưa đến thời gian xác nhận nhập học. Bạn có thể xác nhận từ "
                f"{vi_moment(r.confirm_opens_at)}.",
            )
        if (r.confirm_deadline is not None and now >= r.confirm_deadline) or not r.can_confirm:
            return NotConfirmable("closed", r.message)
        return None


class EnrollmentService:
    def __init__(self, sessions: CandidateSessionService, client: MinistryClient | None = None):
        self._sessions = sessions
        self._client = client or session_client(sessions)

    def _session(self) -> CandidateSession:
        session = self._sessions.session
        if session is None:
            raise SessionEnded("no candidate signed in")
        return session

    def load(self, year: int | None = None) -> EnrollmentView:
        """Blocking: the admission result and the server's clock."""
        self._session()
        health = self._client.health()
        clock = ServerClock.measure(health.server_time)
        result = cycle_client.admission_result(self._client, year)
        return EnrollmentView(result, clock)

    def confirmation_key(self) -> str:
        """The key of this candidate's confirmation: made once, kept in the session (memory)."""
        session = self._session()
        key = session.data.get(CONFIRM_KEY)
        if not isinstance(key, str):
            key = str(uuid.uuid4())
            session.data[CONFIRM_KEY] = key
        return key

    def confirm(self, view: EnrollmentView) -> EnrollmentConfirmation:
        """Blocking. Confirm the admitted programme of ``view`` (after the candidate said yes
        twice). Raises :class:`NotConfirmable` without sending when the view says no, and the
        server's ``Conflict``/``ValidationFailed`` when it says no."""
        refusal = view.refusal()
        if refusal is not None:
            raise refusal
        r = view.result
        assert r.institution_code is not None
        assert r.programme_code is not None
        body = ConfirmationRequest(
            exam_year=r.exam_year,
            institution_code=r.institution_code,
            programme_code=r.programme_code,
        )
        key = self.confirmation_key()  # stored before the request leaves
        confirmation, _ = cycle_client.confirm_enrollment(self._client, body, key)
        if self._sessions.session is None:
            raise SessionEnded("the visit ended during the confirmation")
        return confirmation


# -- the demo clock (demo mode only) ------------------------------------------------------------
# Lives here until a ``services/demo_clock.py`` exists (this change may only add the files it
# owns); it is the other half of :class:`ServerClock`: the kiosk reads the server's time, the
# demo control moves it.

DEMO_JOURNEY: tuple[str, ...] = ("preferences", "payment", "filtering", "results", "confirmation")
"""The phases a demo walks through, in order (names of ``POST /admin/clock``)."""
CLOSED_LABELS = {"confirmation_closed": "hết hạn xác nhận nhập học"}


@dataclass(frozen=True, slots=True)
class ClockMove:
    """Where the demo clock is now, and the phase it was moved to (None: only read)."""

    state: ClockState
    phase: str | None
    label: str


class DemoClockService:
    """Moves the mock ministry's clock through ``/admin/clock`` with the demo admin account.

    Uses a client of its own: signing the admin in on the candidate's client would replace the
    candidate's tokens. Thread-safe enough for one control: calls are serialised by the UI's
    single task at a time.
    """

    def __init__(self, client: MinistryClient, username: str, password: str) -> None:
        self._client = client
        self._username = username
        self._password = password

    @classmethod
    def for_services(cls, services: AppServices, admin: DemoAccount) -> DemoClockService:
        from exam_client.api.client import MinistryClient

        settings = services.settings
        verify: bool | str = str(settings.ca_bundle) if settings.ca_bundle else True
        client = MinistryClient(settings.api_url, verify=verify)
        services.on_close(client.close)
        return cls(client, admin.username, admin.password)

    def _signed_in(self) -> None:
        if self._client.tokens is None:
            self._client.login(self._username, self._password)

    def _with_admin(self, call: Callable[[], ClockState]) -> ClockState:
        self._signed_in()
        try:
            return call()
        except api_errors.AuthError:
            self._client.set_tokens(None)  # expired or revoked: sign in once more
            self._signed_in()
            return call()

    def state(self) -> ClockState:
        """Blocking."""
        return self._with_admin(lambda: cycle_client.clock_state(self._client))

    @staticmethod
    def next_phase(state: ClockState) -> str:
        """The first demo step that lies after "now" (phases starting at the same moment, like
        results and confirmation in 2026, are one step); back to the first one at the end."""
        starts = {p.phase: p.start for p in state.phases}
        ends = {p.phase: p.end for p in state.phases}
        targets = [(phase, starts.get(phase)) for phase in DEMO_JOURNEY]
        targets.append(("confirmation_closed", ends.get("confirmation")))
        for phase, moment in targets:
            if moment is not None and moment > state.now:
                return phase
        return DEMO_JOURNEY[0]

    def jump(self, phase: str) -> ClockMove:
        """Blocking. Move the clock to the start of ``phase`` of the current exam year."""
        state = self._with_admin(
            lambda: cycle_client.set_clock(
                self._client, ClockUpdate(phase=phase, run_due_rounds=True)
            )
        )
        label = next((p.label for p in state.phases if p.phase == phase), None)
        if label is None:
            label = CLOSED_LABELS.get(phase, phase)
        return ClockMove(state, phase, label)

    def advance(self) -> ClockMove:
        """Blocking. Move to the next phase of the demo journey."""
        return self.jump(self.next_phase(self.state()))
