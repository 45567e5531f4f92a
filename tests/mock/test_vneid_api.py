"""Mock VNeID sign-in over real HTTP: open, approve with the QR's code, collect tokens once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import requests

from exam_client.api.contract import TokenPair, VneidSessionStart
from ministry_mock.app import create_app
from ministry_mock.server import RunningServer, start_in_thread
from ministry_mock.vneid import SESSION_TTL
from tests.mock.conftest import small_settings
from tests.mock.support import TIMEOUT, FakeClock, assert_problem, bearer

POLL = "X-Vneid-Poll-Token"


def open_session(base_url: str) -> tuple[VneidSessionStart, str]:
    answer = requests.post(f"{base_url}/auth/vneid/sessions", timeout=TIMEOUT)
    assert answer.status_code == 201, answer.text
    assert answer.headers["Cache-Control"] == "no-store"
    started = VneidSessionStart.model_validate(answer.json())
    code = parse_qs(urlparse(started.qr_payload).query)["code"][0]
    return started, code


def poll(base_url: str, session_id: str, poll_token: str | None) -> requests.Response:
    headers = {POLL: poll_token} if poll_token is not None else {}
    return requests.get(
        f"{base_url}/auth/vneid/sessions/{session_id}", headers=headers, timeout=TIMEOUT
    )


def approve(base_url: str, session_id: str, body: dict[str, Any]) -> requests.Response:
    return requests.post(
        f"{base_url}/auth/vneid/sessions/{session_id}/approve", json=body, timeout=TIMEOUT
    )


def test_pending_then_approved_tokens_are_collected_once(
    base_url: str, candidate_username: str
) -> None:
    started, code = open_session(base_url)
    assert started.poll_token not in started.qr_payload  # the screen never shows the poll token
    pending = poll(base_url, started.session_id, started.poll_token)
    assert pending.status_code == 200 and pending.json()["state"] == "pending"
    assert pending.json()["tokens"] is None

    assert approve(base_url, started.session_id, {"code": code}).status_code == 204
    answer = poll(base_url, started.session_id, started.poll_token)
    assert answer.status_code == 200 and answer.json()["state"] == "approved"
    pair = TokenPair.model_validate(answer.json()["tokens"])
    assert pair.role == "candidate" and pair.username == candidate_username  # demo default
    me = requests.get(
        f"{base_url}/preferences/me", headers=bearer(pair.access_token), timeout=TIMEOUT
    )
    assert me.status_code == 200, me.text  # real tokens

    assert_problem(poll(base_url, started.session_id, started.poll_token), 410, "vneid.used")
    assert_problem(approve(base_url, started.session_id, {"code": code}), 410, "vneid.used")


def test_a_free_candidate_without_an_account_gets_one(base_url: str, known_ids: list[str]) -> None:
    cccd = known_ids[17]
    started, code = open_session(base_url)
    assert approve(base_url, started.session_id, {"code": code, "cccd": cccd}).status_code == 204
    body = poll(base_url, started.session_id, started.poll_token).json()
    assert body["tokens"]["username"] == cccd
    assert body["tokens"]["must_change_password"] is False


def test_wrong_code_poll_token_or_session_are_refused(base_url: str) -> None:
    started, code = open_session(base_url)
    assert_problem(approve(base_url, started.session_id, {"code": "x" * 20}), 403, "vneid.bad_code")
    # another person's session looks exactly like no session at all
    assert_problem(poll(base_url, started.session_id, "not-the-token"), 404, "vneid.unknown")
    assert_problem(poll(base_url, started.session_id, None), 404, "vneid.unknown")
    assert_problem(poll(base_url, "unknownsession1", started.poll_token), 404, "vneid.unknown")
    assert_problem(approve(base_url, "unknownsession1", {"code": code}), 404, "vneid.unknown")
    assert poll(base_url, started.session_id, started.poll_token).json()["state"] == "pending"


def test_bad_input_is_problem_json(base_url: str) -> None:
    started, code = open_session(base_url)
    assert_problem(approve(base_url, started.session_id, {}), 422)
    assert_problem(approve(base_url, started.session_id, {"code": "short"}), 422)
    assert_problem(approve(base_url, started.session_id, {"code": code, "cccd": "12ab"}), 422)
    unknown = approve(base_url, started.session_id, {"code": code, "cccd": "001099999999"})
    assert assert_problem(unknown, 422, "vneid.unknown_citizen")["errors"][0]["field"] == "cccd"
    assert_problem(poll(base_url, "x", started.poll_token), 422)  # id too short
    assert approve(base_url, started.session_id, {"code": code}).status_code == 204
    assert_problem(approve(base_url, started.session_id, {"code": code}), 409)


def test_staff_cannot_sign_in_through_vneid(base_url: str, staff_tokens: dict[str, Any]) -> None:
    # the staff username is not a CCCD, so it cannot even be named; a staff CCCD-like name would
    # be refused by role (covered by the model): here the pattern check answers first
    started, code = open_session(base_url)
    body = {"code": code, "cccd": staff_tokens["username"]}
    assert_problem(approve(base_url, started.session_id, body), 422)


def test_sessions_expire(clocked_server: RunningServer, fake_clock: FakeClock) -> None:
    base_url = clocked_server.base_url
    started, code = open_session(base_url)
    fake_clock.advance(SESSION_TTL + timedelta(seconds=1))
    assert_problem(poll(base_url, started.session_id, started.poll_token), 410, "vneid.expired")
    assert_problem(approve(base_url, started.session_id, {"code": code}), 410, "vneid.expired")


def test_approval_does_not_exist_outside_demo_mode(tmp_path: Path) -> None:
    app = create_app(small_settings(tmp_path / "prod.sqlite3", citizens=20, demo=False))
    server: RunningServer
    with start_in_thread(app) as server:
        started, code = open_session(server.base_url)
        assert_problem(approve(server.base_url, started.session_id, {"code": code}), 404)
