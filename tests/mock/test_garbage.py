"""Garbage in never gives a 500 (or a non-problem error): property tests over real HTTP."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from exam_client.api.contract import PROBLEM_CONTENT_TYPE
from tests.mock.support import TIMEOUT, assert_problem, tokens

FUZZ = settings(max_examples=60, deadline=None)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=80),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
login_like = st.fixed_dictionaries(
    {}, optional={"username": json_values, "password": json_values, "extra": json_values}
)
header_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=80
).map(str.strip)  # requests refuses header values with outer whitespace


def _check(response: requests.Response) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.headers["Content-Type"].startswith(PROBLEM_CONTENT_TYPE), response.text
        assert "Traceback" not in response.text


_staff: dict[str, Any] = {}


def _staff_token(base_url: str) -> str:
    if base_url not in _staff:
        _staff[base_url] = tokens(base_url, "canbo.demo", "Demo@2026")["access_token"]
    return str(_staff[base_url])


@FUZZ
@given(typed=st.text(max_size=40))
def test_any_typed_id(base_url: str, typed: str) -> None:
    response = requests.get(
        f"{base_url}/population/citizens/{quote(typed, safe='')}",
        headers={"Authorization": f"Bearer {_staff_token(base_url)}"},
        timeout=TIMEOUT,
    )
    _check(response)
    assert response.status_code in (200, 404, 422)


@FUZZ
@given(body=st.one_of(json_values, login_like))
def test_any_json_to_login_and_refresh(base_url: str, body: object) -> None:
    for path in ("/auth/login", "/auth/refresh"):
        _check(requests.post(f"{base_url}{path}", json=body, timeout=TIMEOUT))


@FUZZ
@given(raw=st.binary(max_size=200), content_type=header_text)
def test_any_bytes_to_login(base_url: str, raw: bytes, content_type: str) -> None:
    response = requests.post(
        f"{base_url}/auth/login",
        data=raw,
        headers={"Content-Type": content_type},
        timeout=TIMEOUT,
    )
    _check(response)


@FUZZ
@given(value=header_text)
def test_any_authorization_header(base_url: str, value: str) -> None:
    response = requests.get(
        f"{base_url}/population/citizens/001208000001",
        headers={"Authorization": value},
        timeout=TIMEOUT,
    )
    _check(response)
    assert response.status_code == 401


def test_lone_surrogates_nul_bytes_and_broken_utf8(base_url: str) -> None:
    for username, password in (("\ud800", "x"), ("a\x00b", "\x00"), ("x", "\udfff" * 3)):
        # json.dumps escapes lone surrogates as \\udXXX, which a lax parser would accept
        _check(
            requests.post(
                f"{base_url}/auth/login",
                data=json.dumps({"username": username, "password": password}),
                headers={"Content-Type": "application/json"},
                timeout=TIMEOUT,
            )
        )
    for path in ("%ED%A0%80", "%FF%FE", "%00" * 12, "..%2F..%2Fetc%2Fpasswd"):
        response = requests.get(
            f"{base_url}/population/citizens/{path}",
            headers={"Authorization": f"Bearer {_staff_token(base_url)}"},
            timeout=TIMEOUT,
        )
        _check(response)
        assert response.status_code in (404, 422)


def test_wrong_methods_and_unknown_paths(base_url: str) -> None:
    assert_problem(requests.delete(f"{base_url}/health", timeout=TIMEOUT), 405)
    assert_problem(requests.get(f"{base_url}/auth/login", timeout=TIMEOUT), 405)
    assert_problem(requests.get(f"{base_url}/no/such/thing", timeout=TIMEOUT), 404)
    assert_problem(requests.get(f"{base_url}/population/citizens/", timeout=TIMEOUT), 404)
    huge = "9" * 5000
    assert_problem(
        requests.get(
            f"{base_url}/population/citizens/{huge}",
            headers={"Authorization": f"Bearer {_staff_token(base_url)}"},
            timeout=TIMEOUT,
        ),
        422,
        "cccd.length",
    )
