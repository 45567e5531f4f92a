"""The sync engine: sends the outbox, applies the answers, pulls what changed elsewhere.

One worker thread (``sync-engine``) does all of it, with a helper thread (``sync-push``) that only
sends the push requests it is handed; nothing else talks to ``/sync``. The worker thread
sleeps until the earliest queued entry is due (or ``poll_interval``), and wakes early on
:meth:`SyncEngine.sync_now` — after a save, on the UI's "sync now", and when the connection
monitor sees the link come back.

A cycle (:meth:`SyncEngine.run_once`):

1. **push** — take up to ``batch_size`` due entries (one per record, oldest first), mark them
   ``sending``, POST their frozen bodies, and apply the per-operation answers in one local
   transaction (outbox entry, record, later entries of the record, audit trail together). The
   next batch is taken and sent (by a sender thread, one request at a time) while the answers
   to the previous one are applied, so the ministry and this machine work at the same time:

   ``applied``/``duplicate`` → entry ``done``, record ``synced`` at the new version (or still
   ``queued`` when a newer local edit waits; that edit is rebased on the new version);
   ``conflict`` → entry and waiting entries ``conflict``, record ``conflict`` + server copy;
   ``rejected`` → entry ``rejected``, record ``rejected`` + problems (``sync.key_reused`` is a
   bug of ours: logged as an error).

   Transport failures never lose or change an entry: ``NetworkError``/``ServerError`` put the
   batch back to ``queued`` with exponential backoff and full jitter (``failures`` + 1), and a
   batch taken behind it is not sent but put back due at once (``failures`` unchanged);
   ``SlowDown`` (429/503) waits ``Retry-After`` and is not a failure; an expired session is
   refreshed by :class:`MinistryClient` itself, and when that fails the engine stops with
   phase ``sign_in_required`` until :meth:`sync_now` is called after a new sign-in.
2. **pull** — ``GET /sync/changes`` from the stored cursor, page by page; each page's records
   and the advanced cursor commit in one transaction. A server record newer than ours replaces
   ours unless we hold unsent edits of it, which makes the record a ``conflict`` (both versions
   kept; a pulled record equal to the content we are still sending is our own echo).

Crash safety: entries a killed process left ``sending`` go back to ``queued`` when an engine
starts; same key and body, so the server answers ``duplicate`` for those it had applied.

Listeners get a :class:`SyncStatus` **on the worker thread**; the UI marshals it to the GUI.

The engine is the control loop; applying answers and pulled pages lives in
:mod:`exam_client.services.sync_apply` and the status values in
:mod:`exam_client.services.sync_status` (both re-exported here).
"""

from __future__ import annotations

import logging
import random
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from exam_client.api.client import MinistryClient
from exam_client.api.errors import ApiError, AuthError, NetworkError, ServerError, SlowDown
from exam_client.api.records import MAX_PUSH_BATCH, PushResponse, PushResult
from exam_client.services.connection import ConnectionMonitor, ConnectionState
from exam_client.services.sync_apply import (
    apply_page,
    apply_results,
    problems_of,
    rebased_body,
)
from exam_client.services.sync_status import Listener, Phase, SyncReport, SyncStatus
from exam_client.storage.engine import Store
from exam_client.storage.outbox import AuditEntry, AuditTrail, Outbox, OutboxEntry
from exam_client.storage.registrations import Registrations, SyncCursors

log = logging.getLogger(__name__)

CURSOR_KIND = "registration"
SIGN_IN_AGAIN_VI = "Phiên làm việc đã hết hạn. Hãy đăng nhập lại để tiếp tục đồng bộ."

__all__ = [
    "Listener",
    "Phase",
    "SyncEngine",
    "SyncReport",
    "SyncStatus",
    "apply_page",
    "apply_results",
    "problems_of",
    "rebased_body",
]


class _NotSent(Exception):
    """A batch queued behind one that failed: the sender did not send it."""


