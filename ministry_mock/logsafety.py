"""Keep personal IDs out of log files, whoever writes the log line.

The citizen look-up puts the 12-digit ID in the URL path, and uvicorn's access log (off by
default, on with ``--access-log``) prints paths verbatim. This filter rewrites any run of 9 to
12 digits in a log record to its masked form before a handler sees it.
"""

from __future__ import annotations

import logging
import re

from exam_client.domain.cccd import mask_cccd

_ID_RUN = re.compile(r"(?<!\d)\d{9,12}(?!\d)")


def mask_ids(text: str) -> str:
    return _ID_RUN.sub(lambda m: mask_cccd(m.group(0)), text)


class MaskIdsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_ids(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask_ids(a) if isinstance(a, str) else a for a in record.args)
        return True


def install(logger_name: str) -> None:
    """Attach the filter once (idempotent: servers may start many times in one process)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, MaskIdsFilter) for f in logger.filters):
        logger.addFilter(MaskIdsFilter())
