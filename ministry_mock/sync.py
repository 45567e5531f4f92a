"""Batch push: each operation answered on its own, exactly once per idempotency key.

One operation, one transaction. An applied change, its :class:`SyncReceipt` (the answer) and
its audit row commit together, so a client whose response was lost after the commit retries
with the same key and gets ``duplicate`` with the first answer, never a second change.

Only *applied* operations leave a receipt. Conflicts and rejections change nothing, so a retry
of one is simply evaluated again and gets today's answer (the server copy may have moved on).

Answers, in the order they are checked:

1. a receipt for the key: same caller and same body (canonical-JSON SHA-256) → ``duplicate``
   with the stored answer; otherwise → ``rejected`` ``sync.key_reused``;
2. problems independent of stored data (unknown exam year, a candidate writing somebody else's
   record, a malformed CCCD) → ``rejected``;
3. the record belongs to another school / person → ``rejected`` (``registration.other_school``,
   ``registration.not_own``), without the server copy;
4. new record whose id or (year, CCCD) already exists, or a base version that is not the
   server's → ``conflict`` with the server copy;
5. a confirmed registration, a year change, a CCCD taken by another record → ``rejected``;
6. on submit, every error of the rules engine → ``rejected`` with the problems;
7. otherwise ``applied``: version 1 for a new record, else version + 1.

Races (two writers of one record, two retries of one key) surface as a failed version guard
or a unique-key violation at flush; the operation is then rolled back and evaluated again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from exam_client.api.contract import ProblemField
from exam_client.api.records import PushOperation, PushResult, registration_from_doc
from exam_client.domain.cccd import check_cccd
from exam_client.domain.problems import Problem, has_errors
from exam_client.domain.registration import validate
from exam_client.domain.ruleset import available_years, load_ruleset
from ministry_mock.auth import Principal
from ministry_mock.problems import field_problems
from ministry_mock.registrations import (
    audit_change,
    canonical_cccd,
    next_change_seq,
    to_record,
    vietnam_today,
    visible,
)
from ministry_mock.store import School, Store
from ministry_mock.store.models import ExamRegistration, SyncReceipt

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 4
SCOPE_CODES = frozenset({"registration.other_school", "registration.not_own"})


@dataclass(frozen=True, slots=True)
class PushContext:
    principal: Principal
    now: datetime
    ip: str


def body_hash(op: PushOperation) -> str:
    """SHA-256 of the operation as canonical JSON (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(
        op.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def push_operation(store: Store, ctx: PushContext, op: PushOperation) -> PushResult:
    """Answer one operation in its own transaction(s); see the module docstring."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        with store.sessions() as session:
            try:
                return _evaluate(session, ctx, op)
            except (IntegrityError, StaleDataError) as exc:
                session.rollback()
                log.info("push operation raced (%s), attempt %d", type(exc).__name__, attempt)
    raise RuntimeError("a push operation kept losing races; the client will retry the batch")


def _problem(field: str, code: str, vi: str, en: str) -> ProblemField:
    return ProblemField(field=field, code=code, message=vi, message_en=en)


def _rejected(op: PushOperation, problems: list[ProblemField]) -> PushResult:
    return PushResult(
        idempotency_key=op.idempotency_key,
        record_id=op.record_id,
        outcome="rejected",
        problems=problems,
    )


def _conflict(op: PushOperation, row: ExamRegistration) -> PushResult:
    return PushResult(
        idempotency_key=op.idempotency_key,
        record_id=op.record_id,
        outcome="conflict",
        version=row.version,
        server_record=to_record(row),
    )


KEY_REUSED = _problem(
    "idempotency_key",
    "sync.key_reused",
    "Mã gửi này đã được dùng cho một nội dung khác. Đây là lỗi của phần mềm, không phải của "
    "bạn; hãy báo cho bộ phận hỗ trợ.",
    "This idempotency key was already used with a different body.",
)


def _other_school() -> ProblemField:
    return _problem(
        "cccd",
        "registration.other_school",
        "Thí sinh này đã có phiếu đăng ký do đơn vị khác quản lý. Hãy liên hệ đơn vị đó hoặc "
        "Sở GD&ĐT nếu cần chuyển nơi đăng ký.",
        "This candidate's registration belongs to another school.",
    )


def _not_own() -> ProblemField:
    return _problem(
        "cccd",
        "registration.not_own",
        "Bạn chỉ được khai và sửa phiếu đăng ký của chính mình.",
        "A candidate may only write their own registration.",
    )


def _scope_problem(ctx: PushContext) -> ProblemField:
    return _not_own() if ctx.principal.role == "candidate" else _other_school()


def _static_problems(ctx: PushContext, op: PushOperation) -> list[ProblemField]:
    if op.exam_year not in available_years():
        return [
            _problem(
                "exam_year",
                "registration.exam_year",
                f"Chưa mở đăng ký dự thi năm {op.exam_year}.",
                f"There is no registration for the exam year {op.exam_year}.",
            )
        ]
    cccd_problems = check_cccd(op.doc.cccd, "cccd")
    if cccd_problems:
        return field_problems(cccd_problems)
    if ctx.principal.role == "candidate" and canonical_cccd(op.doc.cccd) != ctx.principal.username:
        return [_not_own()]
    return []


def _content_problems(ctx: PushContext, op: PushOperation) -> list[Problem]:
    """Drafts may be incomplete (structure was checked already); a submission must be valid."""
    if not op.submit:
        return []
    ruleset = load_ruleset(op.exam_year)
    return validate(registration_from_doc(op.doc), ruleset, vietnam_today(ctx.now))


def _school_of_new_record(session: Session, ctx: PushContext, op: PushOperation) -> str:
    """Staff register for their school; a candidate's record goes to their grade-12 school."""
    if ctx.principal.role == "staff" and ctx.principal.school_code:
        return ctx.principal.school_code
    grade12 = next((s for s in op.doc.schools if s.grade == 12), None)
    if grade12 is None:
        return ""
    code = grade12.province_code + grade12.school_code
    return code if session.get(School, code) is not None else ""


def _check_against_server(
    session: Session, ctx: PushContext, op: PushOperation, row: ExamRegistration | None, cccd: str
) -> PushResult | None:
    if row is None:
        twin = session.scalar(
            select(ExamRegistration).where(
                ExamRegistration.exam_year == op.exam_year, ExamRegistration.cccd == cccd
            )
        )
        if twin is not None:
            if not visible(ctx.principal, twin):
                return _rejected(op, [_scope_problem(ctx)])
            return _conflict(op, twin)
        if op.base_version is not None:
            return _rejected(
                op,
                [
                    _problem(
                        "record_id",
                        "registration.not_found",
                        "Máy chủ không có phiếu này. Hãy tạo lại phiếu đăng ký.",
                        "The server has no record with this id (base_version given).",
                    )
                ],
            )
        return None
    if not visible(ctx.principal, row):
        return _rejected(op, [_scope_problem(ctx)])
    if op.base_version != row.version:
        return _conflict(op, row)
    if row.exam_year != op.exam_year:
        return _rejected(
            op,
            [
                _problem(
                    "exam_year",
                    "registration.exam_year_changed",
                    "Không thể đổi năm thi của một phiếu đã có. Hãy tạo phiếu mới cho năm thi.",
                    "The exam year of an existing registration cannot change.",
                )
            ],
        )
    if row.status == "confirmed":
        return _rejected(
            op,
            [
                _problem(
                    "status",
                    "registration.confirmed",
                    "Phiếu đã được đơn vị đăng ký xác nhận nên không sửa được nữa. Nếu cần sửa, "
                    "hãy đề nghị đơn vị trả lại phiếu.",
                    "A confirmed registration cannot be changed; ask the school to return it.",
                )
            ],
        )
    if cccd != row.cccd:
        taken = session.scalar(
            select(ExamRegistration.id).where(
                ExamRegistration.exam_year == op.exam_year, ExamRegistration.cccd == cccd
            )
        )
        if taken is not None:
            return _rejected(
                op,
                [
                    _problem(
                        "cccd",
                        "registration.cccd_taken",
                        "Số định danh này đã có phiếu đăng ký khác trong năm thi. Hãy kiểm tra "
                        "lại số định danh.",
                        "Another registration of this exam year has this CCCD.",
                    )
                ],
            )
    return None


def _answer_from_receipt(
    session: Session, ctx: PushContext, op: PushOperation, digest: str
) -> PushResult | None:
    receipt = session.scalar(
        select(SyncReceipt).where(SyncReceipt.idempotency_key == str(op.idempotency_key))
    )
    if receipt is None:
        return None
    if receipt.principal == ctx.principal.username and receipt.body_hash == digest:
        first = PushResult.model_validate(receipt.result)
        return first.model_copy(update={"outcome": "duplicate"})
    return _rejected(op, [KEY_REUSED])


def _evaluate(session: Session, ctx: PushContext, op: PushOperation) -> PushResult:
    key, digest = str(op.idempotency_key), body_hash(op)
    answered = _answer_from_receipt(session, ctx, op, digest)
    if answered is not None:
        return answered
    cccd = canonical_cccd(op.doc.cccd)
    static = _static_problems(ctx, op)
    early = _rejected(op, static) if static else None
    row = None
    if early is None:
        row = session.get(ExamRegistration, str(op.record_id))
        early = _check_against_server(session, ctx, op, row, cccd)
        # Reads here are not one snapshot: the record may be the work of this very key,
        # committed by a concurrent retry after the first receipt check. Ask again.
        answered = None if early is None else _answer_from_receipt(session, ctx, op, digest)
        if answered is not None:
            return answered
    if early is not None:
        if early.problems and early.problems[0].code in SCOPE_CODES:
            _audit(session, ctx, op, cccd, early.problems[0].code)  # who tried to reach whom
            session.commit()
        return early
    problems = _content_problems(ctx, op)
    if has_errors(problems):
        return _rejected(op, field_problems(problems))
    status = "submitted" if op.submit else "draft"
    seq = next_change_seq(session)  # before touching ``row``: the counter UPDATE autoflushes
    if row is None:
        row = ExamRegistration(
            id=str(op.record_id),
            exam_year=op.exam_year,
            school_code=_school_of_new_record(session, ctx, op),
            return_reason=None,
        )
        session.add(row)
    row.cccd, row.status, row.doc = cccd, status, op.doc.model_dump(mode="json")
    row.change_seq, row.updated_at, row.updated_by = seq, ctx.now, ctx.principal.username
    if op.submit:
        row.return_reason = None
    session.flush()  # version guard and unique keys are checked here
    result = PushResult(
        idempotency_key=op.idempotency_key,
        record_id=op.record_id,
        outcome="applied",
        version=row.version,
        server_record=to_record(row),
        problems=field_problems(problems),  # warnings only
    )
    session.add(
        SyncReceipt(
            idempotency_key=key,
            principal=ctx.principal.username,
            body_hash=digest,
            result=result.model_dump(mode="json"),
            created_at=ctx.now,
        )
    )
    _audit(session, ctx, op, cccd, "applied")
    session.commit()
    return result


def _audit(session: Session, ctx: PushContext, op: PushOperation, cccd: str, outcome: str) -> None:
    audit_change(
        session,
        at=ctx.now,
        actor=ctx.principal.username,
        action="registration.submit" if op.submit else "registration.save",
        cccd=cccd,
        ip=ctx.ip,
        outcome=outcome,
        ref=str(op.idempotency_key),
    )
