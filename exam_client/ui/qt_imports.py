"""Make PySide6's ``__feature__`` import hook cheap (a cold-start cost of every later import).

Importing ``PySide6.QtCore`` replaces ``builtins.__import__`` with shiboken's
``__feature_import__``. After each import statement it calls ``feature_imported(module)``, which
asks ``_mod_uses_pyside(module)`` once per module name: that reads the module's whole source
(``inspect.getsource``) to look for the word "PySide6", and records 0 ("uses PySide, no feature
selected") or -1 ("ignore this module") for the opt-in syntax that imports ``snake_case`` or
``true_property`` from ``__feature__``. Every module the app imports after Qt (SQLAlchemy,
requests, pydantic, the app's own) pays that read: ~0.2 s of CPU on the build box's cold start,
on the path to the main window.

The app never selects a feature (a test keeps it so), so 0 and -1 behave the same here: the
replacement answers 0 for every module without reading anything. A module that does select a
feature still gets its own selection (importing from ``__feature__`` sets it explicitly).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

FEATURE_MODULE = "shibokensupport.feature"
_stock: list[Callable[[ModuleType], bool]] = []  # the check replaced, once replaced


def _every_module_uses_no_feature(module: ModuleType) -> bool:
    """``True``: record 0 ("no feature") for ``module`` without reading its source."""
    return True


def make_feature_hook_cheap() -> bool:
    """Replace the source-reading check; ``False`` when this PySide6 has no such hook.

    Call right after the first ``import PySide6…`` (before the heavy imports that follow it).
    """
    feature = sys.modules.get(FEATURE_MODULE)
    current = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(current):
        return False
    if current is not _every_module_uses_no_feature and not _stock:
        _stock.append(current)
    setattr(feature, "_mod_uses_pyside", _every_module_uses_no_feature)  # noqa: B010
    return True


def stock_check() -> Callable[[ModuleType], bool] | None:
    """PySide6's own check, once :func:`make_feature_hook_cheap` has replaced it."""
    return _stock[0] if _stock else None
