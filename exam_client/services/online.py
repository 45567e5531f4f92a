"""The first stage of a start: the API client and the staff sign-in, without the local store.

Signing in needs the API client (requests, pydantic, the wire models) and the OS keyring (the
saved staff session); it does not need the encrypted store, whose SQLAlchemy import and opening
are most of what remains of a cold start. :func:`build_online` makes these parts alone, so the
sign-in (and the main window's first frame) need not wait for the store;
:func:`exam_client.services.bootstrap.build_local` then opens the store and builds the rest on
the same objects. Nothing here may import the store's engine or SQLAlchemy (a test checks).
"""

from __future__ import annotations

from dataclasses import replace

from exam_client.api.client import MinistryClient
from exam_client.services.auth import AuthService
from exam_client.services.candidate_session import CandidateSessionService
from exam_client.services.connection import ConnectionMonitor
from exam_client.services.context import DemoAccount, KeyringStatus, OnlineServices
from exam_client.services.session_lock import SessionLock
from exam_client.services.settings import Settings
from exam_client.services.token_store import TokenStore
from exam_client.storage.secrets import BackendInfo, InMemorySecretStore, SecretStore, backend_info

_FRIENDLY = {
    "Windows": "Windows Credential Manager",
    "macOS": "macOS Keychain",
    "SecretService": "Secret Service (GNOME/KDE)",
    "kwallet": "KWallet",
}


def friendly_backend_name(qualified: str) -> str:
    """``keyring.backends.Windows.WinVaultKeyring`` → ``Windows Credential Manager``."""
    parts = qualified.split(".")
    for part in parts:
        if part in _FRIENDLY:
            return _FRIENDLY[part]
    return parts[-1]


def token_secrets(info: BackendInfo) -> SecretStore:
    """Where the staff tokens go: the OS keyring when it is secure, else this process only.

    Without a secure keyring (passphrase mode, demo mode) the refresh token is never written
    anywhere: the person signs in again at the next start.
    """
    return SecretStore() if info.secure else InMemorySecretStore()


def keyring_status(info: BackendInfo, tokens: SecretStore) -> KeyringStatus:
    return KeyringStatus(
        backend=info.name,
        friendly_name=friendly_backend_name(info.name),
        secure=info.secure,
        persistent=info.secure and tokens.backend_info().persistent,
        reason_vi=info.reason_vi or info.reason,
    )


def build_online(
    settings: Settings,
    *,
    api_url: str | None = None,
    demo_account: DemoAccount | None = None,
) -> OnlineServices:
    """Blocking (imports, keyring): run on a worker thread via :class:`~.boot.Boot`.

    The offline password hashes live in the store: the :class:`AuthService` built here waits
    for them (on its worker threads) until ``build_local`` attaches them.
    """
    if api_url:
        settings = replace(settings, api_url=api_url)
    verify: bool | str = str(settings.ca_bundle) if settings.ca_bundle else True
    client = MinistryClient(settings.api_url, verify=verify)
    connection = ConnectionMonitor(client)
    info = backend_info()
    tokens = token_secrets(info)
    # Only a staff session is remembered across starts; a kiosk never keeps anyone's tokens.
    token_store = TokenStore(tokens) if settings.mode == "staff" else None
    auth = AuthService(client, connection, passwords_later=True, tokens=token_store)
    session_lock = SessionLock(
        auth.verify_offline_password,  # waits for the hash a sign-in may still be recording
        lambda: auth.session.username if auth.session else None,
        settings.staff_lock_minutes,
    )
    return OnlineServices(
        settings=settings,
        auth=auth,
        connection=connection,
        keyring=keyring_status(info, tokens),
        session_lock=session_lock,
        candidate_session=CandidateSessionService(client, connection),
        demo_account=demo_account,
    )
