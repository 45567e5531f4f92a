"""Staff sign-in and the signed-in session."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exam_client.api.client import MinistryClient
    from exam_client.api.contract import TokenPair
    from exam_client.services.connection import ConnectionMonitor

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StaffSession:
    username: str
    display_name: str
    role: str
    school_code: str | None
    school_name: str | None


class AuthService:
    def __init__(self, client: MinistryClient, connection: ConnectionMonitor) -> None:
        self._client = client
        self._connection = connection
        self._session: StaffSession | None = None

    @property
    def session(self) -> StaffSession | None:
        return self._session

    def sign_in(self, username: str, password: str) -> StaffSession:
        """Blocking network call: run it off the GUI thread. Raises api errors on failure."""
        try:
            pair = self._client.login(username.strip(), password)
        except Exception as exc:
            self._connection.report_failure(exc)
            raise
        self._connection.report_success()
        self._session = _session_from(pair)
        log.info("staff signed in (role %s, school %s)", pair.role, pair.school_code)
        return self._session

    def sign_out(self) -> None:
        self._client.set_tokens(None)
        self._session = None


def _session_from(pair: TokenPair) -> StaffSession:
    return StaffSession(
        username=pair.username,
        display_name=pair.display_name,
        role=pair.role,
        school_code=pair.school_code,
        school_name=pair.school_name,
    )
