"""Crashes: a report file for the IT desk, a log record, and "the last run ended badly".

No Qt here: :class:`CrashHandler` installs ``sys.excepthook`` and ``threading.excepthook``; the
UI (``exam_client.ui.crash_dialog``) adds the Qt message handler and the dialog through
``on_crash``. Everything written is masked (:func:`exam_client.domain.redact.redact_ids`): a
traceback's message may hold whatever value was being processed.

The running marker (``<data_dir>/running-<pid>.marker``) is written at start and removed at a
clean exit. A marker left by a process that is gone means the previous run ended abnormally
(crash, power cut, killed): :func:`start_run` returns it so the shell can say so once.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from exam_client import __version__
from exam_client.domain.redact import redact_ids

log = logging.getLogger(__name__)

CRASH_DIR_NAME = "crashes"
MARKER_PREFIX = "running-"
MARKER_SUFFIX = ".marker"
EXIT_CODE_CRASH = 70  # EX_SOFTWARE: an internal error ended the run


@dataclass(frozen=True, slots=True)
class CrashReport:
    """One crash, as written to ``path``; ``fatal`` crashes end the run (main/GUI thread)."""

    path: Path
    summary: str  # exception type and masked message, one line
    thread: str
    fatal: bool


@dataclass(frozen=True, slots=True)
class PreviousRun:
    """A run that did not exit cleanly: when it started and the crash reports written since."""

    started: str
    crash_reports: tuple[Path, ...]


def crash_dir(data_dir: Path) -> Path:
    return data_dir / CRASH_DIR_NAME


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S.%fZ")


def write_crash_report(
    data_dir: Path,
    exc_type: type[BaseException] | None,
    exc: BaseException | None,
    tb: TracebackType | None,
    *,
    thread: str,
    detail: str = "",
) -> Path:
    """Write one masked report file; returns its path. Never raises for lack of a traceback."""
    folder = crash_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{_stamp()}-{os.getpid()}.txt"
    if exc_type is not None:
        trace = "".join(traceback.format_exception(exc_type, exc, tb))
    else:
        trace = "(no Python traceback)\n"
    lines = [
        f"exam-client {__version__} crash report",
        f"time: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"thread: {thread}",
        f"python: {platform.python_implementation()} {platform.python_version()}",
        f"platform: {platform.platform()}",
        f"frozen: {bool(getattr(sys, 'frozen', False))}",
    ]
    if detail:
        lines.append(f"detail: {detail}")
    text = "\n".join(lines) + "\n\n" + trace
    path.write_text(redact_ids(text), encoding="utf-8")
    return path


def summary_of(exc_type: type[BaseException] | None, exc: BaseException | None) -> str:
    name = exc_type.__name__ if exc_type is not None else "Error"
    message = str(exc) if exc is not None else ""
    return redact_ids(f"{name}: {message}" if message else name)[:300]


class CrashHandler:
    """Installs the Python crash hooks for one data dir; restores the previous hooks on
    :meth:`uninstall` (tests).

    ``on_crash`` is called after the report is written, on the thread that crashed: for
    ``sys.excepthook`` that is the main (GUI) thread, where the UI shows its dialog; an exception
    escaping a worker thread is reported and logged, and the app keeps running (the GUI thread
    is fine), so ``on_crash`` gets ``fatal=False``.
    """

    def __init__(
        self, data_dir: Path, on_crash: Callable[[CrashReport], None] | None = None
    ) -> None:
        self.data_dir = data_dir
        self.on_crash = on_crash
        self.reports: list[CrashReport] = []
        self._previous_sys: Callable[..., object] | None = None
        self._previous_thread: Callable[..., object] | None = None
        self._handling = threading.local()

    def install(self) -> CrashHandler:
        self._previous_sys = sys.excepthook
        self._previous_thread = threading.excepthook
        sys.excepthook = self.handle_exception
        threading.excepthook = self.handle_thread_exception
        return self

    def uninstall(self) -> None:
        if self._previous_sys is not None:
            sys.excepthook = self._previous_sys
        if self._previous_thread is not None:
            threading.excepthook = self._previous_thread

    def handle_exception(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        """``sys.excepthook``: an unhandled exception on the main thread (also from a Qt slot)."""
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.record(exc_type, exc, tb, thread=threading.current_thread().name, fatal=True)

    def handle_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        """``threading.excepthook``: a worker thread died; the app itself keeps running."""
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "unknown thread"
        self.record(args.exc_type, args.exc_value, args.exc_traceback, thread=name, fatal=False)

    def record(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
        *,
        thread: str,
        fatal: bool,
        detail: str = "",
    ) -> CrashReport | None:
        """Write the report, log it (masked), call ``on_crash``. A failure in here is printed
        (when there is a console), never raised: a crash handler must not crash."""
        if getattr(self._handling, "active", False):  # a crash inside on_crash: no loop
            return None
        self._handling.active = True
        try:
            try:
                path = write_crash_report(
                    self.data_dir, exc_type, exc, tb, thread=thread, detail=detail
                )
            except OSError as error:  # a full or read-only disk: still log and tell
                path = crash_dir(self.data_dir) / "(not written)"
                log.error("could not write the crash report: %s", error)
            report = CrashReport(path, summary_of(exc_type, exc) or detail, thread, fatal)
            self.reports.append(report)
            exc_info = (exc_type, exc, tb) if exc_type is not None and exc is not None else None
            log.critical(
                "unhandled error on thread %s (%s); report: %s",
                thread,
                report.summary,
                path.name,
                exc_info=exc_info,
            )
            if self.on_crash is not None:
                self.on_crash(report)
            return report
        except Exception:  # last resort: say so on the console, masked, and carry on
            if sys.stderr is not None:
                print(redact_ids(traceback.format_exc()), file=sys.stderr)
            return None
        finally:
            self._handling.active = False


# -- the running marker ----------------------------------------------------------------------


def marker_path(data_dir: Path, pid: int | None = None) -> Path:
    return data_dir / f"{MARKER_PREFIX}{pid if pid is not None else os.getpid()}{MARKER_SUFFIX}"


def _pid_alive(pid: int) -> bool:
    """Whether another process with ``pid`` still runs (POSIX). On Windows ``os.kill`` would
    terminate it, so there every foreign marker counts as left over (a second instance at the
    same time is not a supported way to run the app)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_run(data_dir: Path) -> PreviousRun | None:
    """Call once at start: collects markers of runs that ended abnormally (and removes them),
    then writes this run's marker. Returns what the shell should tell, or None."""
    data_dir.mkdir(parents=True, exist_ok=True)
    stale: list[str] = []
    for marker in sorted(data_dir.glob(f"{MARKER_PREFIX}*{MARKER_SUFFIX}")):
        pid_text = marker.name[len(MARKER_PREFIX) : -len(MARKER_SUFFIX)]
        if pid_text.isdigit() and _pid_alive(int(pid_text)):
            continue
        try:
            stale.append(marker.read_text(encoding="utf-8").strip())
        except OSError:
            stale.append("")
        marker.unlink(missing_ok=True)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    marker_path(data_dir).write_text(started, encoding="utf-8")
    if not stale:
        return None
    first = min((s for s in stale if s), default="")
    reports = sorted(crash_dir(data_dir).glob("crash-*.txt")) if first else []
    since = [p for p in reports if _report_time(p) >= first] if first else []
    return PreviousRun(started=first, crash_reports=tuple(since))


def _report_time(path: Path) -> str:
    """ISO time (seconds) from ``crash-YYYYmmddTHHMMSS.ffffffZ-pid.txt``, for comparison."""
    try:
        moment = datetime.strptime(path.name.split("-")[1], "%Y%m%dT%H%M%S.%fZ")
    except (IndexError, ValueError):
        return ""
    return moment.replace(tzinfo=UTC).isoformat(timespec="seconds")


def end_run(data_dir: Path) -> None:
    """Call at a clean exit: the next start will not report this run."""
    marker_path(data_dir).unlink(missing_ok=True)
