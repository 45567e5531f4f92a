"""Registrations as the ministry holds them: who sees which, change numbering, paging, review.

Scope is decided here, once, for every route: staff see their own school's registrations, a
candidate (username = CCCD) sees only their own, an administrator sees all (read only). A record
outside the caller's scope is answered as if it did not exist (404), so one school cannot probe
another's candidates.

Every change (push, review) takes the next value of the ``registrations`` change counter inside
its own transaction; delta pulls return records whose ``change_seq`` is above the cursor, in
that order. The cursor is opaque to clients (base64 of a versioned position).
"""

from __future__ import annotations

import base64
import binascii
import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Row, Text, cast, false, inspect, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from exam_client.api.contract import ProblemField
from exam_client.api.records import (
    ChangesPage,
    RecordChange,
    RegistrationDoc,
    RegistrationRecord,
    ReviewDecision,
)
from exam_client.domain.cccd import normalize_cccd_input
from ministry_mock import audit
from ministry_mock.auth import Principal
from ministry_mock.problems import ApiProblem
from ministry_mock.store import Store
from ministry_mock.store.models import ChangeCounter, ExamRegistration

COUNTER = "registrations"
DEFAULT_LIMIT = 500
MAX_LIMIT = 2000
VIETNAM = timezone(timedelta(hours=7), "ICT")  # no daylight saving: a fixed offset is exact
_CURSOR_PREFIX = "r1:"


def vietnam_today(now: datetime) -> date:
    """The calendar date in Vietnam: deadlines and "born in the future" are local-date rules."""
    return now.astimezone(VIETNAM).date()


def canonical_cccd(text: str) -> str:
    return normalize_cccd_input(text)


# -- scope -----------------------------------------------------------------------------------


def scope_clause(principal: Principal) -> ColumnElement[bool]:
    if principal.role == "admin":
        return true()
    if principal.role == "staff" and principal.school_code:
        return ExamRegistration.school_code == principal.school_code
    if principal.role == "candidate":
        return ExamRegistration.cccd == principal.username
    return false()


def visible(principal: Principal, row: ExamRegistration) -> bool:
    if principal.role == "admin":
        return True
    if principal.role == "staff":
        return principal.school_code is not None and row.school_code == principal.school_code
    return principal.role == "candidate" and row.cccd == principal.username


def not_found() -> ApiProblem:
    return ApiProblem(
        404,
        "registration.not_found",
        "Không tìm thấy phiếu đăng ký",
        "Không có phiếu đăng ký này, hoặc phiếu thuộc đơn vị khác.",
    )


def get_visible(session: Session, principal: Principal, record_id: UUID) -> ExamRegistration:
    row = session.get(ExamRegistration, str(record_id))
    if row is None or not visible(principal, row):
        raise not_found()
    return row


# -- conversion, counter, audit -------------------------------------------------------------


