"""``/admin/catalog``: withdraw a programme from the admission catalog, or restore it (demo and
test instances, administrators only).

Why: "the catalog changed between edits" (issue #7) must be showable in a demo and testable
over HTTP. A withdrawal changes what every part of the instance sees at once — ``/catalog`` (a
new version, so a new ETag), preference saves (an NV for the programme is refused) — because
they all read :func:`ministry_mock.catalog.catalog_for`. Absent (404) unless
``MockSettings.demo`` is on, like ``/admin/faults`` and ``/admin/clock``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response

from exam_client.api.cycle import CatalogInfo
from ministry_mock.access import require_role, signed_in
from ministry_mock.auth import Principal
from ministry_mock.catalog import (
    catalog_for,
    generated_catalog,
    restore_catalog,
    withdraw,
)
from ministry_mock.deps import Instance, instance
from ministry_mock.problems import ApiProblem, http_problem, problem_responses
from ministry_mock.routes.catalog import catalog_info, catalog_year

router = APIRouter(prefix="/admin/catalog", tags=["admin"])

InstitutionCode = Annotated[str, Path(pattern=r"^[A-Za-z0-9]{2,8}$")]
ProgrammeCode = Annotated[str, Path(pattern=r"^[A-Za-z0-9]{7,16}$")]
YearQuery = Annotated[int | None, Query(ge=2000, le=2100, description="default: the cycle year")]


def _admin(inst: Instance, principal: Principal) -> None:
    if not inst.settings.demo:
        raise http_problem(404)
    require_role(principal, "admin")


@router.post(
    "/programmes/{institution_code}/{programme_code}/withdraw",
    response_model=CatalogInfo,
    responses=problem_responses(401, 403, 404, 422),
    summary="Withdraw one programme (idempotent); the catalog gets a new version",
)
def withdraw_programme(
    institution_code: InstitutionCode,
    programme_code: ProgrammeCode,
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
    year: YearQuery = None,
) -> CatalogInfo:
    _admin(inst, principal)
    chosen = catalog_year(inst, year)
    if generated_catalog(inst.settings, chosen).programme(institution_code, programme_code) is None:
        raise ApiProblem(
            404,
            "catalog.unknown_programme",
            "Không có ngành này",
            f"Danh mục năm {chosen} không có ngành {programme_code} của trường "
            f"{institution_code.upper()}.",
        )
    withdraw(inst.settings, chosen, institution_code, programme_code)
    return catalog_info(catalog_for(inst.settings, chosen))


@router.delete(
    "/withdrawals",
    status_code=204,
    responses=problem_responses(401, 403, 404),
    summary="Put every withdrawn programme back (the generated catalog again)",
)
def restore(
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> Response:
    _admin(inst, principal)
    restore_catalog(inst.settings)
    return Response(status_code=204)
