"""Helpers for the mock-ministry tests: a controllable clock and HTTP shortcuts."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from exam_client.api.contract import PROBLEM_CONTENT_TYPE

TIMEOUT = 10


class FakeClock:
    """A clock the test moves by hand; thread-safe because the server reads it on workers."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 4, 21, 8, 0, tzinfo=UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._now += delta


def login(base_url: str, username: str, password: str) -> requests.Response:
    return requests.post(
        f"{base_url}/auth/login",
        json={"username": username, "password": password},
        timeout=TIMEOUT,
    )


def tokens(base_url: str, username: str, password: str) -> dict[str, Any]:
    response = login(base_url, username, password)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


def lookup(base_url: str, cccd: str, access_token: str | None) -> requests.Response:
    headers = bearer(access_token) if access_token else {}
    return requests.get(f"{base_url}/population/citizens/{cccd}", headers=headers, timeout=TIMEOUT)


def refresh(base_url: str, refresh_token: str) -> requests.Response:
    return requests.post(
        f"{base_url}/auth/refresh", json={"refresh_token": refresh_token}, timeout=TIMEOUT
    )


def assert_problem(
    response: requests.Response, status: int, code: str | None = None
) -> dict[str, Any]:
    """The response is RFC 9457 problem+json with the given status (and code)."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith(PROBLEM_CONTENT_TYPE)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    if code is not None:
        assert body["code"] == code, body
        assert body["type"].endswith("/" + code)
    assert "Traceback" not in response.text
    return body