def to_record(
    row: ExamRegistration | Row[*tuple[Any, ...]], doc: RegistrationDoc | None = None
) -> RegistrationRecord:
    """The wire form of ``row`` (an entity, or a row of its columns with ``doc`` given);
    ``doc`` is ``row.doc`` already parsed, when the caller has it."""
    if doc is None:
        assert isinstance(row, ExamRegistration), "a row of columns comes with its document"
        doc = _parsed_doc(row)
    return RegistrationRecord(
        id=UUID(row.id),
        exam_year=row.exam_year,
        school_code=row.school_code,
        status=row.status,
        version=row.version,
        doc=doc,
        return_reason=row.return_reason,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


_DOC_CACHE_SIZE = 20_000  # per database: a few MB, the registrations a busy instance lists
_docs: weakref.WeakKeyDictionary[object, OrderedDict[tuple[str, int], RegistrationDoc]] = (
    weakref.WeakKeyDictionary()
)
_docs_lock = threading.Lock()


def _parsed_doc(row: ExamRegistration) -> RegistrationDoc:
    """``RegistrationDoc.model_validate(row.doc)``, remembered per database, record and version.

    Lists and delta pulls parse the same stored documents again and again (a page of 20 was
    most of their cost); a document only changes with a new version, and the models are frozen,
    so one parsed object per (record, version) can be shared by every answer. Keyed by the
    row's engine too: two instances (tests) may hold the same record id with other documents.
    A row with unflushed changes is parsed, not remembered (its transaction may still roll back)."""
    state = inspect(row)
    session = state.session
    if session is None or state.modified or state.pending:  # not (yet) what the database holds
        return RegistrationDoc.model_validate(row.doc)
    engine = session.get_bind()
    doc = _remembered_doc(engine, row.id, row.version)
    if doc is None:
        doc = RegistrationDoc.model_validate(row.doc)
        remember_docs(engine, [(row.id, row.version, doc)])
    return doc


def _remembered_doc(engine: object, record_id: str, version: int) -> RegistrationDoc | None:
    key = (record_id, version)
    with _docs_lock:
        docs = _docs.get(engine)
        if docs is None or (doc := docs.get(key)) is None:
            return None
        docs.move_to_end(key)
        return doc


def remember_docs(engine: object, docs: Sequence[tuple[str, int, RegistrationDoc]]) -> None:
    """Remember committed documents: ``(record id, version, parsed document)``.

    A push calls this after its commit with the documents it already holds parsed, so the
    delta pull that brings the same records back to the pushing client (and the lists) finds
    them instead of parsing them again. Only committed versions: a (record, version) never
    changes once committed, but an uncommitted one may roll back and be written differently.
    """
    with _docs_lock:
        cache = _docs.setdefault(engine, OrderedDict())
        for record_id, version, doc in docs:
            cache[(record_id, version)] = doc
        while len(cache) > _DOC_CACHE_SIZE:
            cache.popitem(last=False)


def ensure_counter(store: Store) -> None:
    """Create the counter row at start-up, so writers only ever UPDATE it."""
    with store.sessions() as session:
        if session.get(ChangeCounter, COUNTER) is None:
            session.add(ChangeCounter(name=COUNTER, value=0))
            try:
                session.commit()
            except IntegrityError:  # another instance on the same database was quicker
                session.rollback()


def next_change_seq(session: Session) -> int:
    """Bump the counter inside the caller's transaction (holds its row lock until commit)."""
    session.execute(
        update(ChangeCounter)
        .where(ChangeCounter.name == COUNTER)
        .values(value=ChangeCounter.value + 1)
        .execution_options(synchronize_session=False)
    )
    value = session.scalar(select(ChangeCounter.value).where(ChangeCounter.name == COUNTER))
    assert value is not None, "ensure_counter() runs at start-up"
    return value


def lock_change_counter(session: Session) -> int:
    """Hold the counter for the caller's whole transaction and return its current value.

    A batch writer calls this before it reads what it will change: the no-op UPDATE takes
    SQLite's write lock (PostgreSQL's row lock), so the batch reads one stable state, never
    fails to upgrade a stale read snapshot, and numbers its changes ``value + 1 …`` itself,
    storing the last one with :func:`store_change_counter` before commit.
    """
    value = session.scalar(
        update(ChangeCounter)
        .where(ChangeCounter.name == COUNTER)
        .values(value=ChangeCounter.value)
        .returning(ChangeCounter.value)
        .execution_options(synchronize_session=False)
    )
    assert value is not None, "ensure_counter() runs at start-up"
    return value


def store_change_counter(session: Session, value: int) -> None:
    """Record the last number a :func:`lock_change_counter` holder handed out."""
    session.execute(
        update(ChangeCounter)
        .where(ChangeCounter.name == COUNTER)
        .values(value=value)
        .execution_options(synchronize_session=False)
    )


def audit_change(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    cccd: str,
    ip: str,
    outcome: str,
    ref: str | None = None,
) -> None:
    """An audit row for a registration change; the subject is the masked CCCD."""
    audit.record(
        session, at=at, actor=actor, action=action, subject=cccd, ip=ip, outcome=outcome, ref=ref
    )


# -- paging ----------------------------------------------------------------------------------


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        if text.startswith(_CURSOR_PREFIX) and (seq := int(text[len(_CURSOR_PREFIX) :])) >= 0:
            return seq
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise ApiProblem(
        422,
        "sync.cursor_invalid",
        "Vị trí đồng bộ không hợp lệ",
        "Vị trí đồng bộ không hợp lệ. Hãy đồng bộ lại từ đầu (bỏ trống cursor).",
        errors=[
            ProblemField(
                field="cursor",
                code="sync.cursor_invalid",
                message="Vị trí đồng bộ không hợp lệ.",
                message_en="not a cursor this server issued",
            )
        ],
    )


_PAGE_COLUMNS = (
    ExamRegistration.id,
    ExamRegistration.exam_year,
    ExamRegistration.school_code,
    ExamRegistration.status,
    ExamRegistration.version,
    ExamRegistration.return_reason,
    ExamRegistration.updated_at,
    ExamRegistration.updated_by,
    ExamRegistration.change_seq,
    cast(ExamRegistration.doc, Text).label("doc_json"),
)


def changes_page(
    session: Session,
    principal: Principal,
    cursor: str | None,
    limit: int,
    *,
    statuses: Sequence[str] = (),
) -> ChangesPage:
    """Records in the caller's scope changed after ``cursor``, oldest change first.

    Read as plain columns, not entities (a delta pull after a big push is 10 000 records), with
    the document as its stored JSON text: parsed with pydantic's JSON parser only when its
    (record, version) is not remembered already — a pushing client pulls back what it has just
    pushed, and the push remembered those documents (:func:`remember_docs`). One query either
    way: reading the text is cheap, a second query per missing document is not. Callers read
    in a session without writes of its own, so what is read is committed.
    """
    after = decode_cursor(cursor)
    query = (
        select(*_PAGE_COLUMNS)
        .where(scope_clause(principal), ExamRegistration.change_seq > after)
        .order_by(ExamRegistration.change_seq)
        .limit(limit + 1)
    )
    if statuses:
        query = query.where(ExamRegistration.status.in_(statuses))
    rows = session.execute(query).all()
    page, has_more = rows[:limit], len(rows) > limit
    engine = session.get_bind()
    changes: list[RecordChange] = []
    parsed: list[tuple[str, int, RegistrationDoc]] = []
    for row in page:
        doc = _remembered_doc(engine, row.id, row.version)
        if doc is None:
            doc = RegistrationDoc.model_validate_json(row.doc_json)
            parsed.append((row.id, row.version, doc))
        changes.append(RecordChange(record=to_record(row, doc)))
    remember_docs(engine, parsed)
    return ChangesPage(
        changes=changes,
        next_cursor=encode_cursor(page[-1].change_seq if page else after),
        has_more=has_more,
    )


# -- review by the school --------------------------------------------------------------------


def version_conflict(row: ExamRegistration) -> ApiProblem:
    return ApiProblem(
        409,
        "registration.version_conflict",
        "Phiếu đã được thay đổi",
        f"Phiếu đã được cập nhật (phiên bản {row.version}) sau khi bạn mở. Hãy xem bản mới "
        "nhất rồi thực hiện lại.",
        extra={"server_record": to_record(row).model_dump(mode="json")},
    )


def review(
    session: Session,
    principal: Principal,
    record_id: UUID,
    decision: ReviewDecision,
    *,
    now: datetime,
    ip: str,
) -> RegistrationRecord:
    """Confirm a submitted registration or return it with a reason; the caller is staff."""
    row = get_visible(session, principal, record_id)
    if decision.base_version != row.version:
        raise version_conflict(row)
    reason = (decision.reason or "").strip()
    if decision.action == "confirm":
        if row.status != "submitted":
            raise ApiProblem(
                409,
                "review.not_submitted",
                "Chưa thể xác nhận",
                "Chỉ xác nhận được phiếu đã nộp. Phiếu này đang ở trạng thái "
                f"“{STATUS_VI[row.status]}”.",
                extra={"server_record": to_record(row).model_dump(mode="json")},
            )
        status, return_reason = "confirmed", None
    else:
        if not reason:
            raise ApiProblem(
                422,
                "review.reason_required",
                "Thiếu lý do trả lại",
                "Hãy ghi lý do trả lại phiếu để thí sinh biết cần sửa gì.",
                errors=[
                    ProblemField(
                        field="reason",
                        code="review.reason_required",
                        message="Hãy ghi lý do trả lại phiếu.",
                        message_en="a returned registration needs a reason",
                    )
                ],
            )
        if row.status not in ("submitted", "confirmed"):
            raise ApiProblem(
                409,
                "review.not_returnable",
                "Không thể trả lại phiếu",
                "Chỉ trả lại được phiếu đã nộp hoặc đã xác nhận. Phiếu này đang ở trạng thái "
                f"“{STATUS_VI[row.status]}”.",
                extra={"server_record": to_record(row).model_dump(mode="json")},
            )
        status, return_reason = "returned", reason
    seq = next_change_seq(session)  # first: its UPDATE autoflushes, and row must be clean then
    row.status, row.return_reason, row.change_seq = status, return_reason, seq
    row.updated_at, row.updated_by = now, principal.username
    session.flush()  # the version guard: raises StaleDataError if someone else won the race
    audit_change(
        session,
        at=now,
        actor=principal.username,
        action=f"registration.{decision.action}",
        cccd=row.cccd,
        ip=ip,
        outcome=f"v{row.version}",
    )
    record = to_record(row)
    session.commit()
    return record


STATUS_VI = {
    "draft": "nháp",
    "submitted": "đã nộp",
    "confirmed": "đã xác nhận",
    "returned": "bị trả lại",
}
