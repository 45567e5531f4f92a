"""``/admin/catalog``: an administrator withdraws a programme over HTTP; the public catalog gets a
new version (ETag) without it, preference saves refuse it, and nobody else may do it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from tests.mock.support import TIMEOUT, assert_problem, bearer
from tests.mock.sync_support import Mock, private_mock

YEAR = 2026


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mock]:
    with private_mock(tmp_path_factory.mktemp("admin-catalog")) as m:
        yield m


@pytest.fixture(autouse=True)
def restored(mock: Mock) -> Iterator[None]:
    yield
    answer = requests.delete(
        f"{mock.url}/admin/catalog/withdrawals", headers=bearer(mock.admin), timeout=TIMEOUT
    )
    assert answer.status_code == 204
    requests.post(
        f"{mock.url}/admin/clock", json={"reset": True}, headers=bearer(mock.admin), timeout=TIMEOUT
    )


def programmes(mock: Mock) -> tuple[str, list[tuple[str, str]]]:
    """The served catalog's version and every (institution, programme) key, all pages."""
    keys: list[tuple[str, str]] = []
    cursor: str | None = None
    version = ""
    while True:
        params: dict[str, str | int] = {"year": YEAR, "limit": 500}
        if cursor:
            params["cursor"] = cursor
        page = requests.get(f"{mock.url}/catalog/programmes", params=params, timeout=TIMEOUT)
        assert page.status_code == 200, page.text
        body = page.json()
        version = body["version"]
        keys += [(p["institution_code"], p["code"]) for p in body["programmes"]]
        cursor = body["next_cursor"]
        if not cursor:
            return version, keys


def withdraw_url(mock: Mock, institution: str, code: str) -> str:
    return f"{mock.url}/admin/catalog/programmes/{institution}/{code}/withdraw?year={YEAR}"


def test_admin_withdraws_a_programme_and_the_catalog_changes_version(mock: Mock) -> None:
    before_version, before = programmes(mock)
    institution, code = before[3]
    info = requests.get(f"{mock.url}/catalog", params={"year": YEAR}, timeout=TIMEOUT)
    etag = info.headers["ETag"]

    answer = requests.post(withdraw_url(mock, institution, code), headers=bearer(mock.admin))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["version"] != before_version
    assert body["programme_count"] == len(before) - 1

    after_version, after = programmes(mock)
    assert after_version == body["version"]
    assert (institution, code) not in after
    assert set(after) == set(before) - {(institution, code)}
    # the client's cached copy is stale now: its ETag no longer answers 304
    again = requests.get(
        f"{mock.url}/catalog",
        params={"year": YEAR},
        headers={"If-None-Match": etag},
        timeout=TIMEOUT,
    )
    assert again.status_code == 200 and again.headers["ETag"] != etag
    institutions = requests.get(
        f"{mock.url}/catalog/institutions", params={"year": YEAR}, timeout=TIMEOUT
    ).json()["institutions"]
    count = next(i["programme_count"] for i in institutions if i["code"] == institution)
    assert count == sum(1 for i, _ in before if i == institution) - 1

    # idempotent: the same withdrawal again changes nothing
    repeat = requests.post(withdraw_url(mock, institution, code), headers=bearer(mock.admin))
    assert repeat.status_code == 200 and repeat.json()["version"] == body["version"]


def test_restore_serves_the_generated_catalog_again(mock: Mock) -> None:
    before_version, before = programmes(mock)
    institution, code = before[0]
    requests.post(withdraw_url(mock, institution, code), headers=bearer(mock.admin))
    assert programmes(mock)[0] != before_version
    gone = requests.delete(f"{mock.url}/admin/catalog/withdrawals", headers=bearer(mock.admin))
    assert gone.status_code == 204
    assert programmes(mock) == (before_version, before)


def test_a_withdrawn_programme_is_refused_in_a_preference_save(mock: Mock) -> None:
    _, keys = programmes(mock)
    institution, code = next(k for k in keys if not k[1].startswith("714"))
    item = {"institution_code": institution, "programme_code": code}
    clock = requests.post(  # inside the preference window, so only the catalog can refuse
        f"{mock.url}/admin/clock",
        json={"phase": "preferences", "year": YEAR, "frozen": True},
        headers=bearer(mock.admin),
        timeout=TIMEOUT,
    )
    assert clock.status_code == 200, clock.text
    requests.post(withdraw_url(mock, institution, code), headers=bearer(mock.admin))
    answer = requests.put(
        f"{mock.url}/preferences/me",
        json={"base_version": 0, "items": [item], "year": YEAR},
        headers={**bearer(mock.candidate), "Idempotency-Key": "f" * 32},
        timeout=TIMEOUT,
    )
    body = assert_problem(answer, 422)
    codes = {p["code"] for p in body.get("errors", body.get("problems", []))}
    assert "preferences.unknown_programme" in codes, body


@pytest.mark.parametrize("who", ["staff", "candidate"])
def test_staff_and_candidates_are_forbidden(mock: Mock, who: str) -> None:
    _, keys = programmes(mock)
    institution, code = keys[1]
    token = getattr(mock, who)
    answer = requests.post(withdraw_url(mock, institution, code), headers=bearer(token))
    assert_problem(answer, 403, "auth.forbidden")
    restore = requests.delete(f"{mock.url}/admin/catalog/withdrawals", headers=bearer(token))
    assert_problem(restore, 403, "auth.forbidden")
    assert (institution, code) in programmes(mock)[1]


def test_without_a_token_401(mock: Mock) -> None:
    _, keys = programmes(mock)
    institution, code = keys[1]
    assert_problem(requests.post(withdraw_url(mock, institution, code), timeout=TIMEOUT), 401)
    assert_problem(requests.delete(f"{mock.url}/admin/catalog/withdrawals"), 401)


def test_unknown_programme_404_and_malformed_codes_422(mock: Mock) -> None:
    admin = bearer(mock.admin)
    unknown = requests.post(withdraw_url(mock, "QSB", "9999999"), headers=admin)
    body = assert_problem(unknown, 404, "catalog.unknown_programme")
    assert "9999999" in body["detail"]
    assert_problem(requests.post(withdraw_url(mock, "Q$B", "7480201"), headers=admin), 422)
    assert_problem(requests.post(withdraw_url(mock, "QSB", "74"), headers=admin), 422)
    year = requests.post(
        f"{mock.url}/admin/catalog/programmes/QSB/7480201/withdraw?year=1999", headers=admin
    )
    assert_problem(year, 422)
    far = requests.post(
        f"{mock.url}/admin/catalog/programmes/QSB/7480201/withdraw?year=2099", headers=admin
    )
    assert_problem(far, 404, "catalog.unknown_year")
