"""Settings: layers, validation with the file and key named, never a silent fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from exam_client.services.settings import Settings, SettingsError, load_settings


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file(tmp_path: Path) -> None:
    s = load_settings(env={}, config_path=tmp_path / "missing.toml")
    assert s == Settings()
    assert s.mode == "staff"
    assert s.database_path == s.data_dir / "cache.db"
    assert s.log_dir == s.data_dir / "logs"


def test_layers_machine_user_env_flags(tmp_path: Path) -> None:
    site = write(tmp_path / "site.toml", 'mode = "kiosk"\napi_url = "https://site.example"\n')
    user = write(tmp_path / "user.toml", 'api_url = "https://user.example/"\n')
    env = {"EXAM_CLIENT_SITE_CONFIG": str(site), "EXAM_CLIENT_CONFIG": str(user)}
    s = load_settings(env=env)
    assert (s.mode, s.api_url) == ("kiosk", "https://user.example")  # user beats machine
    s = load_settings(env={**env, "EXAM_CLIENT_API_URL": "http://env.example"})
    assert s.api_url == "http://env.example"  # environment beats files
    s = load_settings({"api_url": "http://flag.example", "mode": None}, env=env)
    assert (s.api_url, s.mode) == ("http://flag.example", "kiosk")  # flags beat all; None = unset


def test_an_explicit_config_file_ignores_the_machine_file(tmp_path: Path) -> None:
    site = write(tmp_path / "site.toml", 'mode = "kiosk"\n')
    own = write(tmp_path / "own.toml", "staff_lock_minutes = 5\n")
    s = load_settings(env={"EXAM_CLIENT_SITE_CONFIG": str(site)}, config_path=own)
    assert (s.mode, s.staff_lock_minutes) == ("staff", 5)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('api_url = "ftp://x"\n', "api_url"),
        ('mode = "admin"\n', "mode"),
        ('language = "fr"\n', "language"),
        ("staff_lock_minutes = -3\n", "staff_lock_minutes"),
        ("staff_lock_minutes = 2.5\n", "staff_lock_minutes"),
        ("text_scale = 250\n", "text_scale"),
        ('text_scale = "big"\n', "text_scale"),
        ("text_scale = true\n", "text_scale"),
        ('staff_lock_minutes = "soon"\n', "staff_lock_minutes"),
        ("staff_lock_minutes = true\n", "staff_lock_minutes"),
        ('health_interval_s = "often"\n', "health_interval_s"),
        ("kiosk_idle_warning_s = true\n", "kiosk_idle_warning_s"),
        ("kiosk_idle_warning_s = 120\nkiosk_idle_wipe_s = 90\n", "kiosk_idle_wipe_s"),
        ('ca_bundle = "/no/such/file.pem"\n', "ca_bundle"),
    ],
)
def test_bad_values_name_the_file_and_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path / "config.toml", text)
    with pytest.raises(SettingsError) as err:
        load_settings(env={}, config_path=path)
    assert key in str(err.value)
    assert str(path) in str(err.value)
    assert key in err.value.message_vi


def test_staff_lock_zero_means_never(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", "staff_lock_minutes = 0\n")
    assert load_settings(env={}, config_path=path).staff_lock_minutes == 0


def test_unknown_keys_and_broken_toml_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="apiurl"):
        load_settings(env={}, config_path=write(tmp_path / "a.toml", 'apiurl = "x"\n'))
    with pytest.raises(SettingsError) as err:
        load_settings(env={}, config_path=write(tmp_path / "b.toml", "mode = \n"))
    assert "Không đọc được tệp cấu hình" in err.value.message_vi


def test_ca_bundle_and_numbers_are_converted(tmp_path: Path) -> None:
    pem = write(tmp_path / "ca.pem", "-----BEGIN CERTIFICATE-----\n")
    path = write(
        tmp_path / "c.toml",
        f'ca_bundle = "{pem}"\nhealth_interval_s = "2.5"\nkiosk_idle_wipe_s = 120\ndemo = true\n',
    )
    s = load_settings(env={}, config_path=path)
    assert (s.ca_bundle, s.health_interval_s, s.kiosk_idle_wipe_s, s.demo) == (pem, 2.5, 120, True)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('api_url = "https://"\n', "api_url"),
        ('api_url = "http://exam server.example"\n', "api_url"),
        ('log_level = "verbose"\n', "log_level"),
        ("log_level = true\n", "log_level"),
        ("demo = 3\n", "demo"),
        ("health_interval_s = inf\n", "health_interval_s"),
        ("health_interval_s = nan\n", "health_interval_s"),
        ("kiosk_idle_wipe_s = 0\n", "kiosk_idle_wipe_s"),
    ],
)
def test_more_bad_values_name_the_file_and_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path / "config.toml", text)
    with pytest.raises(SettingsError) as err:
        load_settings(env={}, config_path=path)
    assert key in str(err.value) and str(path) in str(err.value)
    assert "Hãy sửa" in err.value.message_vi  # what to do, not only what is wrong


def test_data_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    occupied = write(tmp_path / "data", "")
    path = write(tmp_path / "c.toml", f"data_dir = '{occupied}'\n")
    with pytest.raises(SettingsError, match="data_dir") as err:
        load_settings(env={}, config_path=path)
    assert "là một tệp" in err.value.message_vi


def test_ca_bundle_must_hold_a_certificate(tmp_path: Path) -> None:
    der = tmp_path / "ca.cer"
    der.write_bytes(b"\x30\x82\x03\x00binary")
    path = write(tmp_path / "c.toml", f"ca_bundle = '{der}'\n")
    with pytest.raises(SettingsError, match="BEGIN CERTIFICATE") as err:
        load_settings(env={}, config_path=path)
    assert "ca_bundle" in err.value.message_vi


def test_log_level_from_file_and_environment(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", 'log_level = "debug"\n')
    assert load_settings(env={}, config_path=path).log_level == "DEBUG"
    env = {"EXAM_CLIENT_LOG_LEVEL": "warning"}
    assert load_settings(env=env, config_path=path).log_level == "WARNING"
    assert Settings().log_level == "INFO"


def test_an_error_from_the_environment_names_the_variable_not_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", 'mode = "kiosk"\n')
    with pytest.raises(SettingsError) as err:
        load_settings(env={"EXAM_CLIENT_LOG_LEVEL": "loud"}, config_path=path)
    assert "environment variable EXAM_CLIENT_LOG_LEVEL" in str(err.value)
    assert str(path) not in str(err.value)
    with pytest.raises(SettingsError) as err:
        load_settings({"api_url": "localhost:8765"}, env={}, config_path=path)
    assert "command line --api-url" in str(err.value)


def test_demo_from_the_environment_is_a_real_boolean(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", 'demo = "false"\n')
    assert load_settings(env={}, config_path=path).demo is False
    path = write(tmp_path / "c.toml", 'demo = "yes"\n')
    assert load_settings(env={}, config_path=path).demo is True


def test_paths_and_properties(tmp_path: Path) -> None:
    s = load_settings(env={"EXAM_CLIENT_DATA_DIR": str(tmp_path / "d")}, config_path=tmp_path / "x")
    assert s.crash_dir == tmp_path / "d" / "crashes"


def test_text_scale_accepts_per_cent_forms(tmp_path: Path) -> None:
    for text, expected in (("text_scale = 150\n", 150), ('text_scale = "175%"\n', 175)):
        path = write(tmp_path / "c.toml", text)
        assert load_settings(env={}, config_path=path).text_scale == expected
    env = {"EXAM_CLIENT_TEXT_SCALE": "200"}
    assert load_settings(env=env, config_path=write(tmp_path / "e.toml", "")).text_scale == 200
