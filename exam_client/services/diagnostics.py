"""The diagnostics package for the school's IT desk: one zip that says what runs and what went
wrong, and nothing about any candidate.

What goes in: the JSON-lines logs and the crash reports (masked again on the way in, in case a
file predates a masking fix), versions, the effective settings (secrets left out), the keyring
backend's name, the local store's schema revision and its row count per table. What never goes
in: the database file, its key, tokens, or any row of data. Blocking (disk, a database query):
run it on a worker thread.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import platform
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import asdict
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from exam_client import __version__
from exam_client.domain.redact import redact_ids
from exam_client.services.crash import crash_dir
from exam_client.services.logs import log_files
from exam_client.services.settings import Settings

if TYPE_CHECKING:
    from exam_client.storage.engine import Store

log = logging.getLogger(__name__)

README = """exam-client diagnostics package
================================

Made by the app's "Xuất gói chẩn đoán" (export diagnostics) action for the IT desk.

versions.json  app, Python, Qt/PySide6, SQLCipher, SQLAlchemy, keyring and OS versions
settings.json  the effective settings (no tokens, keys or passwords)
keyring.json   which OS keyring backend holds the database key and tokens
store.json     the local cache's schema revision and number of rows per table (no contents)
logs/          the JSON-lines logs (12-digit IDs masked: 001******789)
crashes/       crash reports (masked the same way)

It never holds the database, its key, or any candidate's data.
"""
_SECRET_WORDS = ("token", "key", "password", "passphrase", "secret")
# (distribution, module with a ``__version__`` to ask when the metadata is missing); PySide6 has
# none here: services may not import Qt, the UI passes the Qt runtime in ``extra``.
_DISTRIBUTIONS: tuple[tuple[str, str | None], ...] = (
    ("PySide6", None),
    ("SQLAlchemy", "sqlalchemy"),
    ("alembic", "alembic"),
    ("keyring", None),
    ("requests", "requests"),
)


def default_file_name(now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return f"exam-client-diagnostics-{stamp}.zip"


def collect_versions(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """What runs; a piece that cannot be found says so. ``extra`` comes from the UI (the Qt
    runtime version: services may not import Qt)."""
    versions = {
        "app": __version__,
        "frozen": str(bool(getattr(sys, "frozen", False))),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": platform.platform(),
    }
    for distribution, module in _DISTRIBUTIONS:
        versions[distribution] = _distribution_version(distribution, module)
    versions["sqlcipher"] = _sqlcipher_version()
    versions.update(extra or {})
    return versions


def _distribution_version(distribution: str, module: str | None) -> str:
    """The installed version. A frozen bundle ships the package but not always its metadata
    (the spec copies keyring's only), so the module's own ``__version__`` is asked next: the
    self-test of a frozen build prints these, and "not installed" there would be a lie."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        pass
    if module is not None:
        try:
            return str(importlib.import_module(module).__version__)
        except (ImportError, AttributeError):
            pass
    return "not installed"


def _sqlcipher_version() -> str:
    try:
        import sqlcipher3.dbapi2 as sqlcipher

        conn = sqlcipher.connect(":memory:")
        try:
            row = conn.execute("PRAGMA cipher_version").fetchone()
        finally:
            conn.close()
        return f"SQLCipher {row[0] if row else 'none'} (SQLite {sqlcipher.sqlite_version})"
    except Exception as error:  # a diagnostics export reports, never fails, on a missing piece
        return f"unavailable ({type(error).__name__}: {error})"


def safe_settings(settings: Settings) -> dict[str, Any]:
    """The effective settings as JSON, with anything secret-looking left out and the API
    address without user info or query (a URL can carry credentials)."""
    out: dict[str, Any] = {}
    for key, value in asdict(settings).items():
        if any(word in key.lower() for word in _SECRET_WORDS):
            out[key] = "(left out)"
        elif isinstance(value, Path):
            out[key] = str(value)
        else:
            out[key] = value
    parts = urlsplit(settings.api_url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    out["api_url"] = urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    return out


def keyring_facts() -> dict[str, Any]:
    from exam_client.storage.secrets import backend_info

    try:
        info = backend_info()
    except Exception as error:  # the export reports what it could not find out
        return {"backend": f"unavailable ({type(error).__name__})"}
    return {"backend": info.name, "secure": info.secure, "reason": info.reason}


def store_facts(store: Store | None) -> dict[str, Any]:
    """Schema revision and rows per table: the shape of the cache, never its contents."""
    if store is None:
        return {"open": False, "note": "the local store was not open when this was made"}
    from sqlalchemy import inspect, text

    from exam_client.storage.migrate import current_revision

    try:
        counts: dict[str, int] = {}
        with store.engine.connect() as conn:
            for name in sorted(inspect(conn).get_table_names()):
                quoted = '"' + name.replace('"', '""') + '"'
                counts[name] = int(
                    conn.execute(text(f"SELECT count(*) FROM {quoted}")).scalar_one()
                )
        return {"open": True, "schema_revision": current_revision(store), "row_counts": counts}
    except Exception as error:  # a broken store is itself a diagnosis
        return {"open": True, "error": redact_ids(f"{type(error).__name__}: {error}")}


class DiagnosticsService:
    """Makes the zip. ``store`` is the open cache when there is one (after sign-in); without it
    the package still holds logs, crashes, versions and settings."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store

    def export(self, target: Path, extra_versions: Mapping[str, str] | None = None) -> Path:
        """Blocking: write the zip to ``target`` (via ``<target>.partial``, so a failed export
        never looks like a good one) and return its path."""
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        try:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                zf.writestr("README.txt", README)
                zf.writestr("versions.json", _json(collect_versions(extra_versions)))
                zf.writestr("settings.json", _json(safe_settings(self.settings)))
                zf.writestr("keyring.json", _json(keyring_facts()))
                zf.writestr("store.json", _json(store_facts(self.store)))
                for path in log_files(self.settings.data_dir):
                    zf.writestr(f"logs/{path.name}", _masked_text(path))
                crashes = crash_dir(self.settings.data_dir)
                for path in sorted(crashes.glob("*.txt")) if crashes.is_dir() else []:
                    zf.writestr(f"crashes/{path.name}", _masked_text(path))
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        log.info("diagnostics exported to %s", target.name)
        return target


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n"


def _masked_text(path: Path) -> str:
    try:
        return redact_ids(path.read_text(encoding="utf-8", errors="replace"))
    except OSError as error:
        return f"(could not read {path.name}: {error})\n"
