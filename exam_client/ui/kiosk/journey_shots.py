"""Screenshots of every kiosk step for a demo candidate (issue #7: "screenshots of every step
are in the README and have been looked at"): ``docs/screenshots/24-…`` to ``29-…``, one number
per step (the registration's six parts as ``25a``–``25f``).

The composition root (``exam_client/screenshots.py`` or a test) starts the mock ministry and
builds the services; this module only drives the real widgets — sign-in through the form, then
each step of :func:`~exam_client.ui.kiosk.journey.default_steps` in order, every part of the
registration step — and saves what the screen shows. ``before_step`` lets the caller move the
demo clock (or record an admission) before a step is opened, so payment, results and the
confirmation show their live states.

Threads: GUI thread; waits by spinning the event loop (the pages load through ``TaskRunner``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from exam_client.services.boot import Boot
from exam_client.services.context import AppServices
from exam_client.ui.kiosk.registration import PARTS, RegistrationPage
from exam_client.ui.kiosk.shell import KioskShell
from exam_client.ui.tasks import TaskRunner

FIRST_NUMBER = 24
SIZE = (1280, 800)
LOADING = ("loading", "sending")


def spin_until(done: Callable[[], bool], timeout_s: float = 20.0) -> bool:
    """Process events until ``done()`` (True) or the timeout (False)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if done():
            return True
        time.sleep(0.02)
    return False


def loaded(page: object) -> bool:
    """A page has its data: no loading state, and a view (results) or a problem to show."""
    if getattr(page, "state", "") in LOADING:
        return False
    if hasattr(page, "view") and getattr(page, "view", None) is None:
        return bool(getattr(page, "problem", None))
    return True


def render_journey(
    out_dir: Path,
    services: AppServices,
    cccd: str,
    password: str,
    before_step: Callable[[str], None] | None = None,
) -> list[Path]:
    """Sign ``cccd`` in at a fresh kiosk and save one PNG per step (and per registration part).

    Returns the files written, in journey order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    runner = TaskRunner()
    shell = KioskShell(Boot.ready(services), runner)
    shell.resize(*SIZE)
    shell.show()
    written: list[Path] = []

    def save(name: str) -> None:
        QApplication.processEvents()
        path = out_dir / f"{name}.png"
        shell.grab().save(str(path))
        written.append(path)

    try:
        shell.welcome.start_button.click()
        form = shell.sign_in
        assert form is not None
        form.cccd.setText(cccd)
        form.password.setText(password)
        form.submit_button.click()
        if not spin_until(lambda: shell.frame is not None and shell.current_screen is shell.frame):
            raise RuntimeError("the demo candidate could not sign in")
        frame = shell.frame
        assert frame is not None
        for index, spec in enumerate(frame.specs):
            if before_step is not None:
                before_step(spec.key)
            frame.go_to(index)
            page = frame.page
            spin_until(lambda p=page: loaded(p))  # type: ignore[misc]
            number = FIRST_NUMBER + index
            if isinstance(page, RegistrationPage):
                for part, letter in zip(range(len(PARTS)), "abcdef", strict=True):
                    page.show_part(part)
                    save(f"{number}{letter}-kiosk-{spec.key}-{PARTS[part]}")
            else:
                save(f"{number}-kiosk-{spec.key}")
    finally:
        shell.wipe()
        runner.wait_idle(10_000)
        shell.close()
        shell.deleteLater()
        QApplication.processEvents()
    return written
