"""Sign-in returns before the offline-unlock hash is written; nothing reads it before it is."""

from __future__ import annotations

import threading

from exam_client.api.client import MinistryClient
from exam_client.services.auth import AuthService
from exam_client.services.connection import ConnectionMonitor
from tests.ministry import MockMinistry


class SlowPasswords:
    """Stands in for ``OfflinePasswords``: ``record`` blocks (like scrypt) until released."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls: list[str] = []
        self.hashes: dict[str, str] = {}

    def record(self, username: str, password: str) -> None:
        assert self.release.wait(30)
        self.hashes[username] = password
        self.calls.append("record")

    def verify(self, username: str, password: str) -> bool | None:
        self.calls.append("verify")
        known = self.hashes.get(username)
        return None if known is None else known == password

    def has(self, username: str) -> bool:
        return username in self.hashes

    def forget(self, username: str) -> None:
        self.calls.append("forget")
        self.hashes.pop(username, None)


def _auth(ministry: MockMinistry, passwords: SlowPasswords) -> AuthService:
    client = MinistryClient(ministry.base_url)
    return AuthService(client, ConnectionMonitor(client), passwords=passwords)  # type: ignore[arg-type]


def test_sign_in_does_not_wait_for_the_password_hash(ministry: MockMinistry) -> None:
    passwords = SlowPasswords()
    auth = _auth(ministry, passwords)
    session = auth.sign_in(ministry.username, ministry.password)  # returns while record blocks
    assert session.username == ministry.username
    assert passwords.calls == []  # the hash is still being made

    answers: list[bool | None] = []
    unlock = threading.Thread(
        target=lambda: answers.append(
            auth.verify_offline_password(ministry.username, ministry.password)
        )
    )
    unlock.start()
    unlock.join(0.3)
    assert unlock.is_alive()  # the unlock waits for the hash instead of finding none
    passwords.release.set()
    unlock.join(30)
    assert answers == [True]
    assert passwords.calls == ["record", "verify"]


def test_sign_out_forgets_the_hash_only_after_it_was_written(ministry: MockMinistry) -> None:
    passwords = SlowPasswords()
    auth = _auth(ministry, passwords)
    auth.sign_in(ministry.username, ministry.password)
    out = threading.Thread(target=auth.sign_out)
    out.start()
    passwords.release.set()
    out.join(30)
    auth.wait_offline_password(30)  # the forget runs on its own thread, after the record
    assert passwords.calls == ["record", "forget"]
    assert not passwords.has(ministry.username)  # no hash left behind for the next person


def test_without_offline_passwords_there_is_nothing_to_verify(ministry: MockMinistry) -> None:
    client = MinistryClient(ministry.base_url)
    auth = AuthService(client, ConnectionMonitor(client))
    auth.sign_in(ministry.username, ministry.password)
    auth.wait_offline_password()
    assert auth.verify_offline_password(ministry.username, ministry.password) is None
