"""Settings: defaults < config file (TOML) < environment < command-line flags.

Layers: defaults < machine-wide file < user file < environment < flags. The machine-wide file
(``%ProgramData%\\exam-client\\config.toml`` on Windows, ``/etc/xdg/exam-client/config.toml`` on
Linux; ``EXAM_CLIENT_SITE_CONFIG`` overrides) is written by the installer (staff or kiosk mode).
The user file lives in the platform config dir (``%LOCALAPPDATA%\\exam-client\\config.toml`` on
Windows, ``~/.config/exam-client/config.toml`` on Linux); ``EXAM_CLIENT_CONFIG`` points
elsewhere. Every bad value is reported with the file, the key
and what is expected, never silently replaced.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

import platformdirs

APP_NAME = "exam-client"
Mode = Literal["staff", "kiosk"]
DEFAULT_API_URL = "http://127.0.0.1:8765"
_ENV = {
    "EXAM_CLIENT_API_URL": "api_url",
    "EXAM_CLIENT_DATA_DIR": "data_dir",
    "EXAM_CLIENT_MODE": "mode",
    "EXAM_CLIENT_CA_BUNDLE": "ca_bundle",
    "EXAM_CLIENT_LANGUAGE": "language",
}


class SettingsError(ValueError):
    def __init__(self, message_en: str, message_vi: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi


@dataclass(frozen=True, slots=True)
class Settings:
    api_url: str = DEFAULT_API_URL
    data_dir: Path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    mode: Mode = "staff"
    demo: bool = False
    ca_bundle: Path | None = None
    language: str = "vi"
    health_interval_s: float = 10.0
    staff_lock_minutes: int = 10
    kiosk_idle_warning_s: int = 60
    kiosk_idle_wipe_s: int = 90

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def database_path(self) -> Path:
        return self.data_dir / "cache.db"


def default_config_path(env: Mapping[str, str] = os.environ) -> Path:
    if env.get("EXAM_CLIENT_CONFIG"):
        return Path(env["EXAM_CLIENT_CONFIG"])
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def site_config_path(env: Mapping[str, str] = os.environ) -> Path:
    if env.get("EXAM_CLIENT_SITE_CONFIG"):
        return Path(env["EXAM_CLIENT_SITE_CONFIG"])
    return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def load_settings(
    flags: Mapping[str, Any] | None = None,
    env: Mapping[str, str] = os.environ,
    config_path: Path | None = None,
) -> Settings:
    path = config_path or default_config_path(env)
    values: dict[str, Any] = {}
    site = site_config_path(env)
    if config_path is None and site.exists():
        values.update(_read_file(site))
    if path.exists():
        values.update(_read_file(path))
    for var, key in _ENV.items():
        if env.get(var):
            values[key] = env[var]
    values.update({k: v for k, v in (flags or {}).items() if v is not None})
    return _validated(values, str(path))


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(
            f"{path}: cannot read the config file ({exc})",
            f"Không đọc được tệp cấu hình {path}: {exc}. Hãy sửa hoặc xoá tệp này.",
        ) from None
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise SettingsError(
            f"{path}: unknown setting(s) {', '.join(unknown)}",
            f"Tệp cấu hình {path} có mục không hợp lệ: {', '.join(unknown)}. "
            f"Các mục hợp lệ: {', '.join(sorted(known))}.",
        )
    return raw


def _bad(where: str, key: str, expected_en: str, expected_vi: str) -> SettingsError:
    return SettingsError(
        f"{where}: '{key}' must be {expected_en}",
        f"Cấu hình '{key}' ({where}) phải là {expected_vi}.",
    )


def _validated(values: dict[str, Any], where: str) -> Settings:
    s = Settings()
    out: dict[str, Any] = {}
    if "api_url" in values:
        url = str(values["api_url"]).strip()
        if not url.startswith(("http://", "https://")):
            raise _bad(where, "api_url", "an http:// or https:// address", "địa chỉ http(s)://")
        out["api_url"] = url.rstrip("/")
    if "data_dir" in values:
        out["data_dir"] = Path(str(values["data_dir"])).expanduser()
    if "ca_bundle" in values:
        bundle = Path(str(values["ca_bundle"])).expanduser()
        if not bundle.is_file():
            raise _bad(where, "ca_bundle", "an existing PEM file", "một tệp chứng chỉ PEM có thật")
        out["ca_bundle"] = bundle
    if "mode" in values:
        if values["mode"] not in ("staff", "kiosk"):
            raise _bad(where, "mode", "'staff' or 'kiosk'", "'staff' hoặc 'kiosk'")
        out["mode"] = values["mode"]
    if "language" in values:
        if values["language"] not in ("vi", "en"):
            raise _bad(where, "language", "'vi' or 'en'", "'vi' hoặc 'en'")
        out["language"] = values["language"]
    if "demo" in values:
        out["demo"] = bool(values["demo"])
    for key in ("health_interval_s", "kiosk_idle_warning_s"):
        if key in values:
            out[key] = _positive(values[key], where, key)
    if "staff_lock_minutes" in values:  # 0 = never lock
        out["staff_lock_minutes"] = _whole_minutes(values["staff_lock_minutes"], where)
    if "kiosk_idle_wipe_s" in values:
        out["kiosk_idle_wipe_s"] = _positive(
            values["kiosk_idle_wipe_s"], where, "kiosk_idle_wipe_s"
        )
    result = replace(s, **out)
    if result.kiosk_idle_wipe_s <= result.kiosk_idle_warning_s:
        raise _bad(
            where,
            "kiosk_idle_wipe_s",
            "longer than kiosk_idle_warning_s",
            "lớn hơn kiosk_idle_warning_s",
        )
    return result


def _positive(value: Any, where: str, key: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _bad(where, key, "a positive number", "một số dương")
    try:
        number = float(value)
    except ValueError:
        raise _bad(where, key, "a positive number", "một số dương") from None
    if number <= 0:
        raise _bad(where, key, "a positive number", "một số dương")
    return int(number) if key != "health_interval_s" else number


def _whole_minutes(value: Any, where: str) -> int:
    key = "staff_lock_minutes"
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _bad(where, key, "0 or a whole number of minutes", "0 hoặc một số phút nguyên")
    try:
        number = float(value)
    except ValueError:
        raise _bad(
            where, key, "0 or a whole number of minutes", "0 hoặc một số phút nguyên"
        ) from None
    if number < 0 or number != int(number):
        raise _bad(where, key, "0 or a whole number of minutes", "0 hoặc một số phút nguyên")
    return int(number)
