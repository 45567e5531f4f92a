"""``GET /health``: liveness for the client's connection indicator and for start-up waits."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from exam_client.api.contract import Health
from ministry_mock.deps import Instance, instance
from ministry_mock.problems import problem_responses

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, responses=problem_responses())
async def health(inst: Annotated[Instance, Depends(instance)]) -> Health:
    return Health(status="ok", version=inst.settings.version, server_time=inst.settings.clock())
