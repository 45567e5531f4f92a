from __future__ import annotations

import pytest

from exam_client.domain.redact import contains_unmasked_id, redact_ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "GET /population/citizens/001208012345 HTTP/1.1",
            "GET /population/citizens/001******345 HTTP/1.1",
        ),
        ("cmnd 123456789.", "cmnd 123***789."),
        ("phone 0912345678", "phone 091****678"),
        ("year 2026, port 8765, 12345678", "year 2026, port 8765, 12345678"),  # not an ID
        ("1234567890123", "1234567890123"),  # 13 digits: not an ID either
    ],
)
def test_redact_masks_id_like_runs_only(text: str, expected: str) -> None:
    assert redact_ids(text) == expected
    assert not contains_unmasked_id(redact_ids(text)) or expected == text
