"""The PyInstaller spec, read as data (building takes minutes; ``make package`` does that)."""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

from exam_client.domain import resources
from exam_client.storage.engine import open_store
from exam_client.storage.migrate import MIGRATIONS_DIR, head_revision, migrate
from tests.packaging.helpers import ROOT, keyword, spec_calls, spec_literal

# Backends and modules that exist only on another OS: their find_spec would fail here.
OTHER_OS_ONLY: set[str] = set()


def data_dirs() -> list[tuple[str, str]]:
    return [tuple(pair) for pair in spec_literal("DATA_DIRS")]


def covered(folder: str) -> bool:
    return any(folder == source or folder.startswith(source + "/") for source, _ in data_dirs())


def test_every_top_level_resources_folder_is_shipped() -> None:
    folders = sorted(p.name for p in (ROOT / "resources").iterdir() if p.is_dir())

    assert folders, "resources/ is empty?"
    missing = [name for name in folders if not covered(f"resources/{name}")]
    assert missing == []


def test_resources_land_where_the_frozen_app_looks_for_them() -> None:
    # resources_dir() is <sys._MEIPASS>/resources when frozen.
    assert ("resources", "resources") in data_dirs()


def test_frozen_resources_dir_is_under_meipass(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("EXAM_CLIENT_RESOURCES", raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert resources.resources_dir() == tmp_path / "resources"


def test_the_migrations_ship_as_files_where_migrate_looks_for_them() -> None:
    # MIGRATIONS_DIR is next to migrate.py; a frozen module's __file__ is
    # <bundle>/exam_client/storage/migrate.pyc, so the bundle path must mirror the package path.
    expected = MIGRATIONS_DIR.resolve().relative_to(ROOT).as_posix()

    assert (expected, expected) in data_dirs()


def copy_like_the_spec(bundle: Path) -> None:
    """Lay out the data files the way the spec's _tree() does (no __pycache__, no .pyc)."""
    for source, target in data_dirs():
        base = ROOT / source
        for path in base.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                destination = bundle / target / path.relative_to(base)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)


def test_the_shipped_migration_files_alone_migrate_a_store(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    copy_like_the_spec(bundle)
    shipped = bundle / MIGRATIONS_DIR.resolve().relative_to(ROOT)

    with open_store(tmp_path / "cache.db", bytes(32)) as store:
        report = migrate(store, script_location=shipped)

    assert report.to_revision == head_revision()
    assert report.from_revision is None


def test_it_is_a_one_folder_build_without_upx() -> None:
    (exe,) = spec_calls("EXE")
    (collect,) = spec_calls("COLLECT")

    assert keyword(exe, "exclude_binaries") is True  # binaries go to the folder, not the exe
    assert keyword(exe, "upx") is False
    assert keyword(collect, "upx") is False
    assert keyword(collect, "name") == "exam-client"


def test_windowed_on_windows_and_console_elsewhere() -> None:
    (exe,) = spec_calls("EXE")
    console = next(kw.value for kw in exe.keywords if kw.arg == "console")

    assert ast.unparse(console) == "not WINDOWS"


def test_the_version_resource_comes_from_the_generator() -> None:
    source = (ROOT / "packaging" / "exam-client.spec").read_text(encoding="utf-8")

    assert "make_version_info.py" in source
    (exe,) = spec_calls("EXE")
    version = next(kw.value for kw in exe.keywords if kw.arg == "version")
    assert "version_file" in ast.unparse(version)


@pytest.mark.parametrize(
    "module",
    [
        "keyring.backends.Windows",
        "keyring.backends.SecretService",
        "keyring.backends.macOS",
        "keyring.backends.fail",
        "keyring.backends.chainer",
        "sqlcipher3.dbapi2",
        "sqlalchemy.dialects.sqlite.pysqlite",
        "sqlalchemy.dialects.sqlite.pysqlcipher",
        "alembic.runtime.migration",
        "logging.config",
        "ministry_mock",
        "uvicorn",
        "fastapi",
    ],
)
def test_runtime_only_imports_are_declared(module: str) -> None:
    assert module in spec_literal("HIDDEN_IMPORTS")


def test_every_hidden_import_exists() -> None:
    """A typo in the list would only show up as a missing module on a customer's machine."""
    missing = [
        name
        for name in spec_literal("HIDDEN_IMPORTS")
        if name not in OTHER_OS_ONLY and importlib.util.find_spec(name) is None
    ]
    assert missing == []


def test_no_excluded_qt_module_is_used_by_the_code() -> None:
    excluded = set(spec_literal("EXCLUDED_QT_MODULES"))
    pattern = re.compile(r"^\s*(?:from|import)\s+(PySide6\.Qt\w+)", re.MULTILINE)
    used: dict[str, set[str]] = {}
    for package in ("exam_client", "ministry_mock"):
        for path in (ROOT / package).rglob("*.py"):
            for module in pattern.findall(path.read_text(encoding="utf-8")):
                used.setdefault(module, set()).add(str(path.relative_to(ROOT)))

    clashes = {module: sorted(paths) for module, paths in used.items() if module in excluded}
    assert clashes == {}, "remove these from EXCLUDED_QT_MODULES in packaging/exam-client.spec"


def test_widgets_gui_and_core_are_never_excluded() -> None:
    excluded = set(spec_literal("EXCLUDED_QT_MODULES"))

    assert not excluded & {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"}
    assert "PySide6.QtPrintSupport" not in excluded  # printing (PDF) is on the roadmap
