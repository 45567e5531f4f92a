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
from collections.abc import Callable, Mapping
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
    "EXAM_CLIENT_LOG_LEVEL": "log_level",
    "EXAM_CLIENT_TEXT_SCALE": "text_scale",
}
_FLAGS = {"api_url": "--api-url", "data_dir": "--data-dir", "mode": "--kiosk", "demo": "--demo"}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


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
    log_level: str = "INFO"
    text_scale: int = 100  # per cent, 100–200: the text-size setting (accessibility)

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def database_path(self) -> Path:
        return self.data_dir / "cache.db"

    @property
    def crash_dir(self) -> Path:
        return self.data_dir / "crashes"


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
    sources: dict[str, str] = {}  # key -> where its value came from, for the error message

    def layer(new: Mapping[str, Any], source: Callable[[str], str]) -> None:
        values.update(new)
        sources.update({key: source(key) for key in new})

    site = site_config_path(env)
    if config_path is None and site.exists():
        layer(_read_file(site), lambda _key: str(site))
    if path.exists():
        layer(_read_file(path), lambda _key: str(path))
    env_by_key = {key: var for var, key in _ENV.items()}
    layer(
        {key: env[var] for var, key in _ENV.items() if env.get(var)},
        lambda key: f"environment variable {env_by_key[key]}",
    )
    layer(
        {k: v for k, v in (flags or {}).items() if v is not None},
        lambda key: f"command line {_FLAGS.get(key, key)}",
    )
    return _validated(values, lambda key: sources.get(key, str(path)))


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
    """Name the place (file, environment variable or flag), the key and what to write there."""
    return SettingsError(
        f"{where}: '{key}' must be {expected_en}",
        f"Cấu hình '{key}' ({_where_vi(where)}) phải là {expected_vi}. "
        "Hãy sửa giá trị này rồi mở lại ứng dụng.",
    )


def _where_vi(where: str) -> str:
    return where.replace("environment variable ", "biến môi trường ").replace(
        "command line ", "dòng lệnh "
    )


def _validated(values: dict[str, Any], source_of: Callable[[str], str]) -> Settings:
    out: dict[str, Any] = {}
    if "api_url" in values:
        out["api_url"] = _api_url(values["api_url"], source_of("api_url"))
    if "data_dir" in values:
        out["data_dir"] = _data_dir(values["data_dir"], source_of("data_dir"))
    if "ca_bundle" in values:
        out["ca_bundle"] = _ca_bundle(values["ca_bundle"], source_of("ca_bundle"))
    if "mode" in values:
        if values["mode"] not in ("staff", "kiosk"):
            raise _bad(source_of("mode"), "mode", "'staff' or 'kiosk'", "'staff' hoặc 'kiosk'")
        out["mode"] = values["mode"]
    if "language" in values:
        if values["language"] not in ("vi", "en"):
            raise _bad(source_of("language"), "language", "'vi' or 'en'", "'vi' hoặc 'en'")
        out["language"] = values["language"]
    if "log_level" in values:
        level = str(values["log_level"]).strip().upper()
        if isinstance(values["log_level"], bool) or level not in LOG_LEVELS:
            allowed = ", ".join(LOG_LEVELS)
            raise _bad(
                source_of("log_level"), "log_level", f"one of {allowed}", f"một trong {allowed}"
            )
        out["log_level"] = level
    if "demo" in values:
        if not isinstance(values["demo"], bool | str):
            raise _bad(source_of("demo"), "demo", "true or false", "true hoặc false")
        out["demo"] = values["demo"] if isinstance(values["demo"], bool) else _flag(values["demo"])
    for key in ("health_interval_s", "kiosk_idle_warning_s", "kiosk_idle_wipe_s"):
        if key in values:
            out[key] = _positive(values[key], source_of(key), key)
    if "staff_lock_minutes" in values:  # 0 = never lock
        out["staff_lock_minutes"] = _whole_minutes(
            values["staff_lock_minutes"], source_of("staff_lock_minutes")
        )
    if "text_scale" in values:
        out["text_scale"] = _text_scale(values["text_scale"], source_of("text_scale"))
    result = replace(Settings(), **out)
    if result.kiosk_idle_wipe_s <= result.kiosk_idle_warning_s:
        raise _bad(
            source_of("kiosk_idle_wipe_s"),
            "kiosk_idle_wipe_s",
            f"longer than kiosk_idle_warning_s ({result.kiosk_idle_warning_s})",
            f"lớn hơn kiosk_idle_warning_s ({result.kiosk_idle_warning_s})",
        )
    return result


def _flag(value: str) -> bool:
    """Environment values are strings: "0", "false", "no", "off" and "" mean false."""
    return value.strip().lower() not in ("", "0", "false", "no", "off")


def _api_url(value: Any, where: str) -> str:
    url = str(value).strip()
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    if scheme not in ("http", "https") or not host or " " in url:
        raise _bad(
            where,
            "api_url",
            "an http:// or https:// address, e.g. https://api.example.gov.vn",
            "một địa chỉ http(s)://, ví dụ https://api.example.gov.vn",
        )
    return url.rstrip("/")


def _data_dir(value: Any, where: str) -> Path:
    text = str(value).strip()
    path = Path(text).expanduser()
    if not text or not isinstance(value, str | os.PathLike):
        raise _bad(where, "data_dir", "a folder path", "đường dẫn tới một thư mục")
    if path.exists() and not path.is_dir():
        raise _bad(
            where,
            "data_dir",
            f"a folder, but {path} is a file",
            f"một thư mục, nhưng {path} là một tệp",
        )
    return path


def _ca_bundle(value: Any, where: str) -> Path:
    bundle = Path(str(value)).expanduser()
    if not bundle.is_file():
        raise _bad(
            where,
            "ca_bundle",
            f"an existing PEM file ({bundle} was not found)",
            f"một tệp chứng chỉ PEM có thật (không tìm thấy {bundle})",
        )
    try:
        head = bundle.read_bytes()[:65536]
    except OSError as exc:
        raise _bad(
            where, "ca_bundle", f"a readable PEM file ({exc})", f"một tệp PEM đọc được ({exc})"
        ) from None
    if b"-----BEGIN CERTIFICATE-----" not in head:
        raise _bad(
            where,
            "ca_bundle",
            "a PEM file holding '-----BEGIN CERTIFICATE-----'",
            "một tệp PEM có dòng '-----BEGIN CERTIFICATE-----' (chứng chỉ dạng văn bản)",
        )
    return bundle


def _positive(value: Any, where: str, key: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _bad(where, key, "a positive number", "một số dương")
    try:
        number = float(value)
    except ValueError:
        raise _bad(where, key, "a positive number", "một số dương") from None
    if not number > 0 or number == float("inf"):
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
    if not number >= 0 or number == float("inf") or number != int(number):
        raise _bad(where, key, "0 or a whole number of minutes", "0 hoặc một số phút nguyên")
    return int(number)


def _text_scale(value: Any, where: str) -> int:
    """Text size in per cent; 150, "150" and "150%" are accepted."""
    raw = value.strip().removesuffix("%").strip() if isinstance(value, str) else value
    expected = (
        "a whole number from 100 to 200 (per cent)",
        "một số nguyên từ 100 đến 200 (phần trăm)",
    )
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise _bad(where, "text_scale", *expected)
    try:
        scale = int(raw)
    except ValueError:
        raise _bad(where, "text_scale", *expected) from None
    if not 100 <= scale <= 200:
        raise _bad(where, "text_scale", *expected)
    return scale
