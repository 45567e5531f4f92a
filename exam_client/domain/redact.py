"""Masking personal identifiers in free text (logs, diagnostics).

Any run of 9 to 12 digits is treated as an ID (12-digit CCCD, 9-digit CMND; 10-digit phone
numbers are personal data too) and keeps only its first three and last three digits. Names
cannot be recognised in free text, so code must never log them: it logs masked initials
(:func:`exam_client.domain.names.mask_name`) or nothing.
"""

from __future__ import annotations

import re

_ID_RUN = re.compile(r"(?<![0-9])([0-9]{3})([0-9]{3,6})([0-9]{3})(?![0-9])")


def redact_ids(text: str) -> str:
    return _ID_RUN.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)


def contains_unmasked_id(text: str) -> bool:
    return _ID_RUN.search(text) is not None
