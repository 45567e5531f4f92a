"""Sign-in, lockout, refresh-token rotation and token expiry, over real HTTP."""

from __future__ import annotations

from datetime import timedelta

from exam_client.api.contract import TokenPair
from ministry_mock.seed import (
    DEMO_ADMIN_PASS,
    DEMO_ADMIN_USERNAME,
    DEMO_OTHER_STAFF_USERNAME,
    DEMO_STAFF_PASS,
    DEMO_STAFF_USERNAME,
)
from ministry_mock.server import RunningServer
from tests.mock.support import FakeClock, assert_problem, login, lookup, refresh, tokens

GENERIC = "Tên đăng nhập hoặc mật khẩu không đúng"


def test_login_returns_a_token_pair_for_staff(base_url: str) -> None:
    pair = TokenPair.model_validate(tokens(base_url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS))
    assert pair.role == "staff"
    assert pair.school_code == "01001"
    assert pair.school_name == "THPT Nguyễn Du"
    assert pair.expires_in == 15 * 60
    assert pair.refresh_expires_in == 12 * 3600
    assert pair.access_token != pair.refresh_token


def test_token_responses_are_not_cacheable(base_url: str) -> None:
    response = login(base_url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)
    assert response.headers["Cache-Control"] == "no-store"
    renewed = refresh(base_url, response.json()["refresh_token"])
    assert renewed.headers["Cache-Control"] == "no-store"


def test_admin_has_no_school(base_url: str) -> None:
    pair = TokenPair.model_validate(tokens(base_url, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS))
    assert pair.role == "admin"
    assert pair.school_code is None


def test_wrong_password_and_unknown_user_get_the_same_generic_answer(base_url: str) -> None:
    wrong = assert_problem(
        login(base_url, DEMO_ADMIN_USERNAME, "nope"), 401, "auth.invalid_credentials"
    )
    unknown = assert_problem(
        login(base_url, "no.such.user", "nope"), 401, "auth.invalid_credentials"
    )
    assert wrong["detail"] == unknown["detail"] == GENERIC
    assert wrong == unknown


def test_login_body_is_validated(base_url: str) -> None:
    body = assert_problem(login(base_url, "", "x"), 422, "request.invalid")
    assert body["errors"][0]["field"] == "username"


def test_lockout_after_five_failures_then_unlock(
    clocked_server: RunningServer, fake_clock: FakeClock
) -> None:
    url = clocked_server.base_url
    for _ in range(4):
        assert_problem(login(url, DEMO_OTHER_STAFF_USERNAME, "wrong"), 401)
    response = login(url, DEMO_OTHER_STAFF_USERNAME, "wrong")
    body = assert_problem(response, 423, "auth.locked")
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
    assert body["retry_after"] == int(response.headers["Retry-After"])
    # even the right password is refused while locked
    assert_problem(login(url, DEMO_OTHER_STAFF_USERNAME, DEMO_STAFF_PASS), 423, "auth.locked")
    fake_clock.advance(timedelta(minutes=15, seconds=1))
    assert login(url, DEMO_OTHER_STAFF_USERNAME, DEMO_STAFF_PASS).status_code == 200


def test_a_success_resets_the_failure_count(clocked_server: RunningServer) -> None:
    url = clocked_server.base_url
    for _ in range(4):
        assert_problem(login(url, DEMO_ADMIN_USERNAME, "wrong"), 401)
    assert login(url, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS).status_code == 200
    for _ in range(4):
        assert_problem(login(url, DEMO_ADMIN_USERNAME, "wrong"), 401)
    assert login(url, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS).status_code == 200


def test_refresh_rotates_and_the_old_refresh_token_dies(base_url: str) -> None:
    first = tokens(base_url, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)
    response = refresh(base_url, first["refresh_token"])
    assert response.status_code == 200, response.text
    second = TokenPair.model_validate(response.json())
    assert second.refresh_token != first["refresh_token"]
    assert second.access_token != first["access_token"]
    assert second.username == DEMO_ADMIN_USERNAME
    assert_problem(refresh(base_url, first["refresh_token"]), 401, "auth.refresh_invalid")


def test_reusing_a_spent_refresh_token_ends_every_session(
    base_url: str, known_ids: list[str]
) -> None:
    first = tokens(base_url, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)
    second = refresh(base_url, first["refresh_token"]).json()
    assert lookup(base_url, known_ids[0], second["access_token"]).status_code == 200
    assert_problem(refresh(base_url, first["refresh_token"]), 401)  # replay = theft signal
    assert_problem(lookup(base_url, known_ids[0], second["access_token"]), 401, "auth.invalid")
    assert_problem(refresh(base_url, second["refresh_token"]), 401, "auth.refresh_invalid")


def test_refresh_rejects_garbage_and_access_tokens(base_url: str) -> None:
    pair = tokens(base_url, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)
    assert_problem(refresh(base_url, "not-a-token"), 401, "auth.refresh_invalid")
    assert_problem(refresh(base_url, pair["access_token"]), 401, "auth.refresh_invalid")


def test_access_token_expires_and_refresh_brings_it_back(
    clocked_server: RunningServer, fake_clock: FakeClock
) -> None:
    url = clocked_server.base_url
    pair = tokens(url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)
    cccd = "001208000001"  # well-formed; found or not does not matter here
    assert lookup(url, cccd, pair["access_token"]).status_code in (200, 404)
    fake_clock.advance(timedelta(minutes=15))
    body = assert_problem(lookup(url, cccd, pair["access_token"]), 401, "auth.expired")
    assert "hết hạn" in body["detail"]
    renewed = refresh(url, pair["refresh_token"])
    assert renewed.status_code == 200
    assert lookup(url, cccd, renewed.json()["access_token"]).status_code in (200, 404)
    fake_clock.advance(timedelta(hours=12))
    assert_problem(refresh(url, renewed.json()["refresh_token"]), 401, "auth.refresh_invalid")


def test_parallel_wrong_guesses_are_all_counted(
    clocked_server: RunningServer, fake_clock: FakeClock
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    url = clocked_server.base_url
    fake_clock.advance(timedelta(hours=1))  # lift any lock left by earlier tests
    with ThreadPoolExecutor(max_workers=5) as pool:
        statuses = sorted(
            pool.map(lambda _: login(url, DEMO_STAFF_USERNAME, "wrong").status_code, range(5))
        )
    assert statuses[-1] == 423, statuses
    assert_problem(login(url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS), 423, "auth.locked")
    fake_clock.advance(timedelta(minutes=16))
