"""The demo clock over real HTTP: jump to phases, pin, reset; absent when the instance is not demo.

Every time-dependent endpoint reads ``MockSettings.clock``, which ``create_app`` wraps in a
:class:`~ministry_mock.clock.DemoClock`; a test's own clock keeps working underneath it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
import requests
from fastapi import FastAPI

from exam_client.domain.ruleset import load_ruleset
from exam_client.domain.timeline import VN_TZ, Phase
from ministry_mock.app import create_app, instance_of, seed_report
from ministry_mock.clock import DemoClock, demo_clock, jump_target
from ministry_mock.seed import ADMIN_USERNAME, DEMO_ADMIN_PASS, DEMO_ADMIN_USERNAME
from ministry_mock.server import start_in_thread
from tests.mock.conftest import small_settings
from tests.mock.support import TIMEOUT, FakeClock, assert_problem, bearer, tokens

START = datetime(2026, 6, 20, 9, 0, tzinfo=VN_TZ)


@pytest.fixture(scope="module")
def base_clock() -> FakeClock:
    return FakeClock(START.astimezone(UTC))


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, base_clock: FakeClock) -> FastAPI:
    db = tmp_path_factory.mktemp("clock") / "ministry.sqlite3"
    return create_app(
        small_settings(
            db,
            citizens=50,
            schools=10,
            clock=base_clock,
            scrypt_n=2**10,
            access_token_ttl=timedelta(days=400),  # jumps of months must not end the session
        )
    )


@pytest.fixture(scope="module")
def base(app: FastAPI) -> Iterator[str]:
    with start_in_thread(app) as server:
        yield server.base_url


@pytest.fixture
def admin(base: str, app: FastAPI) -> Iterator[dict[str, str]]:
    headers = bearer(tokens(base, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)["access_token"])
    yield headers
    clock = demo_clock(instance_of(app).settings)
    assert clock is not None
    clock.reset()


def post(base: str, headers: dict[str, str], body: dict[str, object]) -> requests.Response:
    return requests.post(f"{base}/admin/clock", json=body, headers=headers, timeout=TIMEOUT)


def test_create_app_wraps_the_settings_clock(app: FastAPI, base_clock: FakeClock) -> None:
    clock = instance_of(app).settings.clock
    assert isinstance(clock, DemoClock) and clock.base is base_clock
    assert clock() == base_clock()  # no offset until someone moves it


def test_get_clock_lists_the_phases_of_the_year(base: str, admin: dict[str, str]) -> None:
    response = requests.get(f"{base}/admin/clock", headers=admin, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    state = response.json()
    assert state["year"] == 2026 and state["frozen"] is False
    assert datetime.fromisoformat(state["now"]) == START
    assert state["offset_seconds"] == 0
    phases = {p["phase"]: p for p in state["phases"]}
    assert phases["preferences"]["label"] == "đăng ký, điều chỉnh nguyện vọng"
    assert "practice_preferences" in state["open_phases"]
    assert state["next_phase"] == Phase.PREFERENCES.value


@pytest.mark.parametrize(
    ("name", "phase"),
    [
        ("preferences_open", Phase.PREFERENCES),
        ("payment_open", Phase.PAYMENT),
        ("filtering", Phase.FILTERING),
        ("results", Phase.RESULTS),
        ("confirmation", Phase.CONFIRMATION),
    ],
)
def test_jump_to_a_phase_moves_every_endpoint(
    base: str, admin: dict[str, str], name: str, phase: Phase
) -> None:
    window = load_ruleset(2026).timeline.window(phase)
    assert window is not None and window.start is not None
    response = post(base, admin, {"phase": name})
    assert response.status_code == 200, response.text
    now = datetime.fromisoformat(response.json()["now"])
    assert window.start <= now < window.start + timedelta(seconds=5)
    health = requests.get(f"{base}/health", timeout=TIMEOUT).json()
    assert abs(datetime.fromisoformat(health["server_time"]) - window.start) < timedelta(seconds=5)


def test_frozen_moment_and_reset(base: str, admin: dict[str, str], app: FastAPI) -> None:
    moment = datetime(2026, 7, 14, 16, 59, tzinfo=VN_TZ)
    state = post(base, admin, {"moment": moment.isoformat(), "frozen": True}).json()
    assert state["frozen"] is True and datetime.fromisoformat(state["now"]) == moment
    assert "preferences" in state["open_phases"]
    assert instance_of(app).settings.clock() == moment
    state = post(base, admin, {"phase": "preferences_closed"}).json()
    assert datetime.fromisoformat(state["now"]) >= datetime(2026, 7, 14, 17, tzinfo=VN_TZ)
    state = post(base, admin, {"reset": True}).json()
    assert state["offset_seconds"] == 0 and state["frozen"] is False


def test_bad_requests_are_problems(base: str, admin: dict[str, str]) -> None:
    body = assert_problem(post(base, admin, {"phase": "holidays"}), 422, "clock.invalid")
    assert "Không có giai đoạn 'holidays'" in body["detail"]
    assert_problem(post(base, admin, {}), 422, "clock.invalid")
    assert_problem(post(base, admin, {"phase": "scores", "year": 1999}), 422, "request.invalid")
    # the 2026 rule set has no score date: scores come out when NV registration opens
    assert jump_target("scores", 2026) == jump_target("preferences_open", 2026)


def test_only_admins(base: str) -> None:
    from ministry_mock.seed import DEMO_STAFF_PASS, DEMO_STAFF_USERNAME

    staff = bearer(tokens(base, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)["access_token"])
    assert_problem(requests.get(f"{base}/admin/clock", headers=staff, timeout=TIMEOUT), 403)
    assert_problem(requests.get(f"{base}/admin/clock", timeout=TIMEOUT), 401)


def test_clock_endpoints_absent_without_demo(tmp_path_factory: pytest.TempPathFactory) -> None:
    db = tmp_path_factory.mktemp("nodemo") / "ministry.sqlite3"
    app = create_app(small_settings(db, citizens=20, schools=5, demo=False, scrypt_n=2**10))
    password = seed_report(app).generated_admin_pass
    assert password is not None
    with start_in_thread(app) as server:
        headers = bearer(tokens(server.base_url, ADMIN_USERNAME, password)["access_token"])
        for method in ("get", "post"):
            response = requests.request(
                method, f"{server.base_url}/admin/clock", headers=headers, json={}, timeout=TIMEOUT
            )
            assert_problem(response, 404)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked (POSIX)")
def test_a_shared_clock_is_one_clock_for_forked_workers() -> None:
    """``ministry-mock --workers N``: a move answered by one worker is what the others read."""
    base = FakeClock(START.astimezone(UTC))
    clock = DemoClock(base)
    clock.share_between_processes()
    moment = datetime(2026, 7, 2, 8, 0, tzinfo=UTC)
    context = multiprocessing.get_context("fork")

    def in_another_process(target: Callable[[], None]) -> None:
        worker = context.Process(target=target)
        worker.start()
        worker.join(10)
        assert worker.exitcode == 0

    in_another_process(lambda: clock.set(moment, frozen=True))
    assert (clock(), clock.frozen) == (moment, True)
    in_another_process(lambda: clock.set(moment + timedelta(days=1)))
    assert (clock(), clock.frozen) == (moment + timedelta(days=1), False)
    base.advance(timedelta(minutes=5))  # not frozen: it runs on from the moment set
    assert clock() == moment + timedelta(days=1, minutes=5)
    in_another_process(clock.reset)
    assert (clock(), clock.offset) == (base(), timedelta())
