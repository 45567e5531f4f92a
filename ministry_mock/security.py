"""Password hashing and opaque session tokens.

Passwords: scrypt (memory-hard, in the standard library) with a per-user random salt, stored as
``scrypt$n$r$p$salt$hash`` so the cost can be raised later without breaking old hashes.
Tokens: random ``secrets.token_urlsafe`` strings handed to the client; the database keeps only
their SHA-256, so a leaked database does not leak live sessions.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

_R = 8
_P = 1
_DKLEN = 32
_SALT_BYTES = 16
TOKEN_BYTES = 32


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, n: int = 2**14) -> str:
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=_R, p=_P, dklen=_DKLEN, maxmem=64 * 2**20
    )
    return f"scrypt${n}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check; a malformed stored hash never matches (and never raises)."""
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=salt,
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=64 * 2**20,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
