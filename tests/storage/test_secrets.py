"""The database key in the OS keyring, and honest errors when there is no usable keyring."""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import keyring.errors
import pytest

from exam_client.storage.errors import (
    KeyNotFound,
    KeyringFailed,
    KeyringLocked,
    KeyringUnavailable,
    StoreError,
)
from exam_client.storage.secrets import (
    SERVICE,
    InMemorySecretStore,
    SecretStore,
    backend_info,
    database_key,
)
from tests.conftest import InMemoryKeyring


def fail_keyring() -> keyring.backend.KeyringBackend:
    return keyring.backends.fail.Keyring()  # type: ignore[no-untyped-call]


def null_keyring() -> keyring.backend.KeyringBackend:
    return keyring.backends.null.Keyring()  # type: ignore[no-untyped-call]


def chainer() -> keyring.backend.KeyringBackend:
    return keyring.backends.chainer.ChainerBackend()  # type: ignore[no-untyped-call]


BLAMING_WORDS = ("wrong password", "incorrect password", "invalid password")
BLAMING_WORDS_VI = ("sai mật khẩu", "mật khẩu không đúng")


def assert_does_not_blame_user(error: StoreError) -> None:
    assert not any(word in str(error).lower() for word in BLAMING_WORDS)
    assert not any(word in error.message_vi.lower() for word in BLAMING_WORDS_VI)


class LockedKeyring(InMemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    set_password = get_password  # type: ignore[assignment]


class ForgetfulKeyring(InMemoryKeyring):
    """Accepts writes and keeps nothing (seen with misconfigured chainers)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        return None


class OversizeKeyring(InMemoryKeyring):
    """Raises a non-keyring exception, as the Windows backend does for a large blob."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise OverflowError("(1783, 'CredWrite', 'The stub received bad data.')")


def test_key_is_created_once_and_reused(memory_keyring: InMemoryKeyring) -> None:
    first = database_key(SecretStore(), "main")
    second = database_key(SecretStore(), "main")
    assert first == second
    assert len(first) == 32
    [(service, name)] = memory_keyring.entries
    assert service == SERVICE == "exam-client"
    stored = memory_keyring.entries[(service, name)]
    assert stored == first.hex()
    assert len(stored) == 64  # a small entry: Windows rejects large credential blobs


def test_each_database_gets_its_own_key() -> None:
    assert database_key(SecretStore(), "main") != database_key(SecretStore(), "demo")


def test_existing_database_without_key_entry_is_not_given_a_new_key() -> None:
    with pytest.raises(KeyNotFound) as caught:
        database_key(SecretStore(), "main", create=False)
    assert "missing" in str(caught.value)
    assert_does_not_blame_user(caught.value)


def test_active_test_keyring_counts_as_secure() -> None:
    info = SecretStore().backend_info()
    assert info.secure
    assert info.name.endswith("InMemoryKeyring")


def test_no_keyring_at_all_raises_keyring_unavailable_without_blaming_user() -> None:
    keyring.set_keyring(fail_keyring())  # conftest restores the previous one
    store = SecretStore()
    assert not store.backend_info().secure
    with pytest.raises(KeyringUnavailable) as caught:
        database_key(store, "main")
    error = caught.value
    assert "no secure system keyring" in str(error).lower()
    assert "passphrase" in str(error)
    assert "cụm mật khẩu" in error.message_vi
    assert_does_not_blame_user(error)


def test_reading_from_the_fail_backend_directly_is_translated_too() -> None:
    keyring.set_keyring(fail_keyring())
    with pytest.raises(KeyringUnavailable):
        SecretStore().get("anything")


def test_null_backend_is_not_secure() -> None:
    info = backend_info(null_keyring())
    assert not info.secure
    assert "disabled" in info.reason


def test_chainer_without_backends_is_not_secure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring.backend, "get_all_keyring", list)
    info = backend_info(chainer())
    assert not info.secure
    assert "no backends" in info.reason


