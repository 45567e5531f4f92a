"""Everything the UI may use, built once by the composition root (``exam_client.app``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # keep the first window's import path light (see services/boot.py)
    from exam_client.services.auth import AuthService
    from exam_client.services.citizens import CitizenLookupService
    from exam_client.services.connection import ConnectionMonitor
    from exam_client.services.settings import Settings


@dataclass(frozen=True, slots=True)
class KeyStorage:
    """Where the local database key lives, said plainly in the status bar."""

    description_vi: str
    secure: bool


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    password: str


@dataclass
class AppServices:
    settings: Settings
    auth: AuthService
    citizens: CitizenLookupService
    connection: ConnectionMonitor
    key_storage: KeyStorage
    demo_account: DemoAccount | None = None
    _closers: list[Callable[[], None]] = field(default_factory=list)

    def on_close(self, fn: Callable[[], None]) -> None:
        self._closers.append(fn)

    def close(self) -> None:
        while self._closers:
            self._closers.pop()()
