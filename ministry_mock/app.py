"""The app factory: one call builds one independent mock-ministry instance.

``create_app`` opens (and if needed seeds) the instance's own database and wires routes, problem
handlers and the OpenAPI document. All state hangs off ``app.state.instance``, never off module
globals, so tests and the client's ``--demo`` mode can run several instances in one process.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from exam_client.api.contract import API_VERSION
from ministry_mock.deps import Instance
from ministry_mock.problems import install_problem_handlers, problem_media_types
from ministry_mock.routes import auth, citizens, health
from ministry_mock.security import hash_password
from ministry_mock.seed import SeedReport, seed_database
from ministry_mock.settings import MockSettings
from ministry_mock.store import open_store

DESCRIPTION = (
    "Mock of the Ministry of Education's exam-registration and admissions API, with a synthetic "
    "national population register. Every error is RFC 9457 `application/problem+json` with a "
    "stable `code`; `type` is the problem base URI plus that code."
)


def create_app(settings: MockSettings | None = None) -> FastAPI:
    """Build an instance; seeds its database when empty (see :mod:`ministry_mock.seed`)."""
    settings = settings or MockSettings()
    store = open_store(settings.db_url)
    report = seed_database(store, settings)
    inst = Instance(
        settings=settings,
        store=store,
        dummy_password_hash=hash_password(secrets.token_urlsafe(16), n=settings.scrypt_n),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="Mock ministry API",
        version=settings.version,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.instance = inst
    app.state.seed_report = report
    install_problem_handlers(app)
    app.include_router(health.router)
    app.include_router(auth.router)
    app.include_router(citizens.router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            schema["info"]["x-api-version"] = API_VERSION
            app.openapi_schema = problem_media_types(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


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
