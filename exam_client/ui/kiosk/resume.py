"""When the server refuses the candidate's tokens mid-flow (expired, signed out elsewhere): notice
it in one place, end the visit keeping the unsaved work for the same person, and bring them back
where they were after they sign in again.

* :class:`VisitRunner` is the runner the step pages get: the shell's :class:`TaskRunner`, plus
  one watch on every failure — if the server refused the tokens, the shell is told (once per
  visit), whatever page asked. Pages still get their own failure callback first.
* :func:`work_to_hold` picks what to keep (:class:`~exam_client.services.held_work.HeldWork`
  keeps it in memory, keyed by a salted hash of the CCCD): the edited NV list, the payment
  attempt's key, and the step the person was on.

GUI thread only (callbacks arrive there through the TaskRunner).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from exam_client.services import payments, preferences
from exam_client.services.candidate_session import CandidateSession
from exam_client.ui.tasks import TaskHandle, TaskRunner

STEP_KEY = "kiosk.step"  # the step to reopen after the same candidate signs in again


class VisitRunner:
    """A :class:`TaskRunner` for one visit's pages that reports refused sessions."""

    def __init__(
        self,
        runner: TaskRunner,
        refused: Callable[[BaseException], bool],
        on_refused: Callable[[], None],
    ) -> None:
        self.runner = runner
        self._refused = refused
        self._on_refused = on_refused

    def submit(
        self,
        fn: Callable[..., Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        *,
        with_token: bool = False,
    ) -> TaskHandle:
        def failed(exc: BaseException) -> None:
            if on_failure is not None:
                on_failure(exc)
            if self._refused(exc):
                self._on_refused()

        return self.runner.submit(fn, on_success, failed, on_progress, with_token=with_token)

    def wait_idle(self, msecs: int = 30_000) -> bool:
        return self.runner.wait_idle(msecs)


def work_to_hold(step_key: str) -> Callable[[CandidateSession], dict[str, Any]]:
    """The picker handed to ``CandidateSessionService.end``: unsaved work of every step that has
    some, and where the person was."""

    def pick(session: CandidateSession) -> dict[str, Any]:
        work = {**preferences.unsaved_work(session), **payments.unsaved_work(session)}
        if step_key:
            work[STEP_KEY] = step_key
        return work

    return pick
