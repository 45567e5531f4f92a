"""``/admin/clock``: read and move the demo clock (administrators, demo instances only).

Absent (404) unless ``MockSettings.demo`` is on, like ``/admin/faults``: a production-like
instance cannot be told what time it is. Moving the clock moves every time-dependent rule at
once (token expiry included), because every module reads ``MockSettings.clock``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from exam_client.api.cycle import ClockState, ClockUpdate
from exam_client.domain.ruleset import available_years, load_ruleset
from ministry_mock.access import require_role, signed_in
from ministry_mock.admissions_cycle import first_round_if_due
from ministry_mock.auth import Principal
from ministry_mock.clock import (
    ClockError,
    DemoClock,
    clock_state,
    cycle_year,
    demo_clock,
    jump_target,
)
from ministry_mock.deps import Instance, instance
from ministry_mock.gateway import gateway_of
from ministry_mock.problems import ApiProblem, http_problem, problem_responses

router = APIRouter(prefix="/admin", tags=["admin"])


def _clock(inst: Instance, principal: Principal) -> DemoClock:
    clock = demo_clock(inst.settings)
    if not inst.settings.demo or clock is None:
        raise http_problem(404)
    require_role(principal, "admin")
    return clock


def _invalid(detail: str) -> ApiProblem:
    return ApiProblem(422, "clock.invalid", "Không đặt được đồng hồ", detail)


@router.get("/clock", response_model=ClockState, responses=problem_responses(401, 403, 404))
def get_clock(
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> ClockState:
    return clock_state(_clock(inst, principal))


@router.post(
    "/clock",
    response_model=ClockState,
    responses=problem_responses(401, 403, 404, 422),
    summary="Set the demo clock to a moment, jump to a phase of the year, or reset it",
)
def set_clock(
    body: ClockUpdate,
    request: Request,
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> ClockState:
    clock = _clock(inst, principal)
    chosen = [body.moment is not None, body.phase is not None, body.reset]
    if sum(chosen) != 1:
        raise _invalid("Hãy gửi đúng một trong: moment, phase hoặc reset.")
    if body.reset:
        clock.reset()
        return clock_state(clock)
    year = body.year or cycle_year(clock())
    if year not in available_years():
        raise _invalid(f"Chưa có bộ quy định năm {year}.")
    if body.phase is not None:
        try:
            moment = jump_target(body.phase, year)
        except ClockError as exc:
            raise _invalid(exc.message_vi) from None
    else:
        assert body.moment is not None
        moment = body.moment
    clock.set(moment, frozen=body.frozen)
    # On request (the kiosk's demo control), jumping into filtering runs round 1 (no quota
    # changes), so a demo goes from paid preferences to results without another admin call.
    if body.run_due_rounds:
        with inst.store.sessions() as session:
            first_round_if_due(
                session, inst.settings, load_ruleset(year), clock(), gateway_of(request.app)
            )
    return clock_state(clock, cycle_year(moment) if body.year is None else year)
