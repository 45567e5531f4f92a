"""``make translations``: extract every UI string into the English catalogue, then compile it.

Vietnamese is the source language of the code (``self.tr("…")``); English is a translation kept
in ``resources/translations/exam_client_en.ts`` (Qt Linguist XML, committed) and shipped compiled
as ``exam_client_en.qm`` (committed too, so a checkout runs without the Qt tools).

``pyside6-lupdate`` merges: translations already in the ``.ts`` are kept, new strings arrive as
``type="unfinished"``, and strings gone from the code are dropped (``-no-obsolete``; lupdate's
"similar text" heuristic still offers an edited string's old translation before dropping it).
Locations are left out (``-locations none``) so that moving code does not rewrite the catalogue.

The printed forms (``exam_client/ui/printing``) are official Vietnamese documents and are never
translated, so their files are not scanned. ``tests/ui/test_translations.py`` imports this
module to run the same extraction and fails on anything new or unfinished.

Usage: ``python scripts/translations.py`` (what ``make translations`` runs), or
``python scripts/translations.py --apply english.json`` to fill unfinished messages from a JSON
object ``{"Vietnamese source": "English", "… %n …": ["singular", "plural"]}`` first.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "exam_client"
TS_FILE = ROOT / "resources" / "translations" / "exam_client_en.ts"
QM_FILE = TS_FILE.with_suffix(".qm")
SOURCE_LANGUAGE = "vi_VN"
TARGET_LANGUAGE = "en_GB"
# Modules outside exam_client/ui that show text to people.
UI_MODULES = ("app.py", "selftest.py")
NOT_TRANSLATED = ("printing",)  # official Vietnamese documents (exam_client/ui/printing)


def qt_tool(name: str) -> str:
    """The PySide6 tool next to this interpreter (the venv's), else whatever is on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else name


def ui_sources(package: Path = PACKAGE) -> list[Path]:
    """Every Python file that can hold UI text, in a stable order."""
    ui = package / "ui"
    files = [
        path
        for path in ui.rglob("*.py")
        if not set(path.relative_to(ui).parts[:-1]) & set(NOT_TRANSLATED)
    ]
    files += [package / name for name in UI_MODULES if (package / name).exists()]
    return sorted(files)


def lupdate(ts_file: Path, sources: list[Path] | None = None) -> None:
    """Extract (and merge into ``ts_file`` if it exists)."""
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603 - the venv's Qt tool, arguments built here
        [
            qt_tool("pyside6-lupdate"),
            "-silent",
            "-locations",
            "none",
            "-no-obsolete",
            "-sort-messages",
            "-source-language",
            SOURCE_LANGUAGE,
            "-target-language",
            TARGET_LANGUAGE,
            *map(str, sources if sources is not None else ui_sources()),
            "-ts",
            str(ts_file),
        ],
        check=True,
        capture_output=True,
        text=True,
    )


def lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run(  # noqa: S603 - the venv's Qt tool, arguments built here
        [qt_tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)],
        check=True,
        capture_output=True,
        text=True,
    )


@dataclass(frozen=True, slots=True)
class Message:
    context: str
    source: str
    numerus: bool
    translations: tuple[str, ...]  # one per plural form; empty strings when untranslated
    finished: bool


def read_ts(ts_file: Path) -> dict[tuple[str, str], Message]:
    """The catalogue's messages by (context, source text)."""
    messages: dict[tuple[str, str], Message] = {}
    # our own committed catalogue or lupdate's fresh output, never input from elsewhere
    for context in ET.parse(ts_file).getroot().iter("context"):  # noqa: S314
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                continue
            numerus = message.get("numerus") == "yes"
            texts = (
                tuple(form.text or "" for form in translation.iter("numerusform"))
                if numerus
                else (translation.text or "",)
            )
            kind = translation.get("type")
            if kind in {"obsolete", "vanished"}:
                continue
            finished = kind != "unfinished" and all(texts)
            messages[(name, source)] = Message(name, source, numerus, texts, finished)
    return messages


def apply(translations: dict[str, str | list[str]], ts_file: Path = TS_FILE) -> int:
    """Fill unfinished messages whose source text is a key of ``translations`` (a list gives
    the plural forms of a ``%n`` message); returns how many were filled. For bulk work
    without Qt Linguist: ``python scripts/translations.py --apply english.json``."""
    tree = ET.parse(ts_file)  # noqa: S314 - our own catalogue
    filled = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is None or translation.get("type") != "unfinished":
            continue
        if source not in translations:
            continue
        value = translations[source]
        forms = value if isinstance(value, list) else [value]
        if message.get("numerus") == "yes":
            for old in list(translation):
                translation.remove(old)
            translation.text = None
            for text in forms if len(forms) > 1 else forms * 2:
                ET.SubElement(translation, "numerusform").text = text
        else:
            translation.text = forms[0]
        del translation.attrib["type"]
        filled += 1
    tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    return filled


def known_translations(ts_file: Path) -> dict[str, str | list[str]]:
    """Finished translations by source text, whatever their context."""
    if not ts_file.exists():
        return {}
    return {
        m.source: list(m.translations) if len(m.translations) > 1 else m.translations[0]
        for m in read_ts(ts_file).values()
        if m.finished
    }


def main(argv: list[str]) -> int:
    known = known_translations(TS_FILE)
    lupdate(TS_FILE)
    # A string that moved to another context (a class renamed, a helper fixed) keeps its
    # translation instead of arriving unfinished.
    reused = apply(known)
    if argv[:1] == ["--apply"] and len(argv) == 2:
        table = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        print(f"filled {apply(table)} translation(s) from {argv[1]}")
    elif argv:
        print(__doc__)
        return 2
    if reused:
        print(f"reused {reused} translation(s) of strings that moved to another context")
    lupdate(TS_FILE)  # normalises the file written by apply()
    lrelease(TS_FILE, QM_FILE)
    messages = read_ts(TS_FILE)
    todo = [m for m in messages.values() if not m.finished]
    print(f"{TS_FILE.relative_to(ROOT)}: {len(messages)} messages, {len(todo)} to translate")
    for message in todo:
        print(f"  [{message.context}] {message.source!r}")
    print(f"{QM_FILE.relative_to(ROOT)}: compiled")
    if todo:
        print("Translate them (Qt Linguist, or edit the .ts), then run `make translations` again.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
