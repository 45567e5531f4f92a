"""Review of submitted registrations by the school (duyệt hồ sơ): confirm, or return with a reason.

A candidate (or the school on their behalf) submits; the school's staff check the form against
the papers and either confirm it or return it saying what to fix. The decision is the ministry's
record, so it goes straight to the server (a POST guarded by the record's version — a decision
on a stale copy is refused with 409, never applied twice) and is then mirrored in the local
cache and the local audit trail (who, when, what), so the list and the history are right even
before the next sync pull.

The list comes from the local cache (reads are cache-first): the school's records as the last
sync pulled them, status ``submitted`` on the server.

Threads: every method blocks (disk, network): call from a worker task.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal
from uuid import UUID

from exam_client.api.records import RegistrationDoc, ReviewDecision
from exam_client.api.records import registration_from_doc as _to_domain
from exam_client.domain.cccd import mask_cccd
from exam_client.domain.registration import Registration
from exam_client.services.errors import ServiceError
from exam_client.storage.outbox import AuditEntry, AuditTrail
from exam_client.storage.registrations import Registrations

if TYPE_CHECKING:
    from exam_client.api.client import MinistryClient
    from exam_client.storage.engine import Store

log = logging.getLogger(__name__)
Action = Literal["confirm", "return"]
MAX_REASON = 500


class ReasonRequired(ServiceError):
    message_vi = "Hãy ghi lý do trả lại phiếu để thí sinh biết cần sửa gì."


class NotReviewable(ServiceError):
    message_vi = (
        "Phiếu này chưa được đồng bộ với máy chủ hoặc không còn ở trạng thái chờ duyệt. "
        "Hãy làm mới danh sách rồi thử lại."
    )


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One registration waiting for the school's decision."""

    record_id: UUID
    cccd: str
    full_name: str
    class_name: str
    date_of_birth: str  # dd/mm/yyyy, for the list
    status: str
    version: int
    updated_at: datetime

    @property
    def masked_cccd(self) -> str:
        return mask_cccd(self.cccd)


@dataclass(frozen=True, slots=True)
class ReviewHistoryEntry:
    at: datetime
    actor: str
    action: str
    detail: str | None


def to_registration(doc: RegistrationDoc) -> Registration:
    """The domain form of a stored registration (for printing and detail views in the UI,
    which may not import the wire contract)."""
    return _to_domain(doc)


class ReviewService:
    def __init__(
        self,
        client: MinistryClient,
        store: Store,
        *,
        actor: Callable[[], str] = lambda: "local",
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self._client = client
        self._store = store
        self._actor = actor
        self._now = now or (lambda: datetime.now(UTC))

    def pending(self, statuses: tuple[str, ...] = ("submitted",)) -> list[ReviewItem]:
        """The school's registrations the server holds as submitted, oldest first."""
        with self._store.session() as session, session.begin():
            rows = Registrations(session).list(None, limit=1_000_000)
        items = []
        for row in rows:
            if row.server_status not in statuses or row.server_version is None:
                continue
            doc = RegistrationDoc.model_validate_json(row.doc)
            items.append(
                ReviewItem(
                    record_id=row.id,
                    cccd=doc.cccd,
                    full_name=doc.full_name,
                    class_name=doc.class_name or "",
                    date_of_birth=doc.date_of_birth.strftime("%d/%m/%Y"),
                    status=row.server_status,
                    version=row.server_version,
                    updated_at=row.updated_at,
                )
            )
        items.sort(key=lambda i: i.updated_at)
        return items

    def confirm(self, record_id: UUID) -> str:
        """Confirm a submitted registration; returns the new server status."""
        return self._decide(record_id, "confirm", None)

    def return_with_reason(self, record_id: UUID, reason: str) -> str:
        """Return a registration to the candidate; ``reason`` is required (what to fix)."""
        text = " ".join((reason or "").split())
        if not text:
            raise ReasonRequired("a returned registration needs a reason")
        return self._decide(record_id, "return", text[:MAX_REASON])

    def history(self, record_id: UUID) -> list[ReviewHistoryEntry]:
        with self._store.session() as session, session.begin():
            entries = AuditTrail(session).entries(record_id)
        return [ReviewHistoryEntry(e.at, e.actor, e.action, e.detail) for e in entries]

    def _decide(self, record_id: UUID, action: Action, reason: str | None) -> str:
        with self._store.session() as session, session.begin():
            row = Registrations(session).get(record_id)
        if row is None or row.server_version is None:
            raise NotReviewable(f"{record_id} is not on the server")
        decision = ReviewDecision(action=action, base_version=row.server_version, reason=reason)
        record = self._client.review(record_id, decision)  # Conflict (409) etc. propagate
        with self._store.session(write=True) as session, session.begin():
            regs = Registrations(session)
            current = regs.get(record_id)
            if current is not None and (current.server_version or 0) < record.version:
                regs.update(
                    record_id,
                    server_status=record.status,
                    server_version=record.version,
                    updated_at=self._now(),
                )
            AuditTrail(session).append(
                [
                    AuditEntry(
                        self._now(), self._actor(), f"review.{action}", record_id, None, reason
                    )
                ]
            )
        log.info("review %s of %s → %s", action, mask_cccd(record.doc.cccd), record.status)
        return record.status
