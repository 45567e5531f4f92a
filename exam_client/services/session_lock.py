"""The staff session lock: idle timing, offline unlock with the password, throttling. No Qt.

Why offline: schools lose the network, and a staff member who stepped away must get back to work
without the server. The password is checked against a salted scrypt hash recorded at the last
successful online sign-in (:class:`~exam_client.services.offline_passwords.OfflinePasswords`,
kept in the encrypted store).

Why throttling: the lock is there against the person who sits down at an unattended computer.
After :data:`FREE_TRIES` wrong passwords each further try must wait, doubling from
:data:`FIRST_WAIT_S` up to :data:`MAX_WAIT_S`; while waiting, no password is checked at all.

The UI (``exam_client.ui.session_lock``) reports activity with :meth:`SessionLock.touch`, asks
:meth:`SessionLock.idle_due` from a timer, and runs :meth:`SessionLock.unlock` on a background
task (scrypt: 0.15–0.6 s depending on the machine). Thread-safe: state changes are under
one lock.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

FREE_TRIES = 5
FIRST_WAIT_S = 30.0
MAX_WAIT_S = 15 * 60.0


@dataclass(frozen=True, slots=True)
class UnlockResult:
    """What happened at the lock screen; ``message_vi`` is shown as is when not ``ok``."""

    ok: bool
    message_vi: str = ""
    retry_after_s: float | None = None
    tries_left: int | None = None


def wait_after(failures: int) -> float:
    """Seconds to wait before the next try after ``failures`` wrong passwords in a row."""
    if failures < FREE_TRIES:
        return 0.0
    return float(min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** (failures - FREE_TRIES)))


def _minutes_text(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, round(seconds))} giây"
    return f"{max(1, round(seconds / 60))} phút"


class SessionLock:
    """Whether the staff window is locked, and the rules for locking and unlocking it.

    ``verify(username, password)`` returns ``True``/``False``, or ``None`` when no hash is
    recorded for that user; ``current_user()`` is the signed-in username (``None``: nobody).
    ``clock`` is monotonic seconds (injected by tests; no sleeping).
    """

    def __init__(
        self,
        verify: Callable[[str, str], bool | None],
        current_user: Callable[[], str | None],
        idle_minutes: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._verify = verify
        self._current_user = current_user
        self._clock = clock
        self._guard = threading.Lock()
        self._idle_minutes = max(0, int(idle_minutes))
        self._last_activity = clock()
        self._locked = False
        self._failures = 0
        self._blocked_until = 0.0

    # -- idle timing (GUI thread) ------------------------------------------------------------
    @property
    def idle_minutes(self) -> int:
        """Minutes of inactivity before locking; 0 means never."""
        return self._idle_minutes

    @idle_minutes.setter
    def idle_minutes(self, minutes: int) -> None:
        with self._guard:
            self._idle_minutes = max(0, int(minutes))
            self._last_activity = self._clock()

    @property
    def locked(self) -> bool:
        return self._locked

    def touch(self) -> None:
        """The person did something: the idle time starts again (ignored while locked)."""
        if not self._locked:
            self._last_activity = self._clock()

    def seconds_until_lock(self) -> float | None:
        """``None`` when the lock is off, locked already, or nobody is signed in."""
        if self._idle_minutes == 0 or self._locked or self._current_user() is None:
            return None
        return max(0.0, self._last_activity + self._idle_minutes * 60 - self._clock())

    def idle_due(self) -> bool:
        left = self.seconds_until_lock()
        return left is not None and left <= 0

    def lock(self) -> None:
        with self._guard:
            if not self._locked:
                log.info("staff session locked")
            self._locked = True

    def reset(self) -> None:
        """Sign-out or a new sign-in: unlocked, no failures counted, idle time from now."""
        with self._guard:
            self._locked = False
            self._failures = 0
            self._blocked_until = 0.0
            self._last_activity = self._clock()

    # -- unlocking (worker thread: scrypt) ---------------------------------------------------
    def unlock(self, password: str) -> UnlockResult:
        user = self._current_user()
        if user is None:
            return UnlockResult(False, "Không có ai đang đăng nhập. Hãy đăng nhập lại.")
        with self._guard:
            if not self._locked:
                return UnlockResult(True)
            wait = self._blocked_until - self._clock()
            if wait > 0:
                return self._throttled(wait)
        if not password:
            return UnlockResult(False, "Hãy nhập mật khẩu của bạn để mở khoá.")
        verdict = self._verify(user, password)
        with self._guard:
            if verdict is None:
                return UnlockResult(
                    False,
                    "Máy này chưa lưu dữ liệu để kiểm tra mật khẩu khi không có mạng. Hãy chọn "
                    "“Đăng xuất” rồi đăng nhập lại khi có mạng.",
                )
            if verdict:
                self._locked = False
                self._failures = 0
                self._blocked_until = 0.0
                self._last_activity = self._clock()
                log.info("staff session unlocked")
                return UnlockResult(True)
            self._failures += 1
            log.info("wrong password at the lock screen (%d in a row)", self._failures)
            wait = wait_after(self._failures)
            if wait > 0:
                self._blocked_until = self._clock() + wait
                return self._throttled(wait)
            left = FREE_TRIES - self._failures
            return UnlockResult(
                False,
                "Mật khẩu không đúng. Hãy kiểm tra phím Caps Lock và bộ gõ tiếng Việt rồi nhập "
                f"lại (còn {left} lần thử trước khi phải chờ).",
                tries_left=left,
            )

    def _throttled(self, wait: float) -> UnlockResult:
        return UnlockResult(
            False,
            f"Đã nhập sai mật khẩu {self._failures} lần. Hãy chờ {_minutes_text(wait)} rồi thử "
            "lại, hoặc chọn “Đăng xuất”.",
            retry_after_s=wait,
            tries_left=0,
        )


# -- the setting: minutes before locking, saved in the user's config file ---------------------

_LOCK_LINE = re.compile(r"^[ \t]*staff_lock_minutes[ \t]*=.*$", re.MULTILINE)


def save_idle_minutes(
    minutes: int,
    config_path: Path | None = None,
    env: Mapping[str, str] = os.environ,
) -> Path:
    """Write ``staff_lock_minutes`` to the user config file (the layer the person owns).

    Only that one line is changed or added; every other line (and comment) stays. The result is
    checked with :func:`~exam_client.services.settings.load_settings` *before* it replaces the
    file, so a value the settings would refuse at the next start (raises
    :class:`~exam_client.services.settings.SettingsError`) never reaches the disk. A machine-wide
    file or ``EXAM_CLIENT_*`` variable does not hold this key, so the user file decides.
    Blocking (disk): call from a worker thread.
    """
    from exam_client.services.settings import default_config_path, load_settings

    path = config_path or default_config_path(env)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    line = f"staff_lock_minutes = {int(minutes)}"
    # A new key goes first, before any [table], so it stays a top-level key.
    text = _LOCK_LINE.sub(line, text, count=1) if _LOCK_LINE.search(text) else f"{line}\n{text}"
    path.parent.mkdir(parents=True, exist_ok=True)
    candidate = path.with_name(path.name + ".new")
    candidate.write_text(text, encoding="utf-8")
    try:
        load_settings(env={}, config_path=candidate)
    except BaseException:
        candidate.unlink(missing_ok=True)
        raise
    os.replace(candidate, path)
    return path
