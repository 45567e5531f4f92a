"""The strict reader of a yearly rule file (``resources/rules/<year>.toml``).

A wrong number in a rule file silently changes thousands of scores, so the file is checked the way a
compiler checks code: every key must be known, every rule must say where its value comes from and
whether it is verified, decimals must be written as strings (no binary floats), and the first
problem stops the load with :class:`RuleSetError` naming the file, the key and what is wrong.
This module knows the *format*; :mod:`exam_client.domain.ruleset` knows which rules exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, NoReturn, TypeVar, cast

from exam_client.domain.timeline import Phase, Window

Status = Literal["verified", "unverified", "conflict"]
STATUSES: tuple[Status, ...] = ("verified", "unverified", "conflict")
_META_KEYS = frozenset({"source", "status", "note", "article", "alternative"})
_VN_OFFSET = timedelta(hours=7)
T = TypeVar("T")


class RuleSetError(ValueError):
    """A rule file is broken: names the file, the key (dotted path) and the problem."""

    def __init__(self, path: Path | str, key: str | None, problem: str) -> None:
        self.path = Path(path)
        self.key = key
        self.problem = problem
        where = f"{self.path}: {key}" if key else str(self.path)
        super().__init__(f"{where}: {problem}")


class Invalid(Exception):
    """Raised by a converter; the reader adds the file and the key."""

    def __init__(self, problem: str, subkey: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.subkey = subkey


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the year with its provenance, as shown in docs and "unverified" badges."""

    key: str
    value: object
    source: str
    status: Status
    note: str | None = None
    article: str | None = None
    alternative: object = None

    @property
    def verified(self) -> bool:
        return self.status == "verified"


# ------------------------------------------------------------------ value converters


def table(raw: object) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise Invalid(f"expected a table, got {type(raw).__name__}")
    return cast(dict[str, Any], raw)


def exact_keys(
    raw: object, required: set[str], optional: frozenset[str] = frozenset()
) -> dict[str, Any]:
    found = table(raw)
    unknown = sorted(set(found) - required - optional)
    if unknown:
        raise Invalid(f"unknown key {unknown[0]!r}", unknown[0])
    missing = sorted(required - set(found))
    if missing:
        raise Invalid(f"missing key {missing[0]!r}", missing[0])
    return found


