"""Logging with personal identifiers masked, whoever logs (our code, urllib3, uvicorn…).

:func:`install_redaction` wraps the log-record factory, so every record's message is masked when
it is created, before any handler (file, console, pytest's capture) sees it; so is its
exception text (pre-formatted into ``exc_text``, which every formatter reuses). What the factory
cannot reach — ``extra={...}`` fields, set on the record after the factory returns — is masked
by the formatters here (:class:`RedactingFormatter` for the console, :class:`JsonLinesFormatter`
for the file), which also mask everything again in case a record bypassed the factory.

:func:`configure_logging` is what the app calls at start: rotating JSON-lines files in
``<data_dir>/logs/`` (one JSON object per line, so the IT desk and the end-to-end tests can read
them with any tool) and a human-readable console.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from exam_client.domain.redact import redact_ids

LOG_FILE_NAME = "exam-client.jsonl"
MAX_BYTES = 5 * 1024 * 1024
BACKUP_COUNT = 5
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
CONSOLE_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
# Every attribute a plain LogRecord has: anything else on a record came from ``extra=``.
_STANDARD_ATTRS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

_installed = False
_plain = logging.Formatter()


def install_redaction() -> None:
    global _installed  # noqa: PLW0603 - process-wide, installed once
    if _installed:
        return
    base = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        if record.exc_info and record.exc_info[0] is not None:
            # Formatters reuse ``exc_text`` when it is set: every handler (console, file,
            # pytest's capture) gets the masked traceback, not only ours.
            try:
                record.exc_text = redact_ids(_plain.formatException(record.exc_info))
            except Exception:  # an exception whose str() fails must not lose the record
                record.exc_text = f"{record.exc_info[0].__name__} (its text could not be shown)"
        if record.stack_info:
            record.stack_info = redact_ids(record.stack_info)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            return record
        masked = redact_ids(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


def redact_value(value: Any) -> Any:
    """``value`` made JSON-ready with every ID masked: strings, and strings inside lists/dicts."""
    if isinstance(value, str):
        return redact_ids(value)
    if isinstance(value, bool | int | float) or value is None:
        return redact_ids(str(value)) if isinstance(value, int) and abs(value) > 10**8 else value
    if isinstance(value, dict):
        return {redact_ids(str(k)): redact_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [redact_value(v) for v in value]
    return redact_ids(str(value))


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The ``extra={...}`` fields of a record (not set by logging itself), masked."""
    return {
        key: redact_value(value)
        for key, value in vars(record).items()
        if key not in _STANDARD_ATTRS and not key.startswith("_")
    }


class RedactingFormatter(logging.Formatter):
    """Human-readable lines (the console) with exception text masked too."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's API
        return redact_ids(super().formatException(ei))

    def format(self, record: logging.LogRecord) -> str:
        return redact_ids(super().format(record))


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per record: ``ts`` (ISO-8601 UTC), ``level``, ``logger``, ``msg``,
    ``thread``, ``exc`` (when there is one) and any ``extra`` fields — all masked.

    Masking happens here again (not only in the record factory) because a record may come
    from a library that logged before :func:`install_redaction`, and because exception text
    and extras never pass through the factory.
    """

    def format(self, record: logging.LogRecord) -> str:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep what we were given
            message = f"{record.msg!r} {record.args!r}"
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": redact_ids(message),
            "thread": record.threadName,
        }
        if record.exc_info:
            entry["exc"] = redact_ids(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exc"] = redact_ids(record.exc_text)
        if record.stack_info:
            entry["stack"] = redact_ids(record.stack_info)
        extras = extra_fields(record)
        if extras:
            entry["extra"] = extras
        return json.dumps(entry, ensure_ascii=False, default=str)


def parse_level(level: str | int) -> int:
    """A logging level from its name (any case) or number; ValueError names what is allowed."""
    if isinstance(level, int) and not isinstance(level, bool):
        return level
    name = str(level).strip().upper()
    if name not in LEVELS:
        raise ValueError(f"log level {level!r} is not one of {', '.join(LEVELS)}")
    return int(logging.getLevelName(name))


@dataclass
class LoggingSetup:
    """What :func:`configure_logging` installed, so it can be taken down (tests, shutdown)."""

    log_file: Path | None
    handlers: list[logging.Handler] = field(default_factory=list)
    previous_level: int = logging.WARNING

    def close(self) -> None:
        root = logging.getLogger()
        for handler in self.handlers:
            root.removeHandler(handler)
            handler.close()
        self.handlers.clear()
        root.setLevel(self.previous_level)


def configure_logging(
    data_dir: Path | None,
    level: str | int = "INFO",
    *,
    console: bool = True,
    max_bytes: int = MAX_BYTES,
    backup_count: int = BACKUP_COUNT,
) -> LoggingSetup:
    """Install masking, the rotating JSON-lines file and (if there is a console) a readable one.

    Returns the setup so a second call (or a test) can remove exactly what was added. The
    windowed Windows build has ``sys.stderr is None``: then only the file is written. Without
    ``data_dir`` (``--self-test``, before the settings are known) only the console is set up.
    """
    install_redaction()
    numeric = parse_level(level)
    root = logging.getLogger()
    setup = LoggingSetup(None, previous_level=root.level)
    if data_dir is not None:
        log_dir = data_dir / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        setup.log_file = log_dir / LOG_FILE_NAME
        file_handler = logging.handlers.RotatingFileHandler(
            setup.log_file, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
        )
        file_handler.setFormatter(JsonLinesFormatter())
        file_handler.setLevel(numeric)
        setup.handlers.append(file_handler)
    if console and sys.stderr is not None:
        console_handler = logging.StreamHandler(sys.stderr)
        console_handler.setFormatter(RedactingFormatter(CONSOLE_FORMAT))
        console_handler.setLevel(numeric)
        setup.handlers.append(console_handler)
    for handler in setup.handlers:
        root.addHandler(handler)
    root.setLevel(min(numeric, root.level) if root.level != logging.NOTSET else numeric)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return setup


def log_files(data_dir: Path) -> list[Path]:
    """The current log and its rotated predecessors, newest first."""
    log_dir = data_dir / "logs"
    if not log_dir.is_dir():
        return []
    return sorted(log_dir.glob(LOG_FILE_NAME + "*"), key=lambda p: (len(p.name), p.name))
