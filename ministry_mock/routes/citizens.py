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
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from exam_client.api.contract import CitizenRecord
from exam_client.domain.cccd import check_cccd, mask_cccd, normalize_cccd_input, province_names
from ministry_mock import audit
from ministry_mock.auth import Principal, resolve_access_token
from ministry_mock.deps import Instance, instance
from ministry_mock.problems import ApiProblem, field_problems, problem_responses
from ministry_mock.ratelimit import TokenBuckets
from ministry_mock.store import Citizen, Commune, Province

log = logging.getLogger(__name__)
router = APIRouter(prefix="/population", tags=["population"])
bearer = HTTPBearer(auto_error=False, description="Access token from /auth/login")
LOOKUP_ROLES = frozenset({"staff", "admin"})


# Built once, from the tables (Core, not the ORM): composing the statement on every look-up
# cost half as much as running it, and a column row needs no ORM result processing.
_CITIZEN, _PROVINCE, _COMMUNE = Citizen.__table__, Province.__table__, Commune.__table__
_FIND = (
    select(
        _CITIZEN.c.cccd,
        _CITIZEN.c.full_name,
        _CITIZEN.c.date_of_birth,
        _CITIZEN.c.gender,
        _CITIZEN.c.birth_province_code,
        _CITIZEN.c.ethnicity,
        _PROVINCE.c.code,
        _PROVINCE.c.name,
        _COMMUNE.c.code,
        _COMMUNE.c.name,
        _CITIZEN.c.updated_at,
    )
    .join(_PROVINCE, _PROVINCE.c.code == _CITIZEN.c.residence_province_code)
    .join(_COMMUNE, _COMMUNE.c.code == _CITIZEN.c.residence_commune_code)
    .where(_CITIZEN.c.cccd == bindparam("cccd"))
)


def _find(session: Session, number: str) -> CitizenRecord | None:
    row = session.connection().execute(_FIND, {"cccd": number}).first()
    if row is None:
        return None
    (cccd, name, born, gender, birth_province, ethnicity, *residence, updated_at) = row
    province_code, province_name, commune_code, commune_name = residence
    return CitizenRecord(
        cccd=cccd,
        full_name=name,
        date_of_birth=born,
        gender=gender,
        birth_province_code=birth_province,
        birth_province_name=province_names().get(birth_province, ""),
        ethnicity=ethnicity,
        residence_province_code=province_code,
        residence_province_name=province_name,
        residence_commune_code=commune_code,
        residence_commune_name=commune_name,
        updated_at=updated_at,
    )


def _buckets(request: Request) -> TokenBuckets:
    buckets = request.app.state.lookup_buckets
    assert isinstance(buckets, TokenBuckets)
    return buckets


def _look_up(
    session: Session, inst: Instance, request: Request, cccd: str, access_token: str | None
) -> tuple[Principal | None, str, CitizenRecord | ApiProblem]:
    """Everything a look-up decides, without awaiting: (who, audit outcome, answer)."""
    try:
        principal = resolve_access_token(session, inst, access_token)
    except ApiProblem as problem:
        return None, problem.code, problem
    wait = _buckets(request).take(f"account:{principal.account_id}")
    if wait:
        return principal, "rate_limited", _rate_limited(wait)
    if principal.role not in LOOKUP_ROLES:
        return principal, "auth.forbidden", _not_staff()
    problems = check_cccd(cccd)
    if problems:
        invalid = ApiProblem(
            422,
            problems[0].code,
            "Số định danh không hợp lệ",
            problems[0].message_vi,
            errors=field_problems(problems),
        )
        return principal, "invalid", invalid
    number = normalize_cccd_input(cccd)
    record = _find(session, number)
    if record is None:
        return principal, "not_found", _not_found(number)
    return principal, "found", record


def _rate_limited(wait: int) -> ApiProblem:
    return ApiProblem(
        429,
        "population.rate_limited",
        "Tra cứu quá nhanh",
        f"Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Hãy thử lại sau {wait} giây.",
        headers={"Retry-After": str(wait)},
        extra={"retry_after": wait},
    )


def _not_staff() -> ApiProblem:
    return ApiProblem(
        403,
        "auth.forbidden",
        "Không có quyền tra cứu",
        "Chỉ cán bộ đơn vị đăng ký dự thi mới được tra cứu cơ sở dữ liệu dân cư.",
    )


def _not_found(number: str) -> ApiProblem:
    return ApiProblem(
        404,
        "citizen.not_found",
        "Không tìm thấy công dân",
        f"Không có công dân với số định danh {mask_cccd(number)} trong cơ sở dữ liệu dân cư. "
        "Hãy kiểm tra lại từng chữ số.",
    )


@router.get(
    "/citizens/{cccd}",
    response_model=CitizenRecord,
    responses=problem_responses(401, 403, 404, 422, 429),
    summary="Look up a citizen by 12-digit personal ID (staff only; audited)",
)
async def get_citizen(
    cccd: str,
    *,
    request: Request,
    response: Response,
    inst: Annotated[Instance, Depends(instance)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> CitizenRecord:
    """``async``: a staff member's look-up is one primary-key read on the event loop (the bearer
    token comes from the principal cache); its audit row is group-committed with other
    requests' (:mod:`ministry_mock.audit_batch`) and awaited, so no answer leaves before its
    trace is stored.

    The session is closed before that wait: a look-up never holds a pooled connection while
    it awaits, so the event loop cannot block on a pool emptied by its own waiting requests
    (it did with more look-ups in flight than the pool has connections). No ``db_session``
    dependency either: FastAPI's generator-dependency machinery cost a tenth of a look-up.
    """
    with inst.store.sessions() as session:
        principal, outcome, answer = _look_up(
            session, inst, request, cccd, credentials.credentials if credentials else None
        )
    values = audit.entry_values(
        at=inst.settings.clock(),
        actor=principal.username if principal else "-",
        action="population.lookup",
        subject=cccd,
        ip=audit.client_ip(request),
        outcome=outcome,
    )
    await inst.audit_batch.record(values)
    log.info("population look-up %s: %s", audit.mask_subject(cccd), outcome)
    if isinstance(answer, ApiProblem):
        raise answer
    response.headers["Cache-Control"] = "no-store"  # personal data: no shared caches
    return answer