def text(raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise Invalid(f"expected a non-empty string, got {raw!r}")
    return raw


def boolean(raw: object) -> bool:
    if not isinstance(raw, bool):
        raise Invalid(f"expected true or false, got {raw!r}")
    return raw


def integer(raw: object, minimum: int = 0) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise Invalid(f"expected an integer, got {raw!r}")
    if raw < minimum:
        raise Invalid(f"must be at least {minimum}, got {raw}")
    return raw


def decimal(raw: object) -> Decimal:
    """A non-negative decimal written as a string ("0.75") or an integer; never a float."""
    if isinstance(raw, float):
        raise Invalid(f'write decimals as strings, e.g. "{raw}", so no binary float enters a score')
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise Invalid(f"expected a decimal written as a string, got {raw!r}")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise Invalid(f"{raw!r} is not a decimal number") from None
    if not value.is_finite():
        raise Invalid(f"{raw!r} is not a finite number")
    if value < 0:
        raise Invalid(f"must be at least 0, got {raw}")
    return value


def codes(raw: object) -> tuple[str, ...]:
    """A non-empty list of distinct non-empty strings."""
    if not isinstance(raw, list) or not raw:
        raise Invalid(f"expected a non-empty list of codes, got {raw!r}")
    items = tuple(text(item) for item in raw)
    duplicates = sorted({item for item in items if items.count(item) > 1})
    if duplicates:
        raise Invalid(f"{duplicates[0]!r} is listed twice")
    return items


def or_word(word: str, convert: Callable[[object], T]) -> Callable[[object], T | None]:
    """Accept the literal ``word`` ("unlimited", "none", "any") as ``None``."""

    def parse(raw: object) -> T | None:
        return None if raw == word else convert(raw)

    return parse


def vn_datetime(raw: object) -> datetime:
    if not isinstance(raw, datetime) or raw.utcoffset() != _VN_OFFSET:
        raise Invalid(f"expected a date-time with offset +07:00 (Vietnam time), got {raw!r}")
    return raw


# ------------------------------------------------------------------ the reader


class Reader:
    """Walks the parsed TOML document; remembers which keys were read to reject the others."""

    def __init__(self, path: Path, document: dict[str, Any]) -> None:
        self.path = path
        self.document = document
        self.rules: dict[str, Rule] = {}
        self._known: dict[str, set[str]] = {}

    def fail(self, key: str | None, problem: str) -> NoReturn:
        raise RuleSetError(self.path, key, problem)

    def top(self, key: str, convert: Callable[[object], T]) -> T:
        self._known.setdefault("", set()).add(key)
        if key not in self.document:
            self.fail(key, "missing key")
        return self.convert(key, self.document[key], convert)

    def convert(self, key: str, raw: object, convert: Callable[[object], T]) -> T:
        try:
            return convert(raw)
        except Invalid as exc:
            self.fail(f"{key}.{exc.subkey}" if exc.subkey else key, exc.problem)

    def raw(self, section: str, name: str) -> object | None:
        self._known.setdefault(section, set()).add(name)
        self._known.setdefault("", set()).add(section)
        block = self.document.get(section, {})
        if not isinstance(block, dict):
            self.fail(section, f"expected a table, got {type(block).__name__}")
        return block.get(name)

    def meta(self, key: str, entry: dict[str, Any], value_keys: set[str]) -> dict[str, Any]:
        """Check the provenance keys every rule carries; returns them for :class:`Rule`."""
        allowed = _META_KEYS | value_keys
        self.convert(key, entry, lambda raw: exact_keys(raw, {"source", "status"}, allowed))
        status = entry["status"]
        if status not in STATUSES:
            self.fail(f"{key}.status", f"must be one of {', '.join(STATUSES)}, got {status!r}")
        source = self.convert(f"{key}.source", entry["source"], text)
        note = entry.get("note")
        if note is not None:
            self.convert(f"{key}.note", note, text)
        elif status != "verified":
            self.fail(f"{key}.note", f"a rule with status {status!r} must say why in a note")
        if "article" in entry:
            self.convert(f"{key}.article", entry["article"], text)
        if status == "conflict" and "alternative" not in entry:
            self.fail(f"{key}.alternative", "a conflicting rule must give the other version")
        if status != "conflict" and "alternative" in entry:
            self.fail(f"{key}.alternative", "only a rule with status 'conflict' has an alternative")
        return {
            "source": source,
            "status": status,
            "note": note,
            "article": entry.get("article"),
            "alternative": entry.get("alternative"),
        }

    def rule(self, section: str, name: str, convert: Callable[[object], T]) -> T:
        """Read ``[section.name]`` with ``value``, convert it and record it as a :class:`Rule`."""
        key = f"{section}.{name}"
        raw = self.raw(section, name)
        if raw is None:
            self.fail(key, "missing rule")
        entry = self.convert(key, raw, table)
        meta = self.meta(key, entry, {"value"})
        if "value" not in entry:
            self.fail(f"{key}.value", "missing key 'value'")
        value = self.convert(f"{key}.value", entry["value"], convert)
        self.rules[key] = Rule(key=key, value=value, **meta)
        return value

    def window(self, phase: Phase) -> Window | None:
        key = f"timeline.{phase.value}"
        raw = self.raw("timeline", phase.value)
        if raw is None:
            return None
        entry = self.convert(key, raw, table)
        meta = self.meta(key, entry, {"start", "end"})
        start = (
            self.convert(f"{key}.start", entry["start"], vn_datetime) if "start" in entry else None
        )
        end = self.convert(f"{key}.end", entry["end"], vn_datetime) if "end" in entry else None
        if start is None and end is None:
            self.fail(key, "a window needs a start, an end or both")
        if start is not None and end is not None and start >= end:
            self.fail(f"{key}.end", "the end must be after the start")
        if meta["alternative"] is not None:
            self.convert(f"{key}.alternative", meta["alternative"], vn_datetime)
        found = Window(phase, start, end, meta["source"], meta["status"], meta["note"])
        self.rules[key] = Rule(key=key, value=found, **meta)
        return found

    def array(self, section: str, name: str) -> list[dict[str, Any]]:
        """``[[section.name]]`` items (possibly none); each must be a table."""
        raw = self.raw(section, name)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.fail(f"{section}.{name}", "expected an array of tables ([[...]])")
        return [self.convert(f"{section}.{name}[{i}]", item, table) for i, item in enumerate(raw)]

    def finish(self) -> None:
        """Reject keys nobody read: a typo must not silently fall back to a default."""
        for key in self.document:
            if key not in self._known[""]:
                self.fail(key, "unknown key")
        for section, names in self._known.items():
            for name in self.document.get(section, {}) if section else ():
                if name not in names:
                    self.fail(f"{section}.{name}", "unknown rule")
