"""Load the scripts in ``packaging/`` (not a package: the name would shadow the ``packaging``
library) and read the spec's literal tables without running PyInstaller."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "exam-client.spec"
INSTALLER = PACKAGING / "installer.nsi"


def load_script(name: str) -> ModuleType:
    """Import ``packaging/<name>.py`` under a private module name."""
    module_name = f"_exam_client_packaging_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), str(SPEC))


def spec_literal(name: str) -> Any:
    """The value of a top-level ``NAME = <literal>`` in the spec."""
    for node in spec_tree().body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{SPEC.name} has no literal {name} = ...")


def spec_calls(function: str) -> list[ast.Call]:
    """Every call of ``function`` (e.g. ``EXE``) in the spec."""
    return [
        node
        for node in ast.walk(spec_tree())
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == function
    ]


def keyword(call: ast.Call, name: str) -> Any:
    for kw in call.keywords:
        if kw.arg == name:
            return ast.literal_eval(kw.value)
    raise AssertionError(f"{ast.unparse(call.func)}() has no {name}=")
