"""Exam scores, the graduation result and the admission result, live (DOMAIN.md §6, §8, §13.13).

Candidates complained that their status only changed after signing in again; here every read
goes to the server (answers are ``no-store``) and the screen can call :meth:`ResultsService.load`
again at any time on the same session. Before publication the server answers 409 with the date:
that is a message to show, not an error.

Threads: :meth:`ResultsService.load` blocks on the network (worker thread).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from exam_client.api import cycle_client
from exam_client.api import errors as api_errors
from exam_client.api.cycle import ExamScores, GraduationResult, SubjectScore
from exam_client.api.payments import AdmissionResult, PreferenceOutcome
from exam_client.services.candidate_session import SessionEnded
from exam_client.services.payments import session_client

if TYPE_CHECKING:
    from exam_client.api.client import MinistryClient
    from exam_client.services.candidate_session import CandidateSessionService

__all__ = [
    "AdmissionResult",
    "ExamScores",
    "GraduationResult",
    "PreferenceOutcome",
    "ResultsService",
    "ResultsView",
    "SubjectScore",
]


@dataclass(frozen=True, slots=True)
class ResultsView:
    """One snapshot of everything the results page shows. ``scores`` is None before
    publication (or when the candidate sat no exam): ``scores_message`` then says why."""

    scores: ExamScores | None
    scores_message: str | None
    admission: AdmissionResult | None
    admission_message: str | None
    fetched_at: datetime

    @property
    def admitted(self) -> bool:
        return self.admission is not None and self.admission.status in ("admitted", "confirmed")


class ResultsService:
    def __init__(self, sessions: CandidateSessionService, client: MinistryClient | None = None):
        self._sessions = sessions
        self._client = client or session_client(sessions)

    def load(self, year: int | None = None) -> ResultsView:
        """Blocking. Scores and admission, each with its own message if not available; network
        and session errors are raised (nothing partial is shown as if it were complete)."""
        if self._sessions.session is None:
            raise SessionEnded("no candidate signed in")
        scores: ExamScores | None = None
        scores_message: str | None = None
        try:
            scores = cycle_client.exam_scores(self._client, year)
        except (api_errors.Conflict, api_errors.NotFound) as exc:
            scores_message = exc.message_vi  # not published yet (with the date) / no scores
        admission: AdmissionResult | None = None
        admission_message: str | None = None
        try:
            admission = cycle_client.admission_result(self._client, year)
        except (api_errors.Conflict, api_errors.NotFound) as exc:
            admission_message = exc.message_vi
        if self._sessions.session is None:
            raise SessionEnded("the visit ended while results were loading")
        return ResultsView(scores, scores_message, admission, admission_message, datetime.now(UTC))
