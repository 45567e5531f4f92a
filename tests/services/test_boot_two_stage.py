"""The two-stage start: the online stage (sign-in) is ready before the store is open, the store
can be held back while the GUI is busy, and neither stage is built twice."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from exam_client.services.boot import Boot
from exam_client.services.bootstrap import build_local
from exam_client.services.context import AppServices, OnlineServices
from exam_client.services.online import build_online
from exam_client.services.settings import Settings
from tests.ministry import MockMinistry


def _settings(folder: Path) -> Settings:
    # demo: the store's key lives in memory (no OS keyring on a build box); nothing is sent
    return Settings(data_dir=folder, api_url="http://127.0.0.1:9", demo=True)


class Stages:
    """Real builders, counted; the local one waits for ``open_store`` when asked to."""

    def __init__(self, folder: Path, *, gate: threading.Event | None = None) -> None:
        self.folder = folder
        self.gate = gate
        self.online_calls = 0
        self.local_calls = 0
        self.local_error: BaseException | None = None
        self.built: list[AppServices] = []

    def online(self) -> OnlineServices:
        self.online_calls += 1
        return build_online(_settings(self.folder))

    def local(self, online: OnlineServices, passphrase: str | None) -> AppServices:
        self.local_calls += 1
        if self.gate is not None:
            assert self.gate.wait(10)
        if self.local_error is not None:  # the boot tells the auth service itself
            error, self.local_error = self.local_error, None
            raise error
        services = build_local(online, passphrase)
        self.built.append(services)
        return services

    def boot(self) -> Boot:
        return Boot.two_stage(self.online, self.local, server_text="…", demo=True)


def _in_thread(fn: Callable[[], object]) -> tuple[threading.Thread, list[object]]:
    """``fn()`` on a thread of its own (a call that must not block the test if it hangs)."""
    answers: list[object] = []
    thread = threading.Thread(target=lambda: answers.append(fn()), daemon=True)
    thread.start()
    return thread, answers


def _run(boot: Boot, **kwargs: object) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            boot.run(**kwargs)  # type: ignore[arg-type]
        except BaseException as exc:  # the test reads it
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, errors


def test_the_online_stage_is_ready_while_the_store_is_still_opening(tmp_path: Path) -> None:
    gate = threading.Event()
    stages = Stages(tmp_path, gate=gate)
    boot = stages.boot()
    seen: list[OnlineServices] = []
    thread, errors = _run(boot, on_online=seen.append)

    online = boot.wait_online(10)
    assert seen == [online]
    assert boot.online is online and boot.online_at is not None
    assert boot.services is None and not boot.finished
    with pytest.raises(TimeoutError):
        boot.wait(0.05)

    gate.set()
    services = boot.wait(10)
    thread.join(10)
    assert not errors
    # the second stage is built on the first stage's objects
    assert services.auth is online.auth and services.connection is online.connection
    assert services.session_lock is online.session_lock
    assert services.online.client is online.client
    assert (stages.online_calls, stages.local_calls) == (1, 1)
    services.close()


def test_a_held_local_stage_waits_for_its_release(tmp_path: Path) -> None:
    stages = Stages(tmp_path)
    boot = stages.boot()
    boot.hold_local()
    assert boot.local_held
    thread, errors = _run(boot)
    boot.wait_online(10)
    thread.join(0.2)
    assert thread.is_alive() and stages.local_calls == 0  # held: the store is not opened

    boot.release_local()
    services = boot.wait(10)
    thread.join(10)
    assert not errors and stages.local_calls == 1 and not boot.local_held
    services.close()


def test_an_abandoned_boot_never_opens_the_store(tmp_path: Path) -> None:
    stages = Stages(tmp_path)
    boot = stages.boot()
    boot.hold_local()
    thread, errors = _run(boot)
    online = boot.wait_online(10)
    boot.abandon()  # the app closes with the sign-in window still open
    thread.join(10)
    assert not thread.is_alive()
    assert stages.local_calls == 0 and len(errors) == 1
    assert "closed before" in str(errors[0])
    with pytest.raises(RuntimeError):
        boot.wait(0)
    assert stages.built == []
    # what waits for the store's password hashes goes on without them
    check, answers = _in_thread(lambda: online.auth.verify_offline_password("canbo", "x"))
    check.join(10)
    assert not check.is_alive() and answers == [None]
    online.client.close()


def test_a_failed_local_stage_is_retried_on_the_same_online_stage(tmp_path: Path) -> None:
    stages = Stages(tmp_path)
    stages.local_error = OSError("the disk is full")
    boot = stages.boot()
    with pytest.raises(OSError, match="disk is full"):
        boot.run()
    online = boot.wait_online(0)  # the online stage stays usable: the person can still sign in
    assert online.auth.verify_offline_password("canbo", "x") is None  # no store: no hashes
    boot.restart()
    # the store opens again: the hashes are waited for again, not taken as missing
    check, answers = _in_thread(lambda: online.auth.verify_offline_password("canbo", "x"))
    check.join(0.2)
    assert check.is_alive()
    services = boot.run("a passphrase, say")
    check.join(10)
    assert answers == [None]  # nobody's hash recorded, asked of the opened store
    assert services.auth is online.auth
    assert (stages.online_calls, stages.local_calls) == (1, 2)
    services.close()


def test_signing_out_while_the_store_opens_does_not_wait_for_it(
    ministry: MockMinistry, tmp_path: Path
) -> None:
    gate = threading.Event()
    settings = Settings(data_dir=tmp_path, api_url=ministry.base_url, demo=True)

    def local(online: OnlineServices, passphrase: str | None) -> AppServices:
        assert gate.wait(30)
        return build_local(online, passphrase)

    boot = Boot.two_stage(lambda: build_online(settings), local, server_text="", demo=True)
    thread, errors = _run(boot)
    auth = boot.wait_online(10).auth
    auth.sign_in(ministry.username, ministry.password)  # its hash waits for the store
    out, _ = _in_thread(auth.sign_out)  # on the GUI thread in the app
    out.join(10)
    assert not out.is_alive() and auth.session is None

    gate.set()
    services = boot.wait(30)
    thread.join(10)
    assert not errors
    auth.wait_offline_password(30)  # recorded, then forgotten, in that order
    assert auth.verify_offline_password(ministry.username, ministry.password) is None
    services.close()


def test_a_failed_online_stage_fails_both_waits(tmp_path: Path) -> None:
    def broken_online() -> OnlineServices:
        raise ValueError("no such CA bundle")

    boot = Boot.two_stage(
        broken_online, lambda online, _p: build_local(online), server_text="", demo=False
    )
    with pytest.raises(ValueError, match="CA bundle"):
        boot.run()
    with pytest.raises(ValueError, match="CA bundle"):
        boot.wait_online(0)
    assert boot.online is None and boot.services is None


def test_a_one_stage_boot_has_its_online_stage_with_the_services(tmp_path: Path) -> None:
    stages = Stages(tmp_path)
    services = stages.local(stages.online(), None)
    boot = Boot.ready(services)
    assert boot.wait_online(0).auth is services.auth
    assert boot.online is not None and boot.online.settings is services.settings
    services.close()


def test_the_online_stage_and_the_main_window_import_no_sqlalchemy() -> None:
    """What signing in and the main window's frame import must stay off SQLAlchemy (a third of
    a cold start) and off the records' and the cycle's wire models (the rules engine with them):
    a fresh interpreter imports them and looks."""
    probe = (
        "import sys\n"
        "import exam_client.services.online, exam_client.services.boot\n"
        "import exam_client.ui.shell, exam_client.ui.main_window, exam_client.ui.session_lock\n"
        "late = ('exam_client.api.records', 'exam_client.api.cycle')\n"
        "heavy = sorted(m for m in sys.modules if m.startswith('sqlalchemy') or m in late)\n"
        "print(heavy[:5])\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], check=False, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
