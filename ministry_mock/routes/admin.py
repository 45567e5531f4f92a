"""``/admin/faults``: switch fault injection on and off at run time (demo and test mode only).

Only administrators, and only when the instance runs with ``demo`` on: a production-like
instance has no way to be told to fail. These paths are never faulted themselves.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from ministry_mock.access import require_role, signed_in
from ministry_mock.auth import Principal
from ministry_mock.deps import Instance, instance
from ministry_mock.faults import FaultConfig, FaultInjector
from ministry_mock.problems import http_problem, problem_responses

router = APIRouter(prefix="/admin", tags=["admin"])


def _injector(request: Request, inst: Instance, principal: Principal) -> FaultInjector:
    if not inst.settings.demo:
        raise http_problem(404)
    require_role(principal, "admin")
    injector = request.app.state.faults
    assert isinstance(injector, FaultInjector)
    return injector


@router.get("/faults", response_model=FaultConfig, responses=problem_responses(401, 403, 404))
def get_faults(
    request: Request,
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> FaultConfig:
    return _injector(request, inst, principal).config


@router.post(
    "/faults",
    response_model=FaultConfig,
    responses=problem_responses(401, 403, 404, 422),
    summary="Replace the fault configuration (restarts its random stream)",
)
def set_faults(
    body: FaultConfig,
    request: Request,
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> FaultConfig:
    injector = _injector(request, inst, principal)
    injector.configure(body)
    return injector.config


@router.delete(
    "/faults",
    status_code=204,
    responses=problem_responses(401, 403, 404),
    summary="Switch every fault off",
)
def clear_faults(
    request: Request,
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> Response:
    _injector(request, inst, principal).configure(FaultConfig())
    return Response(status_code=204)
