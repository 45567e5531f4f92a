"""The app factory: one call builds one independent mock-ministry instance.

``create_app`` opens (and if needed seeds) the instance's own database and wires routes, problem
handlers and the OpenAPI document. All state hangs off ``app.state.instance``, never off module
globals, so tests and the client's ``--demo`` mode can run several instances in one process.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from exam_client.api.contract import API_VERSION
from ministry_mock.audit_batch import AuditBatcher
from ministry_mock.clock import with_demo_clock
from ministry_mock.deps import Instance
from ministry_mock.faults import FaultInjector, FaultMiddleware
from ministry_mock.problems import install_problem_handlers, problem_media_types
from ministry_mock.ratelimit import TokenBuckets
from ministry_mock.registrations import ensure_counter
from ministry_mock.routes import (
    admin,
    admin_catalog,
    admin_clock,
    admissions,
    auth,
    candidate_registration,
    catalog,
    citizens,
    health,
    preferences,
    registrations,
    scores,
    sync,
)
from ministry_mock.routes import confirmations as confirmation_routes
from ministry_mock.routes import payments as payment_routes
from ministry_mock.security import hash_password
from ministry_mock.seed import SeedReport, seed_database
from ministry_mock.settings import MockSettings
from ministry_mock.store import open_store
from ministry_mock.store.upgrade import add_missing_columns

DESCRIPTION = (
    "Mock of the Ministry of Education's exam-registration and admissions API, with a synthetic "
    "national population register. Every error is RFC 9457 `application/problem+json` with a "
    "stable `code`; `type` is the problem base URI plus that code."
)


def create_app(settings: MockSettings | None = None) -> FastAPI:
    """Build an instance; seeds its database when empty (see :mod:`ministry_mock.seed`)."""
    settings = with_demo_clock(settings or MockSettings())  # movable in demo mode
    store = open_store(settings.db_url)
    add_missing_columns(store)
    report = seed_database(store, settings)
    ensure_counter(store)
    inst = Instance(
        settings=settings,
        store=store,
        dummy_password_hash=hash_password(secrets.token_urlsafe(16), n=settings.scrypt_n),
        audit_batch=AuditBatcher(store),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        inst.audit_batch.close()
        store.close()

    app = FastAPI(
        title="Mock ministry API",
        version=settings.version,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.instance = inst
    app.state.seed_report = report
    app.state.faults = FaultInjector(settings.faults)
    app.state.lookup_buckets = TokenBuckets(
        settings.lookup_rate, settings.lookup_burst, settings.clock
    )
    install_problem_handlers(app)
    _install_faults(app, app.state.faults)
    app.include_router(health.router)
    app.include_router(auth.router)
    app.include_router(citizens.router)
    app.include_router(candidate_registration.router)
    app.include_router(sync.router)
    app.include_router(registrations.router)
    app.include_router(admin.router)
    app.include_router(admin_catalog.router)
    app.include_router(payment_routes.router)
    app.include_router(confirmation_routes.router)
    for cycle_router in (catalog, scores, preferences, admin_clock, admissions):
        app.include_router(cycle_router.router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            schema["info"]["x-api-version"] = API_VERSION
            app.openapi_schema = problem_media_types(document_request_errors(schema))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


_PROBLEM_REF = {"$ref": "#/components/schemas/ProblemDetails"}
_FASTAPI_422 = "#/components/schemas/HTTPValidationError"


def document_request_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare what the problem handlers really answer to a request the mock cannot read.

    Found by the contract test (tests/contract): a body that is not JSON is a 400 problem on
    every operation with a body, and an invalid parameter is a 422 *problem* even where a route
    did not list 422 itself (FastAPI then documents its own ``HTTPValidationError`` shape).
    """
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status in ("422", "400"):
                if status == "400" and "requestBody" not in operation:
                    continue
                content = responses.get(status, {}).get("content", {})
                body = content.get("application/json", {}).get("schema", {})
                if status not in responses or body.get("$ref") == _FASTAPI_422:
                    responses[status] = {
                        "description": "Yêu cầu không hợp lệ (problem+json)",
                        "content": {"application/json": {"schema": dict(_PROBLEM_REF)}},
                    }
    components = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):  # FastAPI's, now unreferenced
        if f'"#/components/schemas/{unused}"' not in json.dumps(schema):
            components.pop(unused, None)
    return schema


def _install_faults(app: FastAPI, injector: FaultInjector) -> None:
    """Wrap the whole middleware stack, outside Starlette's own error middleware.

    Outermost, the fault layer receives the server's own ``send`` (needed to drop a connection
    for real) and its failures cannot be turned into something else by the error handlers.
    """
    build = app.build_middleware_stack

    def build_with_faults() -> Any:
        return FaultMiddleware(build(), injector)

    app.build_middleware_stack = build_with_faults  # type: ignore[method-assign]


def faults_of(app: FastAPI) -> FaultInjector:
    """The instance's fault injector (``faults_of(app).configure(FaultConfig(...))`` in tests)."""
    injector = app.state.faults
    assert isinstance(injector, FaultInjector)
    return injector


def instance_of(app: FastAPI) -> Instance:
    """The instance's settings and store (e.g. ``instance_of(app).store.sessions()`` in tests)."""
    inst = app.state.instance
    assert isinstance(inst, Instance)
    return inst


def seed_report(app: FastAPI) -> SeedReport:
    """What seeding did when ``app`` was created (counts, time, generated credentials)."""
    report = app.state.seed_report
    assert isinstance(report, SeedReport)
    return report
