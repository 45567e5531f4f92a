"""MinistryClient against the real mock ministry over loopback HTTP, and against a broken server."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest

from exam_client.api import errors
from exam_client.api.client import MinistryClient
from exam_client.domain.cccd import parse_cccd
from tests.ministry import MockMinistry


def test_health_and_login(ministry: MockMinistry) -> None:
    client = MinistryClient(ministry.base_url)
    assert client.health().status == "ok"
    seen = []
    client.on_tokens_changed(seen.append)
    pair = client.login(ministry.username, ministry.password)
    assert pair.role == "staff"
    assert pair.school_code and len(pair.school_code) == 5
    assert client.tokens == pair
    assert seen == [pair]


def test_wrong_password_is_invalid_credentials_not_a_crash(ministry: MockMinistry) -> None:
    client = MinistryClient(ministry.base_url)
    with pytest.raises(errors.InvalidCredentials) as err:
        client.login(ministry.username, "wrong-password")
    assert err.value.status == 401
    assert "mật khẩu" in err.value.message_vi
    assert client.tokens is None


def test_lockout_after_repeated_failures(ministry: MockMinistry) -> None:
    client = MinistryClient(ministry.base_url)
    for _ in range(4):
        with pytest.raises(errors.InvalidCredentials):
            client.login(ministry.username, "nope")
    with pytest.raises(errors.AccountLocked):  # the fifth failure locks the account
        client.login(ministry.username, "nope")
    with pytest.raises(errors.AccountLocked) as err:
        client.login(ministry.username, ministry.password)
    assert err.value.retry_after and err.value.retry_after > 0


def test_citizen_lookup_and_problem_mapping(ministry: MockMinistry) -> None:
    client = MinistryClient(ministry.base_url)
    client.login(ministry.username, ministry.password)
    cccd = ministry.citizen_ids(1)[0]
    record = client.get_citizen(cccd)
    parsed = parse_cccd(record.cccd)
    assert record.full_name == ministry.citizen_name(cccd)
    assert (record.date_of_birth.year, record.gender) == (parsed.birth_year, parsed.gender)

    with pytest.raises(errors.NotFound):
        client.get_citizen("001208999999" if cccd != "001208999999" else "001208999998")
    with pytest.raises(errors.ValidationFailed) as err:
        client.get_citizen("12345")
    assert err.value.problems and err.value.problems[0].code.startswith("cccd.")


def test_expired_access_token_is_refreshed_once_and_the_call_repeated(
    ministry: MockMinistry,
) -> None:
    client = MinistryClient(ministry.base_url)
    first = client.login(ministry.username, ministry.password)
    ministry.clock.advance(timedelta(minutes=20))  # access TTL is 15 min, refresh 12 h
    record = client.get_citizen(ministry.citizen_ids(1)[0])
    assert record.cccd
    assert client.tokens is not None
    assert client.tokens.refresh_token != first.refresh_token  # rotated


def test_expired_refresh_token_means_sign_in_again(ministry: MockMinistry) -> None:
    client = MinistryClient(ministry.base_url)
    client.login(ministry.username, ministry.password)
    ministry.clock.advance(timedelta(hours=13))
    with pytest.raises(errors.SessionExpired):
        client.get_citizen(ministry.citizen_ids(1)[0])
    assert client.tokens is None


def test_candidate_or_anonymous_calls_are_refused(ministry: MockMinistry) -> None:
    client = MinistryClient(ministry.base_url)
    with pytest.raises(errors.AuthError):
        client.get_citizen(ministry.citizen_ids(1)[0])


def test_server_down_is_network_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = MinistryClient(f"http://127.0.0.1:{port}", retries=0, timeout=(0.5, 0.5))
    with pytest.raises(errors.NetworkError) as err:
        client.health()
    assert "ngoại tuyến" in err.value.message_vi


class _Broken(http.server.BaseHTTPRequestHandler):
    mode = "garbage"
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        if self.mode == "garbage":
            body = b"<html>proxy login page</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
        elif self.mode == "503":
            body = b"busy"
            self.send_response(503)
            self.send_header("Retry-After", "0")
        else:
            body = b"Internal error"
            self.send_response(500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def broken_server() -> Iterator[tuple[str, type[_Broken]]]:
    handler = type("Handler", (_Broken,), {"hits": 0})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("mode", "exc"), [("garbage", errors.ServerError), ("500", errors.ServerError)]
)
def test_garbage_and_500_are_server_errors(
    broken_server: tuple[str, type[_Broken]], mode: str, exc: type[Exception]
) -> None:
    url, handler = broken_server
    handler.mode = mode
    with pytest.raises(exc):
        MinistryClient(url, retries=0).health()


def test_idempotent_get_is_retried_on_503_then_reported_as_slow_down(
    broken_server: tuple[str, type[_Broken]],
) -> None:
    url, handler = broken_server
    handler.mode = "503"
    with pytest.raises(errors.SlowDown):
        MinistryClient(url, retries=2).health()
    assert handler.hits == 3  # first try + 2 retries
