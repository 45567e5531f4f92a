"""The sync engine: sends the outbox, applies the answers, pulls what changed elsewhere.

One worker thread (``sync-engine``) does all of it; nothing else talks to ``/sync``. The thread
sleeps until the earliest queued entry is due (or ``poll_interval``), and wakes early on
:meth:`SyncEngine.sync_now` — after a save, on the UI's "sync now", and when the connection
monitor sees the link come back.

A cycle (:meth:`SyncEngine.run_once`):

1. **push** — take up to ``batch_size`` due entries (one per record, oldest first), mark them
   ``sending``, POST their frozen bodies, and apply the per-operation answers in one local
   transaction (outbox entry, record, later entries of the record, audit trail together):

   ``applied``/``duplicate`` → entry ``done``, record ``synced`` at the new version (or still
   ``queued`` when a newer local edit waits; that edit is rebased on the new version);
   ``conflict`` → entry and waiting entries ``conflict``, record ``conflict`` + server copy;
   ``rejected`` → entry ``rejected``, record ``rejected`` + problems (``sync.key_reused`` is a
   bug of ours: logged as an error).

   Transport failures never lose or change an entry: ``NetworkError``/``ServerError`` put the
   batch back to ``queued`` with exponential backoff and full jitter (``failures`` + 1);
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
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal
from uuid import UUID

from sqlalchemy.orm import Session

from exam_client.api.client import MinistryClient
from exam_client.api.errors import (
    ApiError,
    AuthError,
    NetworkError,
    ServerError,
    SlowDown,
)
from exam_client.api.records import (
    MAX_PUSH_BATCH,
    PushOperation,
    PushResponse,
    PushResult,
    RecordChange,
    RegistrationDoc,
)
from exam_client.domain.problems import Problem
from exam_client.services.connection import ConnectionMonitor, ConnectionState
from exam_client.storage.engine import Store
from exam_client.storage.outbox import AuditEntry, AuditTrail, EntryState, Outbox, OutboxEntry
from exam_client.storage.registrations import (
    RegistrationRow,
    Registrations,
    SyncCursors,
    SyncState,
)

log = logging.getLogger(__name__)

Phase = Literal["idle", "pushing", "pulling", "waiting", "offline", "sign_in_required", "stopped"]
CURSOR_KIND = "registration"
SIGN_IN_AGAIN_VI = "Phiên làm việc đã hết hạn. Hãy đăng nhập lại để tiếp tục đồng bộ."

__all__ = [
    "Phase",
    "SyncEngine",
    "SyncReport",
    "SyncStatus",
]


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the sync panel shows: phase, records per sync state, progress and the last error."""

    phase: Phase
    counts: Mapping[SyncState, int]
    answered: int = 0  # operations answered in the current cycle
    last_error_vi: str | None = None
    next_attempt_at: datetime | None = None
    last_success_at: datetime | None = None


@dataclass
class SyncReport:
    """What one cycle did (tests, benchmarks and the log read this)."""

    outcomes: dict[str, int] = field(default_factory=dict)
    pulled: int = 0
    halted: Phase | None = None  # offline / waiting / sign_in_required when a cycle stopped early

    @property
    def answered(self) -> int:
        return sum(self.outcomes.values())


class _Halt(Exception):
    def __init__(self, phase: Phase, message_vi: str | None) -> None:
        super().__init__(phase)
        self.phase: Phase = phase
        self.message_vi = message_vi


Listener = Callable[[SyncStatus], None]


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
                while self._push_batch(report):
                    pass
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
    def _push_batch(self, report: SyncReport) -> bool:
        with self._store.session(write=True) as session, session.begin():
            entries = Outbox(session).take_due(self._now(), self.batch_size)
            if entries:
                Registrations(session).update_many(
                    [(e.record_id, {"sync_state": "sending"}) for e in entries]
                )
        if not entries:
            return False
        self._publish("pushing", answered=report.answered)
        try:
            response = self._client.push_raw([e.body for e in entries])
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
        return True

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


def problems_of(result: PushResult) -> tuple[Problem, ...]:
    return tuple(
        Problem(p.code, p.field, p.message, p.message_en or p.message, p.article)
        for p in result.problems
    )


def rebased_body(body: str, version: int) -> str:
    """The body of a never-sent entry, now based on ``version``."""
    op = PushOperation.model_validate_json(body)
    return op.model_copy(update={"base_version": version}).model_dump_json()


# -- applying answers and pulled records (inside the caller's write transaction) ---------------


