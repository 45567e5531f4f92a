"""Suite-wide fixtures: headless Qt, an in-memory OS keyring, a throw-away data dir.

The real OS keyring is never touched by tests, and never replaced by nothing: every test runs with
an in-memory backend that behaves like a secure one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import keyring.backend
import pytest

from exam_client.services.logs import install_redaction

install_redaction()  # the suite's logs must never hold an unmasked ID

if TYPE_CHECKING:
    from tests.ministry import MockMinistry


class InMemoryKeyring(keyring.backend.KeyringBackend):
    """A secure-looking keyring that lives in a dict (tests only)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            import keyring.errors

            raise keyring.errors.PasswordDeleteError(username) from None


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[InMemoryKeyring]:
    previous = keyring.get_keyring()
    backend = InMemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def ministry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockMinistry]:
    """A real mock ministry on 127.0.0.1 with a free port, for one test (it may be stopped)."""
    from tests.ministry import start_mock

    mock = start_mock(tmp_path_factory.mktemp("ministry"))
    try:
        yield mock
    finally:
        mock.stop()
