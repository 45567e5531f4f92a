"""The Windows version resource is generated from ``exam_client.__version__``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import exam_client
from tests.packaging.helpers import load_script

version_info = load_script("make_version_info")


class Node:
    """Stands in for PyInstaller's version-info classes (their module needs Windows)."""

    def __init__(self, kind: str, *args: Any, **kwargs: Any) -> None:
        self.kind, self.args, self.kwargs = kind, args, kwargs


def evaluate(text: str) -> Node:
    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable"]
    names += ["StringStruct", "VarFileInfo", "VarStruct"]
    scope: dict[str, Any] = {n: (lambda *a, _n=n, **k: Node(_n, *a, **k)) for n in names}
    result = eval(text, {"__builtins__": {}}, scope)  # our own generated file
    assert isinstance(result, Node)
    return result


def strings(info: Node) -> list[dict[str, str]]:
    (string_file_info,) = [kid for kid in info.kwargs["kids"] if kid.kind == "StringFileInfo"]
    return [{s.args[0]: s.args[1] for s in table.args[1]} for table in string_file_info.args[0]]


def test_it_reads_the_package_version() -> None:
    assert version_info.read_version() == exam_client.__version__


def test_the_resource_carries_the_package_version() -> None:
    info = evaluate(version_info.render(version_info.read_version()))
    numbers = version_info.numeric_version(exam_client.__version__)

    assert info.kwargs["ffi"].kwargs["filevers"] == numbers
    assert info.kwargs["ffi"].kwargs["prodvers"] == numbers
    tables = strings(info)
    assert len(tables) == 2  # Vietnamese and English
    for table in tables:
        assert table["FileVersion"] == exam_client.__version__
        assert table["ProductVersion"] == exam_client.__version__
        assert table["OriginalFilename"] == "exam-client.exe"


def test_the_script_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "version_info.txt"

    assert version_info.main([str(target)]) == 0
    assert f"'FileVersion', '{exam_client.__version__}'" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("2", (2, 0, 0, 0)),
        ("1.2.3.4", (1, 2, 3, 4)),
        ("1.2.3rc1", (1, 2, 3, 0)),
        ("1.2.0.dev5+g1234", (1, 2, 0, 0)),
    ],
)
def test_windows_numbers_from_a_python_version(
    version: str, numbers: tuple[int, int, int, int]
) -> None:
    assert version_info.numeric_version(version) == numbers


@pytest.mark.parametrize("version", ["dev", "", "70000.1"])
def test_versions_windows_cannot_hold_are_refused(version: str) -> None:
    with pytest.raises(ValueError, match="version"):
        version_info.numeric_version(version)
