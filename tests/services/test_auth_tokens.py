"""Staff tokens in the OS keyring, the offline password hash, resuming a session — against the
real mock over HTTP, a real SQLCipher store and the in-memory keyring of ``tests/conftest.py``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.errors
import pytest

from exam_client.api.contract import TokenPair
from exam_client.services.bootstrap import build_services
from exam_client.services.context import AppServices
from exam_client.services.errors import InvalidCredentials
from exam_client.services.online import keyring_status, token_secrets
from exam_client.services.settings import Settings
from exam_client.services.token_store import (
    ACCESS_ENTRY,
    ENTRIES,
    PROFILE_ENTRY,
    REFRESH_ENTRY,
    TokenStore,
)
from exam_client.storage.secrets import (
    MAX_ENTRY_BYTES,
    SERVICE,
    EntryTooLarge,
    InMemorySecretStore,
    SecretStore,
    backend_info,
    entry_size,
)
from tests.conftest import InMemoryKeyring
from tests.ministry import MockMinistry

BLAMING_VI = ("mật khẩu không đúng", "sai mật khẩu")


def _build(ministry: MockMinistry, data_dir: Path) -> AppServices:
    return build_services(Settings(data_dir=data_dir, api_url=ministry.base_url))


@pytest.fixture
def services(ministry: MockMinistry, tmp_path: Path) -> Iterator[AppServices]:
    s = _build(ministry, tmp_path / "client")
    try:
        yield s
    finally:
        s.close()


def _stored(backend: InMemoryKeyring) -> dict[str, str]:
    """The session entries (the database key lives in the same service and stays)."""
    return {
        name: value
        for (service, name), value in backend.entries.items()
        if service == SERVICE and name.startswith("staff-session/")
    }


def _verify(services: AppServices, username: str, password: str) -> bool | None:
    lock = services.session_lock
    assert lock is not None
    return lock._verify(username, password)  # the same check the lock screen runs


def test_sign_in_saves_small_separate_entries_and_records_the_hash(
    services: AppServices, ministry: MockMinistry, memory_keyring: InMemoryKeyring
) -> None:
    session = services.auth.sign_in(ministry.username, ministry.password)

    stored = _stored(memory_keyring)
    tokens = services.auth._client.tokens
    assert tokens is not None
    assert stored[ACCESS_ENTRY] == tokens.access_token
    assert stored[REFRESH_ENTRY] == tokens.refresh_token
    assert session.username in stored[PROFILE_ENTRY]
    for name in ENTRIES:  # what the Windows credential store accepts, measured on real tokens
        assert 0 < entry_size(stored[name]) <= MAX_ENTRY_BYTES, name
    assert _verify(services, session.username, ministry.password) is True
    assert _verify(services, session.username, ministry.password + "x") is False
    assert services.auth.token_problem_vi is None


def test_every_rotation_is_saved_and_sign_out_removes_everything(
    services: AppServices, ministry: MockMinistry, memory_keyring: InMemoryKeyring
) -> None:
    session = services.auth.sign_in(ministry.username, ministry.password)
    first = _stored(memory_keyring)[REFRESH_ENTRY]

    rotated = services.auth._client.refresh()

    assert rotated.refresh_token != first
    assert _stored(memory_keyring)[REFRESH_ENTRY] == rotated.refresh_token
    assert _stored(memory_keyring)[ACCESS_ENTRY] == rotated.access_token

    services.auth.sign_out()
    assert _stored(memory_keyring) == {}
    assert _verify(services, session.username, ministry.password) is None


def test_failed_sign_in_saves_nothing(
    services: AppServices, ministry: MockMinistry, memory_keyring: InMemoryKeyring
) -> None:
    with pytest.raises(InvalidCredentials):
        services.auth.sign_in(ministry.username, "not the password")
    assert _stored(memory_keyring) == {}


def test_reopened_app_resumes_the_session_and_calls_the_server(
    ministry: MockMinistry, tmp_path: Path, memory_keyring: InMemoryKeyring
) -> None:
    first = _build(ministry, tmp_path / "client")
    try:
        signed_in = first.auth.sign_in(ministry.username, ministry.password)
    finally:
        first.close()

    second = _build(ministry, tmp_path / "client")
    try:
        assert second.auth.session is None
        resumed = second.auth.resume()
        assert resumed == signed_in
        # The restored tokens are accepted, and an expired access token is refreshed.
        ministry.clock.advance(timedelta(minutes=20))
        cccd = ministry.citizen_ids(1)[0]
        assert second.citizens is not None
        assert second.auth._client.get_citizen(cccd).cccd == cccd
        assert _stored(memory_keyring)[ACCESS_ENTRY] == second.auth._client.tokens.access_token  # type: ignore[union-attr]
    finally:
        second.close()


def test_expired_saved_session_is_not_resumed_and_is_removed(
    services: AppServices, ministry: MockMinistry, memory_keyring: InMemoryKeyring
) -> None:
    services.auth.sign_in(ministry.username, ministry.password)
    later = datetime.now(UTC) + timedelta(days=2)
    services.auth._clock = lambda: later
    services.auth._session = None  # as after a restart

    assert services.auth.resume() is None
    assert _stored(memory_keyring) == {}


def test_locked_keyring_at_start_gets_its_own_message_and_sign_in_still_works(
    services: AppServices, ministry: MockMinistry, memory_keyring: InMemoryKeyring
) -> None:
    class LockedKeyring(InMemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise keyring.errors.KeyringLocked("the login keychain is locked")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise keyring.errors.KeyringLocked("the login keychain is locked")

    keyring.set_keyring(LockedKeyring())

    assert services.auth.resume() is None
    message = services.auth.resume_problem_vi
    assert message is not None
    assert "bị khoá" in message
    assert not any(word in message.lower() for word in BLAMING_VI)

    session = services.auth.sign_in(ministry.username, ministry.password)  # not blocked by it
    assert session.username == ministry.username
    saved_problem = services.auth.token_problem_vi
    assert saved_problem is not None
    assert "kho khoá" in saved_problem.lower()
    assert not any(word in saved_problem.lower() for word in BLAMING_VI)


def test_missing_keyring_keeps_tokens_in_memory_only() -> None:
    info = backend_info(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    secrets = token_secrets(info)
    assert isinstance(secrets, InMemorySecretStore)
    status = keyring_status(info, secrets)
    assert (status.secure, status.persistent) == (False, False)
    assert status.reason_vi == "không tìm thấy kho khoá nào"
    assert TokenStore(secrets).persistent is False


def test_secure_keyring_is_used_for_tokens_and_reported_as_such() -> None:
    info = backend_info()
    secrets = token_secrets(info)
    assert type(secrets) is SecretStore
    status = keyring_status(info, secrets)
    assert (status.secure, status.persistent) == (True, True)
    assert status.friendly_name == "InMemoryKeyring"


def _pair(access: str = "a" * 43, refresh: str = "r" * 43) -> TokenPair:
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=900,
        refresh_expires_in=43_200,
        role="staff",
        username="canbo.truong",
        display_name="Nguyễn Văn Cán Bộ",
        school_code="01001",
        school_name="THPT Chu Văn An",
    )


def test_oversized_entry_is_refused_before_anything_is_written(
    memory_keyring: InMemoryKeyring,
) -> None:
    store = TokenStore(SecretStore())
    store.on_tokens_changed(_pair(access="x" * (MAX_ENTRY_BYTES // 2 + 1)))
    assert store.last_problem is not None
    assert _stored(memory_keyring) == {}
    with pytest.raises(EntryTooLarge):
        SecretStore().set("big", "é" * (MAX_ENTRY_BYTES // 2 + 1))
    with pytest.raises(EntryTooLarge):
        InMemorySecretStore().set("big", "x" * (MAX_ENTRY_BYTES // 2 + 1))
    SecretStore().set("fits", "x" * (MAX_ENTRY_BYTES // 2))  # exactly at the limit


def test_saved_session_round_trips_and_damaged_profile_is_ignored(
    memory_keyring: InMemoryKeyring,
) -> None:
    now = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    store = TokenStore(SecretStore(), clock=lambda: now)
    store.save(_pair())
    loaded = store.load()
    assert loaded is not None
    assert loaded.refresh_expires_at == now + timedelta(hours=12)
    assert loaded.token_pair(now + timedelta(minutes=5)).expires_in == 600
    assert loaded.usable(now) and not loaded.usable(now + timedelta(hours=12))

    SecretStore().set(PROFILE_ENTRY, "{not json")
    assert store.load() is None
    SecretStore().delete(ACCESS_ENTRY)
    assert store.load() is None
    store.save(None)
    assert _stored(memory_keyring) == {}
    assert store.load() is None


def test_profile_with_an_unknown_role_is_ignored(memory_keyring: InMemoryKeyring) -> None:
    store = TokenStore(SecretStore())
    store.save(_pair())
    profile = SecretStore().get(PROFILE_ENTRY)
    assert profile is not None
    SecretStore().set(PROFILE_ENTRY, profile.replace('"staff"', '"superuser"'))
    assert store.load() is None


def test_a_candidates_tokens_are_never_saved(memory_keyring: InMemoryKeyring) -> None:
    store = TokenStore(SecretStore())
    store.save(_pair())
    candidate = _pair().model_copy(update={"role": "candidate", "username": "001307012345"})
    store.on_tokens_changed(candidate)
    assert _stored(memory_keyring) == {}  # and the staff session saved before is gone too
    assert store.last_problem is None


def test_kiosk_mode_does_not_remember_sessions(
    ministry: MockMinistry, tmp_path: Path, memory_keyring: InMemoryKeyring
) -> None:
    settings = Settings(data_dir=tmp_path / "kiosk", api_url=ministry.base_url, mode="kiosk")
    kiosk = build_services(settings)
    try:
        kiosk.auth.sign_in(ministry.username, ministry.password)
        assert _stored(memory_keyring) == {}
    finally:
        kiosk.close()
    reopened = build_services(settings)
    try:
        assert reopened.auth.resume() is None
    finally:
        reopened.close()
