"""The candidate's preference list (nguyện vọng) at the kiosk: load, edit under the year's rules,
save without ever creating two versions for one press of "Lưu".

Why no outbox here (ARCHITECTURE.md says writes go through the outbox): the outbox is a table
in the local SQLCipher file, and a public kiosk must not leave one candidate's data on its disk
for the next (issue #7, kiosk mode). So the kiosk keeps the outbox's *promise* in memory
instead: the idempotency key of a save is made **before the first attempt**, stored in the
candidate's session (:attr:`CandidateSession.data`, wiped with the visit) together with the
exact body, and re-sent unchanged after a network error — the server answers the first save
again rather than storing a second version. Only the server's answer ends the pending save. If
the candidate edits again while a save is unsettled, that save is settled first (same key, same
body), then the new list goes from the version it produced. If the visit ends before the server
answered, the key goes with it: the server has either the old list or the new one, and the next
visit reads which.

Expired session mid-edit: :func:`unsaved_work` picks the edited list (codes only, never the
scores) for :class:`~exam_client.services.held_work.HeldWork`; after the same candidate
signs in again, :meth:`PreferenceService.held` offers it and :meth:`restore_held` puts it back.

Rules (DOMAIN.md §4.1) are the domain's :func:`validate_preferences`, run on every edit so the
screen can say at once what is wrong (2026: at most 15, teacher training only as NV1–NV5); the
edit window is the server's (``editable`` and the dates), because the server's clock decides.

Threads: :meth:`PreferenceService.load`, :meth:`save` and :meth:`history` block on the network
(worker threads); editing (:meth:`add`, :meth:`move`, :meth:`remove`, :meth:`rows`) never blocks
and runs on the GUI thread. Never touch one draft from two threads at once.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from exam_client.api import cycle_client
from exam_client.api import errors as api_errors
from exam_client.api.cycle import (
    ExamScores,
    PreferenceChoice,
    PreferenceHistory,
    PreferenceList,
    PreferenceListUpdate,
)
from exam_client.domain.preferences import Preference, validate_preferences
from exam_client.domain.problems import Problem
from exam_client.domain.ruleset import RuleSet, load_ruleset
from exam_client.domain.scores import admission_score
from exam_client.domain.timeline import Phase
from exam_client.services.candidate_session import CandidateSession, SessionEnded
from exam_client.services.catalog import CatalogEntry, CatalogService, CatalogSnapshot
from exam_client.services.errors import ServiceError

if TYPE_CHECKING:
    from exam_client.services.candidate_session import CandidateSessionService

DRAFT_KEY = "preferences"
HELD_KEY = "preferences.held"  # an unsaved list given back after a re-sign-in, until answered
# an edit that would create one of these is refused outright (the list stays as it was)
REFUSED = frozenset(
    {"preferences.teacher_training_position", "preferences.too_many", "preferences.duplicate"}
)
RETRYABLE = (api_errors.NetworkError, api_errors.SlowDown, api_errors.ServerError)


class PreferencesConflict(ServiceError):
    """The list changed elsewhere (another kiosk, a phone) since it was loaded."""

    message_vi = (
        "Danh sách nguyện vọng vừa được thay đổi ở nơi khác. Danh sách của bạn vẫn còn trên "
        "màn hình; hãy tải lại để xem bản mới nhất rồi điều chỉnh tiếp."
    )


class PreferencesClosed(ServiceError):
    message_vi = "Đã hết thời gian đăng ký, điều chỉnh nguyện vọng."


@dataclass
class PendingSave:
    """A save the server has not answered yet: re-sent only with this key and this body."""

    key: str
    update: PreferenceListUpdate
    attempts: int = 0


@dataclass
class PreferenceDraft:
    """The list on screen; lives in the candidate's session (wiped with the visit)."""

    saved: PreferenceList
    rules: RuleSet
    catalog: CatalogSnapshot
    items: list[tuple[str, str]] = field(default_factory=list)
    scores: ExamScores | None = None
    pending: PendingSave | None = None

    @property
    def year(self) -> int:
        return self.saved.exam_year

    @property
    def dirty(self) -> bool:
        return self.items != [(i.institution_code, i.programme_code) for i in self.saved.items]

    @property
    def editable(self) -> bool:
        return self.saved.editable


@dataclass(frozen=True, slots=True)
class HeldPreferences:
    """An unsaved list kept over an expired session: the NV codes and the version edited."""

    year: int
    base_version: int
    items: tuple[tuple[str, str], ...]


