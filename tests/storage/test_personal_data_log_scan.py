"""The suite-wide log scan (``tests/conftest.py``) can fail: fed bad records, it finds them.

Lives with the storage tests because the scan guards the same personal data the store keeps;
it tests the conftest machinery, not storage code.
"""

from __future__ import annotations

import logging

from tests.conftest import (
    ALLOW_PERSONAL_DATA,
    PersonalDataDetector,
    PersonalDataScan,
    known_full_names,
)

NAMES = ["Nguyễn Thị Ánh Tuyết", "Lò Văn Pấng", "H'Hen Niê"]


def record(msg: str, *args: object, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("exam_client.test", logging.DEBUG, __file__, 1, msg, args, None)
    made.__dict__.update(extra)
    return made


def test_detector_finds_ids_and_known_names_only() -> None:
    detector = PersonalDataDetector(NAMES)
    assert detector.find("looked up 001307012345") is not None
    assert detector.find("looked up 001******345") is None
    assert detector.find("13-digit run 0013070123456 is not a CCCD") is None
    assert detector.find("saved Lò Văn Pấng") is not None
    assert detector.find("saved H'Hen Niê") is not None
    assert detector.find("saved L. V. Pấng and Nguyễn Văn Khác") is None
    # A decomposed (NFD) name from another input method is the same name.
    import unicodedata

    assert detector.find(unicodedata.normalize("NFD", "ghi Nguyễn Thị Ánh Tuyết")) is not None


def test_scan_formats_args_and_exceptions_and_reports_masked_lines() -> None:
    scan = PersonalDataScan(PersonalDataDetector(NAMES))
    scan.current_test = "tests/x.py::test_leak"
    scan.handle(record("lookup of %s failed", "038208123456"))
    scan.handle(record("nothing personal: %d rows", 12))
    try:
        raise ValueError("Nguyễn Thị Ánh Tuyết")
    except ValueError:
        import sys

        with_exc = record("saving failed")
        with_exc.exc_info = sys.exc_info()
        scan.handle(with_exc)
    scan.handle(record("on purpose 066308000777", **{ALLOW_PERSONAL_DATA: True}))

    assert scan.scanned == 3
    assert len(scan.findings) == 2
    assert scan.findings[0].startswith("tests/x.py::test_leak: unmasked citizen ID")
    assert "038208123456" not in scan.findings[0]  # the report does not repeat the leak
    assert "full name" in scan.findings[1]
    assert "Ánh Tuyết" not in scan.findings[1]
    assert "N. T. Á. T." in scan.findings[1]


def test_broken_format_string_is_still_scanned() -> None:
    scan = PersonalDataScan(PersonalDataDetector(NAMES))
    scan.handle(record("two args %s %s", "001307012345"))
    assert len(scan.findings) == 1


def test_seeded_names_are_the_mocks_first_citizens() -> None:
    from ministry_mock.population import generate_citizens
    from ministry_mock.settings import MockSettings

    names = known_full_names()
    first = next(iter(generate_citizens(MockSettings().seed, 1)))
    assert first.full_name in names
    assert "Lò Văn Pấng" in names
    assert PersonalDataDetector(names).find(f"hello {first.full_name}") is not None
