"""``exam-client --self-test``: is this installation healthy? Exit 0 if so.

Written for frozen builds first (qutebrowser smoke-tests its bundles the same way): a missing
hidden import, data file, Qt plugin or native library shows up here as a ``FAIL`` line instead of
as a crash on a candidate's kiosk. It also runs from a source checkout.

Checks, each printed as one ``ok`` / ``WARNING`` / ``FAIL`` line:

* ``store``: a throw-away encrypted store (real SQLCipher) is created, migrated with the shipped
  Alembic scripts, written, closed, reopened and read back; the file must not be readable as
  plain SQLite and must refuse a wrong key.
* ``keyring``: a throw-away entry (service ``exam-client-self-test``) is set, read and deleted in
  the active backend. No secure keyring is a ``WARNING``, not a failure: a kiosk may legitimately
  have none (the app then asks for a data passphrase).
* ``translations``: every shipped ``.qm`` loads, and the English catalogue is there and
  translates a known string (a bundle without it would switch kiosks to English silently failing).
* ``ui``: the staff main window is built from real services (demo settings, an address nobody
  listens on, a made-up signed-in session) and rendered to a PNG, which must not be blank.

Nothing here needs the network or touches the person's data: everything lives in a temporary
folder, and the real keyring is only used for the throw-away entry (never the database key).

When there is no console (the windowed Windows build: ``sys.stdout`` is ``None``) the report
goes to ``EXAM_CLIENT_SELFTEST_REPORT`` if set (CI), else to ``exam-client-self-test.txt`` in the
temp folder and a message box shows it. ``EXAM_CLIENT_SELFTEST_SCREENSHOT`` keeps the rendered
window as a PNG at that path (to look at it).
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TextIO

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

Status = Literal["ok", "WARNING", "FAIL"]
REPORT_ENV = "EXAM_CLIENT_SELFTEST_REPORT"
SCREENSHOT_ENV = "EXAM_CLIENT_SELFTEST_SCREENSHOT"
KEYRING_SERVICE = "exam-client-self-test"
DUMMY_API_URL = "http://127.0.0.1:9"  # the discard port: nothing answers, nothing is sent
MIN_COLOURS = 8  # a rendered window with text has hundreds; a blank or black one has 1-2


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    status: Status
    detail: str


class CheckFailed(Exception):
    """A check found the installation broken; the message says how."""


class _Warn(Exception):
    """A check found something worth saying that is not a failure."""


def run_self_test(out: TextIO | None = None) -> int:
    """Run every check, print the report, return 0 if nothing failed (warnings allowed).

    Runs on the calling thread (the GUI thread when a ``QApplication`` already exists) and
    takes a second or two; it creates a ``QApplication`` itself if there is none.
    """
    started = time.perf_counter()
    report: list[str] = ["exam-client self-test"]
    report += [f"  {name:<12} {value}" for name, value in _versions()]
    results: list[CheckResult] = []
    # ignore_cleanup_errors: on Windows a file still held open must not turn a pass into a crash.
    with tempfile.TemporaryDirectory(
        prefix="exam-client-self-test-", ignore_cleanup_errors=True
    ) as tmp:
        workdir = Path(tmp)
        checks: list[tuple[str, Callable[[], str]]] = [
            ("store", lambda: check_store(workdir / "store")),
            ("keyring", check_keyring),
            ("translations", check_translations),
            ("ui", lambda: check_ui(workdir / "ui")),
        ]
        for name, check in checks:
            result = _run(name, check)
            results.append(result)
            report.append(f"{result.status:<7} {result.name}: {result.detail}")
    failed = [r.name for r in results if r.status == "FAIL"]
    warned = [r.name for r in results if r.status == "WARNING"]
    elapsed = time.perf_counter() - started
    if failed:
        report.append(f"self-test FAILED ({', '.join(failed)}) in {elapsed:.1f} s")
    else:
        note = f", {len(warned)} warning(s)" if warned else ""
        report.append(f"self-test passed ({len(results)} checks{note}) in {elapsed:.1f} s")
    _deliver("\n".join(report) + "\n", out, ok=not failed)
    return 1 if failed else 0


def _run(name: str, check: Callable[[], str]) -> CheckResult:
    try:
        return CheckResult(name, "ok", check())
    except _Warn as warning:
        return CheckResult(name, "WARNING", str(warning))
    except CheckFailed as failure:
        return CheckResult(name, "FAIL", str(failure))
    except Exception as error:  # an unexpected error is exactly what a self-test must report
        return CheckResult(name, "FAIL", f"{type(error).__name__}: {error}")


def _versions() -> list[tuple[str, str]]:
    """What is running, one line per piece a bug report needs; a missing piece says so, never
    raises. The facts are the diagnostics package's (one list of what runs, for the IT desk
    and for this report); Qt's runtime comes from here, as services may not import Qt."""
    try:
        from exam_client.services.diagnostics import collect_versions

        facts = collect_versions(_qt_versions())
    except Exception as error:  # a broken bundle still gets its checks run and reported
        return [("versions", f"unavailable ({type(error).__name__}: {error})")]
    frozen = "frozen bundle" if facts["frozen"] == "True" else "source"
    qt = facts["qt"]
    if "PySide6 (runtime)" in facts:
        qt = f"Qt {qt}, PySide6 {facts['PySide6 (runtime)']}"
    return [
        ("app", f"exam-client {facts['app']} ({frozen})"),
        ("python", facts["python"]),
        ("qt", qt),
        ("sqlcipher", facts["sqlcipher"]),
        ("sqlalchemy", f"SQLAlchemy {facts['SQLAlchemy']}, Alembic {facts['alembic']}"),
        ("keyring", f"keyring {facts['keyring']}, backend {_keyring_backend()}"),
        ("platform", facts["os"]),
    ]


