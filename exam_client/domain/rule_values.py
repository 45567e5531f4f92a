"""The value types of a rule set and the converters that read them from a rule file.

Split from :mod:`exam_client.domain.ruleset` to keep each module about one idea: this one knows how
a rounding rule, a priority-object group or an exemption certificate is written in the TOML file and
which shapes are refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
)
from types import MappingProxyType
from typing import Any, Literal

from exam_client.domain.rulefile import (
    Invalid,
    Reader,
    Rule,
    Status,
    boolean,
    codes,
    decimal,
    exact_keys,
    integer,
    table,
    text,
    vn_datetime,
)
from exam_client.domain.timeline import PaymentGroup, Phase, Window

CATEGORIES = frozenset({"a", "b", "c", "d"})
_MODES = frozenset(
    {
        ROUND_DOWN,
        ROUND_HALF_UP,
        ROUND_HALF_EVEN,
        ROUND_HALF_DOWN,
        ROUND_UP,
        ROUND_FLOOR,
        ROUND_CEILING,
    }
)
CertificateScale = Literal["score", "level", "components"]


@dataclass(frozen=True, slots=True)
class Rounding:
    """How a computed score is rounded; kept in data because the mode is unverified."""

    places: int
    mode: str

    def apply(self, value: Decimal) -> Decimal:
        return value.quantize(Decimal(1).scaleb(-self.places), rounding=self.mode)


@dataclass(frozen=True, slots=True)
class ObjectGroup:
    """A priority-object group (UT1, UT2) and the object codes that belong to it."""

    name: str
    points: Decimal
    objects: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PhotoRule:
    min_width_px: int
    min_height_px: int
    portrait: bool


@dataclass(frozen=True, slots=True)
class GraduationFormula:
    """ĐXTN = {(Σ exams + ΣKK)/n × exam_weight + ĐTB × transcript_weight}/(sum of weights) + ĐUT."""

    subject_count: int
    exam_weight: Decimal
    transcript_weight: Decimal
    drop_exempt_foreign_language: bool


@dataclass(frozen=True, slots=True)
class FlCertificateRule:
    """A certificate exempting from the FL paper, with its threshold (DOMAIN.md §2.4)."""

    id: str
    name: str
    language: str
    scale: CertificateScale
    source: str
    status: Status
    minimum_score: Decimal | None = None
    levels: tuple[str, ...] = ()
    minimum_level: str | None = None
    component_minimums: Mapping[str, Decimal] = field(default_factory=dict)
    note: str | None = None


def frozen(items: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(items))


def decimal_table(raw: object) -> Mapping[str, Decimal]:
    found = table(raw)
    if not found:
        raise Invalid("expected at least one entry")
    return frozen({k: sub(k, found[k], decimal) for k in found})


def sub(key: str, raw: object, convert: Callable[[object], Any]) -> Any:
    try:
        return convert(raw)
    except Invalid as exc:
        raise Invalid(exc.problem, f"{key}.{exc.subkey}" if exc.subkey else key) from None


def rounding(raw: object) -> Rounding:
    found = exact_keys(raw, {"places", "mode"})
    places = sub("places", found["places"], integer)
    if found["mode"] not in _MODES:
        raise Invalid(f"mode must be one of {', '.join(sorted(_MODES))}", "mode")
    return Rounding(places, found["mode"])


def photo(raw: object) -> PhotoRule:
    found = exact_keys(raw, {"min_width_px", "min_height_px", "portrait"})
    return PhotoRule(
        sub("min_width_px", found["min_width_px"], lambda r: integer(r, 1)),
        sub("min_height_px", found["min_height_px"], lambda r: integer(r, 1)),
        sub("portrait", found["portrait"], boolean),
    )


def object_groups(raw: object) -> tuple[ObjectGroup, ...]:
    groups = []
    for name, body in table(raw).items():
        found = sub(name, body, lambda r: exact_keys(r, {"points", "objects"}))
        groups.append(
            ObjectGroup(
                name,
                sub(f"{name}.points", found["points"], decimal),
                sub(f"{name}.objects", found["objects"], codes),
            )
        )
    return tuple(groups)


def formula(raw: object) -> GraduationFormula:
    keys = {"subject_count", "exam_weight", "transcript_weight", "drop_exempt_foreign_language"}
    found = exact_keys(raw, keys)
    return GraduationFormula(
        sub("subject_count", found["subject_count"], lambda r: integer(r, 1)),
        sub("exam_weight", found["exam_weight"], decimal),
        sub("transcript_weight", found["transcript_weight"], decimal),
        sub("drop_exempt_foreign_language", found["drop_exempt_foreign_language"], boolean),
    )


def year_weights(raw: object) -> Mapping[int, int]:
    found = exact_keys(raw, {"10", "11", "12"})
    return frozen({int(k): sub(k, v, lambda r: integer(r, 1)) for k, v in found.items()})


def pairs(raw: object) -> tuple[frozenset[str], ...]:
    if not isinstance(raw, list):
        raise Invalid(f"expected a list of code lists, got {raw!r}")
    return tuple(frozenset(sub(str(i), item, codes)) for i, item in enumerate(raw))


def phase(raw: object) -> Phase:
    try:
        return Phase(text(raw))
    except ValueError:
        raise Invalid(f"{raw!r} is not a timeline phase") from None


def certificate(reader: Reader, key: str, entry: dict[str, Any]) -> FlCertificateRule:
    values = {"id", "name", "language", "scale", "minimum", "levels", "minimums"}
    meta = reader.meta(key, entry, values)
    for name in ("id", "name", "language", "scale"):
        if name not in entry:
            reader.fail(f"{key}.{name}", f"missing key {name!r}")
    base: dict[str, Any] = {
        "id": reader.convert(f"{key}.id", entry["id"], text),
        "name": reader.convert(f"{key}.name", entry["name"], text),
        "language": reader.convert(f"{key}.language", entry["language"], text),
        "source": meta["source"],
        "status": meta["status"],
        "note": meta["note"],
    }
    scale = entry["scale"]
    needed = {"score": {"minimum"}, "level": {"minimum", "levels"}, "components": {"minimums"}}
    if scale not in needed:
        reader.fail(f"{key}.scale", f"must be score, level or components, got {scale!r}")
    for name in ("minimum", "levels", "minimums"):
        if (name in entry) != (name in needed[scale]):
            verb = "needs" if name in needed[scale] else "does not use"
            reader.fail(f"{key}.{name}", f"a {scale} certificate {verb} {name!r}")
    if scale == "score":
        minimum = reader.convert(f"{key}.minimum", entry["minimum"], decimal)
        found = FlCertificateRule(scale="score", minimum_score=minimum, **base)
    elif scale == "level":
        levels = reader.convert(f"{key}.levels", entry["levels"], codes)
        if entry["minimum"] not in levels:
            reader.fail(f"{key}.minimum", f"{entry['minimum']!r} is not one of the levels")
        found = FlCertificateRule(
            scale="level", levels=levels, minimum_level=entry["minimum"], **base
        )
    else:
        parts = reader.convert(f"{key}.minimums", entry["minimums"], decimal_table)
        found = FlCertificateRule(scale="components", component_minimums=parts, **base)
    rule_key = f"fl_exemption.certificates.{found.id}"
    reader.rules[rule_key] = Rule(key=rule_key, value=found, **meta)
    return found


def payment_groups(reader: Reader, payment: Window | None) -> tuple[PaymentGroup, ...]:
    groups: list[PaymentGroup] = []
    for i, entry in enumerate(reader.array("payment", "groups")):
        key = f"payment.groups[{i}]"
        meta = reader.meta(key, entry, {"name", "provinces", "start", "end"})
        for name in ("name", "provinces", "start", "end"):
            if name not in entry:
                reader.fail(f"{key}.{name}", f"missing key {name!r}")
        start = reader.convert(f"{key}.start", entry["start"], vn_datetime)
        end = reader.convert(f"{key}.end", entry["end"], vn_datetime)
        last = end - timedelta(microseconds=1)
        if (
            payment is None
            or start >= end
            or not (payment.contains(start) and payment.contains(last))
        ):
            reader.fail(key, "the group's slot must be a window inside timeline.payment")
        window = Window(Phase.PAYMENT, start, end, meta["source"], meta["status"], meta["note"])
        group = PaymentGroup(
            reader.convert(f"{key}.name", entry["name"], text),
            reader.convert(f"{key}.provinces", entry["provinces"], codes),
            window,
        )
        for province in group.provinces:
            if any(g.includes(province) for g in groups):
                reader.fail(f"{key}.provinces", f"{province!r} is already in another group")
        groups.append(group)
        rule_key = f"payment.groups.{group.name}"
        reader.rules[rule_key] = Rule(key=rule_key, value=group, **meta)
    return tuple(groups)


def categories(raw: object) -> frozenset[str]:
    found = frozenset(codes(raw))
    if not found <= CATEGORIES:
        raise Invalid(f"candidate categories are a, b, c, d; got {sorted(found - CATEGORIES)}")
    return found


def positive(raw: object) -> Decimal:
    value = decimal(raw)
    if value <= 0:
        raise Invalid("must be greater than 0")
    return value
