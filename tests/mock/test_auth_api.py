"""Sign-in, lockout, refresh-token rotation and token expiry, over real HTTP."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import requests

from exam_client.api.contract import TokenPair
from ministry_mock.seed import (
    DEMO_ADMIN_PASS,
    DEMO_ADMIN_USERNAME,
    DEMO_CANDIDATE_PASS,
    DEMO_OTHER_STAFF_USERNAME,
    DEMO_STAFF_PASS,
    DEMO_STAFF_USERNAME,
)
from ministry_mock.server import RunningServer
from tests.mock.support import (
    TIMEOUT,
    FakeClock,
    assert_problem,
    bearer,
    login,
    lookup,
    refresh,
    tokens,
)

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


# -- sign-out ----------------------------------------------------------------------------------


def post(base_url: str, path: str, body: object, access: str | None = None) -> requests.Response:
    headers = bearer(access) if access else {}
    return requests.post(f"{base_url}{path}", json=body, headers=headers, timeout=TIMEOUT)


def test_logout_revokes_refresh_and_access_tokens(base_url: str, known_ids: list[str]) -> None:
    pair = tokens(base_url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)
    answer = post(
        base_url, "/auth/logout", {"refresh_token": pair["refresh_token"]}, pair["access_token"]
    )
    assert answer.status_code == 204 and answer.content == b""
    assert_problem(refresh(base_url, pair["refresh_token"]), 401, "auth.refresh_invalid")
    assert_problem(lookup(base_url, known_ids[0], pair["access_token"]), 401, "auth.invalid")


def test_logout_is_safe_to_repeat_and_validates_its_body(base_url: str) -> None:
    pair = tokens(base_url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)
    for _ in range(2):
        assert (
            post(base_url, "/auth/logout", {"refresh_token": pair["refresh_token"]}).status_code
            == 204
        )
    assert post(base_url, "/auth/logout", {"refresh_token": "never-issued"}).status_code == 204
    assert_problem(post(base_url, "/auth/logout", {}), 422)
    assert_problem(post(base_url, "/auth/logout", {"refresh_token": ""}), 422)


# -- accounts issued by schools and the first-sign-in password change ---------------------------


@pytest.fixture
def free_ids(known_ids: list[str], candidate_username: str) -> list[str]:
    """Citizens no other test signs in as (never the shared demo candidate)."""
    return [cccd for cccd in known_ids if cccd != candidate_username]


def issue(base_url: str, cccd: str, access: str) -> requests.Response:
    return post(base_url, "/auth/candidate-accounts", {"cccd": cccd}, access)


def test_school_issued_account_must_change_password_then_not(
    base_url: str, free_ids: list[str]
) -> None:
    staff = tokens(base_url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)
    cccd = free_ids[11]
    answer = issue(base_url, cccd, staff["access_token"])
    assert answer.status_code == 201, answer.text
    issued = answer.json()
    assert issued["username"] == cccd and issued["must_change_password"] is True
    first = TokenPair.model_validate(tokens(base_url, cccd, issued["initial_password"]))
    assert first.role == "candidate" and first.must_change_password is True

    change = {"old_password": issued["initial_password"], "new_password": "Moi2026abc"}
    assert post(base_url, "/auth/password", change, first.access_token).status_code == 204
    assert login(base_url, cccd, issued["initial_password"]).status_code == 401
    again = TokenPair.model_validate(tokens(base_url, cccd, "Moi2026abc"))
    assert again.must_change_password is False

    reissued = issue(base_url, cccd, staff["access_token"])  # forgotten password: school re-issues
    assert reissued.status_code == 200 and reissued.json()["reissued"] is True
    body = tokens(base_url, cccd, reissued.json()["initial_password"])
    assert body["must_change_password"] is True


def test_demo_candidate_needs_no_password_change(base_url: str, candidate_username: str) -> None:
    assert (
        tokens(base_url, candidate_username, DEMO_CANDIDATE_PASS)["must_change_password"] is False
    )


def test_only_staff_and_admins_issue_accounts(
    base_url: str, free_ids: list[str], candidate_tokens: dict[str, Any]
) -> None:
    assert_problem(issue(base_url, free_ids[12], candidate_tokens["access_token"]), 403)
    assert_problem(post(base_url, "/auth/candidate-accounts", {"cccd": free_ids[12]}), 401)
    staff = tokens(base_url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)
    assert_problem(issue(base_url, "12345", staff["access_token"]), 422)
    unknown = issue(base_url, "001099999999", staff["access_token"])
    assert assert_problem(unknown, 422, "accounts.unknown_citizen")["errors"][0]["field"] == "cccd"
    assert_problem(issue(base_url, DEMO_STAFF_USERNAME, staff["access_token"]), 422)


def test_password_change_checks_old_password_policy_and_role(
    base_url: str, free_ids: list[str]
) -> None:
    staff = tokens(base_url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)
    cccd = free_ids[13]
    initial = issue(base_url, cccd, staff["access_token"]).json()["initial_password"]
    access = tokens(base_url, cccd, initial)["access_token"]
    wrong = post(
        base_url,
        "/auth/password",
        {"old_password": "sai-mat-khau1", "new_password": "Moi2026abc"},
        access,
    )
    assert_problem(wrong, 401, "auth.invalid_credentials")
    weak = post(
        base_url, "/auth/password", {"old_password": initial, "new_password": "short"}, access
    )
    codes = {e["code"] for e in assert_problem(weak, 422, "password.weak")["errors"]}
    assert codes == {"password.short", "password.letters_digits"}
    with_id = post(
        base_url, "/auth/password", {"old_password": initial, "new_password": f"a{cccd}"}, access
    )
    assert {e["field"] for e in assert_problem(with_id, 422)["errors"]} == {"new_password"}
    assert_problem(post(base_url, "/auth/password", {"old_password": initial}, access), 422)
    assert_problem(
        post(base_url, "/auth/password", {"old_password": initial, "new_password": "Moi2026abc"}),
        401,
    )
    staff_change = {"old_password": DEMO_STAFF_PASS, "new_password": "Khac2026xyz"}
    assert_problem(post(base_url, "/auth/password", staff_change, staff["access_token"]), 403)
    assert tokens(base_url, cccd, initial)["must_change_password"] is True  # nothing changed
