"""The icon generator and the start-up probe's keyring (used by ``make package``)."""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path

import keyring.backend

from exam_client.storage.secrets import backend_info
from tests.packaging.helpers import load_script

make_icon = load_script("make_icon")
startup_probe = load_script("startup_probe")


def test_the_icon_holds_every_size_windows_asks_for() -> None:
    data = make_icon.ico_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)

    assert (reserved, kind, count) == (0, 1, len(make_icon.SIZES))
    for index, size in enumerate(make_icon.SIZES):
        width, _, _, _, _, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert (width or 256) == size
        assert bits == 32
        blob = data[offset : offset + length]
        assert len(blob) == length
        if size > make_icon.BMP_MAX:
            assert blob.startswith(b"\x89PNG")
        else:
            assert struct.unpack_from("<I", blob)[0] == 40  # BITMAPINFOHEADER


def test_the_icon_is_not_blank() -> None:
    image = make_icon.draw(64)
    colours = {image.pixel(x, y) for x in range(0, 64, 2) for y in range(0, 64, 2)}

    assert len(colours) > 4


def test_the_probe_keyring_looks_secure_so_the_app_does_not_ask_for_a_passphrase(
    tmp_path: Path,
) -> None:
    env = startup_probe.probe_env(tmp_path)
    config = Path(env["XDG_CONFIG_HOME"]) / "python_keyring" / "keyringrc.cfg"
    folder = tmp_path / "keyring"
    spec = importlib.util.spec_from_file_location(
        "exam_client_probe_keyring", folder / "exam_client_probe_keyring.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    backend = module.ProbeKeyring()

    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert "exam_client_probe_keyring.ProbeKeyring" in config.read_text(encoding="utf-8")
    assert isinstance(backend, keyring.backend.KeyringBackend)
    assert backend_info(backend).secure
    backend.set_password("exam-client", "database-key/cache", "ab" * 32)
    assert backend.get_password("exam-client", "database-key/cache") == "ab" * 32
    assert "exam_client_probe_keyring" not in sys.modules  # loaded by path, not installed
