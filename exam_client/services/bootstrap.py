"""Build the services from settings: the API client, the encrypted store, the use cases.

Two stages (see :mod:`exam_client.services.boot`): :func:`~.online.build_online` (the API
client and the sign-in) and :func:`build_local` (the store and what works on it);
:func:`build_services` runs both.

Key handling (the store's encryption key):
* a secure OS keyring → a random key kept there (the normal case);
* demo mode without one → a key that lives only in this process (the demo data is throw-away);
* otherwise → a passphrase the person chooses, asked through ``passphrase_prompt``; never a
  key stored in clear.
"""

from __future__ import annotations

import logging
import secrets

from exam_client.services.citizens import CitizenLookupService
from exam_client.services.context import AppServices, DemoAccount, KeyStorage, OnlineServices
from exam_client.services.diagnostics import DiagnosticsService
from exam_client.services.offline_passwords import OfflinePasswords
from exam_client.services.online import build_online, friendly_backend_name
from exam_client.services.registrations import RegistrationService
from exam_client.services.review import ReviewService
from exam_client.services.settings import Settings
from exam_client.services.sync import SyncEngine
from exam_client.storage import errors as store_errors
from exam_client.storage.citizens import CitizenCache
from exam_client.storage.engine import Store
from exam_client.storage.migrate import open_and_migrate
from exam_client.storage.passphrase import passphrase_key
from exam_client.storage.secrets import SecretStore, backend_info, database_key

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


def build_services(
    settings: Settings,
    *,
    api_url: str | None = None,
    demo_account: DemoAccount | None = None,
    passphrase: str | None = None,
) -> AppServices:
    """Both stages at once. Blocking (imports, disk, keyring): a worker thread, tests, tools."""
    online = build_online(settings, api_url=api_url, demo_account=demo_account)
    try:
        return build_local(online, passphrase)
    except BaseException:
        online.client.close()
        raise


def build_local(online: OnlineServices, passphrase: str | None = None) -> AppServices:
    """The second stage: open the store and build what works on it, on ``online``'s objects;
    the auth service gets the offline password hashes (a failure is told to it by
    :meth:`~exam_client.services.boot.Boot.run`, which also covers a stage never started).
    """
    store, key_storage = open_local_store(online.settings, passphrase)
    try:
        services = _build_on_store(online, store, key_storage)
    except BaseException:
        store.close()
        raise
    online.auth.attach_offline_passwords(OfflinePasswords(store))
    return services


def _build_on_store(online: OnlineServices, store: Store, key_storage: KeyStorage) -> AppServices:
    settings = online.settings
    client, auth, connection = online.client, online.auth, online.connection
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
        demo_account=online.demo_account,
        registrations=registrations,
        sync=sync,
        candidate_session=online.candidate_session,
        session_lock=online.session_lock,
        keyring=online.keyring,
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