def _qt_versions() -> dict[str, str]:
    """The Qt runtime, in the keys the diagnostics package uses (``ui.crash_dialog.qt_versions``,
    without importing a dialog module before any check has run)."""
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        return {"qt": qVersion(), "PySide6 (runtime)": PySide6.__version__}
    except Exception as error:
        return {"qt": f"unavailable ({type(error).__name__}: {error})"}


def _keyring_backend() -> str:
    try:
        import keyring

        backend = type(keyring.get_keyring())
        return f"{backend.__module__}.{backend.__qualname__}"
    except Exception as error:
        return f"unavailable ({type(error).__name__}: {error})"


def check_store(folder: Path) -> str:
    """Create, migrate, write, reopen and read back an encrypted store in ``folder``."""
    from sqlalchemy import select

    from exam_client.storage.engine import open_store
    from exam_client.storage.errors import NotADatabase
    from exam_client.storage.migrate import current_revision, head_revision, migrate
    from exam_client.storage.migrate import open_and_migrate as open_and_migrate_store
    from exam_client.storage.schema import meta

    path = folder / "self-test.db"
    key = secrets.token_bytes(32)
    marker = uuid.uuid4().hex
    head = head_revision()
    with open_and_migrate_store(path, key) as store:
        revision = current_revision(store)
        if revision != head:
            raise CheckFailed(f"migrated to {revision!r}, expected the head {head!r}")
        with store.session(write=True) as session:
            session.execute(meta.insert().values(key="self-test", value=marker))
            session.commit()
    with open_store(path, key) as store:
        if migrate(store).changed:
            raise CheckFailed("a second migration changed an up-to-date store")
        with store.session() as session:
            found = session.execute(
                select(meta.c.value).where(meta.c.key == "self-test")
            ).scalar_one_or_none()
    if found != marker:
        raise CheckFailed(f"read back {found!r}, wrote {marker!r}")
    if path.read_bytes()[:16] == b"SQLite format 3\x00":
        raise CheckFailed("the store file is plain SQLite: SQLCipher did not encrypt it")
    try:
        open_store(path, secrets.token_bytes(32)).close()
    except NotADatabase:
        pass
    else:
        raise CheckFailed("the store opened with a wrong key: it is not encrypted")
    return f"encrypted store created, migrated to {head}, written, reopened and read back"


def check_keyring() -> str:
    """Round-trip a throw-away entry through the active keyring, if it is a secure one."""
    from exam_client.storage.secrets import SecretStore

    secret_store = SecretStore(service=KEYRING_SERVICE)
    info = secret_store.backend_info()
    if not info.secure:
        raise _Warn(
            f"no secure keyring ({info.reason}; backend {info.name}): the app will ask for a "
            "data passphrase instead; fine for a kiosk, a staff machine should have one"
        )
    name = f"round-trip/{uuid.uuid4().hex}"
    value = secrets.token_hex(16)
    secret_store.set(name, value)
    try:
        got = secret_store.get(name)
    finally:
        secret_store.delete(name)
    if got != value:
        raise CheckFailed(f"{info.name} did not return the entry it was given")
    if secret_store.get(name) is not None:
        raise CheckFailed(f"{info.name} still has the entry after deleting it")
    return f"set, read and deleted a throw-away entry in {info.name}"


