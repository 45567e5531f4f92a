"""Secrets (the database key) behind a small interface, with an honest view of the keyring.

Why an interface: the rest of the app asks for "the key of database X" and never talks to
``keyring`` directly, so the fallbacks stay in one place and tests never touch the real OS
keychain (``tests/conftest.py`` installs an in-memory backend).

The three ways to get a database key, chosen by the composition root (``app.py``):

1. :func:`database_key` with a :class:`SecretStore` whose :meth:`SecretStore.backend_info` says
   ``secure`` — a random 32-byte key kept in the OS keyring (Windows Credential Manager, macOS
   Keychain, Secret Service/KWallet).
2. No secure keyring → ask the person for a passphrase and use
   :func:`exam_client.storage.passphrase.passphrase_key`.
3. Demo mode without a secure keyring → :class:`InMemorySecretStore`: the key lives only in this
   process, so the demo data cannot be reopened after exit; the UI says so in the status bar.

Threads: keyring backends may show a system prompt (unlock the keychain) and block, so call these
from a background task at start-up, never from the GUI thread.
"""

from __future__ import annotations

import binascii
import os
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import keyring.core
import keyring.errors

from exam_client.storage.errors import (
    KeyNotFound,
    KeyringFailed,
    KeyringLocked,
    KeyringUnavailable,
)
from exam_client.storage.passphrase import key_from_passphrase, passphrase_key, salt_path

__all__ = [
    "MAX_ENTRY_BYTES",
    "PLATFORM_BACKENDS",
    "SERVICE",
    "BackendInfo",
    "EntryTooLarge",
    "InMemorySecretStore",
    "NoSessionBus",
    "SecretStore",
    "active_keyring",
    "backend_info",
    "choose_keyring",
    "database_key",
    "entry_size",
    # The passphrase fallback lives in exam_client.storage.passphrase; re-exported here so the
    # three ways of getting a key are importable from one place.
    "key_from_passphrase",
    "passphrase_key",
    "salt_path",
    "session_bus_reachable",
]

SERVICE = "exam-client"
KEY_BYTES = 32
# The Windows credential store refuses a blob over CRED_MAX_CREDENTIAL_BLOB_SIZE (wincred.h:
# 5 * 512 bytes), and keyring's Windows backend stores text as UTF-16-LE: 1 280 BMP characters.
MAX_ENTRY_BYTES = 5 * 512
# Modules whose backends keep secrets in files that are plaintext or protected only by a
# terminal prompt (useless in a GUI). keyrings.alt says so itself: "not recommended".
_INSECURE_MODULE_PREFIXES = ("keyrings.alt", "keyrings.cryptfile")
_INSECURE_NAME_PARTS = ("plaintext", "uncrypted", "insecure")


class EntryTooLarge(ValueError):
    """A secret too large for the Windows credential store: a programming error, caught on
    every platform (the Windows failure would otherwise surface only there, as a cryptic
    ``pywintypes.error``)."""


def entry_size(value: str) -> int:
    """Bytes ``value`` takes in the Windows credential store (UTF-16-LE)."""
    return len(value.encode("utf-16-le"))


def _check_size(name: str, value: str) -> None:
    size = entry_size(value)
    if size > MAX_ENTRY_BYTES:
        raise EntryTooLarge(
            f"keyring entry {name!r} would take {size} bytes (the limit is {MAX_ENTRY_BYTES})"
        )


@dataclass(frozen=True, slots=True)
class BackendInfo:
    """What the keyring is and whether a database key may be kept there.

    ``persistent`` is false for the in-memory demo store: secure, but gone at exit.
    """

    name: str
    secure: bool
    reason: str
    reason_vi: str = ""
    persistent: bool = True


# The keyring of each platform, used when none is configured. keyring's own detection imports
# and probes every installed backend at every start (0.1–0.2 s, some of it spawning processes);
# on Windows and macOS the answer is known in advance. Linux keeps detection (Secret Service,
# KWallet or nothing, depending on the desktop) unless there is no D-Bus session bus at all.
PLATFORM_BACKENDS = {
    "win32": "keyring.backends.Windows.WinVaultKeyring",
    "darwin": "keyring.backends.macOS.Keyring",
}
_choose_lock = threading.Lock()
_classified: dict[int, tuple[keyring.backend.KeyringBackend, BackendInfo]] = {}


def active_keyring() -> keyring.backend.KeyringBackend:
    """The keyring this process uses, chosen once (thread-safe).

    In order: one already set (``keyring.set_keyring``: tests, tools); one configured for
    keyring itself (the ``PYTHON_KEYRING_BACKEND`` environment variable or ``keyringrc.cfg``,
    the documented override); the platform's own (:data:`PLATFORM_BACKENDS`) when it works
    here; on Linux without a D-Bus session bus, :class:`NoSessionBus`; else keyring's detection.
    """
    with _choose_lock:
        if getattr(keyring.core, "_keyring_backend", None) is None:
            keyring.set_keyring(choose_keyring(sys.platform))
        return keyring.get_keyring()


