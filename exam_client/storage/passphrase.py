"""The passphrase fallback: a database key derived from what a person types.

Used when no secure OS keyring exists (see :mod:`exam_client.storage.secrets`). The key is
``scrypt(passphrase, salt)``; the salt is random, not secret, and lives in a small sidecar file
next to the database (``<db>.salt``) together with the scrypt parameters and a *verifier*.

Why a verifier: SQLCipher answers a wrong key with the same ``SQLITE_NOTADB`` as a damaged file,
which would make a typo look like data loss. The verifier (an HMAC made with the derived key) lets
us say "wrong passphrase" before the database is touched. It gives an attacker nothing the
encrypted database itself does not: both cost one scrypt run per guess.

Threads: scrypt takes ~0.1–0.2 s by design; call from a background task, not the GUI thread.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from exam_client.storage.errors import KeyNotFound, WrongPassphrase

SALT_SUFFIX = ".salt"
SALT_BYTES = 16
KEY_BYTES = 32
MIN_PASSPHRASE_CHARS = 8
_SIDECAR_FORMAT = "exam-client-passphrase-salt"
_VERIFIER_LABEL = b"exam-client/passphrase-verifier/v1"


@dataclass(frozen=True, slots=True)
class ScryptParams:
    """scrypt cost. 2**15 × 8 × 1 uses 32 MiB and ~0.15 s on a 2020s laptop core.

    Stored in the sidecar, so a later version can raise the cost for new databases while still
    opening old ones.
    """

    n: int = 2**15
    r: int = 8
    p: int = 1

    @property
    def maxmem(self) -> int:
        # scrypt needs 128·r·n bytes (+ 128·r·p); give it twice that so OpenSSL never refuses.
        return 2 * 128 * self.r * (self.n + self.p)


DEFAULT_SCRYPT = ScryptParams()


def key_from_passphrase(
    passphrase: str, salt: bytes, params: ScryptParams = DEFAULT_SCRYPT
) -> bytes:
    """A 32-byte key from ``passphrase`` and ``salt`` (scrypt).

    The passphrase is NFC-normalised first: Vietnamese input methods (and macOS) may produce
    decomposed "ế" (e + ◌̂ + ◌́) on one machine and precomposed on another; both must give the same
    key.
    """
    if not passphrase:
        raise ValueError("the passphrase is empty")
    data = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hashlib.scrypt(
        data,
        salt=salt,
        n=params.n,
        r=params.r,
        p=params.p,
        maxmem=params.maxmem,
        dklen=KEY_BYTES,
    )


def salt_path(db_path: Path) -> Path:
    """The sidecar file of ``db_path``: ``<db>.salt`` in the same folder."""
    return db_path.with_name(db_path.name + SALT_SUFFIX)


def _verifier(key: bytes) -> bytes:
    return hmac.new(key, _VERIFIER_LABEL, hashlib.sha256).digest()


@dataclass(frozen=True, slots=True)
class _Sidecar:
    salt: bytes
    params: ScryptParams
    verifier: bytes


def _read_sidecar(path: Path) -> _Sidecar:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != _SIDECAR_FORMAT or raw.get("kdf") != "scrypt":
            raise ValueError("unknown sidecar format")
        return _Sidecar(
            salt=bytes.fromhex(raw["salt"]),
            params=ScryptParams(n=int(raw["n"]), r=int(raw["r"]), p=int(raw["p"])),
            verifier=bytes.fromhex(raw["verifier"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyNotFound(
            f"the salt file {path.name} is unreadable: {exc}",
            f"tệp muối {path.name} không đọc được",
        ) from exc


def _write_sidecar(path: Path, sidecar: _Sidecar) -> None:
    body = {
        "format": _SIDECAR_FORMAT,
        "version": 1,
        "kdf": "scrypt",
        "n": sidecar.params.n,
        "r": sidecar.params.r,
        "p": sidecar.params.p,
        "salt": sidecar.salt.hex(),
        "verifier": sidecar.verifier.hex(),
    }
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)  # never leave a half-written salt: it would lock the data out


def passphrase_key(db_path: Path, passphrase: str, params: ScryptParams = DEFAULT_SCRYPT) -> bytes:
    """The database key for ``db_path`` from ``passphrase``, creating the sidecar on first use.

    - Sidecar present: derive with its salt and parameters; a mismatching verifier raises
      :class:`WrongPassphrase` (the database is not touched).
    - Sidecar missing, database present: raises :class:`KeyNotFound` (a fresh salt could never
      open that file).
    - Both missing: new random salt, sidecar written, key returned; ``params`` apply only here.
      The passphrase must have at least :data:`MIN_PASSPHRASE_CHARS` characters (the UI checks
      first; this is a guard).
    """
    sidecar_path = salt_path(db_path)
    if sidecar_path.exists():
        sidecar = _read_sidecar(sidecar_path)
        key = key_from_passphrase(passphrase, sidecar.salt, sidecar.params)
        if not hmac.compare_digest(_verifier(key), sidecar.verifier):
            raise WrongPassphrase()
        return key
    if db_path.exists() and db_path.stat().st_size > 0:
        raise KeyNotFound(
            f"the salt file {sidecar_path.name} next to the data is missing",
            f"thiếu tệp muối {sidecar_path.name} bên cạnh tệp dữ liệu",
        )
    if len(unicodedata.normalize("NFC", passphrase)) < MIN_PASSPHRASE_CHARS:
        raise ValueError(f"a new passphrase needs at least {MIN_PASSPHRASE_CHARS} characters")
    salt = os.urandom(SALT_BYTES)
    key = key_from_passphrase(passphrase, salt, params)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _write_sidecar(sidecar_path, _Sidecar(salt, params, _verifier(key)))
    return key
