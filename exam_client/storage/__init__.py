"""The encrypted local cache (SQLCipher via SQLAlchemy), migrations, repositories, outbox.

Start-up, on a background task (never the GUI thread)::

    secrets = SecretStore()
    if secrets.backend_info().secure:
        key = database_key(secrets, "main", create=not db_path.exists())
    else:  # ask for a passphrase (or, in demo mode, InMemorySecretStore)
        key = passphrase_key(db_path, typed_passphrase)
    store = open_and_migrate(db_path, key)

Then every thread makes its own Session: ``with store.session() as session: ...``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from exam_client.storage.citizens import CachedCitizen, CitizenCache
    from exam_client.storage.engine import Store, open_store
    from exam_client.storage.errors import (
        DatabaseTooNew,
        KeyNotFound,
        KeyringFailed,
        KeyringLocked,
        KeyringUnavailable,
        MigrationFailed,
        NotADatabase,
        StoreError,
        StoreUnavailable,
        WrongPassphrase,
    )
    from exam_client.storage.migrate import MigrationReport, migrate, open_and_migrate
    from exam_client.storage.passphrase import key_from_passphrase, passphrase_key
    from exam_client.storage.secrets import (
        BackendInfo,
        InMemorySecretStore,
        SecretStore,
        backend_info,
        database_key,
    )

# Where each name lives. Imported on first use (PEP 562): importing one light submodule (the
# errors, the keyring) must not import SQLAlchemy, which the engine and the repositories need
# and which costs a third of a cold start (see services/boot.py).
_HOME = {
    "CachedCitizen": "citizens",
    "CitizenCache": "citizens",
    "Store": "engine",
    "open_store": "engine",
    "DatabaseTooNew": "errors",
    "KeyNotFound": "errors",
    "KeyringFailed": "errors",
    "KeyringLocked": "errors",
    "KeyringUnavailable": "errors",
    "MigrationFailed": "errors",
    "NotADatabase": "errors",
    "StoreError": "errors",
    "StoreUnavailable": "errors",
    "WrongPassphrase": "errors",
    "MigrationReport": "migrate",
    "migrate": "migrate",
    "open_and_migrate": "migrate",
    "key_from_passphrase": "passphrase",
    "passphrase_key": "passphrase",
    "BackendInfo": "secrets",
    "InMemorySecretStore": "secrets",
    "SecretStore": "secrets",
    "backend_info": "secrets",
    "database_key": "secrets",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


__all__ = [
    "BackendInfo",
    "CachedCitizen",
    "CitizenCache",
    "DatabaseTooNew",
    "InMemorySecretStore",
    "KeyNotFound",
    "KeyringFailed",
    "KeyringLocked",
    "KeyringUnavailable",
    "MigrationFailed",
    "MigrationReport",
    "NotADatabase",
    "SecretStore",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "WrongPassphrase",
    "backend_info",
    "database_key",
    "key_from_passphrase",
    "migrate",
    "open_and_migrate",
    "open_store",
    "passphrase_key",
]
