"""``GET /population/citizens/{cccd}``: the population-register look-up for staff.

Registration units must check candidates against the national population database (DOMAIN.md
§3.1), and that is personal data: only staff and administrators may look, every look-up (found,
not found, malformed, refused, unauthenticated, rate-limited) is written to the audit log with the
ID masked, and nothing here logs a full ID or a name. Look-ups are rate-limited per account
(token bucket, :mod:`ministry_mock.ratelimit`): a 429 with ``Retry-After`` once the burst is spent.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from exam_client.api.contract import CitizenRecord
from exam_client.domain.cccd import check_cccd, mask_cccd, normalize_cccd_input, province_names
from ministry_mock import audit
from ministry_mock.auth import Principal, resolve_access_token
from ministry_mock.deps import Instance, db_session, instance
from ministry_mock.problems import ApiProblem, field_problems, problem_responses
from ministry_mock.ratelimit import TokenBuckets
from ministry_mock.store import Citizen, Commune, Province

log = logging.getLogger(__name__)
router = APIRouter(prefix="/population", tags=["population"])
bearer = HTTPBearer(auto_error=False, description="Access token from /auth/login")
LOOKUP_ROLES = frozenset({"staff", "admin"})


def _find(session: Session, number: str) -> CitizenRecord | None:
    row = session.execute(
        select(Citizen, Province, Commune)
        .join(Province, Province.code == Citizen.residence_province_code)
        .join(Commune, Commune.code == Citizen.residence_commune_code)
        .where(Citizen.cccd == number)
    ).first()
    if row is None:
        return None
    citizen, province, commune = row
    return CitizenRecord(
        cccd=citizen.cccd,
        full_name=citizen.full_name,
        date_of_birth=citizen.date_of_birth,
        gender=citizen.gender,
        birth_province_code=citizen.birth_province_code,
        birth_province_name=province_names().get(citizen.birth_province_code, ""),
        ethnicity=citizen.ethnicity,
        residence_province_code=province.code,
        residence_province_name=province.name,
        residence_commune_code=commune.code,
        residence_commune_name=commune.name,
        updated_at=citizen.updated_at,
    )


def _buckets(request: Request) -> TokenBuckets:
    buckets = request.app.state.lookup_buckets
    assert isinstance(buckets, TokenBuckets)
    return buckets


@router.get(
    "/citizens/{cccd}",
    response_model=CitizenRecord,
    responses=problem_responses(401, 403, 404, 422, 429),
    summary="Look up a citizen by 12-digit personal ID (staff only; audited)",
)
def get_citizen(
    cccd: str,
    *,
    request: Request,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> CitizenRecord:
    principal: Principal | None = None

    def audited(outcome: str) -> None:
        audit.record(
            session,
            at=inst.settings.clock(),
            actor=principal.username if principal else "-",
            action="population.lookup",
            subject=cccd,
            ip=audit.client_ip(request),
            outcome=outcome,
        )
        session.commit()
        log.info("population look-up %s: %s", audit.mask_subject(cccd), outcome)

    try:
        principal = resolve_access_token(
            session, inst, credentials.credentials if credentials else None
        )
    except ApiProblem as problem:
        audited(problem.code)
        raise
    wait = _buckets(request).take(f"account:{principal.account_id}")
    if wait:
        audited("rate_limited")
        raise ApiProblem(
            429,
            "population.rate_limited",
            "Tra cứu quá nhanh",
            f"Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Hãy thử lại sau {wait} giây.",
            headers={"Retry-After": str(wait)},
            extra={"retry_after": wait},
        )
    if principal.role not in LOOKUP_ROLES:
        audited("auth.forbidden")
        raise ApiProblem(
            403,
            "auth.forbidden",
            "Không có quyền tra cứu",
            "Chỉ cán bộ đơn vị đăng ký dự thi mới được tra cứu cơ sở dữ liệu dân cư.",
        )
    problems = check_cccd(cccd)
    if problems:
        audited("invalid")
        raise ApiProblem(
            422,
            problems[0].code,
            "Số định danh không hợp lệ",
            problems[0].message_vi,
            errors=field_problems(problems),
        )
    number = normalize_cccd_input(cccd)
    record = _find(session, number)
    if record is None:
        audited("not_found")
        raise ApiProblem(
            404,
            "citizen.not_found",
            "Không tìm thấy công dân",
            f"Không có công dân với số định danh {mask_cccd(number)} trong cơ sở dữ liệu dân cư. "
            "Hãy kiểm tra lại từng chữ số.",
        )
    audited("found")
    response.headers["Cache-Control"] = "no-store"  # personal data: no shared caches
    return record
