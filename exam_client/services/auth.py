"""Staff sign-in, the signed-in session, and continuing it after the app is reopened.

At each successful online sign-in the password's salted hash is recorded in the encrypted store
(for unlocking the session lock offline) and the tokens go to the OS keyring through the
client's token listener (:mod:`exam_client.services.token_store`). :meth:`AuthService.resume`
continues a saved session at start-up; the shell then opens the window *locked*.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from exam_client.storage.errors import StoreError

if TYPE_CHECKING:
    from exam_client.api.client import MinistryClient
    from exam_client.api.contract import TokenPair
    from exam_client.services.connection import ConnectionMonitor
    from exam_client.services.offline_passwords import OfflinePasswords
    from exam_client.services.token_store import TokenStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StaffSession:
    username: str
    display_name: str
    role: str
    school_code: str | None
    school_name: str | None


class AuthService:
    def __init__(
        self,
        client: MinistryClient,
        connection: ConnectionMonitor,
        *,
        passwords: OfflinePasswords | None = None,
        passwords_later: bool = False,
        tokens: TokenStore | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """``passwords_later``: the store is still opening (the two-stage start of
        :mod:`exam_client.services.boot`); whatever needs the hashes waits, on its worker thread,
        until :meth:`attach_offline_passwords` says what they are."""
        self._client = client
        self._connection = connection
        self._passwords = passwords
        self._passwords_known = threading.Event()
        if not passwords_later:
            self._passwords_known.set()
        self._tokens = tokens
        self._clock = clock
        self._session: StaffSession | None = None
        self._recording: threading.Thread | None = None  # the offline password hash, see sign_in
        # Vietnamese text for the sign-in window when a saved session could not be read.
        self.resume_problem_vi: str | None = None
        if tokens is not None:
            client.on_tokens_changed(tokens.on_tokens_changed)

    @property
    def client(self) -> MinistryClient:
        """The app's API client (signed in through this service)."""
        return self._client

    @property
    def session(self) -> StaffSession | None:
        return self._session

    @property
    def token_problem_vi(self) -> str | None:
        """Why the session could not be saved to the keyring (``None``: saved, or not asked)."""
        problem = self._tokens.last_problem if self._tokens is not None else None
        return problem.message_vi if problem is not None else None

    def attach_offline_passwords(self, passwords: OfflinePasswords | None) -> None:
        """The store is open (``passwords``), or could not be opened (``None``: no offline unlock
        for now; a later successful open may attach them again)."""
        self._passwords = passwords
        self._passwords_known.set()

    def expect_offline_passwords(self) -> None:
        """The store is opening again (e.g. with a passphrase): wait for it again."""
        if self._passwords is None:
            self._passwords_known.clear()

    def _offline_passwords(self) -> OfflinePasswords | None:
        """Blocking until the store has opened or failed: worker threads (and sign-out)."""
        self._passwords_known.wait()
        return self._passwords

    def sign_in(self, username: str, password: str) -> StaffSession:
        """Blocking network call: run it off the GUI thread. Raises api errors on failure."""
        try:
            pair = self._client.login(username.strip(), password)
        except Exception as exc:
            self._connection.report_failure(exc)
            raise
        self._connection.report_success()
        self._session = _session_from(pair)
        self.resume_problem_vi = None
        self._record_offline_password(pair.username, password)
        log.info("staff signed in (role %s, school %s)", pair.role, pair.school_code)
        return self._session

    def _record_offline_password(self, username: str, password: str) -> None:
        """Record the hash for the offline unlock on a thread of its own.

        scrypt costs ~0.1–0.2 s by design and releases the GIL: done here, it overlaps the main
        window's construction instead of delaying it; at a cold start it also waits there for the
        store to open. Everything that reads or removes the hash waits for it first
        (:meth:`wait_offline_password`), so no caller can observe it missing.
        """
        if self._passwords_known.is_set() and self._passwords is None:
            return  # no store to record in (tests, tools)
        previous = self._recording

        def record() -> None:
            if previous is not None:
                previous.join()  # one at a time, in order (a sign-out's forget, say)
            passwords = self._offline_passwords()
            if passwords is None:
                log.warning("password hash not recorded for offline unlock: no local store")
                return
            try:
                passwords.record(username, password)
            except StoreError as exc:  # the lock then asks to sign out and in again
                log.warning("password hash not recorded for offline unlock: %s", exc)

        thread = threading.Thread(target=record, name="offline-password", daemon=True)
        self._recording = thread
        thread.start()

    def wait_offline_password(self, timeout: float | None = None) -> None:
        """Block until the last sign-in's password hash is recorded (or failed). Worker threads
        and shutdown only: it may take the length of one scrypt run."""
        thread = self._recording
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def verify_offline_password(self, username: str, password: str) -> bool | None:
        """``True``/``False`` against the hash recorded at sign-in; ``None`` when there is none.
        Blocking (scrypt): worker threads only."""
        self.wait_offline_password()
        passwords = self._offline_passwords()
        if passwords is None:
            return None
        return passwords.verify(username, password)

    def resume(self) -> StaffSession | None:
        """Continue the session saved in the keyring, if any is still usable. Blocking (keyring,
        disk): call on a worker thread.

        Only a session whose refresh token has not expired and whose offline password hash is
        still recorded is resumed (the window opens locked and must be unlockable). Nothing is
        sent to the server: an expired access token is refreshed at the first call, as always.
        A keyring that refuses leaves :attr:`resume_problem_vi` for the sign-in window.
        """
        if self._tokens is None or self._session is not None:
            return self._session
        from exam_client.services.token_store import TokenStorageProblem

        try:
            stored = self._tokens.load()
        except TokenStorageProblem as problem:
            self.resume_problem_vi = problem.message_vi
            log.warning("saved staff session unreadable: %s", type(problem.cause).__name__)
            return None
        self.resume_problem_vi = None
        now = self._clock()
        if stored is None:
            return None
        if not stored.usable(now) or not self._can_unlock(stored.username):
            self._client.set_tokens(None)  # clears the stale entries through the listener
            return None
        pair = stored.token_pair(now)
        self._client.set_tokens(pair)
        self._session = _session_from(pair)
        log.info("staff session resumed (role %s, school %s)", pair.role, pair.school_code)
        return self._session

    def _can_unlock(self, username: str) -> bool:
        self.wait_offline_password()
        passwords = self._offline_passwords()
        if passwords is None:
            return False
        try:
            return passwords.has(username)
        except StoreError:
            return False

    def sign_out(self) -> None:
        """Forget the session: tokens (memory and keyring) at once, and the offline password
        hash on a thread of its own (after the hash being recorded, if any, and once the store
        is open: never on the caller's thread, which may be the GUI's). Whatever reads the
        hashes next waits for it (:meth:`wait_offline_password`)."""
        session = self._session
        self._client.set_tokens(None)
        self._session = None
        if session is None:
            return
        recording = self._recording

        def forget() -> None:
            if recording is not None:
                recording.join()  # else the hash could land after it was forgotten
            passwords = self._offline_passwords()
            if passwords is None:
                return
            try:
                passwords.forget(session.username)
            except StoreError as exc:
                log.warning("password hash not removed at sign-out: %s", exc)

        thread = threading.Thread(target=forget, name="offline-password", daemon=True)
        self._recording = thread
        thread.start()


def _session_from(pair: TokenPair) -> StaffSession:
    return StaffSession(
        username=pair.username,
        display_name=pair.display_name,
        role=pair.role,
        school_code=pair.school_code,
        school_name=pair.school_name,
    )