def choose_keyring(
    platform: str,
    detect: Callable[[], keyring.backend.KeyringBackend] | None = None,
) -> keyring.backend.KeyringBackend:
    """The keyring for ``platform`` (see :func:`active_keyring`); ``detect`` is keyring's
    detection by default (replaceable in tests, which must not probe the real OS keyring)."""
    configured = keyring.core.load_env() or keyring.core.load_config()
    if configured is not None:
        return configured
    name = PLATFORM_BACKENDS.get(platform)
    if name is not None:
        try:
            pinned = keyring.core.load_keyring(name)
        except Exception:  # a broken install (e.g. pywin32-ctypes missing): detect instead
            pinned = None
        if pinned is not None and type(pinned).viable:
            return pinned
    if platform.startswith("linux") and not session_bus_reachable(os.environ):
        return NoSessionBus()  # type: ignore[no-untyped-call]
    if detect is not None:
        return detect()
    detected: keyring.backend.KeyringBackend = keyring.core._detect_backend()
    return detected


class NoSessionBus(keyring.backends.fail.Keyring):
    """Linux without a D-Bus session bus: Secret Service and KWallet cannot be reached.

    Both talk over the session bus, so detection (importing and probing every installed backend,
    ~0.1 s of a cold start) could only end in keyring's ``fail`` backend. A person who relies on
    another backend configures it (``PYTHON_KEYRING_BACKEND`` or ``keyringrc.cfg``), which
    :func:`choose_keyring` honours first.
    """


def session_bus_reachable(environ: Mapping[str, str]) -> bool:
    """Whether a D-Bus session bus may be there: its address is set, or the systemd default
    socket (``$XDG_RUNTIME_DIR/bus``, which libdbus falls back to) exists."""
    if environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = environ.get("XDG_RUNTIME_DIR")
    return runtime is not None and runtime != "" and os.path.exists(os.path.join(runtime, "bus"))


