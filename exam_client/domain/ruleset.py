"""One exam year's regulation as data: :class:`RuleSet`, read from ``resources/rules/<year>.toml``.

Rules change every year (the NV cap, the fee, the calendar, the exemption certificates) and many
values are still unverified (DOMAIN.md markers ⚠ and ⚡). Keeping them in one data file per year,
each value with its source and status, lets a correction be a one-line data change that a reviewer
can check against the cited source, and lets the UI mark what rests on an unverified value.
The rest of the domain asks the rule set; no rule number is written in code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import MappingProxyType

from exam_client.domain import rule_values as rv
from exam_client.domain import subjects
from exam_client.domain.resources import resource_path
from exam_client.domain.rule_values import (
    FlCertificateRule,
    GraduationFormula,
    ObjectGroup,
    PhotoRule,
    Rounding,
)
from exam_client.domain.rulefile import (
    Reader,
    Rule,
    RuleSetError,
    boolean,
    codes,
    decimal,
    integer,
    or_word,
    text,
)
from exam_client.domain.timeline import Phase, Timeline

__all__ = [
    "FlCertificateRule",
    "GraduationFormula",
    "ObjectGroup",
    "PhotoRule",
    "Rounding",
    "Rule",
    "RuleSet",
    "RuleSetError",
    "available_years",
    "load_ruleset",
    "load_ruleset_file",
]

SCHEMA = 1


@dataclass(frozen=True, kw_only=True)
class RuleSet:
    """Everything that differs by exam year; every value is also in :attr:`rules` with a source."""

    year: int
    title: str
    path: Path
    rules: Mapping[str, Rule]
    # exam (Circ. 24/2024 Art. 3)
    compulsory_subjects: tuple[str, ...]
    elective_subjects: tuple[str, ...]
    elective_count: int
    exclusive_electives: tuple[frozenset[str], ...]
    foreign_languages: tuple[str, ...]
    programme_2006_available: bool
    programme_2006_compulsory: tuple[str, ...]
    programme_2006_combined: tuple[str, ...]
    max_subject_score: Decimal
    score_step: Decimal
    # registration (Art. 19-20)
    graduation_categories: frozenset[str]
    admission_only_categories: frozenset[str]
    programme_2006_categories: frozenset[str]
    photo: PhotoRule
    # foreign-language exemption (Art. 39.2)
    fl_exemption_valid_until: Phase
    fl_exemption_counts_as_ten: bool
    fl_certificates: tuple[FlCertificateRule, ...]
    # reserved scores (unverified)
    reserved_score_categories: frozenset[str]
    reserved_score_min: Decimal
    reserved_scores_for_admission: bool
    # admission priority
    area_points: Mapping[str, Decimal]
    object_groups: tuple[ObjectGroup, ...]
    reduction_threshold: Decimal
    priority_max_total: Decimal
    reduction_total_includes_bonus: bool
    priority_rounding: Rounding
    area_valid_years_after_graduation: int
    # graduation recognition
    graduation_formula: GraduationFormula
    year_weights: Mapping[int, int]
    graduation_rounding: Rounding
    min_subject_score: Decimal
    pass_score: Decimal
    graduation_priority_points: Mapping[str, Decimal]
    incentive_cap: Decimal
    # admission
    max_score: Decimal
    bonus_cap: Decimal
    exam_total_threshold: Decimal | None
    max_methods_per_institution: int | None
    # preferences
    max_preferences: int | None
    min_preferences: int
    teacher_training_max_position: int | None
    # fees
    fee_per_preference: int
    all_preferences_must_be_paid: bool
    # calendar
    timeline: Timeline
    payment_group_count: int

    def rule(self, key: str) -> Rule:
        """The rule with its source and status, e.g. ``rule("fees.per_preference")``."""
        return self.rules[key]

    def article(self, key: str) -> str | None:
        """The regulation article to cite in a problem raised by this rule."""
        return self.rules[key].article

    def is_verified(self, key: str) -> bool:
        return self.rules[key].verified

    def unverified_rules(self) -> list[Rule]:
        """Rules the UI should badge and docs should list as unverified or conflicting."""
        return [r for r in self.rules.values() if not r.verified]

    def exam_subjects(self, programme: str) -> tuple[str, ...]:
        """Subjects a candidate of ``programme`` ("2018" or "2006") can register, in form order."""
        if programme == "2006":
            return self.programme_2006_compulsory + self.programme_2006_combined
        return self.compulsory_subjects + self.elective_subjects

    def fl_certificate(self, certificate_id: str) -> FlCertificateRule | None:
        return next((c for c in self.fl_certificates if c.id == certificate_id), None)

    def object_group(self, object_code: str) -> ObjectGroup | None:
        return next((g for g in self.object_groups if object_code in g.objects), None)


# ------------------------------------------------------------------ loading


def available_years() -> list[int]:
    """Years with a shipped rule file, oldest first (a copy: callers may change it)."""
    return list(_years_in(resource_path("rules")))


@cache
def _years_in(folder: Path) -> tuple[int, ...]:
    """The shipped files do not change while the program runs, so each folder is read once:
    globbing it on every call was a twentieth of the mock's CPU under load."""
    return tuple(sorted(int(p.stem) for p in folder.glob("*.toml") if p.stem.isdigit()))


