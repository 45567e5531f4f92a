"""Password hashes and token digests."""

from __future__ import annotations

from ministry_mock.security import hash_password, new_token, token_digest, verify_password


def test_scrypt_hash_round_trip_with_per_user_salt() -> None:
    first = hash_password("Demo@2026")
    second = hash_password("Demo@2026")
    assert first != second  # different salts
    assert first.startswith("scrypt$16384$8$1$")
    assert verify_password("Demo@2026", first)
    assert not verify_password("demo@2026", first)


def test_malformed_hashes_and_odd_passwords_never_match_or_raise() -> None:
    for stored in ("", "plain", "scrypt$x$8$1$AA==$AA==", "bcrypt$1$2$3$4$5", "scrypt$1$1$1$!$!"):
        assert not verify_password("anything", stored)
    assert not verify_password("\ud800", hash_password("x"))


def test_tokens_are_random_and_stored_as_sha256() -> None:
    a, b = new_token(), new_token()
    assert a != b
    assert len(a) >= 40
    assert len(token_digest(a)) == 64
    assert token_digest(a) != a
