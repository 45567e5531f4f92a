"""``/payments``: admission-fee orders for candidates, and the gateway's admin test hooks.

Kiosk flow: ``GET /payments/me`` (amount, window, orders) → ``POST /payments/orders`` with a
fresh ``Idempotency-Key`` kept for every retry → show the VietQR code → poll
``GET /payments/orders/{id}`` every ``poll_after_s`` until the state is final. Answers are
``no-store``: a payment status must never come from a cache (DOMAIN.md §13.13).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from sqlalchemy.orm import Session

from exam_client.api.payments import (
    GatewaySettings,
    PaymentOrder,
    PaymentOrderRequest,
    PaymentSummary,
    SimulateRequest,
)
from ministry_mock import audit
from ministry_mock.access import require_role, signed_in
from ministry_mock.auth import Principal
from ministry_mock.deps import Instance, db_session, instance
from ministry_mock.gateway import Gateway, gateway_of, simulate, to_wire
from ministry_mock.payments import check_key, create_order, cycle_year, get_order, summary
from ministry_mock.problems import http_problem, problem_responses

router = APIRouter(tags=["payments"])


def gateway(request: Request) -> Gateway:
    return gateway_of(request.app)


def _no_store(response: Response) -> None:
    response.headers["Cache-Control"] = "no-store"


@router.post(
    "/payments/orders",
    response_model=PaymentOrder,
    status_code=201,
    responses={
        200: {"model": PaymentOrder, "description": "the existing order (retry/pending)"},
        **problem_responses(400, 401, 403, 409, 422),
    },
    summary="Create the fee order (201), or return the same / the pending one (200)",
)
def post_order(
    body: PaymentOrderRequest,
    *,
    request: Request,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    gw: Annotated[Gateway, Depends(gateway)],
    principal: Annotated[Principal, Depends(signed_in)],
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> PaymentOrder:
    require_role(principal, "candidate")
    key = check_key(idempotency_key)
    now = inst.settings.clock()
    created = create_order(
        session,
        cccd=principal.username,
        key=key,
        body=body,
        now=now,
        ip=audit.client_ip(request),
        gateway=gw,
    )
    session.commit()  # lazily settled transitions of older orders
    _no_store(response)
    if not created.new:
        response.status_code = 200
    if created.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["Location"] = f"/payments/orders/{created.row.id}"
    return to_wire(created.row, gw)


@router.get(
    "/payments/orders/{order_id}",
    response_model=PaymentOrder,
    responses=problem_responses(401, 403, 404, 422),
    summary="Poll one order (the candidate's own; admins: any)",
)
def get_one(
    order_id: str,
    *,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    gw: Annotated[Gateway, Depends(gateway)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> PaymentOrder:
    require_role(principal, "candidate", "admin")
    owner = None if principal.role == "admin" else principal.username
    row = get_order(session, order_id, owner, inst.settings.clock(), gw)
    session.commit()
    _no_store(response)
    return to_wire(row, gw)


@router.get(
    "/payments/me",
    response_model=PaymentSummary,
    responses=problem_responses(401, 403, 422),
    summary="The candidate's fee: amount, window, orders, and whether every NV is paid",
)
def get_mine(
    *,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    gw: Annotated[Gateway, Depends(gateway)],
    principal: Annotated[Principal, Depends(signed_in)],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> PaymentSummary:
    require_role(principal, "candidate")
    now = inst.settings.clock()
    result = summary(session, principal.username, year or cycle_year(now), now, gw)
    session.commit()
    _no_store(response)
    return result


# -- admin test hooks (demo mode only) ---------------------------------------------------------


def _demo_admin(inst: Instance, principal: Principal) -> None:
    if not inst.settings.demo:
        raise http_problem(404)
    require_role(principal, "admin")


@router.post(
    "/admin/payments/{order_id}/simulate",
    response_model=PaymentOrder,
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Test hook: the bank pays, fails, expires, debits without record, or reconciles",
)
def post_simulate(
    order_id: str,
    body: SimulateRequest,
    *,
    request: Request,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    gw: Annotated[Gateway, Depends(gateway)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> PaymentOrder:
    _demo_admin(inst, principal)
    now = inst.settings.clock()
    row = get_order(session, order_id, None, now, gw)
    simulate(
        session,
        row,
        body.outcome,
        now=now,
        actor=principal.username,
        ip=audit.client_ip(request),
        channel=body.channel,
    )
    session.commit()
    return to_wire(row, gw)


@router.get(
    "/admin/payments/gateway",
    response_model=GatewaySettings,
    responses=problem_responses(401, 403, 404),
)
def get_gateway(
    inst: Annotated[Instance, Depends(instance)],
    gw: Annotated[Gateway, Depends(gateway)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> GatewaySettings:
    _demo_admin(inst, principal)
    return gw.settings


@router.put(
    "/admin/payments/gateway",
    response_model=GatewaySettings,
    responses=problem_responses(401, 403, 404, 422),
    summary="Test hook: order lifetime, reconciliation delay, auto-pay for a hands-free demo",
)
def put_gateway(
    body: GatewaySettings,
    inst: Annotated[Instance, Depends(instance)],
    gw: Annotated[Gateway, Depends(gateway)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> GatewaySettings:
    _demo_admin(inst, principal)
    return gw.configure(body)
