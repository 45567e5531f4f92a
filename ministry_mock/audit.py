"""The audit trail: who looked up whom, when, from where, with what outcome.

Rows are append-only (the ORM refuses updates and deletes of ``AuditEntry``). The subject is
always masked: the audit log must be shareable with operators without becoming a copy of the
population register. Free-form input (a malformed ID, a username that is a CCCD) is masked the
same way, because it may still be somebody's real number with a typo.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from exam_client.domain.cccd import mask_cccd, normalize_cccd_input
from ministry_mock.store import AuditEntry

_MAX = 64
_SUBJECT_INPUT_MAX = 24


def mask_subject(text: str) -> str:
    """Mask an ID-like subject; keep short non-numeric names (staff usernames) readable."""
    compact = normalize_cccd_input(text)[:_SUBJECT_INPUT_MAX]
    if sum(ch.isdigit() for ch in compact) >= 6 or len(compact) >= 12:
        return mask_cccd(compact)
    return text[:_SUBJECT_INPUT_MAX] or "-"


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "-"


def record(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    subject: str,
    ip: str,
    outcome: str,
    ref: str | None = None,
) -> None:
    """Add one entry to ``session``; the caller commits (also on the error path)."""
    session.add(
        AuditEntry(
            **entry_values(
                at=at, actor=actor, action=action, subject=subject, ip=ip, outcome=outcome, ref=ref
            )
        )
    )


def entry_values(
    *,
    at: datetime,
    actor: str,
    action: str,
    subject: str,
    ip: str,
    outcome: str,
    ref: str | None = None,
) -> dict[str, Any]:
    """The columns of one entry, subject masked and every field cut to its column (batch
    writers insert many of these in one statement)."""
    return {
        "at": at,
        "actor": actor[:_MAX],
        "action": action[:_MAX],
        "subject": mask_subject(subject)[:_MAX],
        "ip": ip[:_MAX],
        "outcome": outcome[:32],
        "ref": ref,
    }
