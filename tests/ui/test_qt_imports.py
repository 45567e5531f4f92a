"""PySide6's import hook no longer reads the source of every module imported after Qt."""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (installs the hook)
import pytest

from exam_client.ui import qt_imports

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def feature() -> Iterator[ModuleType]:
    module = sys.modules[qt_imports.FEATURE_MODULE]
    saved = getattr(module, "_mod_uses_pyside")  # noqa: B009
    yield module
    setattr(module, "_mod_uses_pyside", saved)  # noqa: B010


@pytest.fixture
def source_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = inspect.getsource

    def recording(obj: object) -> str:
        reads.append(getattr(obj, "__name__", "?"))
        return real(obj)  # type: ignore[arg-type]

    monkeypatch.setattr(inspect, "getsource", recording)
    return reads


def _import_fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    (tmp_path / f"{name}.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    monkeypatch.delitem(sys.modules, name, raising=False)
    exec(f"import {name}", {"__name__": "qt_imports_probe"})  # through builtins.__import__
    monkeypatch.delitem(sys.modules, name)


def test_the_stock_hook_reads_each_new_modules_source(
    feature: ModuleType,
    source_reads: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The cost being removed exists (so the next test can fail)."""
    stock = qt_imports.stock_check() or getattr(feature, "_mod_uses_pyside")  # noqa: B009
    assert stock is not qt_imports._every_module_uses_no_feature
    setattr(feature, "_mod_uses_pyside", stock)  # noqa: B010
    _import_fresh(tmp_path, monkeypatch, "qt_imports_stock_probe")
    assert "qt_imports_stock_probe" in source_reads


def test_after_the_change_no_source_is_read(
    feature: ModuleType,
    source_reads: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert qt_imports.make_feature_hook_cheap()  # this PySide6 still has the hook
    _import_fresh(tmp_path, monkeypatch, "qt_imports_cheap_probe")
    assert source_reads == []
    assert (
        getattr(feature, "pyside_feature_dict").get(  # noqa: B009
            "qt_imports_cheap_probe"
        )
        == 0
    )  # "no feature"


def test_without_the_hook_nothing_is_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, qt_imports.FEATURE_MODULE)
    assert not qt_imports.make_feature_hook_cheap()


def test_the_app_never_selects_a_pyside_feature() -> None:
    """The replacement is only right while no module opts into snake_case/true_property."""
    selecting = [
        str(path.relative_to(ROOT))
        for package in ("exam_client", "ministry_mock", "tests", "benchmarks")
        for path in (ROOT / package).rglob("*.py")
        if "from " + "__feature__" in path.read_text(encoding="utf-8")
    ]
    assert selecting == []
