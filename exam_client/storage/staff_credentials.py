"""Salted scrypt hashes of staff passwords, for unlocking a locked session without the network.

Why a hash here at all: the staff session locks after inactivity, and the person must be able to
unlock it in a school with no network. The server cannot be asked, so the client keeps a hash
recorded at the last successful *online* sign-in. It is never used to sign in (only the server
does that) and is removed at sign-out.

The hash is ``scrypt(NFC(password), salt)`` with the same derivation as the data passphrase
(:func:`exam_client.storage.passphrase.key_from_passphrase`), a fresh 16-byte salt per recording
and the cost parameters stored with it. Comparison is constant-time.

Threads: like :class:`~exam_client.storage.outbox.Outbox`, this joins the caller's Session and
never commits. scrypt takes ~0.1–0.2 s: call from a background task, never the GUI thread.
"""

from __future__ import annotations

import hmac
import os
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from exam_client.storage.passphrase import DEFAULT_SCRYPT, ScryptParams, key_from_passphrase
from exam_client.storage.schema import staff_credentials

SALT_BYTES = 16


class StaffCredentials:
    """Record, check and forget one hash per staff username inside the caller's unit of work."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def record(
        self,
        username: str,
        password: str,
        now: datetime,
        params: ScryptParams = DEFAULT_SCRYPT,
    ) -> None:
        """Store a new salted hash of ``password`` for ``username`` (replacing the old one)."""
        salt = os.urandom(SALT_BYTES)
        digest = key_from_passphrase(password, salt, params)
        values = {
            "salt": salt.hex(),
            "scrypt_n": params.n,
            "scrypt_r": params.r,
            "scrypt_p": params.p,
            "password_hash": digest.hex(),
            "recorded_at": now,
        }
        statement = insert(staff_credentials).values(username=username, **values)
        self._s.execute(statement.on_conflict_do_update(index_elements=["username"], set_=values))

    def has(self, username: str) -> bool:
        row = self._s.execute(
            select(staff_credentials.c.username).where(staff_credentials.c.username == username)
        ).first()
        return row is not None

    def verify(self, username: str, password: str) -> bool | None:
        """``True``/``False`` for a recorded user; ``None`` when nothing is recorded for them."""
        row = self._s.execute(
            select(staff_credentials).where(staff_credentials.c.username == username)
        ).first()
        if row is None:
            return None
        if not password:
            return False
        m = row._mapping
        params = ScryptParams(n=m["scrypt_n"], r=m["scrypt_r"], p=m["scrypt_p"])
        digest = key_from_passphrase(password, bytes.fromhex(m["salt"]), params)
        return hmac.compare_digest(digest.hex(), m["password_hash"])

    def forget(self, username: str) -> None:
        self._s.execute(delete(staff_credentials).where(staff_credentials.c.username == username))
