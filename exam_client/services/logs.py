"""Logging with personal identifiers masked, whoever logs (our code, urllib3, uvicorn…).

:func:`install_redaction` wraps the log-record factory, so every record is masked when it is
created, before any handler (file, console, pytest's capture) sees it; exception text is masked
by :class:`RedactingFormatter`.
"""

from __future__ import annotations

import logging
from typing import Any

from exam_client.domain.redact import redact_ids

_installed = False


def install_redaction() -> None:
    global _installed  # noqa: PLW0603 - process-wide, installed once
    if _installed:
        return
    base = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
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


class RedactingFormatter(logging.Formatter):
    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's API
        return redact_ids(super().formatException(ei))

    def format(self, record: logging.LogRecord) -> str:
        return redact_ids(super().format(record))
