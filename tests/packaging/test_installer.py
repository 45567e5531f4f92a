"""The NSIS script: languages, per-machine install, user data kept unless asked.

``make package`` compiles it against the real bundle; here it is read as text, and compiled
against a tiny fake bundle when ``makensis`` is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.packaging.helpers import INSTALLER


def script() -> str:
    return INSTALLER.read_text(encoding="utf-8-sig")


def function_body(name: str) -> str:
    match = re.search(rf"^Function {re.escape(name)}\n(.*?)^FunctionEnd", script(), re.S | re.M)
    assert match, f"no Function {name}"
    return match.group(1)


def section_body(name: str) -> str:
    match = re.search(rf'^Section "{re.escape(name)}".*?\n(.*?)^SectionEnd', script(), re.S | re.M)
    assert match, f"no Section {name}"
    return match.group(1)


def test_utf8_with_bom_so_makensis_reads_the_vietnamese_text() -> None:
    assert INSTALLER.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "Unicode true" in script()


def test_vietnamese_is_the_default_language_and_english_the_other() -> None:
    languages = re.findall(r'^!insertmacro MUI_LANGUAGE "(\w+)"', script(), re.M)

    assert languages == ["Vietnamese", "English"]  # the first one is NSIS's default
    assert "StrCpy $LANGUAGE ${LANG_VIETNAMESE}" in function_body(".onInit")


def test_every_message_exists_in_both_languages() -> None:
    strings = re.findall(r"^LangString (\w+) \$\{LANG_(\w+)\}", script(), re.M)
    by_name: dict[str, set[str]] = {}
    for name, language in strings:
        by_name.setdefault(name, set()).add(language)

    assert by_name
    assert {
        name: langs for name, langs in by_name.items() if langs != {"VIETNAMESE", "ENGLISH"}
    } == {}
    used = set(re.findall(r"\$\((\w+)\)", script()))
    assert used <= set(by_name)


def test_per_machine_install_into_program_files() -> None:
    text = script()

    assert "RequestExecutionLevel admin" in text
    assert re.search(r'^InstallDir "\$PROGRAMFILES64\\', text, re.M)
    assert "SetShellVarContext all" in function_body(".onInit")
    assert "WriteRegStr HKLM" in text


def test_the_source_bundle_is_a_parameter() -> None:
    text = script()

    for define in ("SOURCE_DIR", "EXE_NAME", "VERSION", "OUTFILE"):
        assert f"!ifndef {define}" in text
    assert 'File /r "${SOURCE_DIR}/*"' in text


def test_uninstall_asks_before_deleting_user_data_and_defaults_to_keeping_it() -> None:
    body = section_body("Uninstall")
    ask = next(line for line in body.splitlines() if "$(AskDeleteData)" in line)

    assert "MB_YESNO" in ask
    assert "MB_DEFBUTTON2" in ask  # "No" (keep) is the default button
    assert "/SD IDNO" in ask  # and the silent answer
    assert "IDNO keep" in ask
    assert "/DELETEUSERDATA" in body  # silent removal only when asked for explicitly


def test_user_data_is_deleted_only_in_the_function_that_is_asked_for() -> None:
    deletes_data = [
        line.strip()
        for line in script().splitlines()
        if "RMDir /r" in line and ("AppData" in line or "CONFIG_DIR" in line)
    ]
    body = function_body("un.DeleteUserData")

    assert deletes_data
    assert all(line in body for line in deletes_data)


def test_program_files_are_never_removed_recursively_by_folder() -> None:
    # Only the bundle's own names: a user who installs into "C:\Program Files" itself loses
    # nothing else.
    assert not re.search(r'RMDir /r "\$INSTDIR"', script())
    assert 'RMDir /r "$INSTDIR\\_internal"' in section_body("exam-client")
    assert 'RMDir "$INSTDIR"' in section_body("Uninstall")


def test_upgrades_and_uninstall_close_the_running_app_first() -> None:
    assert section_body("exam-client").lstrip().splitlines()[1].strip() == "Call CloseRunningApp"
    assert "Call un.CloseRunningApp" in section_body("Uninstall")
    assert "/SD IDOK" in script()  # silent upgrades close it without asking


def test_the_mode_goes_to_the_machine_wide_config() -> None:
    text = script()

    assert '!define CONFIG_DIR "$APPDATA\\${APP}"' in text  # C:\ProgramData with context all
    assert 'mode = "$Mode"' in function_body("WriteMachineConfig")
    assert "Page custom ModePageShow ModePageLeave" in text
    assert '"/MODE="' in function_body(".onInit")


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis not installed")
def test_makensis_compiles_the_script(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "exam-client.exe").write_bytes(b"MZ placeholder")
    (bundle / "_internal" / "placeholder.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "exam-client-9.8.7-setup.exe"  # a bare "setup.exe" draws a warning

    done = subprocess.run(
        [
            "makensis",
            "-V2",
            "-WX",  # warnings are errors, as in the test suite
            "-DCOMPRESSOR=zlib",
            f"-DSOURCE_DIR={bundle}",
            "-DVERSION=9.8.7",
            "-DVERSION_NUMERIC=9.8.7.0",
            f"-DOUTFILE={out}",
            str(INSTALLER),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert out.read_bytes().startswith(b"MZ")
