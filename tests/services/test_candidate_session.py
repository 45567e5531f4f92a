"""The candidate's session service against the real mock: sign in, refuse staff, forget."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from exam_client.api.client import MinistryClient
from exam_client.api.errors import NotFound
from exam_client.services.candidate_session import (
    CandidateSessionService,
    NotACandidate,
    PasswordChangeUnavailable,
    SessionEnded,
    VneidExpired,
    WeakPassword,
)
from exam_client.services.connection import ConnectionMonitor
from exam_client.services.errors import (
    AuthError,
    InvalidCredentials,
    NetworkError,
    ServiceError,
    SessionExpired,
)
from ministry_mock.app import seed_report
from ministry_mock.demo_accounts import DEMO_CANDIDATE_PASS
from tests.ministry import MockMinistry


@pytest.fixture
def client(ministry: MockMinistry) -> Iterator[MinistryClient]:
    c = MinistryClient(ministry.base_url, retries=0)
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def service(client: MinistryClient) -> CandidateSessionService:
    return CandidateSessionService(client, ConnectionMonitor(client))


def candidate_id(ministry: MockMinistry) -> str:
    username = seed_report(ministry.app).demo_candidate_username
    assert username is not None
    return username


def test_candidate_signs_in_with_cccd(
    service: CandidateSessionService, ministry: MockMinistry
) -> None:
    cccd = candidate_id(ministry)
    session = service.sign_in(cccd, DEMO_CANDIDATE_PASS)
    assert session is service.session
    assert session.cccd == cccd
    assert session.display_name == ministry.citizen_name(cccd)
    assert session.must_change_password is False  # the published demo account
    assert service.has_tokens


def test_wrong_password_is_invalid_credentials(
    service: CandidateSessionService, ministry: MockMinistry
) -> None:
    with pytest.raises(InvalidCredentials):
        service.sign_in(candidate_id(ministry), "wrong-password-1")
    assert service.session is None
    assert not service.has_tokens


def test_staff_account_is_refused_and_its_tokens_dropped(
    service: CandidateSessionService, ministry: MockMinistry
) -> None:
    with pytest.raises(NotACandidate):
        service.sign_in(ministry.username, ministry.password)
    assert service.session is None
    assert not service.has_tokens


def test_end_forgets_everything_and_revoke_is_best_effort(
    service: CandidateSessionService, ministry: MockMinistry, caplog: pytest.LogCaptureFixture
) -> None:
    session = service.sign_in(candidate_id(ministry), DEMO_CANDIDATE_PASS)
    session.data["draft"] = {"subjects": ["Toán"]}
    ref = weakref.ref(session)
    del session
    revoke = service.end()
    assert service.session is None
    assert not service.has_tokens
    gc.collect()
    assert ref() is None
    revoke()  # POST /auth/logout: the server forgets the refresh token too
    revoke()  # idempotent


def test_revoke_really_signs_out_on_the_server(
    service: CandidateSessionService, client: MinistryClient, ministry: MockMinistry
) -> None:
    service.sign_in(candidate_id(ministry), DEMO_CANDIDATE_PASS)
    pair = client.tokens
    assert pair is not None
    service.end()()
    client.set_tokens(pair)  # a copy someone kept: both tokens are dead
    with pytest.raises(SessionExpired):
        client.refresh()
    client.set_tokens(pair)
    with pytest.raises(AuthError):
        client.my_preferences()


def test_revoke_survives_a_dead_server(
    service: CandidateSessionService, ministry: MockMinistry
) -> None:
    service.sign_in(candidate_id(ministry), DEMO_CANDIDATE_PASS)
    revoke = service.end()
    ministry.stop()
    revoke()  # NetworkError swallowed: the visit is over either way


def test_sign_in_finishing_after_the_visit_ended_is_discarded(
    service: CandidateSessionService, client: MinistryClient, ministry: MockMinistry
) -> None:
    real_login = client.login

    def login_then_wipe(username: str, password: str):  # type: ignore[no-untyped-def]
        pair = real_login(username, password)
        service.end()  # the idle wipe fired while the request was on its way
        return pair

    client.login = login_then_wipe  # type: ignore[method-assign]
    with pytest.raises(SessionEnded):
        service.sign_in(candidate_id(ministry), DEMO_CANDIDATE_PASS)
    assert service.session is None
    assert not service.has_tokens


def issued_account(ministry: MockMinistry, index: int = 5) -> tuple[str, str]:
    """A school issues a candidate account (as staff do): (cccd, one-time password)."""
    staff = MinistryClient(ministry.base_url, retries=0)
    try:
        staff.login(ministry.username, ministry.password)
        cccd = next(c for c in ministry.citizen_ids(30)[index:] if c != candidate_id(ministry))
        answer = staff.send("POST", "/auth/candidate-accounts", json={"cccd": cccd})
        return cccd, str(answer.json()["initial_password"])
    finally:
        staff.close()


def test_first_sign_in_must_change_then_the_new_password_works(
    service: CandidateSessionService, ministry: MockMinistry
) -> None:
    cccd, initial = issued_account(ministry)
    session = service.sign_in(cccd, initial)
    assert session.must_change_password is True
    service.change_password(initial, "MatKhauMoi2026")
    assert session.must_change_password is False
    service.end()()
    assert service.sign_in(cccd, "MatKhauMoi2026").must_change_password is False


def test_change_password_with_a_wrong_old_password(
    service: CandidateSessionService, ministry: MockMinistry
) -> None:
    cccd, initial = issued_account(ministry, 8)
    session = service.sign_in(cccd, initial)
    with pytest.raises(InvalidCredentials):
        service.change_password("SaiMatKhau99", "MatKhauMoi2026")
    assert session.must_change_password is True


def test_change_password_reports_a_server_without_the_endpoint(
    service: CandidateSessionService, client: MinistryClient, ministry: MockMinistry
) -> None:
    service.sign_in(candidate_id(ministry), DEMO_CANDIDATE_PASS)

    def missing(old_password: str, new_password: str) -> None:
        raise NotFound("HTTP 404", status=404)

    client.change_password = missing  # type: ignore[method-assign]
    with pytest.raises(PasswordChangeUnavailable):
        service.change_password(DEMO_CANDIDATE_PASS, "MatKhauMoi2026")


def test_change_password_needs_a_session(service: CandidateSessionService) -> None:
    with pytest.raises(SessionEnded):
        service.change_password("a", "MatKhauMoi2026")


def test_change_password_network_down(
    service: CandidateSessionService, ministry: MockMinistry
) -> None:
    service.sign_in(candidate_id(ministry), DEMO_CANDIDATE_PASS)
    ministry.stop()
    with pytest.raises(NetworkError):
        service.change_password(DEMO_CANDIDATE_PASS, "MatKhauMoi2026")


@pytest.mark.parametrize(
    ("old", "new", "cccd", "reason"),
    [
        ("Thisinh@26", "abc12", "", "short"),
        ("Thisinh@26", "Thisinh@26", "", "same"),
        ("x", "a001206012345", "001206012345", "is_id"),
        ("x", "chichucaithoi", "", "letters_digits"),
        ("x", "12345678901", "", "letters_digits"),
    ],
)
def test_new_password_policy(old: str, new: str, cccd: str, reason: str) -> None:
    weak = CandidateSessionService.check_new_password(old, new, cccd)
    assert isinstance(weak, WeakPassword)
    assert weak.reason == reason
    assert weak.message_vi


def test_a_good_new_password_passes() -> None:
    assert CandidateSessionService.check_new_password("Thisinh@26", "HoaSen2026") is None


def test_weak_password_is_refused_before_sending(
    service: CandidateSessionService, ministry: MockMinistry
) -> None:
    service.sign_in(candidate_id(ministry), DEMO_CANDIDATE_PASS)
    with pytest.raises(WeakPassword):
        service.change_password(DEMO_CANDIDATE_PASS, "short")


def test_vneid_challenge_is_one_time() -> None:
    a, b = CandidateSessionService.start_vneid(), CandidateSessionService.start_vneid()
    assert a.session_id != b.session_id
    assert a.session_id in a.qr_payload
    assert a.local_only


def test_vneid_sign_in_through_the_server(client: MinistryClient, ministry: MockMinistry) -> None:
    service = CandidateSessionService(client, ConnectionMonitor(client), demo=True)
    challenge = service.open_vneid()
    assert not challenge.local_only and challenge.demo_approvable
    assert challenge.poll_token not in challenge.qr_payload
    assert service.poll_vneid(challenge) is None  # the phone has not approved yet
    service.approve_vneid_demo(challenge)
    session = service.poll_vneid(challenge)
    assert session is not None and session is service.session
    assert session.cccd == candidate_id(ministry)
    assert service.has_tokens
    with pytest.raises(VneidExpired):  # collected once
        service.poll_vneid(challenge)


def test_vneid_demo_approval_only_in_demo_mode(service: CandidateSessionService) -> None:
    challenge = service.open_vneid()
    assert not challenge.demo_approvable
    with pytest.raises(ServiceError):
        service.approve_vneid_demo(challenge)