def unsaved_work(session: CandidateSession) -> dict[str, Any]:
    """What of this step to hold when the server ended the session: the edited list, if any."""
    draft = session.data.get(DRAFT_KEY)
    if isinstance(draft, PreferenceDraft) and draft.editable and draft.dirty:
        held = HeldPreferences(draft.year, draft.saved.version, tuple(draft.items))
        return {HELD_KEY: held}
    offered = session.data.get(HELD_KEY)  # offered, not answered yet: keep it for next time
    return {HELD_KEY: offered} if isinstance(offered, HeldPreferences) else {}


@dataclass(frozen=True, slots=True)
class PreferenceRow:
    """One NV as the screen shows it."""

    rank: int
    institution_code: str
    programme_code: str
    entry: CatalogEntry | None
    admission_score: Decimal | None
    combination: str | None
    last_year_cutoff: Decimal | None
    problems: tuple[Problem, ...]

    @property
    def teacher_training(self) -> bool:
        return self.entry is not None and self.entry.programme.teacher_training


class PreferenceService:
    def __init__(
        self,
        sessions: CandidateSessionService,
        catalog: CatalogService,
        *,
        attempts: int = 3,
        backoff_s: float = 0.4,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._sessions = sessions
        self._catalog = catalog
        self._attempts = attempts
        self._backoff_s = backoff_s
        self._sleep = sleep

    # -- reading -------------------------------------------------------------------------------
    def _session(self) -> CandidateSession:
        session = self._sessions.session
        if session is None:
            raise SessionEnded("no candidate signed in")
        return session

    def draft(self) -> PreferenceDraft | None:
        found = self._sessions.session.data.get(DRAFT_KEY) if self._sessions.session else None
        return found if isinstance(found, PreferenceDraft) else None

    def load(self, year: int | None = None) -> PreferenceDraft:
        """Blocking: the server's list, the catalog and (once published) the exam scores.
        A pending save is settled first, so a reload never loses it."""
        session = self._session()
        current = self.draft()
        if current is not None and current.pending is not None:
            self._settle(current)
        client = self._sessions.client
        saved = client.my_preferences(year)
        catalog = self._catalog.load(saved.exam_year)
        scores = None
        if saved.scores_published:
            try:
                scores = cycle_client.exam_scores(client, saved.exam_year)
            except (api_errors.Conflict, api_errors.NotFound):
                scores = None
        draft = PreferenceDraft(
            saved=saved,
            rules=load_ruleset(saved.exam_year),
            catalog=catalog,
            items=[(i.institution_code, i.programme_code) for i in saved.items],
            scores=scores,
        )
        if self._sessions.session is not session:
            raise SessionEnded("the visit ended while loading")
        session.data[DRAFT_KEY] = draft
        return draft

    # -- a list held over an expired session (GUI thread) -------------------------------------
    def held(self) -> HeldPreferences | None:
        """The unsaved list from before the session ended, if it is for the loaded year."""
        session, draft = self._sessions.session, self.draft()
        found = session.data.get(HELD_KEY) if session else None
        if not isinstance(found, HeldPreferences) or draft is None or found.year != draft.year:
            return None
        return found

    def restore_held(self, draft: PreferenceDraft) -> bool:
        """Put the held list on screen (unsaved: the candidate checks it and presses Lưu)."""
        held = self.held()
        self.discard_held()
        if held is None:
            return False
        draft.items = list(held.items)
        return True

    def discard_held(self) -> None:
        session = self._sessions.session
        if session is not None:
            session.data.pop(HELD_KEY, None)

    def history(self, year: int | None = None) -> PreferenceHistory:
        return self._sessions.client.preference_history(year)

    # -- editing (GUI thread, no network) -------------------------------------------------------
    @staticmethod
    def add(draft: PreferenceDraft, entry: CatalogEntry) -> bool:
        """Append ``entry`` as the last NV; False if it is already in the list."""
        if entry.key in draft.items:
            return False
        draft.items.append(entry.key)
        return True

    @staticmethod
    def move(draft: PreferenceDraft, index: int, to: int) -> bool:
        if not (0 <= index < len(draft.items) and 0 <= to < len(draft.items)) or index == to:
            return False
        draft.items.insert(to, draft.items.pop(index))
        return True

    @staticmethod
    def remove(draft: PreferenceDraft, index: int) -> None:
        if 0 <= index < len(draft.items):
            del draft.items[index]

    @staticmethod
    def attempt(draft: PreferenceDraft, edit: Callable[[PreferenceDraft], object]) -> list[Problem]:
        """Apply ``edit``; if it creates a problem the year's rules forbid outright (sư phạm
        below NV5, more than the maximum, a duplicate), undo it and return those problems."""
        before = list(draft.items)
        known = {(p.code, p.field) for p in PreferenceService.problems(draft)}
        edit(draft)
        new = [
            p
            for p in PreferenceService.problems(draft)
            if p.code in REFUSED and (p.code, p.field) not in known
        ]
        if new:
            draft.items = before
        return new

    @staticmethod
    def problems(draft: PreferenceDraft) -> list[Problem]:
        """The year's rules on the list as it is now (the window is the server's business)."""
        prefs = []
        for inst, code in draft.items:
            entry = draft.catalog.find(inst, code)
            prefs.append(Preference(inst, code, bool(entry and entry.programme.teacher_training)))
        inside = _inside_window(draft.rules) or datetime.now(UTC)
        found = validate_preferences(prefs, draft.rules, inside)
        return [p for p in found if p.code != "preferences.closed" and p.is_error]

    @staticmethod
    def rows(draft: PreferenceDraft) -> list[PreferenceRow]:
        problems = PreferenceService.problems(draft)
        saved = {(i.institution_code, i.programme_code): i for i in draft.saved.items}
        rows = []
        for rank, (inst, code) in enumerate(draft.items, start=1):
            entry = draft.catalog.find(inst, code)
            score, combination = _score(draft, entry)
            on_server = saved.get((inst, code))
            if on_server is not None and on_server.admission_score is not None:
                score, combination = on_server.admission_score, on_server.admission_combination
            own = (f"preferences.{rank}", f"preferences.{rank}.")
            mine = tuple(p for p in problems if p.field == own[0] or p.field.startswith(own[1]))
            cutoff = entry.programme.last_year_cutoff if entry else None
            rows.append(PreferenceRow(rank, inst, code, entry, score, combination, cutoff, mine))
        return rows

    # -- saving (worker thread) ----------------------------------------------------------------
    def save(self) -> PreferenceList:
        """Blocking. Sends the list on screen with a key made once for it; retries network
        failures with the same key. Raises :class:`PreferencesConflict`,
        :class:`PreferencesClosed`, ``ValidationFailed`` or, after the last retry, the
        network error (the pending save stays in the session for the next press)."""
        draft = self.draft()
        if draft is None:
            raise SessionEnded("no list loaded")
        if draft.pending is not None and draft.pending.update.items != _choices(draft.items):
            self._settle(draft)  # an earlier, different save may have landed: settle it first
        if draft.pending is None:
            update = PreferenceListUpdate(
                base_version=draft.saved.version, items=_choices(draft.items), year=draft.year
            )
            draft.pending = PendingSave(str(uuid.uuid4()), update)  # before the first attempt
        return self._send(draft)

    def _settle(self, draft: PreferenceDraft) -> None:
        # answered either way: nothing pending any more; the caller goes on from the server copy
        with contextlib.suppress(
            PreferencesConflict, PreferencesClosed, api_errors.ValidationFailed
        ):
            self._send(draft)

    def _send(self, draft: PreferenceDraft) -> PreferenceList:
        pending = draft.pending
        assert pending is not None
        client = self._sessions.client
        while True:
            pending.attempts += 1
            try:
                answer, _replayed = client.save_preferences(pending.update, pending.key)
                break
            except RETRYABLE:
                if pending.attempts >= self._attempts:
                    raise
                self._sleep(self._backoff_s * pending.attempts)
            except api_errors.Conflict as exc:
                draft.pending = None
                if exc.code == "preferences.closed":
                    raise PreferencesClosed(str(exc), message_vi=exc.message_vi) from None
                raise PreferencesConflict(str(exc)) from None
            except api_errors.ApiError:
                draft.pending = None
                raise
        keep_edits = draft.items if _choices(draft.items) != pending.update.items else None
        draft.pending = None
        draft.saved = answer
        draft.items = keep_edits or [(i.institution_code, i.programme_code) for i in answer.items]
        return answer


def _choices(items: list[tuple[str, str]]) -> list[PreferenceChoice]:
    return [PreferenceChoice(institution_code=i, programme_code=p) for i, p in items]


def _inside_window(rs: RuleSet) -> datetime | None:
    window = rs.timeline.window(Phase.PREFERENCES)
    return window.start if window is not None and window.start is not None else None


def _score(draft: PreferenceDraft, entry: CatalogEntry | None) -> tuple[Decimal | None, str | None]:
    """The candidate's best admission score for a programme (priority reduced), or None."""
    if draft.scores is None or entry is None:
        return None, None
    marks = {s.subject: s.score for s in draft.scores.subjects}
    best = admission_score(
        marks,
        entry.programme.combinations,
        draft.rules,
        priority_normal=draft.scores.priority_normal,
    )
    return (best.total, best.combination) if best else (None, None)
