"""``make screenshots``: drive the demo offscreen through its screens and write a PNG of each.

Part of the composition root (it starts the embedded mock through :mod:`exam_client.demo`).
Usage: ``python -m exam_client.screenshots OUT_DIR``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _wait(app: object, condition: Callable[[], bool], timeout: float = 15.0) -> None:
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("screen did not reach the expected state")
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QWidget

    from exam_client.demo import start_demo_ministry
    from exam_client.services.boot import Boot
    from exam_client.services.bootstrap import build_services
    from exam_client.services.logs import install_redaction
    from exam_client.services.settings import Settings
    from exam_client.ui.shell import StaffShell
    from exam_client.ui.theme import apply_theme

    install_redaction()
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(["exam-client"])
    apply_theme(app)
    data = Path(tempfile.mkdtemp(prefix="exam-client-shots-"))
    demo = start_demo_ministry(data / "mock", citizens=500)
    settings = replace(Settings(), data_dir=data / "client", demo=True, health_interval_s=0.3)
    services = build_services(settings, api_url=demo.base_url, demo_account=demo.account)
    shell = StaffShell(app, Boot.ready(services))
    written: list[Path] = []

    def shot(widget: QWidget, name: str) -> None:
        app.processEvents()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    try:
        shell.start()
        dialog = shell.dialog
        assert dialog is not None
        _wait(app, dialog.isVisible)
        shot(dialog, "01-sign-in")
        dialog._fill_demo()
        dialog.submit.click()
        _wait(app, lambda: shell.window is not None and shell.window.isVisible())
        window = shell.window
        assert window is not None
        _wait(app, lambda: "Trực tuyến" in window.status.connection_label.text())
        shot(window, "02-main-window")

        panel = window.lookup_panel
        from ministry_mock.seed import sample_citizen_ids

        store = demo.server_app.state.instance.store
        with store.sessions() as session:
            cached = sample_citizen_ids(session, 1)[0]
        panel.id_input.setText(f"{cached[:3]} {cached[3:6]} {cached[6:]}")
        panel.lookup()
        _wait(app, panel.card.isVisible)
        shot(window, "03-lookup-result")

        panel.id_input.setText("001 2080")
        panel.lookup()
        _wait(app, panel.error_label.isVisible)
        shot(window, "04-lookup-invalid-id")

        demo.stop()
        window.status.check_now()
        _wait(app, lambda: "Ngoại tuyến" in window.status.connection_label.text())
        panel.id_input.setText(cached)
        panel.lookup()
        _wait(app, lambda: "ngoại tuyến" in panel.source_label.text())
        shot(window, "05-offline-cached")
    finally:
        shell.runner.wait_idle(5000)
        services.close()
        demo.stop()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