def _qualified_name(backend: keyring.backend.KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def backend_info(backend: keyring.backend.KeyringBackend | None = None) -> BackendInfo:
    """Classify ``backend`` (default: the active keyring) as secure or not, with the reason.

    Not secure: ``fail.Keyring`` (nothing found), ``null.Keyring`` (disabled), a chainer with no
    backends or with any insecure member (a write may land in it), and file backends that store
    plaintext or need a terminal prompt (``keyrings.alt``, ``keyrings.cryptfile``).

    Classified once per backend object: start-up asks several times, and classifying a chain
    asks each member for its priority, which may open a D-Bus connection each time.
    """
    backend = backend if backend is not None else active_keyring()
    known = _classified.get(id(backend))
    if known is not None and known[0] is backend:
        return known[1]
    info = _classify(backend)
    _classified[id(backend)] = (backend, info)
    return info


def _classify(backend: keyring.backend.KeyringBackend) -> BackendInfo:
    name = _qualified_name(backend)
    if isinstance(backend, NoSessionBus):
        return BackendInfo(
            name,
            False,
            "no D-Bus session bus: Secret Service and KWallet are out of reach",
            "không có D-Bus phiên làm việc nên không dùng được Secret Service hay KWallet",
        )
    if isinstance(backend, keyring.backends.fail.Keyring):
        return BackendInfo(
            name,
            False,
            "no keyring backend was found",
            "không tìm thấy kho khoá nào",
        )
    if isinstance(backend, keyring.backends.null.Keyring):
        return BackendInfo(
            name,
            False,
            "the keyring is disabled (null backend)",
            "kho khoá đang bị tắt",
        )
    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        members = list(backend.backends)
        if not members:
            return BackendInfo(
                name,
                False,
                "the keyring chain has no backends",
                "chuỗi kho khoá không có kho nào",
            )
        insecure = [info for info in map(backend_info, members) if not info.secure]
        if insecure:
            names = ", ".join(info.name for info in insecure)
            return BackendInfo(
                name,
                False,
                f"the keyring chain includes an insecure backend: {names}",
                f"chuỗi kho khoá có kho không an toàn: {names}",
            )
        return BackendInfo(name, True, "every backend in the chain is secure")
    lowered = name.lower()
    if name.startswith(_INSECURE_MODULE_PREFIXES) or any(
        part in lowered for part in _INSECURE_NAME_PARTS
    ):
        return BackendInfo(
            name,
            False,
            f"{type(backend).__name__} keeps secrets in a plain file",
            f"{type(backend).__name__} lưu bí mật trong một tệp thường",
        )
    return BackendInfo(name, True, "system keyring")


class SecretStore:
    """Named secrets of this app in the OS keyring (service ``exam-client``).

    ``backend=None`` means "the keyring active at call time", so ``keyring.set_keyring`` (tests,
    or a setting) takes effect without rebuilding this object. Every keyring failure comes out as
    a typed :class:`~exam_client.storage.errors.StoreError`.
    """

    def __init__(
        self,
        backend: keyring.backend.KeyringBackend | None = None,
        service: str = SERVICE,
    ) -> None:
        self._backend = backend
        self.service = service

    def _active(self) -> keyring.backend.KeyringBackend:
        return self._backend if self._backend is not None else active_keyring()

    def backend_info(self) -> BackendInfo:
        """Whether this store may keep a database key (see :func:`backend_info`)."""
        return backend_info(self._active())

    def get(self, name: str) -> str | None:
        """The secret called ``name``, or ``None`` if there is none."""
        try:
            return self._active().get_password(self.service, name)
        except Exception as exc:
            raise _translate(exc, self.backend_info()) from exc

    def set(self, name: str, value: str) -> None:
        """Store ``value`` under ``name``, replacing any earlier value.

        Raises :class:`EntryTooLarge` (before touching the keyring) for a value over
        :data:`MAX_ENTRY_BYTES`: keep entries small, split large secrets into several.
        """
        _check_size(name, value)
        try:
            self._active().set_password(self.service, name, value)
        except Exception as exc:
            raise _translate(exc, self.backend_info()) from exc

    def delete(self, name: str) -> None:
        """Remove ``name``; a missing entry is not an error."""
        try:
            self._active().delete_password(self.service, name)
        except keyring.errors.PasswordDeleteError:
            return
        except Exception as exc:
            raise _translate(exc, self.backend_info()) from exc


def _translate(exc: Exception, info: BackendInfo) -> Exception:
    """Map whatever a keyring backend raised to one of our typed errors.

    Backends are third-party plugins and not all of them stay inside ``keyring.errors`` (the
    Windows backend lets ``pywintypes.error`` through for an oversized entry), hence the broad
    catch at the call sites.
    """
    if isinstance(exc, keyring.errors.KeyringLocked):
        return KeyringLocked(str(exc))
    if isinstance(exc, keyring.errors.NoKeyringError | keyring.errors.InitError):
        if info.secure:  # the backend looked fine but says it cannot work here
            return KeyringUnavailable(str(exc))
        return KeyringUnavailable(info.reason, info.reason_vi or None)
    if isinstance(exc, PermissionError):
        return KeyringLocked(str(exc))
    return KeyringFailed(f"{type(exc).__name__}: {exc}")


class InMemorySecretStore(SecretStore):
    """Secrets held in this process only: the demo-mode fallback when no secure keyring exists.

    Nothing is written anywhere, so a database keyed from here cannot be reopened by a later run;
    the caller must say so on screen (the status bar). Thread-safe for the app's use: dict
    reads/writes are atomic under the GIL and the key is created once at start-up.
    """

    def __init__(self, service: str = SERVICE) -> None:
        super().__init__(None, service)
        self._entries: dict[str, str] = {}

    def backend_info(self) -> BackendInfo:
        return BackendInfo(
            "exam_client.storage.secrets.InMemorySecretStore",
            True,
            "kept in memory for this run only; lost when the app exits",
            "chỉ giữ trong bộ nhớ cho lần chạy này; mất khi thoát ứng dụng",
            persistent=False,
        )

    def get(self, name: str) -> str | None:
        return self._entries.get(name)

    def set(self, name: str, value: str) -> None:
        _check_size(name, value)  # the same limit as the real store, so demo mode finds it too
        self._entries[name] = value

    def delete(self, name: str) -> None:
        self._entries.pop(name, None)


def _entry_name(db_id: str) -> str:
    return f"database-key/{db_id}"


def database_key(secret_store: SecretStore, db_id: str, *, create: bool = True) -> bytes:
    """The 32-byte SQLCipher key of database ``db_id``, created on first use.

    The key is random (not derived from anything) and kept as 64 hex characters: a small entry,
    because the Windows Credential Manager rejects large blobs. Later runs get the same key.

    ``create=False`` is for a database file that already exists: a missing entry then raises
    :class:`KeyNotFound` instead of silently making a new key that could never open that file.

    Raises :class:`KeyringUnavailable` when the store is not secure (the caller then offers a
    passphrase), :class:`KeyringLocked` / :class:`KeyringFailed` when the backend refuses.
    """
    info = secret_store.backend_info()
    if not info.secure:
        raise KeyringUnavailable(info.reason, info.reason_vi or None)
    name = _entry_name(db_id)
    stored = secret_store.get(name)
    if stored is not None:
        return _decode_key(stored)
    if not create:
        raise KeyNotFound(
            f"no entry {name!r} in the system keyring",
            f"không có mục {name!r} trong kho khoá của hệ điều hành",
        )
    key = os.urandom(KEY_BYTES)
    secret_store.set(name, key.hex())
    # Read it back: a backend that accepts a write and keeps nothing (or truncates it) must fail
    # now, not on the next start when the data could no longer be opened.
    if secret_store.get(name) != key.hex():
        raise KeyringFailed("the keyring did not keep the new key")
    return key


def _decode_key(stored: str) -> bytes:
    try:
        key = binascii.unhexlify(stored.strip())
    except (binascii.Error, ValueError):
        raise KeyringFailed("the stored key entry is not valid hex") from None
    if len(key) != KEY_BYTES:
        raise KeyringFailed(f"the stored key has {len(key)} bytes, expected {KEY_BYTES}")
    return key
