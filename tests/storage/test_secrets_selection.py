"""Which keyring the app uses: set, configured, pinned by platform, else detected — chosen once.

No test here probes the real OS keyring: detection is replaced by a stand-in, and keyring's
config file is looked for in an empty temporary folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.backends.null
import keyring.core
import keyring.errors
import pytest

from exam_client.storage import secrets
from exam_client.storage.secrets import active_keyring, backend_info, choose_keyring


class _Detected(keyring.backends.fail.Keyring):
    """What the stand-in detection returns (an insecure backend, like a headless Linux box)."""


@pytest.fixture
def no_keyring_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # keyringrc.cfg: none there
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    monkeypatch.setitem(secrets.PLATFORM_BACKENDS, "testos", "keyring.backends.null.Keyring")


def _no_detection() -> keyring.backend.KeyringBackend:
    raise AssertionError("the platform's keyring is known: no detection expected")


def test_the_platform_keyring_is_used_without_detection(no_keyring_config: None) -> None:
    chosen = choose_keyring("testos", detect=_no_detection)
    assert isinstance(chosen, keyring.backends.null.Keyring)


def test_windows_and_macos_are_pinned_to_their_own_keyrings() -> None:
    assert secrets.PLATFORM_BACKENDS["win32"] == "keyring.backends.Windows.WinVaultKeyring"
    assert secrets.PLATFORM_BACKENDS["darwin"] == "keyring.backends.macOS.Keyring"
    assert "linux" not in secrets.PLATFORM_BACKENDS  # Linux keeps keyring's detection


def test_the_environment_override_wins_over_the_platform(
    no_keyring_config: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    chosen = choose_keyring("testos", detect=_no_detection)
    assert type(chosen) is keyring.backends.fail.Keyring


def test_keyrings_config_file_wins_over_the_platform(
    no_keyring_config: None, tmp_path: Path
) -> None:
    config = tmp_path / "python_keyring" / "keyringrc.cfg"
    config.parent.mkdir()
    config.write_text("[backend]\ndefault-keyring=keyring.backends.fail.Keyring\n")
    chosen = choose_keyring("testos", detect=_no_detection)
    assert type(chosen) is keyring.backends.fail.Keyring


@pytest.mark.skipif(sys.platform == "win32", reason="the Windows keyring works there")
def test_a_platform_keyring_that_cannot_work_here_falls_back_to_detection(
    no_keyring_config: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        secrets.PLATFORM_BACKENDS, "testos", "keyring.backends.Windows.WinVaultKeyring"
    )
    assert isinstance(choose_keyring("testos", detect=_Detected), _Detected)
    monkeypatch.setitem(secrets.PLATFORM_BACKENDS, "testos", "no_such_module.Keyring")
    assert isinstance(choose_keyring("testos", detect=_Detected), _Detected)


def test_a_platform_without_a_pin_is_detected(no_keyring_config: None) -> None:
    assert isinstance(choose_keyring("plan9", detect=_Detected), _Detected)


def test_a_keyring_already_set_is_kept(memory_keyring: keyring.backend.KeyringBackend) -> None:
    assert active_keyring() is memory_keyring
    assert backend_info().name.endswith("InMemoryKeyring") and backend_info().secure


def test_the_keyring_is_chosen_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def choose(platform: str) -> keyring.backend.KeyringBackend:
        calls.append(platform)
        return keyring.backends.null.Keyring()  # type: ignore[no-untyped-call]

    monkeypatch.setattr(keyring.core, "_keyring_backend", None)  # as at a fresh start
    monkeypatch.setattr(secrets, "choose_keyring", choose)
    first = active_keyring()
    assert active_keyring() is first
    assert calls == [sys.platform]
    assert not backend_info().secure  # the null keyring: disabled, never trusted with a key


def test_backend_info_is_classified_once_per_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    classified: list[keyring.backend.KeyringBackend] = []
    real = secrets._classify

    def counting(backend: keyring.backend.KeyringBackend) -> secrets.BackendInfo:
        classified.append(backend)
        return real(backend)

    monkeypatch.setattr(secrets, "_classify", counting)
    backend = keyring.backends.fail.Keyring()  # type: ignore[no-untyped-call]
    assert backend_info(backend) == backend_info(backend)
    assert not backend_info(backend).secure
    other = keyring.backends.fail.Keyring()  # type: ignore[no-untyped-call]
    backend_info(other)
    assert classified == [backend, other]


def test_linux_without_a_session_bus_skips_detection(
    no_keyring_config: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no "bus" socket there
    chosen = choose_keyring("linux", detect=_no_detection)
    assert isinstance(chosen, secrets.NoSessionBus)
    info = backend_info(chosen)
    assert not info.secure and "D-Bus" in info.reason and "D-Bus" in info.reason_vi
    with pytest.raises(keyring.errors.NoKeyringError):  # still keyring's "nothing here"
        chosen.get_password(secrets.SERVICE, "cache")  # type: ignore[no-untyped-call]


@pytest.mark.parametrize(
    ("environ", "bus_file", "reachable"),
    [
        ({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"}, False, True),
        ({"XDG_RUNTIME_DIR": "<tmp>"}, True, True),  # systemd's default socket
        ({"XDG_RUNTIME_DIR": "<tmp>"}, False, False),
        ({"DBUS_SESSION_BUS_ADDRESS": ""}, False, False),
        ({}, False, False),
    ],
)
def test_the_session_bus_is_looked_for_where_libdbus_looks(
    tmp_path: Path, environ: dict[str, str], bus_file: bool, reachable: bool
) -> None:
    if bus_file:
        (tmp_path / "bus").touch()
    env = {k: v.replace("<tmp>", str(tmp_path)) for k, v in environ.items()}
    assert secrets.session_bus_reachable(env) is reachable


def test_linux_with_a_session_bus_is_detected(
    no_keyring_config: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    assert isinstance(choose_keyring("linux", detect=_Detected), _Detected)
