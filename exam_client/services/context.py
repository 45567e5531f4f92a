"""Everything the UI may use, built once by the composition root (``exam_client.app``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # keep the first window's import path light (see services/boot.py)
    from exam_client.api.client import MinistryClient
    from exam_client.services.auth import AuthService
    from exam_client.services.candidate_session import CandidateSessionService
    from exam_client.services.citizens import CitizenLookupService
    from exam_client.services.connection import ConnectionMonitor
    from exam_client.services.diagnostics import DiagnosticsService
    from exam_client.services.registrations import RegistrationService
    from exam_client.services.review import ReviewService
    from exam_client.services.session_lock import SessionLock
    from exam_client.services.settings import Settings
    from exam_client.services.sync import SyncEngine


@dataclass(frozen=True, slots=True)
class KeyStorage:
    """Where the local database key lives, said plainly in the status bar."""

    description_vi: str
    secure: bool


@dataclass(frozen=True, slots=True)
class KeyringStatus:
    """The OS keyring as the settings page shows it (the UI may not import storage)."""

    backend: str  # qualified class name, e.g. keyring.backends.Windows.WinVaultKeyring
    friendly_name: str  # e.g. "Windows Credential Manager"
    secure: bool
    persistent: bool  # False: tokens live in memory for this run only
    reason_vi: str


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    password: str


@dataclass(frozen=True, slots=True)
class OnlineServices:
    """The first stage of a start: what signing in and the main window's frame need. No local
    store, hence no SQLAlchemy: built in about half the time of :class:`AppServices`, which
    reuses these objects (see :mod:`exam_client.services.boot`)."""

    settings: Settings
    auth: AuthService
    connection: ConnectionMonitor
    keyring: KeyringStatus | None = None
    session_lock: SessionLock | None = None
    candidate_session: CandidateSessionService | None = None
    demo_account: DemoAccount | None = None

    @property
    def client(self) -> MinistryClient:
        """The API client (the auth service's: one per app)."""
        return self.auth.client


@dataclass
class AppServices:
    settings: Settings
    auth: AuthService
    citizens: CitizenLookupService
    connection: ConnectionMonitor
    key_storage: KeyStorage
    demo_account: DemoAccount | None = None
    # Offline-first registrations and the one sync worker (None only for callers built before
    # they existed). The UI saves through ``registrations`` and watches ``sync.subscribe``.
    registrations: RegistrationService | None = None
    sync: SyncEngine | None = None
    # Kiosk: the one candidate at the screen (wiped by the kiosk shell).
    candidate_session: CandidateSessionService | None = None
    # Staff: the idle lock (unlock offline with the password) and what the keyring is.
    session_lock: SessionLock | None = None
    keyring: KeyringStatus | None = None
    # Staff review of candidate-submitted registrations (confirm / return with a reason).
    review: ReviewService | None = None
    # The zip for the school's IT desk (logs, versions, counts; never candidate data).
    diagnostics: DiagnosticsService | None = None
    _closers: list[Callable[[], None]] = field(default_factory=list)
    closed: bool = False  # after close(): nothing may start again (e.g. a late sync start)

    @property
    def online(self) -> OnlineServices:
        """This app's first-stage services (the same objects)."""
        return OnlineServices(
            settings=self.settings,
            auth=self.auth,
            connection=self.connection,
            keyring=self.keyring,
            session_lock=self.session_lock,
            candidate_session=self.candidate_session,
            demo_account=self.demo_account,
        )

    def on_close(self, fn: Callable[[], None]) -> None:
        self._closers.append(fn)

    def close(self) -> None:
        self.closed = True
        while self._closers:
            self._closers.pop()()
