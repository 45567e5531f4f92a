"""Exam registration validation (DOMAIN.md §1, §2, §15): every problem, all at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from exam_client.domain.problems import has_errors
from exam_client.domain.registration import (
    CATEGORY_LABELS,
    Category,
    FlCertificate,
    Photo,
    Purpose,
    Registration,
    SchoolAttendance,
    validate,
)
from exam_client.domain.ruleset import load_ruleset

D = Decimal
TODAY = date(2025, 4, 22)
LIEN = SchoolAttendance("30", "053", "KV1", "THPT Nguyễn Đình Liễn")
BASE = Registration(
    cccd="042207012345",
    full_name="Nguyễn Văn An",
    date_of_birth=date(2007, 3, 4),
    gender="male",
    category=Category.A,
    subjects=("TO", "VA", "LI", "NN"),
    foreign_language="N1",
    schools={10: LIEN, 11: LIEN, 12: LIEN},
    photo=Photo(400, 600),
)
IELTS = FlCertificate("IELTS", date(2026, 1, 1), score=D("5.0"))


def codes(problems: list[Any]) -> list[str]:
    return sorted(p.code for p in problems)


def run(year: int = 2025, **changes: Any) -> list[Any]:
    return validate(replace(BASE, **changes), load_ruleset(year), TODAY)


VALID = [
    {},  # §15 Toán + Ngữ văn + 2 electives, FL N1
    {"subjects": ("TO", "VA", "GDKTPL", "TI"), "foreign_language": None},
    {"subjects": ("VA", "TO", "CNNN", "SU"), "foreign_language": None},
    # §2.1 b: a free candidate not yet graduated, Physics score reserved (§2.5 ⚠)
    {
        "category": Category.B,
        "purpose": Purpose.GRADUATION,
        "subjects": ("TO", "VA", "SU"),
        "foreign_language": None,
        "reserved_scores": {"LI": D("6.0")},
        "graduation_year": 2024,
    },
    # §1.1 / §2.1 c–d: admission only, any subjects they want
    {
        "category": Category.C,
        "purpose": Purpose.ADMISSION,
        "subjects": ("TO",),
        "foreign_language": None,
    },
    {"category": Category.D, "purpose": Purpose.ADMISSION, "subjects": ("TO", "LI", "NN")},
    # §1.3: the 2006 track in 2025, Math, Literature, FL + KHXH
    {"category": Category.B, "programme": "2006", "subjects": ("TO", "VA", "NN", "KHXH")},
    # §2.4: exemption with a valid certificate; still sits for admission is fine
    {"fl_exemption": IELTS, "purpose": Purpose.GRADUATION},
    {"fl_exemption": replace(IELTS, valid_until=date(2025, 6, 25)), "purpose": Purpose.GRADUATION},
    {
        "fl_exemption": FlCertificate("JLPT", date(2027, 1, 1), level="N2"),
        "foreign_language": "N6",
        "purpose": Purpose.GRADUATION,
    },
    {
        "fl_exemption": FlCertificate(
            "TOEIC_4",
            date(2027, 1, 1),
            components={
                "listening": D(300),
                "reading": D(275),
                "speaking": D(120),
                "writing": D(150),
            },
        ),
        "purpose": Purpose.GRADUATION,
    },
    {"priority_objects": ("01", "06"), "graduation_priority": "2", "photo": Photo(800, 1200)},
]


@pytest.mark.parametrize("changes", VALID)
def test_valid_registrations_have_no_problem(changes: dict[str, Any]) -> None:
    assert run(**changes) == []


ERRORS: list[tuple[dict[str, Any], list[str]]] = [
    # identity (§2.2 items 1–4, §10)
    ({"full_name": "  "}, ["full_name.empty"]),
    ({"full_name": "Nguyễn Văn 4n"}, ["full_name.digits"]),
    ({"date_of_birth": date(2025, 5, 1), "cccd": "042225012345"}, ["date_of_birth.future"]),
    ({"cccd": "12345678901"}, ["cccd.length"]),
    ({"cccd": "042206012345"}, ["cccd.birth_year_mismatch"]),
    # categories and purpose (§2.1)
    ({"purpose": Purpose.ADMISSION}, ["purpose.graduation_required"]),
    ({"category": Category.C}, ["purpose.admission_only"]),
    ({"programme": "2006", "subjects": ("TO", "VA", "NN", "KHTN")}, ["programme.2006_category"]),
    # subjects, 2018 programme (§1.1, §15)
    ({"subjects": (), "foreign_language": None}, ["subjects.empty"]),
    ({"subjects": ("TO", "VA", "LI"), "foreign_language": None}, ["subjects.option_count"]),
    (
        {"subjects": ("TO", "VA", "LI", "HO", "SI"), "foreign_language": None},
        ["subjects.option_count"],
    ),
    ({"subjects": ("TO", "LI", "HO"), "foreign_language": None}, ["subjects.missing_compulsory"]),
    ({"subjects": ("TO", "VA", "CNCN", "CNNN"), "foreign_language": None}, ["subjects.exclusive"]),
    (
        {"subjects": ("TO", "VA", "LI", "LI"), "foreign_language": None},
        ["subjects.duplicate", "subjects.option_count"],
    ),
    (
        {"subjects": ("TO", "VA", "LI", "KHTN", "HO"), "foreign_language": None},
        ["subjects.unknown"],
    ),
    (
        {
            "category": Category.C,
            "purpose": Purpose.ADMISSION,
            "subjects": ("TO", "LI", "HO", "SI"),
            "foreign_language": None,
        },
        ["subjects.option_count"],
    ),
    # subjects, 2006 programme (§1.3)
    (
        {
            "category": Category.B,
            "programme": "2006",
            "subjects": ("TO", "VA", "NN", "KHTN", "KHXH"),
        },
        ["subjects.option_count"],
    ),
    (
        {
            "category": Category.C,
            "purpose": Purpose.ADMISSION,
            "programme": "2006",
            "subjects": ("KHTN", "KHXH"),
            "foreign_language": None,
        },
        ["subjects.option_count"],
    ),
    # foreign language (§1.2)
    ({"foreign_language": None}, ["foreign_language.missing"]),
    ({"foreign_language": "N8"}, ["foreign_language.unknown"]),
    ({"subjects": ("TO", "VA", "LI", "HO")}, ["foreign_language.unused"]),
    # FL exemption (§2.4)
    ({"fl_exemption": replace(IELTS, type="SAT")}, ["fl_exemption.type"]),
    ({"fl_exemption": replace(IELTS, score=D("3.5"))}, ["fl_exemption.below_threshold"]),
    ({"fl_exemption": replace(IELTS, score=None)}, ["fl_exemption.result_missing"]),
    ({"fl_exemption": replace(IELTS, valid_until=date(2025, 6, 24))}, ["fl_exemption.expired"]),
    (
        {
            "fl_exemption": FlCertificate("JLPT", date(2027, 1, 1), level="N4"),
            "foreign_language": "N6",
        },
        ["fl_exemption.below_threshold"],
    ),
    (
        {
            "fl_exemption": FlCertificate("JLPT", date(2027, 1, 1), level="N0"),
            "foreign_language": "N6",
        },
        ["fl_exemption.level_unknown"],
    ),
    (
        {"fl_exemption": FlCertificate("JLPT", date(2027, 1, 1)), "foreign_language": "N6"},
        ["fl_exemption.result_missing"],
    ),
    (
        {
            "fl_exemption": FlCertificate(
                "TOEIC_4",
                date(2027, 1, 1),
                components={"listening": D(300), "reading": D(275), "writing": D(110)},
            )
        },
        ["fl_exemption.below_threshold", "fl_exemption.result_missing"],
    ),
    ({"fl_exemption": IELTS, "foreign_language": "N3"}, ["fl_exemption.language"]),
    # reserved scores (§2.5 ⚠)
    (
        {
            "purpose": Purpose.GRADUATION,
            "subjects": ("TO", "VA", "LI"),
            "foreign_language": None,
            "reserved_scores": {"SU": D("6.0")},
        },
        ["reserved_scores.category"],
    ),
    (
        {"category": Category.B, "purpose": Purpose.GRADUATION, "reserved_scores": {"GDCD": D(6)}},
        ["reserved_scores.unknown"],
    ),
    (
        {
            "category": Category.B,
            "purpose": Purpose.GRADUATION,
            "subjects": ("TO", "VA", "SU"),
            "foreign_language": None,
            "reserved_scores": {"LI": D("4.75")},
        },
        ["reserved_scores.below_minimum"],
    ),
    (
        {
            "category": Category.B,
            "purpose": Purpose.GRADUATION,
            "subjects": ("TO", "VA", "SU"),
            "foreign_language": None,
            "reserved_scores": {"LI": D("11")},
        },
        ["reserved_scores.range"],
    ),
    (
        {
            "category": Category.B,
            "purpose": Purpose.GRADUATION,
            "subjects": ("TO", "VA", "LI", "HO"),
            "foreign_language": None,
            "reserved_scores": {"LI": D("7")},
        },
        ["reserved_scores.also_registered"],
    ),
    # schools and priority (§2.2 item 6, §5)
    ({"schools": {11: LIEN, 12: LIEN}}, ["schools.missing"]),
    ({"schools": {9: LIEN, 10: LIEN, 11: LIEN, 12: LIEN}}, ["schools.grade"]),
    (
        {"schools": {10: LIEN, 11: LIEN, 12: replace(LIEN, province_code="1")}},
        ["schools.province_code"],
    ),
    (
        {"schools": {10: LIEN, 11: LIEN, 12: replace(LIEN, province_code="00")}},
        ["schools.province_code"],
    ),
    (
        {"schools": {10: LIEN, 11: LIEN, 12: replace(LIEN, school_code="53")}},
        ["schools.school_code"],
    ),
    ({"schools": {10: LIEN, 11: LIEN, 12: replace(LIEN, area="KV4")}}, ["schools.area"]),
    ({"priority_objects": ("08",)}, ["priority_objects.unknown"]),
    ({"graduation_priority": "4"}, ["graduation_priority.unknown"]),
    ({"graduation_year": 2026}, ["graduation_year.future"]),
    # photo (§2.2: portrait ≥ 400×600)
    ({"photo": None}, ["photo.missing"]),
    ({"photo": Photo(300, 450)}, ["photo.too_small"]),
    ({"photo": Photo(600, 600)}, ["photo.not_portrait"]),
]


@pytest.mark.parametrize(("changes", "expected"), ERRORS)
def test_each_rule_reports_its_problem(changes: dict[str, Any], expected: list[str]) -> None:
    problems = run(**changes)
    assert codes(problems) == sorted(expected)
    assert has_errors(problems)
    for p in problems:
        assert p.is_error
        assert p.message_vi.strip() and p.message_en.strip()


WARNINGS: list[tuple[dict[str, Any], list[str]]] = [
    # §2.4: an exemption without the FL subject, or for admission only, does nothing
    (
        {
            "fl_exemption": IELTS,
            "subjects": ("TO", "VA", "LI", "HO"),
            "foreign_language": None,
            "purpose": Purpose.GRADUATION,
        },
        ["fl_exemption.unused"],
    ),
    (
        {"fl_exemption": IELTS, "category": Category.C, "purpose": Purpose.ADMISSION},
        ["fl_exemption.admission_only"],
    ),
    # §2.5 ⚠: reserved scores count for graduation only
    (
        {
            "category": Category.B,
            "subjects": ("TO", "VA", "SU"),
            "foreign_language": None,
            "reserved_scores": {"LI": D("6.0")},
        },
        ["reserved_scores.not_for_admission"],
    ),
    # §2.1 c–d hold a diploma: a missing school only loses the area priority
    (
        {"category": Category.C, "purpose": Purpose.ADMISSION, "schools": {}},
        ["schools.missing"] * 3,
    ),
]


@pytest.mark.parametrize(("changes", "expected"), WARNINGS)
def test_harmless_oddities_are_warnings(changes: dict[str, Any], expected: list[str]) -> None:
    problems = run(**changes)
    assert codes(problems) == sorted(expected)
    assert not has_errors(problems)


def test_all_problems_are_reported_at_once_with_fields_and_articles() -> None:
    problems = run(
        full_name="",
        category=Category.C,
        subjects=("TO", "TO", "CNCN", "CNNN"),
        foreign_language="N9",
        schools={10: LIEN, 11: LIEN, 12: SchoolAttendance("1", "53", "KV9")},
        photo=Photo(600, 400),
    )
    fields = {p.field for p in problems}
    assert {
        "full_name",
        "purpose",
        "subjects",
        "foreign_language",
        "schools.12.province_code",
        "schools.12.school_code",
        "schools.12.area",
        "photo",
    } <= fields
    assert len(problems) >= 10
    by_code = {p.code: p for p in problems}
    assert by_code["purpose.admission_only"].article == "TT 24/2024/TT-BGDĐT Điều 19.1, Điều 20"
    assert by_code["subjects.exclusive"].article == "TT 24/2024/TT-BGDĐT Điều 3"
    assert by_code["schools.area"].article == "TT 08/2022/TT-BGDĐT Điều 7"
    assert "Hãy" in by_code["schools.area"].message_vi


def test_messages_name_subjects_in_vietnamese() -> None:
    (problem,) = run(subjects=("TO", "VA", "CNCN", "CNNN"), foreign_language=None)
    assert (
        "Công nghệ định hướng công nghiệp, Công nghệ định hướng nông nghiệp" in problem.message_vi
    )
    (problem,) = run(subjects=("TO", "LI", "HO"), foreign_language=None)
    assert problem.message_vi == "Thiếu môn bắt buộc: Ngữ văn. Hãy thêm để được xét tốt nghiệp."


def test_expired_certificate_message_names_the_procedure_day() -> None:  # §2.4
    (problem,) = run(fl_exemption=replace(IELTS, valid_until=date(2025, 6, 24)))
    assert problem.field == "fl_exemption.valid_until"
    assert "25/06/2025" in problem.message_vi


def test_field_paths_point_into_nested_data() -> None:
    cert = FlCertificate("TOEIC_4", date(2027, 1, 1), components={"listening": D(100)})
    fields = sorted(p.field for p in run(fl_exemption=cert))
    assert fields == [
        "fl_exemption.components.listening",
        "fl_exemption.components.reading",
        "fl_exemption.components.speaking",
        "fl_exemption.components.writing",
    ]
    (problem,) = run(schools={10: LIEN, 12: LIEN})
    assert problem.field == "schools.11"


def test_the_2006_track_is_closed_in_2026() -> None:  # §1.3, §16.3 ⚠
    problems = validate(
        replace(BASE, category=Category.B, programme="2006", subjects=("TO", "VA", "NN", "KHXH")),
        load_ruleset(2026),
        date(2026, 4, 1),
    )
    assert codes(problems) == ["programme.2006_unavailable"]


def test_2026_exemption_list_has_topik() -> None:  # §2.4 new in 2026
    reg = replace(
        BASE,
        fl_exemption=FlCertificate("TOPIK", date(2027, 1, 1), level="3"),
        foreign_language="N7",
        purpose=Purpose.GRADUATION,
    )
    assert validate(reg, load_ruleset(2026), date(2026, 4, 1)) == []
    assert codes(validate(reg, load_ruleset(2025), TODAY)) == ["fl_exemption.type"]


def test_school_labels_and_categories() -> None:
    assert LIEN.label == "THPT Nguyễn Đình Liễn (30-053)"
    assert SchoolAttendance("01", "001", "KV3").label == "trường 01-001"
    assert set(CATEGORY_LABELS) == set(Category)
    assert Purpose.BOTH.for_graduation
    assert Purpose.BOTH.for_admission
    assert not Purpose.GRADUATION.for_admission
    assert not Purpose.ADMISSION.for_graduation
