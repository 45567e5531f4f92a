"""The staff session's tokens in the OS keyring: saved on every rotation, gone at sign-out.

What a real product does, and what this does: the refresh token is the long-lived secret, so it
lives only in the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service), never
in a file. A staff member who reopens the app within the refresh lifetime continues the same
session — sync resumes, no server sign-in is needed (also offline) — but the window opens
**locked**: the password is checked offline against the salted hash in the encrypted store
(:mod:`exam_client.services.session_lock`). A shared school computer never opens straight onto
candidate data.

Entries (service ``exam-client``), each small on purpose: the Windows credential store refuses a
blob over 2 560 bytes, and ``keyring``'s Windows backend stores text as UTF-16 (2 bytes a
character), so every entry is checked against
:data:`~exam_client.storage.secrets.MAX_ENTRY_BYTES` before it is written:

* ``staff-session/access``  — the access token;
* ``staff-session/refresh`` — the refresh token;
* ``staff-session/profile`` — who and until when (JSON: username, display name, role, school,
  absolute expiry times). No candidate data ever goes here: a candidate's tokens (kiosk) are
  never saved, and the composition root gives this store only to staff mode.

Without a secure keyring (passphrase mode, or demo mode) the composition root hands this an
:class:`~exam_client.storage.secrets.InMemorySecretStore`: the tokens work for this run and are
not persisted — a refresh token is never written to an insecure place.

Threads: ``keyring`` may block on a system prompt; :meth:`TokenStore.save` runs on whichever
thread rotated the tokens (a worker), :meth:`TokenStore.load` on a boot task.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from exam_client.api.contract import TokenPair
from exam_client.storage.errors import (
    KeyringFailed,
    KeyringLocked,
    KeyringUnavailable,
    StoreError,
)
from exam_client.storage.secrets import MAX_ENTRY_BYTES, EntryTooLarge, SecretStore, entry_size

log = logging.getLogger(__name__)

ACCESS_ENTRY = "staff-session/access"
REFRESH_ENTRY = "staff-session/refresh"
PROFILE_ENTRY = "staff-session/profile"
ENTRIES = (ACCESS_ENTRY, REFRESH_ENTRY, PROFILE_ENTRY)
# A stored session this close to its refresh expiry is not worth resuming.
RESUME_MARGIN = timedelta(minutes=1)


class TokenStorageProblem(Exception):
    """The stored session could not be read or written; ``message_vi`` says why, honestly.

    Never phrased as a wrong password: the person typed nothing wrong.
    """

    def __init__(self, cause: StoreError) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.message_vi = problem_message_vi(cause)


def problem_message_vi(cause: StoreError) -> str:
    if isinstance(cause, KeyringLocked):
        return (
            "Kho khoá của hệ điều hành đang bị khoá hoặc đã từ chối truy cập, nên không đọc hay "
            "lưu được phiên đăng nhập. Hãy mở khoá kho khoá (hoặc cho phép exam-client khi hệ "
            "thống hỏi); trong lúc đó hãy đăng nhập lại bằng mật khẩu."
        )
    if isinstance(cause, KeyringUnavailable):
        return (
            "Máy này không có kho khoá bảo mật của hệ điều hành, nên phiên đăng nhập không được "
            "lưu lại: mỗi lần mở ứng dụng cần đăng nhập lại."
        )
    return (
        "Kho khoá của hệ điều hành không lưu hoặc đọc được phiên đăng nhập. Hãy đăng nhập lại; "
        "nếu lỗi lặp lại, hãy liên hệ hỗ trợ kỹ thuật."
    )


@dataclass(frozen=True, slots=True)
class StoredSession:
    """A session read back from the keyring, with absolute expiry times (UTC)."""

    access_token: str
    refresh_token: str
    access_expires_at: datetime
    refresh_expires_at: datetime
    role: str
    username: str
    display_name: str
    school_code: str | None
    school_name: str | None

    def usable(self, now: datetime) -> bool:
        return self.refresh_expires_at - RESUME_MARGIN > now

    def token_pair(self, now: datetime) -> TokenPair:
        """A pair for :meth:`MinistryClient.set_tokens` with the lifetimes left at ``now``."""
        return TokenPair(
            access_token=self.access_token,
            refresh_token=self.refresh_token,
            expires_in=max(0, int((self.access_expires_at - now).total_seconds())),
            refresh_expires_in=max(0, int((self.refresh_expires_at - now).total_seconds())),
            role=self.role,
            username=self.username,
            display_name=self.display_name,
            school_code=self.school_code,
            school_name=self.school_name,
        )


class TokenStore:
    """Reads and writes the three entries; every keyring failure becomes a typed problem."""

    def __init__(
        self, secrets: SecretStore, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self._secrets = secrets
        self._clock = clock
        self.last_problem: TokenStorageProblem | None = None

    @property
    def persistent(self) -> bool:
        """Whether a saved session survives the app exiting."""
        return self._secrets.backend_info().persistent

    def entries_for(self, pair: TokenPair) -> dict[str, str]:
        """The entry values for ``pair``, each checked against :data:`MAX_ENTRY_BYTES`."""
        now = self._clock()
        profile = json.dumps(
            {
                "v": 1,
                "username": pair.username,
                "display_name": pair.display_name,
                "role": pair.role,
                "school_code": pair.school_code,
                "school_name": pair.school_name,
                "access_expires_at": (now + timedelta(seconds=pair.expires_in)).isoformat(),
                "refresh_expires_at": (
                    now + timedelta(seconds=pair.refresh_expires_in)
                ).isoformat(),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        values = {
            ACCESS_ENTRY: pair.access_token,
            REFRESH_ENTRY: pair.refresh_token,
            PROFILE_ENTRY: profile,
        }
        for name, value in values.items():
            size = entry_size(value)
            if size > MAX_ENTRY_BYTES:
                raise EntryTooLarge(
                    f"keyring entry {name} would take {size} bytes (limit {MAX_ENTRY_BYTES})"
                )
        return values

    def save(self, pair: TokenPair | None) -> None:
        """Write ``pair`` (or remove everything for ``None``). Raises :class:`TokenStorageProblem`.

        The profile goes first on removal and last on writing, so a save interrupted half-way
        is read back by :meth:`load` as "no session", never as a mix of two rotations.
        """
        if pair is not None and pair.role == "candidate":
            # A candidate at a kiosk is never remembered: their visit is wiped, and their
            # username is their citizen ID. Whatever was saved before goes too.
            pair = None
        try:
            if pair is None:
                for name in ENTRIES:
                    self._secrets.delete(name)
                return
            values = self.entries_for(pair)
            self._secrets.delete(PROFILE_ENTRY)
            self._secrets.set(ACCESS_ENTRY, values[ACCESS_ENTRY])
            self._secrets.set(REFRESH_ENTRY, values[REFRESH_ENTRY])
            self._secrets.set(PROFILE_ENTRY, values[PROFILE_ENTRY])
        except StoreError as exc:
            raise TokenStorageProblem(exc) from exc
        except EntryTooLarge as exc:  # a server that hands out huge tokens: not saved, said so
            raise TokenStorageProblem(KeyringFailed(str(exc))) from exc

    def on_tokens_changed(self, pair: TokenPair | None) -> None:
        """Listener for :meth:`MinistryClient.on_tokens_changed` (runs on the rotating thread).

        Never raises: a keyring that refuses must not turn a good sign-in or refresh into a
        failure. The problem is kept in :attr:`last_problem` for the UI and logged (no secrets).
        """
        try:
            self.save(pair)
        except TokenStorageProblem as problem:
            self.last_problem = problem
            log.warning("staff session not saved to the keyring: %s", type(problem.cause).__name__)
        else:
            self.last_problem = None

    def load(self) -> StoredSession | None:
        """The saved session, or ``None`` (nothing saved, incomplete, or unreadable JSON).

        Raises :class:`TokenStorageProblem` when the keyring itself refuses (locked, missing).
        """
        try:
            profile = self._secrets.get(PROFILE_ENTRY)
            if profile is None:
                return None
            access = self._secrets.get(ACCESS_ENTRY)
            refresh = self._secrets.get(REFRESH_ENTRY)
        except StoreError as exc:
            raise TokenStorageProblem(exc) from exc
        if not access or not refresh:
            return None
        try:
            raw = json.loads(profile)
            stored = StoredSession(
                access_token=access,
                refresh_token=refresh,
                access_expires_at=datetime.fromisoformat(raw["access_expires_at"]),
                refresh_expires_at=datetime.fromisoformat(raw["refresh_expires_at"]),
                role=str(raw["role"]),
                username=str(raw["username"]),
                display_name=str(raw["display_name"]),
                school_code=raw.get("school_code"),
                school_name=raw.get("school_name"),
            )
            stored.token_pair(self._clock())  # validates the role and the rest (pydantic)
        except (ValueError, KeyError, TypeError):
            log.warning("the saved staff session is unreadable; ignoring it")
            return None
        return stored


__all__ = [
    "ENTRIES",
    "MAX_ENTRY_BYTES",
    "EntryTooLarge",
    "StoredSession",
    "TokenStorageProblem",
    "TokenStore",
    "entry_size",
]