def apply_results(
    session: Session,
    entries: Sequence[OutboxEntry],
    by_key: Mapping[UUID, PushResult],
    now: datetime,
) -> dict[str, int]:
    """Apply the answers to ``entries`` (those without an answer are left alone).

    One transaction for the batch: entry states, records, rebased waiting entries and the
    audit trail change together or not at all. Returns counts per outcome.
    """
    regs, outbox = Registrations(session), Outbox(session)
    answered = [e for e in entries if e.idempotency_key in by_key]
    waiting_by_record = outbox.pending_after(e.record_id for e in answered)
    finals: list[tuple[int, EntryState, str | None]] = []
    record_changes: list[tuple[UUID, dict[str, object]]] = []
    rebases: list[tuple[int, str, int]] = []
    trail: list[AuditEntry] = []
    conflicted: list[UUID] = []
    counts: dict[str, int] = {}
    for entry in answered:
        result = by_key[entry.idempotency_key]
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
        waiting = [w for w in waiting_by_record.get(entry.record_id, []) if w.id != entry.id]
        server = result.server_record
        detail: str | None = None
        if result.outcome in ("applied", "duplicate"):
            version = result.version or (server.version if server else None)
            finals.append((entry.id, "done", None))
            change: dict[str, object] = {"server_version": version}
            if server is not None:
                change["server_status"] = server.status
            if waiting:
                change["sync_state"] = "queued"
                if version is not None:
                    rebases.extend(
                        (w.id, rebased_body(w.body, version), version)
                        for w in waiting
                        if not w.ever_sent
                    )
            else:
                change.update(sync_state="synced", problems=(), server_copy=None)
                if server is not None:
                    change["doc"] = server.doc.model_dump_json()
            record_changes.append((entry.record_id, change))
            detail = f"v{version}"
        elif result.outcome == "conflict":
            finals.append((entry.id, "conflict", "conflict"))
            conflicted.append(entry.record_id)
            record_changes.append(
                (
                    entry.record_id,
                    {
                        "sync_state": "conflict",
                        "server_copy": server.model_dump_json() if server else None,
                    },
                )
            )
            detail = f"server v{server.version}" if server else None
        else:
            codes = ",".join(p.code for p in result.problems) or "rejected"
            if "sync.key_reused" in codes:
                log.error(
                    "BUG: idempotency key %s reused with a different body (entry %d)",
                    entry.idempotency_key,
                    entry.id,
                )
            finals.append((entry.id, "rejected", codes[:500]))
            state = "queued" if waiting else "rejected"
            record_changes.append(
                (entry.record_id, {"sync_state": state, "problems": problems_of(result)})
            )
            detail = codes
        trail.append(
            AuditEntry(
                now,
                "sync",
                f"sync.{result.outcome}",
                entry.record_id,
                entry.idempotency_key,
                detail,
            )
        )
    outbox.finish(finals)
    outbox.rebase_unsent(rebases)
    for record_id in conflicted:
        outbox.close_pending(record_id, "conflict", "held: an earlier change conflicted")
    regs.update_many(record_changes)
    AuditTrail(session).append(trail)
    return counts


def apply_page(session: Session, changes: Sequence[RecordChange], now: datetime) -> int:
    """Apply pulled server records; returns how many changed something locally."""
    regs, outbox = Registrations(session), Outbox(session)
    ids = [c.record.id for c in changes]
    local = regs.get_many(ids)
    pending = outbox.pending_after(ids)
    changed = 0
    inserts: list[RegistrationRow] = []
    updates: list[tuple[UUID, dict[str, object]]] = []
    for change in changes:
        theirs = change.record
        mine = local.get(theirs.id)
        if mine is None:
            inserts.append(
                RegistrationRow(
                    id=theirs.id,
                    exam_year=theirs.exam_year,
                    cccd=theirs.doc.cccd,
                    doc=theirs.doc.model_dump_json(),
                    server_status=theirs.status,
                    server_version=theirs.version,
                    sync_state="synced",
                    problems=(),
                    server_copy=None,
                    updated_at=now,
                )
            )
            changed += 1
            continue
        if mine.server_version is not None and theirs.version <= mine.server_version:
            continue  # we know this version already (usually our own push)
        waiting = pending.get(theirs.id, [])
        if waiting and any(_doc_of(w.body) == theirs.doc for w in waiting):
            continue  # our own change, applied before its answer was lost: it will be a duplicate
        mine_doc = RegistrationDoc.model_validate_json(mine.doc)
        if (
            waiting
            or mine.sync_state == "conflict"
            or (mine.sync_state in ("rejected", "draft") and mine_doc != theirs.doc)
        ):
            outbox.close_pending(theirs.id, "conflict", "held: changed on the server meanwhile")
            updates.append(
                (theirs.id, {"sync_state": "conflict", "server_copy": theirs.model_dump_json()})
            )
        else:
            updates.append(
                (
                    theirs.id,
                    {
                        "doc": theirs.doc.model_dump_json(),
                        "server_version": theirs.version,
                        "server_status": theirs.status,
                        "sync_state": "synced",
                        "problems": (),
                        "server_copy": None,
                        "updated_at": now,
                    },
                )
            )
        changed += 1
    for row in inserts:
        regs.insert(row)
    regs.update_many(updates)
    return changed


def _doc_of(body: str) -> RegistrationDoc:
    return PushOperation.model_validate_json(body).doc