@dataclass(frozen=True, slots=True)
class _Flight:
    """A batch handed to the sender: its entries (already ``sending``) and the answer to come."""

    entries: Sequence[OutboxEntry]
    answer: Future[PushResponse]


class _Halt(Exception):
    def __init__(self, phase: Phase, message_vi: str | None) -> None:
        super().__init__(phase)
        self.phase: Phase = phase
        self.message_vi = message_vi


class SyncEngine:
    def __init__(
        self,
        store: Store,
        client: MinistryClient,
        connection: ConnectionMonitor | None = None,
        *,
        batch_size: int = MAX_PUSH_BATCH,
        page_size: int = 500,
        backoff_base: float = 1.0,
        backoff_cap: float = 300.0,
        slow_down_default: float = 5.0,
        poll_interval: float = 60.0,
        pull: bool = True,
        now: Callable[[], datetime] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        if not 1 <= batch_size <= MAX_PUSH_BATCH:
            raise ValueError(f"batch_size must be 1..{MAX_PUSH_BATCH}")
        self._store = store
        self._client = client
        self._connection = connection
        self.batch_size = batch_size
        self.page_size = page_size
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.slow_down_default = slow_down_default
        self.poll_interval = poll_interval
        self.pull_enabled = pull
        self._now = now or (lambda: datetime.now(UTC))
        self._rng = rng or random.Random()
        self._listeners: list[Listener] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._cycle_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._recovered = False
        self._sign_in_required = False
        self._last_online: bool | None = None
        self._status = SyncStatus("idle", {})
        if connection is not None:
            connection.subscribe(self._on_connection)

    # -- control (any thread) -------------------------------------------------------------------
    @property
    def status(self) -> SyncStatus:
        return self._status

    def subscribe(self, listener: Listener) -> None:
        """``listener`` runs on the sync worker thread (or the thread calling ``run_once``)."""
        self._listeners.append(listener)

    def start(self) -> None:
        """Start the worker thread (recovers interrupted entries first, then syncs at once)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._wake.set()
        self._thread = threading.Thread(target=self._run, name="sync-engine", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        """Ask the worker to finish its current request and exit; waits up to ``timeout``.

        Whatever is on the wire when the process dies instead is recovered by the next start.
        """
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def sync_now(self) -> None:
        """Wake the worker for a cycle now (also clears a "sign in again" stop)."""
        self._sign_in_required = False
        self._wake.set()

    # -- the worker ---------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._sleep_seconds())
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.run_once()
            except Exception as exc:  # a bug or a disk error: keep the thread, report, retry
                log.exception("sync cycle failed")
                self._publish("waiting", error=f"Lỗi đồng bộ: {type(exc).__name__}")
        self._publish("stopped")

    def _sleep_seconds(self) -> float | None:
        if self._sign_in_required:
            return None  # until sync_now() after a new sign-in
        with self._store.session() as session, session.begin():
            due = Outbox(session).next_due_at()
        if due is None:
            return self.poll_interval
        seconds = (due - self._now()).total_seconds()
        return min(max(seconds, 0.0), self.poll_interval)

    def recover(self) -> int:
        """Entries left ``sending`` by a killed process go back to ``queued`` (due now)."""
        with self._store.session(write=True) as session, session.begin():
            count = Outbox(session).recover_sending(self._now())
            Registrations(session).move_state("sending", "queued")
            if count:
                AuditTrail(session).append(
                    [AuditEntry(self._now(), "sync", "sync.recovered", None, None, str(count))]
                )
        if count:
            log.warning("recovered %d outbox entries left in flight by an earlier run", count)
        self._recovered = True
        return count

    def run_once(self) -> SyncReport:
        """One full cycle (push until nothing is due, then pull), on the calling thread."""
        with self._cycle_lock:
            if not self._recovered:
                self.recover()
            report = SyncReport()
            try:
                if self._client.tokens is None:
                    raise _Halt("sign_in_required", SIGN_IN_AGAIN_VI)
                self._push(report)
                if self.pull_enabled:
                    self._pull(report)
            except _Halt as halt:
                report.halted = halt.phase
                if halt.phase == "sign_in_required":
                    self._sign_in_required = True
                self._publish(halt.phase, error=halt.message_vi, answered=report.answered)
                return report
            self._publish("idle", answered=report.answered, success=True)
            return report

    # -- push ----------------------------------------------------------------------------------
    def _push(self, report: SyncReport) -> None:
        """Push until nothing is due, with the next batch on the wire while the answers to the
        one before it are stored.

        The ministry works on batch k+1 while this machine applies batch k's answers, instead
        of each waiting for the other. A batch is taken (its entries ``sending``, committed)
        before it is handed to the one sender thread, which sends batches in order, one at a
        time; batches are disjoint in records (an entry waits behind its record's earlier one
        while that is ``sending``), so applying k never touches k+1. After a failure nothing
        more leaves: batches queued behind it go back to ``queued`` unsent, and a batch already
        on the wire is waited for and its answers applied — no entry is left ``sending`` and
        no request is in flight when this returns.
        """
        stopped = threading.Event()
        flights: deque[_Flight] = deque()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-push") as sender:
            try:
                while True:
                    entries = self._take_due()
                    if entries:
                        self._publish("pushing", answered=report.answered)
                        answer = sender.submit(self._send, entries, stopped)
                        flights.append(_Flight(entries, answer))
                    if not flights:
                        return
                    if len(flights) > 1 or not entries:
                        self._land(flights.popleft(), report)
            except BaseException:
                stopped.set()
                while flights:
                    try:
                        self._land(flights.popleft(), report)
                    except _Halt:
                        pass  # the first failure is the one reported
                    except Exception:
                        log.exception("settling a pushed batch after a failure failed")
                raise

    def _take_due(self) -> list[OutboxEntry]:
        """The next batch, marked ``sending`` in a committed transaction before it may leave."""
        with self._store.session(write=True) as session, session.begin():
            entries = Outbox(session).take_due(self._now(), self.batch_size)
            if entries:
                Registrations(session).update_many(
                    [(e.record_id, {"sync_state": "sending"}) for e in entries]
                )
        return entries

    def _send(self, entries: Sequence[OutboxEntry], stopped: threading.Event) -> PushResponse:
        """On the sender thread: POST a batch, unless an earlier one failed (then none leaves)."""
        if stopped.is_set():
            raise _NotSent
        try:
            return self._client.push_raw([e.body for e in entries])
        except BaseException:
            stopped.set()
            raise

    def _land(self, flight: _Flight, report: SyncReport) -> None:
        """Wait for a batch's answer and apply it, or requeue the batch (then halt)."""
        entries = flight.entries
        try:
            response = flight.answer.result()
        except _NotSent:  # never left: due again at once, as if it had not been taken
            self._requeue(
                entries, _NotSent("not sent: an earlier batch failed"), failed=False, delay=0.0
            )
            return
        except SlowDown as exc:
            wait = exc.retry_after if exc.retry_after is not None else self.slow_down_default
            self._requeue(entries, exc, failed=False, delay=wait)
            self._report_failure(exc)
            raise _Halt("waiting", exc.message_vi) from None
        except AuthError as exc:  # the client already tried to refresh; a person must sign in
            self._requeue(entries, exc, failed=False, delay=0.0)
            raise _Halt("sign_in_required", SIGN_IN_AGAIN_VI) from None
        except (NetworkError, ServerError) as exc:
            self._requeue(entries, exc, failed=True)
            self._report_failure(exc)
            phase: Phase = "offline" if isinstance(exc, NetworkError) else "waiting"
            raise _Halt(phase, exc.message_vi) from None
        except ApiError as exc:  # a 4xx for the whole batch: our bug; back off, keep everything
            log.error("push refused as a whole (%s); backing off", exc)
            self._requeue(entries, exc, failed=True)
            raise _Halt("waiting", exc.message_vi) from None
        except BaseException as exc:
            self._requeue(entries, exc, failed=True)
            raise
        self._report_success()
        self._apply_push(entries, response, report)

    def _apply_push(
        self, entries: Sequence[OutboxEntry], response: PushResponse, report: SyncReport
    ) -> None:
        by_key: dict[UUID, PushResult] = {r.idempotency_key: r for r in response.results}
        missing = [e for e in entries if e.idempotency_key not in by_key]
        with self._store.session(write=True) as session, session.begin():
            outcomes = apply_results(session, entries, by_key, self._now())
        for outcome, n in outcomes.items():
            report.outcomes[outcome] = report.outcomes.get(outcome, 0) + n
        if missing:
            log.error("push answered %d operations without a result", len(missing))
            self._requeue(missing, ServerError("no result for an operation"), failed=True)

    def _requeue(
        self,
        entries: Sequence[OutboxEntry],
        exc: BaseException,
        *,
        failed: bool,
        delay: float | None = None,
    ) -> None:
        now = self._now()
        retries: list[tuple[int, datetime, bool]] = []
        for entry in entries:
            if delay is None:  # exponential backoff with full jitter
                ceiling = min(self.backoff_cap, self.backoff_base * 2 ** (entry.failures + 1))
                wait = self._rng.uniform(0, ceiling)
            else:
                wait = delay
            retries.append((entry.id, now + timedelta(seconds=wait), failed))
        with self._store.session(write=True) as session, session.begin():
            Outbox(session).requeue(retries, f"{type(exc).__name__}: {exc}"[:500])
            Registrations(session).update_many(
                [(e.record_id, {"sync_state": "queued"}) for e in entries]
            )

    # -- pull ----------------------------------------------------------------------------------
    def _pull(self, report: SyncReport) -> None:
        self._publish("pulling", answered=report.answered)
        with self._store.session() as session, session.begin():
            cursor = SyncCursors(session).get(CURSOR_KIND)
        while True:
            try:
                page = self._client.changes(cursor, self.page_size)
            except SlowDown as exc:
                self._report_failure(exc)
                raise _Halt("waiting", exc.message_vi) from None
            except AuthError:
                raise _Halt("sign_in_required", SIGN_IN_AGAIN_VI) from None
            except (NetworkError, ServerError) as exc:
                self._report_failure(exc)
                raise _Halt(
                    "offline" if isinstance(exc, NetworkError) else "waiting", None
                ) from None
            self._report_success()
            with self._store.session(write=True) as session, session.begin():
                report.pulled += apply_page(session, page.changes, self._now())
                SyncCursors(session).set(CURSOR_KIND, page.next_cursor)
            cursor = page.next_cursor
            if not page.has_more:
                return

    # -- reporting -----------------------------------------------------------------------------
    def _on_connection(self, state: ConnectionState) -> None:
        """Runs on whichever thread reported the change: only sets an event."""
        was_online, self._last_online = self._last_online, state.online
        if state.online and not was_online:
            self._wake.set()

    def _report_success(self) -> None:
        if self._connection is not None:
            self._connection.report_success()

    def _report_failure(self, exc: BaseException) -> None:
        if self._connection is not None:
            self._connection.report_failure(exc)

    def _publish(
        self,
        phase: Phase,
        *,
        error: str | None = None,
        answered: int = 0,
        success: bool = False,
    ) -> None:
        with self._store.session() as session, session.begin():
            counts = Registrations(session).counts()
            due = Outbox(session).next_due_at()
        last_success = self._now() if success else self._status.last_success_at
        self._status = SyncStatus(phase, counts, answered, error, due, last_success)
        for listener in list(self._listeners):
            try:
                listener(self._status)
            except Exception:
                log.exception("sync listener failed")
