"""Fixtures for the storage tests: real SQLCipher files in ``tmp_path``, never mocks."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from exam_client.storage.engine import Store
from exam_client.storage.migrate import open_and_migrate


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    # A Vietnamese folder name: Windows user profiles often have one (C:\Users\Nguyễn Văn A).
    return tmp_path / "Dữ liệu thí sinh" / "cache.db"


@pytest.fixture
def key() -> bytes:
    return os.urandom(32)


@pytest.fixture
def store(db_path: Path, key: bytes) -> Iterator[Store]:
    opened = open_and_migrate(db_path, key)
    try:
        yield opened
    finally:
        opened.close()