def check_translations() -> str:
    """Every shipped ``.qm`` file must load, and English must translate a known string."""
    from PySide6.QtCore import QTranslator

    from exam_client.domain.resources import resource_path

    _application()
    folder = resource_path("translations")
    catalogues = sorted(folder.glob("*.qm")) if folder.is_dir() else []
    broken = [path.name for path in catalogues if not QTranslator().load(str(path))]
    if broken:
        raise CheckFailed(f"cannot load {', '.join(broken)} from {folder}")
    if not any(path.name == "exam_client_en.qm" for path in catalogues):
        raise CheckFailed(f"exam_client_en.qm is missing from {folder} (run `make translations`)")
    english = QTranslator()
    english.load(str(folder / "exam_client_en.qm"))
    if english.translate("SignInDialog", "Đăng nhập") in {"", "Đăng nhập"}:
        raise CheckFailed("exam_client_en.qm loads but does not translate 'Đăng nhập'")
    return f"{len(catalogues)} loaded ({', '.join(path.stem for path in catalogues)})"


def check_ui(folder: Path) -> str:
    """Build the staff main window from real services and render it to a PNG."""
    from PySide6.QtGui import QFontDatabase, QImage

    from exam_client.services.auth import StaffSession
    from exam_client.services.bootstrap import build_services
    from exam_client.services.settings import Settings
    from exam_client.ui.main_window import MainWindow
    from exam_client.ui.tasks import TaskRunner
    from exam_client.ui.theme import apply_theme

    app = _application()
    families = QFontDatabase.families()
    if not families:
        raise CheckFailed("Qt found no fonts: every text would be invisible")
    folder.mkdir(parents=True, exist_ok=True)
    settings = Settings(demo=True, data_dir=folder / "data", api_url=DUMMY_API_URL)
    with _no_keyring():  # so the throw-away store never reads or makes the real database key
        services = build_services(settings)
    session = StaffSession(
        username="self-test",
        display_name="Kiểm tra cài đặt",
        role="school_staff",
        school_code=None,
        school_name="Trường kiểm tra",
    )
    runner = TaskRunner()
    style, font = app.styleSheet(), app.font()
    try:
        apply_theme(app)
        window = MainWindow(services, runner, session)
        try:
            image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        finally:
            window.close()
            window.deleteLater()
    finally:
        runner.wait_idle(5000)
        runner.deleteLater()
        services.close()
        app.setStyleSheet(style)
        app.setFont(font)
    png = folder / "main-window.png"
    if image.isNull() or image.width() == 0 or image.height() == 0:
        raise CheckFailed("the main window rendered to an empty image")
    if not image.save(str(png)) or png.stat().st_size == 0:
        raise CheckFailed(f"could not write {png}")
    colours = _colour_count(image)
    if colours < MIN_COLOURS:
        raise CheckFailed(f"the rendered window is blank ({colours} colour(s))")
    keep = os.environ.get(SCREENSHOT_ENV)
    if keep:
        shutil.copyfile(png, keep)
    platform_name = app.platformName()
    return (
        f"main window rendered ({image.width()}x{image.height()}, {colours} colours, "
        f"Qt platform {platform_name}, {len(families)} font families)"
    )


def _colour_count(image: object) -> int:
    """Distinct colours on a 4-pixel grid: enough to tell a drawn window from a blank one."""
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    seen: set[int] = set()
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            seen.add(image.pixel(x, y))
    return len(seen)


def _application() -> QApplication:
    """The running ``QApplication``, or a new one (offscreen when there is no display)."""
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is not None:
        assert isinstance(existing, QApplication)
        return existing
    if _needs_offscreen(os.environ, sys.platform):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QApplication([sys.argv[0] if sys.argv else "exam-client"])


def _needs_offscreen(env: os._Environ[str] | dict[str, str], system: str) -> bool:
    """Linux without a display and without a chosen platform plugin would abort in Qt."""
    if not system.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return False
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


@contextmanager
def _no_keyring() -> Iterator[None]:
    """Make the keyring look absent for the duration (demo settings then use an in-memory key)."""
    import keyring
    import keyring.backends.fail

    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def _deliver(text: str, out: TextIO | None, *, ok: bool) -> None:
    """Print the report; without a console, write it to a file (and show it, if nobody asked)."""
    stream = out if out is not None else sys.stdout
    if stream is not None:
        stream.write(text)
        stream.flush()
    target = os.environ.get(REPORT_ENV)
    if target:
        Path(target).write_text(text, encoding="utf-8")
    if stream is not None or target:
        return
    fallback = Path(tempfile.gettempdir()) / "exam-client-self-test.txt"
    fallback.write_text(text, encoding="utf-8")
    _show(text + f"\n(also saved to {fallback})", ok=ok)


def _show(text: str, *, ok: bool) -> None:
    """The windowed build has no console: show the report in a message box."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    _application()
    box = QMessageBox(
        QMessageBox.Icon.Information if ok else QMessageBox.Icon.Critical,
        QCoreApplication.translate("SelfTest", "exam-client — kiểm tra cài đặt (self-test)"),
        text,
    )
    box.exec()
