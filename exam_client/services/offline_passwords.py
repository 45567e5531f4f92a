"""The staff passwords' salted hashes in the encrypted store, for the offline unlock.

Its own module so that :mod:`exam_client.services.session_lock` (and with it the main window)
does not import the store, and with it SQLAlchemy: the sign-in and the main window's first
frame come before the store is open (see :mod:`exam_client.services.boot`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from exam_client.storage.engine import Store
from exam_client.storage.staff_credentials import StaffCredentials


class OfflinePasswords:
    """The salted password hashes in the encrypted store, one unit of work per call.

    Blocking (scrypt + disk): call from worker threads only.
    """

    def __init__(self, store: Store, clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self._store = store
        self._clock = clock

    def record(self, username: str, password: str) -> None:
        with self._store.session(write=True) as session, session.begin():
            StaffCredentials(session).record(username, password, self._clock())

    def verify(self, username: str, password: str) -> bool | None:
        with self._store.session() as session:
            return StaffCredentials(session).verify(username, password)

    def has(self, username: str) -> bool:
        with self._store.session() as session:
            return StaffCredentials(session).has(username)

    def forget(self, username: str) -> None:
        with self._store.session(write=True) as session, session.begin():
            StaffCredentials(session).forget(username)