@cache
def load_ruleset(year: int) -> RuleSet:
    """The shipped rule set of ``year``; raises :class:`RuleSetError` if missing or broken."""
    path = resource_path("rules", f"{year}.toml")
    if not path.is_file():
        raise RuleSetError(path, None, f"no rule set for the exam year {year}")
    ruleset = load_ruleset_file(path)
    if ruleset.year != year:
        raise RuleSetError(path, "year", f"the file is named {year} but says {ruleset.year}")
    return ruleset


def load_ruleset_file(path: Path | str) -> RuleSet:
    """Load and check one rule file (also used on a deliberately broken copy in tests)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            document = tomllib.load(fh)
    except OSError as exc:
        raise RuleSetError(path, None, f"cannot read the file: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(path, None, f"not valid TOML: {exc}") from exc
    reader = Reader(path, document)
    ruleset = _build(reader)
    reader.finish()
    return ruleset


def _build(r: Reader) -> RuleSet:
    """Read every rule of the format, then check that the rules agree with each other."""
    if r.top("schema", integer) != SCHEMA:
        r.fail("schema", f"this program reads rule files of schema {SCHEMA}")
    year = r.top("year", lambda raw: integer(raw, 2000))
    categories = rv.categories
    exam = {
        name: r.rule("exam", name, codes)
        for name in (
            "compulsory_subjects",
            "elective_subjects",
            "foreign_languages",
            "programme_2006_compulsory",
            "programme_2006_combined",
        )
    }
    for name, listed in exam.items():
        for code in listed:
            if not subjects.is_subject(code):
                r.fail(f"exam.{name}.value", f"{code!r} is not in resources/data/subjects.json")
    if not set(exam["foreign_languages"]) <= set(subjects.language_codes()):
        r.fail("exam.foreign_languages.value", "only language codes N1–N7 may be listed")
    exclusive = r.rule("exam", "exclusive_electives", rv.pairs)
    for pair in exclusive:
        if not pair <= set(exam["elective_subjects"]):
            r.fail("exam.exclusive_electives.value", "every code must be an elective subject")
    graduation = r.rule("registration", "graduation_categories", categories)
    admission_only = r.rule("registration", "admission_only_categories", categories)
    if graduation & admission_only or graduation | admission_only != rv.CATEGORIES:
        r.fail("registration", "graduation and admission-only categories must split a–d")
    timeline = Timeline(year, {p: w for p in Phase if (w := r.window(p)) is not None})
    valid_until = r.rule("fl_exemption", "valid_until", rv.phase)
    reference = timeline.window(valid_until)
    if reference is None or reference.start is None:
        r.fail("fl_exemption.valid_until.value", f"timeline.{valid_until} needs a start")
    certificates = tuple(
        rv.certificate(r, f"fl_exemption.certificates[{i}]", entry)
        for i, entry in enumerate(r.array("fl_exemption", "certificates"))
    )
    ids = [c.id for c in certificates]
    for i, cert in enumerate(certificates):
        if cert.language not in exam["foreign_languages"]:
            r.fail(f"fl_exemption.certificates[{i}].language", "not one of exam.foreign_languages")
        if cert.id in ids[:i]:
            r.fail(f"fl_exemption.certificates[{i}].id", f"{cert.id!r} is listed twice")
    groups = r.rule("priority", "object_groups", rv.object_groups)
    objects = [code for g in groups for code in g.objects]
    if len(objects) != len(set(objects)):
        r.fail("priority.object_groups.value", "an object code belongs to two groups")
    threshold = r.rule("priority", "reduction_threshold", decimal)
    max_total = r.rule("priority", "max_total", decimal)
    if threshold >= max_total:
        r.fail("priority.reduction_threshold.value", "must be below priority.max_total")
    max_count = r.rule("preferences", "max_count", or_word("unlimited", lambda x: integer(x, 1)))
    teacher = r.rule("preferences", "teacher_training_max_position", or_word("any", integer))
    if max_count is not None and teacher is not None and teacher > max_count:
        r.fail("preferences.teacher_training_max_position.value", "beyond preferences.max_count")
    group_count = r.rule("payment", "group_count", or_word("none", integer)) or 0
    payment_groups = rv.payment_groups(r, timeline.window(Phase.PAYMENT))
    if len(payment_groups) > group_count:
        r.fail("payment.groups", f"more groups than payment.group_count ({group_count})")
    timeline = Timeline(year, timeline.windows, payment_groups)
    return RuleSet(
        year=year,
        title=r.top("title", text),
        path=r.path,
        rules=MappingProxyType(r.rules),
        compulsory_subjects=exam["compulsory_subjects"],
        elective_subjects=exam["elective_subjects"],
        elective_count=r.rule("exam", "elective_count", lambda x: integer(x, 1)),
        exclusive_electives=exclusive,
        foreign_languages=exam["foreign_languages"],
        programme_2006_available=r.rule("exam", "programme_2006", boolean),
        programme_2006_compulsory=exam["programme_2006_compulsory"],
        programme_2006_combined=exam["programme_2006_combined"],
        max_subject_score=r.rule("exam", "max_subject_score", decimal),
        score_step=r.rule("exam", "score_step", rv.positive),
        graduation_categories=graduation,
        admission_only_categories=admission_only,
        programme_2006_categories=r.rule("registration", "programme_2006_categories", categories),
        photo=r.rule("registration", "photo", rv.photo),
        fl_exemption_valid_until=valid_until,
        fl_exemption_counts_as_ten=r.rule("fl_exemption", "counts_as_ten", boolean),
        fl_certificates=certificates,
        reserved_score_categories=r.rule("reserved_scores", "categories", categories),
        reserved_score_min=r.rule("reserved_scores", "min_score", decimal),
        reserved_scores_for_admission=r.rule("reserved_scores", "usable_for_admission", boolean),
        area_points=r.rule("priority", "areas", rv.decimal_table),
        object_groups=groups,
        reduction_threshold=threshold,
        priority_max_total=max_total,
        reduction_total_includes_bonus=r.rule(
            "priority", "reduction_total_includes_bonus", boolean
        ),
        priority_rounding=r.rule("priority", "rounding", rv.rounding),
        area_valid_years_after_graduation=r.rule(
            "priority", "area_valid_years_after_graduation", integer
        ),
        graduation_formula=r.rule("graduation", "formula", rv.formula),
        year_weights=r.rule("graduation", "year_weights", rv.year_weights),
        graduation_rounding=r.rule("graduation", "rounding", rv.rounding),
        min_subject_score=r.rule("graduation", "min_subject_score", decimal),
        pass_score=r.rule("graduation", "pass_score", decimal),
        graduation_priority_points=r.rule("graduation", "priority_points", rv.decimal_table),
        incentive_cap=r.rule("graduation", "incentive_cap", decimal),
        max_score=r.rule("admission", "max_score", rv.positive),
        bonus_cap=r.rule("admission", "bonus_cap", decimal),
        exam_total_threshold=r.rule("admission", "exam_total_threshold", or_word("none", decimal)),
        max_methods_per_institution=r.rule(
            "admission", "max_methods_per_institution", or_word("unlimited", integer)
        ),
        max_preferences=max_count,
        min_preferences=r.rule("preferences", "min_count", integer),
        teacher_training_max_position=teacher,
        fee_per_preference=r.rule("fees", "per_preference", integer),
        all_preferences_must_be_paid=r.rule("fees", "all_preferences_must_be_paid", boolean),
        timeline=timeline,
        payment_group_count=group_count,
    )