def test_chainer_with_a_plaintext_member_is_not_secure(monkeypatch: pytest.MonkeyPatch) -> None:
    plaintext = type("PlaintextKeyring", (InMemoryKeyring,), {"__module__": "keyrings.alt.file"})
    members = [InMemoryKeyring(), plaintext()]
    monkeypatch.setattr(keyring.backend, "get_all_keyring", lambda: members)
    info = backend_info(chainer())
    assert not info.secure
    assert "keyrings.alt.file.PlaintextKeyring" in info.reason


def test_chainer_of_secure_backends_is_secure(monkeypatch: pytest.MonkeyPatch) -> None:
    members = [InMemoryKeyring(), InMemoryKeyring()]
    monkeypatch.setattr(keyring.backend, "get_all_keyring", lambda: members)
    assert backend_info(chainer()).secure


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("keyrings.alt.file", "PlaintextKeyring"),
        ("keyrings.alt.file", "EncryptedKeyring"),  # prompts on a terminal: useless in a GUI
        ("keyrings.cryptfile.cryptfile", "CryptFileKeyring"),
        ("somevendor.backends", "PlainTextKeyring"),
    ],
)
def test_file_backends_are_not_secure(module: str, name: str) -> None:
    backend_class = type(name, (InMemoryKeyring,), {"__module__": module})
    keyring.set_keyring(backend_class())
    with pytest.raises(KeyringUnavailable) as caught:
        database_key(SecretStore(), "main")
    assert "plain file" in str(caught.value)


def test_locked_keyring_raises_keyring_locked_not_wrong_password() -> None:
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(KeyringLocked) as caught:
        database_key(SecretStore(), "main")
    error = caught.value
    assert "locked" in str(error)
    assert "bị khoá" in error.message_vi
    assert_does_not_blame_user(error)


def test_keyring_that_drops_writes_fails_now_not_at_next_start() -> None:
    keyring.set_keyring(ForgetfulKeyring())
    with pytest.raises(KeyringFailed):
        database_key(SecretStore(), "main")


def test_backend_specific_exception_becomes_keyring_failed() -> None:
    keyring.set_keyring(OversizeKeyring())
    with pytest.raises(KeyringFailed) as caught:
        database_key(SecretStore(), "main")
    assert "OverflowError" in str(caught.value)


def test_damaged_key_entry_is_reported(memory_keyring: InMemoryKeyring) -> None:
    memory_keyring.entries[(SERVICE, "database-key/main")] = "not hex at all"
    with pytest.raises(KeyringFailed):
        database_key(SecretStore(), "main")
    memory_keyring.entries[(SERVICE, "database-key/main")] = "ab" * 16
    with pytest.raises(KeyringFailed, match="16 bytes"):
        database_key(SecretStore(), "main")


def test_explicit_backend_is_used_instead_of_the_global_one(
    memory_keyring: InMemoryKeyring,
) -> None:
    own = InMemoryKeyring()
    key = database_key(SecretStore(own), "main")
    assert own.entries[(SERVICE, "database-key/main")] == key.hex()
    assert memory_keyring.entries == {}


def test_delete_removes_entry_and_ignores_missing(memory_keyring: InMemoryKeyring) -> None:
    store = SecretStore()
    store.set("token", "abc")
    store.delete("token")
    store.delete("token")
    assert store.get("token") is None


def test_in_memory_store_for_demo_mode_keeps_key_for_this_process_only(
    memory_keyring: InMemoryKeyring,
) -> None:
    keyring.set_keyring(fail_keyring())
    demo = InMemorySecretStore()
    info = demo.backend_info()
    assert info.secure
    assert not info.persistent
    assert "lost when the app exits" in info.reason
    key = database_key(demo, "demo")
    assert database_key(demo, "demo") == key
    assert database_key(InMemorySecretStore(), "demo") != key  # a new process: a new key
    assert memory_keyring.entries == {}
    demo.delete("database-key/demo")
    assert demo.get("database-key/demo") is None
