"""The staff session lock without Qt: idle timing, offline unlock, throttling after 5 tries."""

from __future__ import annotations

from pathlib import Path

import pytest

from exam_client.services.offline_passwords import OfflinePasswords
from exam_client.services.session_lock import (
    FIRST_WAIT_S,
    FREE_TRIES,
    MAX_WAIT_S,
    SessionLock,
    wait_after,
)
from exam_client.storage.migrate import open_and_migrate

PASSWORD = "Mật khẩu của cán bộ"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Checks:
    """Counts password checks, so a throttled try is seen to check nothing."""

    def __init__(self, known: dict[str, str]) -> None:
        self.known = known
        self.calls = 0

    def __call__(self, username: str, password: str) -> bool | None:
        self.calls += 1
        if username not in self.known:
            return None
        return self.known[username] == password


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def checks() -> Checks:
    return Checks({"canbo": PASSWORD})


def make_lock(checks: Checks, clock: FakeClock, minutes: int = 10, user: str | None = "canbo"):
    return SessionLock(checks, lambda: user, minutes, clock)


def test_locks_only_after_the_idle_minutes_and_activity_restarts_the_count(
    checks: Checks, clock: FakeClock
) -> None:
    lock = make_lock(checks, clock, minutes=10)
    clock.advance(9 * 60)
    assert not lock.idle_due()
    lock.touch()
    clock.advance(9 * 60)
    assert not lock.idle_due()
    assert lock.seconds_until_lock() == 60
    clock.advance(60)
    assert lock.idle_due()
    lock.lock()
    assert lock.locked
    assert lock.seconds_until_lock() is None  # already locked
    lock.touch()  # activity at the lock screen does not unlock
    assert lock.locked


def test_zero_minutes_never_locks_and_nobody_signed_in_never_locks(
    checks: Checks, clock: FakeClock
) -> None:
    never = make_lock(checks, clock, minutes=0)
    clock.advance(10**6)
    assert not never.idle_due()
    nobody = make_lock(checks, clock, user=None)
    clock.advance(10**6)
    assert not nobody.idle_due()
    assert not nobody.unlock(PASSWORD).ok


def test_changing_the_minutes_applies_from_now(checks: Checks, clock: FakeClock) -> None:
    lock = make_lock(checks, clock, minutes=10)
    clock.advance(5 * 60)
    lock.idle_minutes = 3
    assert lock.idle_minutes == 3
    assert lock.seconds_until_lock() == 180
    lock.idle_minutes = -4
    assert lock.idle_minutes == 0


def test_right_password_unlocks_and_wrong_one_says_so_clearly(
    checks: Checks, clock: FakeClock
) -> None:
    lock = make_lock(checks, clock)
    assert lock.unlock("anything").ok  # not locked: nothing to do
    lock.lock()
    empty = lock.unlock("")
    assert not empty.ok and "nhập mật khẩu" in empty.message_vi
    wrong = lock.unlock("sai")
    assert not wrong.ok
    assert "Mật khẩu không đúng" in wrong.message_vi
    assert wrong.tries_left == FREE_TRIES - 1
    assert lock.locked
    assert lock.unlock(PASSWORD).ok
    assert not lock.locked
    assert lock.seconds_until_lock() == 600  # idle time starts again at unlock


def test_after_five_wrong_tries_the_next_ones_wait_without_checking(
    checks: Checks, clock: FakeClock
) -> None:
    lock = make_lock(checks, clock)
    lock.lock()
    results = [lock.unlock(f"sai {n}") for n in range(FREE_TRIES)]
    assert [r.tries_left for r in results] == [4, 3, 2, 1, 0]
    assert results[-1].retry_after_s == FIRST_WAIT_S
    assert "Hãy chờ 30 giây" in results[-1].message_vi
    checked = checks.calls

    blocked = lock.unlock(PASSWORD)  # even the right password is not checked while waiting
    assert not blocked.ok
    assert checks.calls == checked
    assert blocked.retry_after_s == FIRST_WAIT_S
    assert lock.locked

    clock.advance(FIRST_WAIT_S)
    again = lock.unlock("sai lần nữa")  # sixth wrong: the wait doubles
    assert again.retry_after_s == 2 * FIRST_WAIT_S
    assert "1 phút" in again.message_vi
    clock.advance(2 * FIRST_WAIT_S)
    assert lock.unlock(PASSWORD).ok
    lock.lock()
    assert lock.unlock("sai").tries_left == FREE_TRIES - 1  # the count starts over


def test_wait_grows_and_is_capped() -> None:
    assert [wait_after(n) for n in range(FREE_TRIES)] == [0.0] * FREE_TRIES
    assert wait_after(FREE_TRIES + 1) == 2 * FIRST_WAIT_S
    assert wait_after(50) == MAX_WAIT_S


def test_no_recorded_hash_asks_to_sign_out_not_wrong_password(clock: FakeClock) -> None:
    lock = make_lock(Checks({}), clock)
    lock.lock()
    result = lock.unlock(PASSWORD)
    assert not result.ok
    assert "Đăng xuất" in result.message_vi
    assert "không đúng" not in result.message_vi


def test_reset_clears_lock_and_failures(checks: Checks, clock: FakeClock) -> None:
    lock = make_lock(checks, clock)
    lock.lock()
    for _ in range(FREE_TRIES):
        lock.unlock("sai")
    lock.reset()
    assert not lock.locked
    lock.lock()
    assert lock.unlock(PASSWORD).ok


def test_offline_passwords_use_the_encrypted_store(tmp_path: Path) -> None:
    with open_and_migrate(tmp_path / "cache.db", bytes(32)) as store:
        passwords = OfflinePasswords(store)
        assert passwords.verify("canbo", PASSWORD) is None
        passwords.record("canbo", PASSWORD)
        assert passwords.has("canbo")
        lock = SessionLock(passwords.verify, lambda: "canbo", 10)
        lock.lock()
        assert not lock.unlock("sai").ok
        assert lock.unlock(PASSWORD).ok
        passwords.forget("canbo")
        assert not passwords.has("canbo")
