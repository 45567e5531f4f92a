"""Build the services from settings: the API client, the encrypted store, the use cases.

Key handling (the store's encryption key):
* a secure OS keyring → a random key kept there (the normal case);
* demo mode without one → a key that lives only in this process (the demo data is throw-away);
* otherwise → a passphrase the person chooses, asked through ``passphrase_prompt``; never a
  key stored in clear.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import replace

from exam_client.api.client import MinistryClient
from exam_client.services.auth import AuthService
from exam_client.services.candidate_session import CandidateSessionService
from exam_client.services.citizens import CitizenLookupService
from exam_client.services.connection import ConnectionMonitor
from exam_client.services.context import AppServices, DemoAccount, KeyringStatus, KeyStorage
from exam_client.services.diagnostics import DiagnosticsService
from exam_client.services.registrations import RegistrationService
from exam_client.services.review import ReviewService
from exam_client.services.session_lock import OfflinePasswords, SessionLock
from exam_client.services.settings import Settings
from exam_client.services.sync import SyncEngine
from exam_client.services.token_store import TokenStore
from exam_client.storage import errors as store_errors
from exam_client.storage.citizens import CitizenCache
from exam_client.storage.engine import Store
from exam_client.storage.migrate import open_and_migrate
from exam_client.storage.passphrase import passphrase_key
from exam_client.storage.secrets import (
    BackendInfo,
    InMemorySecretStore,
    SecretStore,
    backend_info,
    database_key,
)

log = logging.getLogger(__name__)


class BootError(Exception):
    """The app cannot start; ``message_vi`` tells the person what to do.

    ``needs_passphrase``: no secure keyring (or a wrong passphrase) — ask the person for the
    data passphrase on the GUI thread and build again with it.
    """

    def __init__(
        self,
        message_en: str,
        message_vi: str,
        *,
        needs_passphrase: bool = False,
        first_time: bool = False,
    ) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.needs_passphrase = needs_passphrase
        self.first_time = first_time


def open_local_store(settings: Settings, passphrase: str | None) -> tuple[Store, KeyStorage]:
    path = settings.database_path
    path.parent.mkdir(parents=True, exist_ok=True)
    info = backend_info()
    try:
        if info.secure:
            key = database_key(SecretStore(), "cache", create=not path.exists())
            storage = KeyStorage(f"Khoá dữ liệu: {friendly_backend_name(info.name)}", True)
        elif settings.demo:
            for stale in path.parent.glob(path.name + "*"):
                stale.unlink()  # a throw-away demo store from an earlier run, key long gone
            key = secrets.token_bytes(32)
            storage = KeyStorage("Khoá dữ liệu: chỉ trong bộ nhớ (trình diễn)", False)
        else:
            if passphrase is None:
                unavailable = store_errors.KeyringUnavailable(info.reason, info.reason_vi or None)
                raise BootError(
                    str(unavailable),
                    unavailable.message_vi,
                    needs_passphrase=True,
                    first_time=not path.exists(),
                )
            key = passphrase_key(path, passphrase)
            storage = KeyStorage("Khoá dữ liệu: mật khẩu riêng (không có kho khoá)", False)
        return open_and_migrate(path, key), storage
    except store_errors.WrongPassphrase as exc:
        raise BootError(str(exc), exc.message_vi, needs_passphrase=True) from exc
    except ValueError as exc:  # a new passphrase that is too short
        raise BootError(
            str(exc),
            "Mật khẩu dữ liệu phải có ít nhất 8 ký tự. Hãy chọn mật khẩu dài hơn.",
            needs_passphrase=True,
            first_time=True,
        ) from exc
    except store_errors.StoreError as exc:
        raise BootError(str(exc), exc.message_vi) from exc


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


def build_services(
    settings: Settings,
    *,
    api_url: str | None = None,
    demo_account: DemoAccount | None = None,
    passphrase: str | None = None,
) -> AppServices:
    """Blocking (imports, disk, keyring): run on a worker thread via :class:`Boot`."""
    if api_url:
        settings = replace(settings, api_url=api_url)
    store, key_storage = open_local_store(settings, passphrase)
    verify: bool | str = str(settings.ca_bundle) if settings.ca_bundle else True
    client = MinistryClient(settings.api_url, verify=verify)
    connection = ConnectionMonitor(client)
    info = backend_info()
    tokens = token_secrets(info)
    passwords = OfflinePasswords(store)
    # Only a staff session is remembered across starts; a kiosk never keeps anyone's tokens.
    token_store = TokenStore(tokens) if settings.mode == "staff" else None
    auth = AuthService(client, connection, passwords=passwords, tokens=token_store)
    session_lock = SessionLock(
        auth.verify_offline_password,  # waits for the hash a sign-in may still be recording
        lambda: auth.session.username if auth.session else None,
        settings.staff_lock_minutes,
    )
    sync = SyncEngine(store, client, connection)
    registrations = RegistrationService(
        store,
        actor=lambda: auth.session.username if auth.session else "local",
        on_enqueued=sync.sync_now,
    )
    services = AppServices(
        settings=settings,
        auth=auth,
        citizens=CitizenLookupService(client, CitizenCache(store), connection),
        connection=connection,
        key_storage=key_storage,
        demo_account=demo_account,
        registrations=registrations,
        sync=sync,
        candidate_session=CandidateSessionService(client, connection),
        session_lock=session_lock,
        keyring=keyring_status(info, tokens),
        diagnostics=DiagnosticsService(settings, store),
        review=ReviewService(
            client, store, actor=lambda: auth.session.username if auth.session else "local"
        ),
    )
    # Closed in reverse order: the sync worker stops before the client and the store go.
    services.on_close(store.close)
    services.on_close(auth.wait_offline_password)  # the hash is written before the store closes
    services.on_close(client.close)
    services.on_close(sync.stop)
    return services
