"""The file log: JSON lines that parse, rotation, and masking of everything a record carries
(message, arguments, exception text, ``extra`` fields)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from exam_client.services.logs import (
    LOG_FILE_NAME,
    JsonLinesFormatter,
    LoggingSetup,
    configure_logging,
    log_files,
    parse_level,
)

CCCD = "001203004567"
MASKED = "001******567"


@pytest.fixture
def file_log(tmp_path: Path) -> Iterator[LoggingSetup]:
    setup = configure_logging(tmp_path, "DEBUG", console=False)
    try:
        yield setup
    finally:
        setup.close()


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def flush(setup: LoggingSetup) -> None:
    for handler in setup.handlers:
        handler.flush()


def test_one_json_object_per_line_with_the_documented_fields(
    file_log: LoggingSetup, tmp_path: Path
) -> None:
    assert file_log.log_file == tmp_path / "logs" / LOG_FILE_NAME
    logging.getLogger("exam_client.test").info("hồ sơ %s đã gửi", "thí sinh số 7")
    logging.getLogger("exam_client.test").warning("chậm\ndòng hai")
    flush(file_log)
    assert file_log.log_file is not None
    entries = lines(file_log.log_file)
    assert [e["msg"] for e in entries] == ["hồ sơ thí sinh số 7 đã gửi", "chậm\ndòng hai"]
    first = entries[0]
    assert set(first) == {"ts", "level", "logger", "msg", "thread"}
    assert (first["level"], first["logger"], first["thread"]) == (
        "INFO",
        "exam_client.test",
        "MainThread",
    )
    ts = datetime.fromisoformat(str(first["ts"]))
    assert ts.utcoffset() is not None and ts.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert "thí sinh" in file_log.log_file.read_text(encoding="utf-8")  # UTF-8, not \\u escapes


def test_ids_are_masked_in_message_exception_and_extra(file_log: LoggingSetup) -> None:
    logger = logging.getLogger("exam_client.test")
    logger.info("tra cứu %s", CCCD)
    try:
        raise ValueError(f"không tìm thấy {CCCD}")
    except ValueError:
        logger.exception("lỗi tra cứu")
    logger.info("gửi", extra={"cccd": CCCD, "batch": [CCCD, 5], "nested": {"id": 123456789012}})
    flush(file_log)
    assert file_log.log_file is not None
    text = file_log.log_file.read_text(encoding="utf-8")
    assert CCCD not in text
    entries = lines(file_log.log_file)
    assert entries[0]["msg"] == f"tra cứu {MASKED}"
    assert "ValueError: không tìm thấy " + MASKED in str(entries[1]["exc"])
    assert "Traceback" in str(entries[1]["exc"])
    assert entries[2]["extra"] == {
        "cccd": MASKED,
        "batch": [MASKED, 5],
        "nested": {"id": "123******012"},
    }


def test_a_record_made_without_the_factory_is_masked_by_the_formatter() -> None:
    """A library that built its record before redaction was installed still cannot leak."""
    record = logging.LogRecord("lib", logging.INFO, __file__, 1, "id=%s", (CCCD,), None)
    entry = json.loads(JsonLinesFormatter().format(record))
    assert entry["msg"] == f"id={MASKED}"


def test_files_rotate_and_stay_bounded(tmp_path: Path) -> None:
    setup = configure_logging(tmp_path, "INFO", console=False, max_bytes=2_000, backup_count=2)
    try:
        logger = logging.getLogger("exam_client.rotation")
        for i in range(200):
            logger.info("dòng %03d %s", i, "x" * 40)
        flush(setup)
    finally:
        setup.close()
    files = log_files(tmp_path)
    assert [p.name for p in files] == [LOG_FILE_NAME, LOG_FILE_NAME + ".1", LOG_FILE_NAME + ".2"]
    assert all(p.stat().st_size <= 2_000 for p in files)
    newest = lines(files[0])
    assert str(newest[-1]["msg"]).endswith("x" * 40)
    assert str(newest[-1]["msg"]).startswith("dòng 199")
    for path in files:  # every rotated file is whole JSON lines too
        assert lines(path)


def test_level_filters_and_close_removes_the_handlers(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    setup = configure_logging(tmp_path, "warning", console=True)
    assert len(root.handlers) == len(before) + 2
    logging.getLogger("exam_client.level").info("không ghi")
    logging.getLogger("exam_client.level").error("có ghi")
    flush(setup)
    setup.close()
    assert root.handlers == before
    assert setup.log_file is not None
    assert [e["msg"] for e in lines(setup.log_file)] == ["có ghi"]


@pytest.mark.parametrize(("name", "number"), [("debug", 10), ("INFO", 20), (" Error ", 40)])
def test_level_names(name: str, number: int) -> None:
    assert parse_level(name) == number


def test_a_bad_level_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="DEBUG, INFO, WARNING, ERROR, CRITICAL"):
        parse_level("verbose")
