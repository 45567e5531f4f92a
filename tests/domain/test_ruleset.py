"""Rule sets as data (DOMAIN.md §0–§15): the shipped years, strict loading, subject tables."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from exam_client.domain import subjects
from exam_client.domain.resources import resource_path
from exam_client.domain.rulefile import STATUSES
from exam_client.domain.ruleset import (
    RuleSetError,
    available_years,
    load_ruleset,
    load_ruleset_file,
)
from exam_client.domain.timeline import Phase

D = Decimal
RULES_2025 = resource_path("rules", "2025.toml").read_text(encoding="utf-8")
RULES_2026 = resource_path("rules", "2026.toml").read_text(encoding="utf-8")


def test_both_exam_years_are_shipped() -> None:
    assert available_years() == [2025, 2026]


@pytest.mark.parametrize(
    ("year", "attribute", "expected"),
    [
        (2025, "max_preferences", None),  # §4.1 unlimited
        (2026, "max_preferences", 15),  # §4.1 Circ. 06/2026
        (2025, "teacher_training_max_position", None),
        (2026, "teacher_training_max_position", 5),  # §4.1 pedagogy in NV1–NV5
        (2025, "fee_per_preference", 15_000),  # §7
        (2026, "fee_per_preference", 15_000),  # §7 unverified: 2025 amount kept
        (2025, "reduction_threshold", D("22.5")),  # §5
        (2026, "reduction_threshold", D("22.5")),
        (2025, "priority_max_total", D("30")),
        (2025, "bonus_cap", D("3")),  # §4.7
        (2026, "bonus_cap", D("3")),
        (2025, "max_score", D("30")),
        (2025, "min_subject_score", D("1.0")),  # §6 every subject > 1.0
        (2025, "pass_score", D("5.0")),  # §6 ĐXTN ≥ 5.0
        (2025, "elective_count", 2),  # §1.1
        (2025, "programme_2006_available", True),  # §1.3
        (2026, "programme_2006_available", False),  # §16.3 unverified
        (2025, "exam_total_threshold", None),
        (2026, "exam_total_threshold", D("15.00")),  # §4.6
        (2026, "max_methods_per_institution", 5),  # §4.6
        (2025, "payment_group_count", 7),  # §7
        (2026, "payment_group_count", 0),
        (2025, "fl_exemption_counts_as_ten", False),  # §2.4 no longer 10 points
        (2025, "area_valid_years_after_graduation", 1),  # §5
    ],
)
def test_rule_values_match_domain(year: int, attribute: str, expected: object) -> None:
    assert getattr(load_ruleset(year), attribute) == expected


def test_priority_values_match_domain_section_5() -> None:
    for year in (2025, 2026):
        rs = load_ruleset(year)
        assert dict(rs.area_points) == {
            "KV1": D("0.75"),
            "KV2-NT": D("0.5"),
            "KV2": D("0.25"),
            "KV3": D("0"),
        }
        ut1, ut2 = rs.object_groups
        assert (ut1.name, ut1.points, ut1.objects) == ("UT1", D("2.0"), ("01", "02", "03", "04"))
        assert (ut2.name, ut2.points, ut2.objects) == ("UT2", D("1.0"), ("05", "06", "07"))
        assert rs.object_group("06") == ut2
        assert rs.object_group("08") is None
        assert dict(rs.graduation_priority_points) == {"1": D(0), "2": D("0.25"), "3": D("0.5")}


def test_statuses_follow_domain_markers() -> None:
    r25, r26 = load_ruleset(2025), load_ruleset(2026)
    assert r25.is_verified("fees.per_preference")
    assert not r26.is_verified("fees.per_preference")  # §7 2026 fee ⚠
    assert r26.rule("priority.object_groups").status == "conflict"  # §5 ⚡ renumbering
    assert r26.rule("priority.object_groups").alternative == {
        "UT1": ["1", "2", "3"],
        "UT2": ["4", "5", "6"],
    }
    assert r25.rule("admission.bonus_cap").status == "conflict"  # §4.7 ⚡
    assert r25.rule("timeline.confirmation").status == "conflict"  # §8 ⚡ 2 Sep
    assert r25.rule("priority.rounding").status == "unverified"  # §5 rounding ⚠
    assert r25.rule("graduation.formula").status == "unverified"  # §6 ⚠
    assert r25.article("registration.graduation_categories") == "TT 24/2024/TT-BGDĐT Điều 19.1"
    keys = {r.key for r in r25.unverified_rules()}
    assert "reserved_scores.min_score" in keys
    assert "fees.per_preference" not in keys


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_rule_carries_source_and_status(year: int) -> None:
    rs = load_ruleset(year)
    assert rs.title.endswith(str(year))
    for rule in rs.rules.values():
        assert rule.source.strip(), rule.key
        assert rule.status in STATUSES
        if rule.status != "verified":
            assert rule.note, rule.key


def test_certificates_of_each_year() -> None:  # §2.4
    ids25 = {c.id for c in load_ruleset(2025).fl_certificates}
    ids26 = {c.id for c in load_ruleset(2026).fl_certificates}
    assert ids26 - ids25 == {"VEPT", "TOPIK"}  # new in 2026
    ielts = load_ruleset(2026).fl_certificate("IELTS")
    assert ielts is not None
    assert (ielts.language, ielts.scale, ielts.minimum_score) == ("N1", "score", D("4.0"))
    toeic = load_ruleset(2025).fl_certificate("TOEIC_4")
    assert toeic is not None
    assert dict(toeic.component_minimums) == {
        "listening": D(275),
        "reading": D(275),
        "speaking": D(120),
        "writing": D(120),
    }
    assert load_ruleset(2025).fl_certificate("TOPIK") is None
    assert load_ruleset(2025).rule("fl_exemption.certificates.JLPT").status == "unverified"


def test_exam_subjects_per_programme() -> None:  # §1.1, §1.3
    rs = load_ruleset(2025)
    assert rs.exam_subjects("2006") == ("TO", "VA", "NN", "KHTN", "KHXH")
    assert rs.exam_subjects("2018")[:2] == ("TO", "VA")
    assert len(rs.exam_subjects("2018")) == 12


# ------------------------------------------------------------------ subjects and combinations


def test_official_subject_names() -> None:  # §1.1
    assert subjects.subject_name("GDKTPL") == "Giáo dục kinh tế và pháp luật"
    assert subjects.subject_name("CNCN") == "Công nghệ định hướng công nghiệp"
    assert subjects.subject_name("CNNN") == "Công nghệ định hướng nông nghiệp"
    assert subjects.subject_name("VA") == "Ngữ văn"
    assert subjects.subject_name("ZZ") == "ZZ"
    assert subjects.subject("LI").name_en == "Physics"
    assert subjects.subject("KHTN").components == ("LI", "HO", "SI")
    assert subjects.exam_subjects("2006") == ("TO", "VA", "NN", "KHTN", "KHXH")


def test_language_codes_n1_to_n7() -> None:  # §1.2
    names = [subjects.subject_name(c) for c in subjects.language_codes()]
    assert subjects.language_codes() == ("N1", "N2", "N3", "N4", "N5", "N6", "N7")
    assert names[0] == "Tiếng Anh"
    assert names[-1] == "Tiếng Hàn"
    assert subjects.is_foreign_language("NN")
    assert subjects.is_foreign_language("N4")
    assert not subjects.is_foreign_language("TO")
    assert len(subjects.all_subjects()) == 22


def test_ten_elective_options_make_36_combinations() -> None:  # §1.1 C(9,2) = 36
    electives = load_ruleset(2025).elective_subjects
    assert len(electives) == 10
    groups = subjects.elective_groups(electives)
    assert len(groups) == 9
    assert groups["CN"] == ("CNCN", "CNNN")
    assert subjects.elective_pair_count(electives) == 36


@pytest.mark.parametrize(
    ("code", "members", "status"),
    [
        ("A00", ("TO", "LI", "HO"), "confirmed"),  # §11.1 MOET percentile table
        ("D01", ("VA", "TO", "N1"), "confirmed"),
        ("D07", ("TO", "HO", "N1"), "confirmed"),
        ("C14", ("VA", "GDCD", "TO"), "memory"),  # §11.1 ⚠ memory
        ("D21", ("TO", "HO", "N5"), "listed"),  # §11.1 {Đức, Nga, Nhật, Pháp, Trung}
        ("D25", ("TO", "HO", "N4"), "listed"),
        ("X01", ("TO", "VA", "GDKTPL"), "listed"),  # §11.2 block rule
        ("X06", ("TO", "LI", "TI"), "confirmed"),  # §11.2 press
        ("X26", ("TO", "N1", "TI"), "confirmed"),
        ("X30", ("TO", "N2", "TI"), "inferred"),
        ("X53", ("TO", "GDKTPL", "TI"), "listed"),
        ("X78", ("VA", "N1", "GDKTPL"), "confirmed"),
        ("X99", ("VA", "N6", "TI"), "inferred"),
        ("Y11", ("VA", "TI", "CNNN"), "listed"),
    ],
)
def test_combination_table(code: str, members: tuple[str, ...], status: str) -> None:
    combo = subjects.combination(code.lower())
    assert combo is not None
    assert (combo.subjects, combo.status) == (members, status)
    assert combo.verified == (status == "confirmed")
    assert combo.source


def test_combination_table_is_consistent() -> None:
    table = subjects.combinations()
    listed = [c for c in table.values() if c.code[0] in "XY" and c.status != "inferred"]
    assert len(listed) == 71  # §11.2: the block table marks 66 X + 5 Y as listed/confirmed
    for combo in table.values():
        assert len(set(combo.subjects)) == 3, combo.code
        assert all(subjects.is_subject(s) for s in combo.subjects), combo.code
    assert subjects.combination("Y01") is None  # §11.2 unknown ⚠
    assert subjects.combination("A00").names_vi() == "Toán, Vật lí, Hóa học"  # type: ignore[union-attr]


def test_combinations_for_a_candidate() -> None:
    codes = {c.code for c in subjects.combinations_for(["TO", "VA", "N1", "LI"])}
    assert {"D01", "A01", "C01", "D11"} <= codes
    assert "A00" not in codes


# ------------------------------------------------------------------ strict loading


@pytest.fixture
def rules_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A resources dir with the real data tables and a rules/ folder the test fills."""
    (tmp_path / "rules").mkdir()
    shutil.copytree(resource_path("data"), tmp_path / "data")
    monkeypatch.setenv("EXAM_CLIENT_RESOURCES", str(tmp_path))
    load_ruleset.cache_clear()
    yield tmp_path / "rules"
    load_ruleset.cache_clear()


def test_an_unmodified_copy_loads(tmp_path: Path) -> None:
    path = tmp_path / "copy.toml"
    path.write_text(RULES_2026, encoding="utf-8")
    assert load_ruleset_file(str(path)).year == 2026


def test_a_renamed_year_is_refused(rules_dir: Path) -> None:
    (rules_dir / "2030.toml").write_text(RULES_2025, encoding="utf-8")
    with pytest.raises(
        RuleSetError, match=r"2030\.toml: year: the file is named 2030 but says 2025"
    ):
        load_ruleset(2030)


def test_a_year_without_file_is_refused(rules_dir: Path) -> None:
    with pytest.raises(RuleSetError, match="no rule set for the exam year 2031") as err:
        load_ruleset(2031)
    assert err.value.key is None
    assert err.value.path.name == "2031.toml"


def test_a_new_year_is_found_by_available_years(rules_dir: Path) -> None:
    (rules_dir / "2032.toml").write_text(RULES_2025.replace("year = 2025", "year = 2032"), "utf-8")
    (rules_dir / "notes.toml").write_text("", encoding="utf-8")
    assert available_years() == [2032]
    assert load_ruleset(2032).year == 2032


def test_rule_sets_are_found_inside_a_frozen_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "resources" / "rules").mkdir(parents=True)
    (tmp_path / "resources" / "rules" / "2033.toml").write_text("", encoding="utf-8")
    monkeypatch.delenv("EXAM_CLIENT_RESOURCES", raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert available_years() == [2033]


def test_an_unreadable_file_fails_loudly(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match="cannot read the file"):
        load_ruleset_file(tmp_path / "missing.toml")


def _block(name: str) -> str:
    """The text of one ``[name]`` table of the 2025 file, header included."""
    match = re.search(rf"^\[{re.escape(name)}\]\n(?:(?!\[).*\n)*", RULES_2025, re.MULTILINE)
    assert match, name
    return match.group(0)


PAYMENT_GROUP = RULES_2025[RULES_2025.index("[[payment.groups]]") :]
CERT = RULES_2025[RULES_2025.index('[[fl_exemption.certificates]]\nid = "TCF"') :].split("\n\n")[0]


# (old text, new text, expected key in the error, expected words of the problem)
BROKEN = [
    ("schema = 1", "schema = 2", "schema", "schema 1"),
    ("year = 2025", 'year = "2025"', "year", "expected an integer"),
    ("year = 2025", "year = 1999", "year", "at least 2000"),
    ('title = "Kỳ thi', 'titel = "Kỳ thi', "title", "missing key"),
    ("schema = 1", "schema = 1\nextra = 3", "extra", "unknown key"),
    ("schema = 1\n", 'schema = 1\n"bad toml', None, "not valid TOML"),
    (_block("fees.per_preference"), "", "fees.per_preference", "missing rule"),
    (
        _block("fees.per_preference"),
        _block("fees.per_preference") + "[fees.surcharge]\nvalue = 1\n",
        "fees.surcharge",
        "unknown rule",
    ),
    (
        "[fees.per_preference]\nvalue = 15000",
        "[fees.per_preference]\nvalu = 15000",
        "fees.per_preference.valu",
        "unknown key",
    ),
    (
        "[fees.per_preference]\nvalue = 15000\n",
        "[fees.per_preference]\n",
        "fees.per_preference.value",
        "missing key 'value'",
    ),
    (
        'value = "22.5"',
        "value = 22.5",
        "priority.reduction_threshold.value",
        "write decimals as strings",
    ),
    ('value = "22.5"', 'value = "abc"', "priority.reduction_threshold.value", "not a decimal"),
    ('value = "22.5"', 'value = "NaN"', "priority.reduction_threshold.value", "not a finite"),
    ('value = "22.5"', 'value = "-1"', "priority.reduction_threshold.value", "at least 0"),
    ('value = "22.5"', "value = [1]", "priority.reduction_threshold.value", "decimal written"),
    ('value = "22.5"', 'value = "30"', "priority.reduction_threshold.value", "below"),
    ('value = "0.05"', 'value = "0"', "exam.score_step.value", "greater than 0"),
    (
        'status = "verified"\narticle = "TT 24/2024/TT-BGDĐT Điều 3"',
        'status = "maybe"\narticle = "TT 24/2024/TT-BGDĐT Điều 3"',
        "exam.compulsory_subjects.status",
        "must be one of",
    ),
    (
        'status = "verified"\narticle = "TT 24/2024/TT-BGDĐT Điều 3"',
        'status = "unverified"\narticle = "TT 24/2024/TT-BGDĐT Điều 3"',
        "exam.compulsory_subjects.note",
        "must say why",
    ),
    (
        'status = "verified"\narticle = "TT 24/2024/TT-BGDĐT Điều 3"',
        'status = "verified"\nnote = ""\narticle = "TT 24/2024/TT-BGDĐT Điều 3"',
        "exam.compulsory_subjects.note",
        "non-empty string",
    ),
    (
        'status = "verified"\narticle = "TT 24/2024/TT-BGDĐT Điều 3"',
        'status = "verified"\narticle = 3',
        "exam.compulsory_subjects.article",
        "non-empty",
    ),
    (
        'status = "verified"\narticle = "TT 24/2024/TT-BGDĐT Điều 3"',
        'status = "verified"\nalternative = 1\narticle = "TT"',
        "exam.compulsory_subjects.alternative",
        "only a rule with status 'conflict'",
    ),
    ('alternative = "0.25"\n', "", "exam.score_step.alternative", "other version"),
    (
        'value = ["TO", "VA"]\nsource = "Circ. 24/2024 Art. 3 via LawNet 20462',
        'value = ["TO", "VA"]\nsourc = "Circ',
        "exam.compulsory_subjects.sourc",
        "unknown key",
    ),
    (
        'value = ["TO", "VA"]\nsource = "',
        'value = ["TO", "VA"]\nsource = " "\nnote = "',
        "exam.compulsory_subjects.source",
        "non-empty string",
    ),
    (
        'value = ["TO", "VA"]',
        'value = ["TO", "TO"]',
        "exam.compulsory_subjects.value",
        "listed twice",
    ),
    ('value = ["TO", "VA"]', "value = []", "exam.compulsory_subjects.value", "non-empty list"),
    (
        'value = ["TO", "VA"]',
        'value = ["TO", "XX"]',
        "exam.compulsory_subjects.value",
        "'XX' is not in resources/data/subjects.json",
    ),
    ('"N6", "N7"]', '"N6", "N7", "TO"]', "exam.foreign_languages.value", "N1–N7"),
    (
        '[["CNCN", "CNNN"]]',
        '[["CNCN", "TO"]]',
        "exam.exclusive_electives.value",
        "elective subject",
    ),
    ('[["CNCN", "CNNN"]]', '"CNCN"', "exam.exclusive_electives.value", "list of code lists"),
    ('[["CNCN", "CNNN"]]', '[["CNCN"], []]', "exam.exclusive_electives.value.1", "non-empty list"),
    ("value = 2\n", "value = true\n", "exam.elective_count.value", "expected an integer"),
    (
        "[exam.programme_2006]\nvalue = true",
        "[exam.programme_2006]\nvalue = 1",
        "exam.programme_2006.value",
        "true or false",
    ),
    (
        'value = ["a", "b"]',
        'value = ["a", "e"]',
        "registration.graduation_categories.value",
        "categories are a, b, c, d",
    ),
    ('value = ["c", "d"]', 'value = ["b", "c", "d"]', "registration", "must split a–d"),
    ("portrait = true", "portrait = 1", "registration.photo.value.portrait", "true or false"),
    (
        "min_width_px = 400",
        "min_width_px = 0",
        "registration.photo.value.min_width_px",
        "at least 1",
    ),
    ("min_width_px = 400, ", "", "registration.photo.value.min_width_px", "missing key"),
    (
        'value = "exam_procedures"',
        'value = "lunch"',
        "fl_exemption.valid_until.value",
        "not a timeline phase",
    ),
    (
        'value = "exam_procedures"',
        'value = "direct_admission_results"',
        "fl_exemption.valid_until.value",
        "needs a start",
    ),
    (
        'value = "exam_procedures"',
        'value = "practice_preferences"',
        "fl_exemption.valid_until.value",
        "needs a start",
    ),
    ('id = "TCF"', 'id = "IELTS"', "fl_exemption.certificates[11].id", "listed twice"),
    (
        CERT,
        CERT.replace('language = "N3"', 'language = "N9"'),
        "fl_exemption.certificates[11].language",
        "not one of exam.foreign_languages",
    ),
    (
        CERT,
        CERT.replace('scale = "score"', 'scale = "grade"'),
        "fl_exemption.certificates[11].scale",
        "must be score, level or components",
    ),
    (
        CERT,
        CERT.replace('minimum = "300"', 'levels = ["1"]'),
        "fl_exemption.certificates[11].minimum",
        "needs 'minimum'",
    ),
    (
        CERT,
        CERT.replace('minimum = "300"', 'minimum = "300"\nlevels = ["1"]'),
        "fl_exemption.certificates[11].levels",
        "does not use 'levels'",
    ),
    (
        CERT,
        CERT.replace('minimum = "300"', "minimum = 300.5"),
        "fl_exemption.certificates[11].minimum",
        "write decimals as strings",
    ),
    (
        CERT,
        CERT.replace('name = "TCF (tiếng Pháp)"\n', ""),
        "fl_exemption.certificates[11].name",
        "missing key 'name'",
    ),
    (
        CERT,
        CERT.replace('source = "', 'sauce = "'),
        "fl_exemption.certificates[11].sauce",
        "unknown key",
    ),
    (
        'minimum = "N3"',
        'minimum = "N6"',
        "fl_exemption.certificates[16].minimum",
        "not one of the levels",
    ),
    (
        'levels = ["N5", "N4", "N3", "N2", "N1"]',
        'levels = "N3"',
        "fl_exemption.certificates[16].levels",
        "non-empty list",
    ),
    (
        'writing = "120" }',
        "writing = 120.0 }",
        "fl_exemption.certificates[3].minimums.writing",
        "write decimals as strings",
    ),
    (
        'minimums = { listening = "275", reading = "275", speaking = "120", writing = "120" }',
        "minimums = {}",
        "fl_exemption.certificates[3].minimums",
        "at least one entry",
    ),
    (
        '[[fl_exemption.certificates]]\nid = "IELTS"',
        '[fl_exemption.certificates]\nid = "IELTS"',
        None,
        "not valid TOML",
    ),
    (
        'UT2 = { points = "1.0", objects = ["05", "06", "07"] }',
        'UT2 = { points = "1.0", objects = ["04", "06", "07"] }',
        "priority.object_groups.value",
        "belongs to two groups",
    ),
    (
        'UT2 = { points = "1.0", objects',
        "UT2 = { points = 1.0, objects",
        "priority.object_groups.value.UT2.points",
        "write decimals as strings",
    ),
    (
        'UT2 = { points = "1.0", objects',
        'UT2 = { pts = "1.0", objects',
        "priority.object_groups.value.UT2.pts",
        "unknown key",
    ),
    (
        'value = { KV1 = "0.75"',
        "value = { KV1 = 0.75",
        "priority.areas.value.KV1",
        "write decimals as strings",
    ),
    (
        'value = { places = 2, mode = "ROUND_DOWN" }',
        'value = { places = 2, mode = "TRUNC" }',
        "priority.rounding.value.mode",
        "mode must be one of",
    ),
    (
        'value = { places = 2, mode = "ROUND_DOWN" }',
        'value = { places = -1, mode = "ROUND_DOWN" }',
        "priority.rounding.value.places",
        "at least 0",
    ),
    (
        "drop_exempt_foreign_language = true",
        'drop_exempt_foreign_language = "yes"',
        "graduation.formula.value.drop_exempt_foreign_language",
        "true or false",
    ),
    (
        "subject_count = 4",
        "subject_count = 0",
        "graduation.formula.value.subject_count",
        "at least 1",
    ),
    ('"11" = 2, ', "", "graduation.year_weights.value.11", "missing key"),
    ('"12" = 3 }', '"12" = 0 }', "graduation.year_weights.value.12", "at least 1"),
    (
        'value = "unlimited"\nsource = "DOMAIN §4.1',
        'value = 0\nsource = "DOMAIN §4.1',
        "preferences.max_count.value",
        "at least 1",
    ),
    (
        'value = "unlimited"\nsource = "DOMAIN §4.1',
        'value = 3\nsource = "DOMAIN §4.1',
        None,
        None,
    ),  # fine on its own: 2025 has no pedagogy position limit
    ('value = "any"', "value = 5", None, None),
    (
        'value = "none"\nsource = "DOMAIN §4.6: the 15.00',
        'value = "15"\nsource = "DOMAIN §4.6: the 15.00',
        None,
        None,
    ),
    (
        "[payment.group_count]\nvalue = 7",
        "[payment.group_count]\nvalue = 0",
        "payment.groups",
        "more groups than payment.group_count (0)",
    ),
    (
        PAYMENT_GROUP,
        PAYMENT_GROUP + PAYMENT_GROUP.replace('name = "1"', 'name = "2"'),
        "payment.groups[1].provinces",
        "'Hà Nội' is already in another group",
    ),
    (
        "start = 2025-07-29T00:00:00+07:00\nend = 2025-07-30T17:00:00+07:00",
        "start = 2025-07-28T00:00:00+07:00\nend = 2025-07-30T17:00:00+07:00",
        "payment.groups[0]",
        "inside timeline.payment",
    ),
    (
        "start = 2025-07-29T00:00:00+07:00\nend = 2025-07-30T17:00:00+07:00",
        "start = 2025-07-30T00:00:00+07:00\nend = 2025-08-06T17:00:00+07:00",
        "payment.groups[0]",
        "inside timeline.payment",
    ),
    (
        "start = 2025-07-29T00:00:00+07:00\nend = 2025-07-30T17:00:00+07:00",
        "start = 2025-07-30T00:00:00+07:00\nend = 2025-07-29T17:00:00+07:00",
        "payment.groups[0]",
        "inside timeline.payment",
    ),
    ('provinces = ["Hà Nội"', 'province = ["Hà Nội"', "payment.groups[0].province", "unknown key"),
    ("end = 2025-07-30T17:00:00+07:00", "", "payment.groups[0].end", "missing key 'end'"),
    (
        "end = 2025-07-30T17:00:00+07:00",
        "end = 2025-07-30T17:00:00",
        "payment.groups[0].end",
        "offset +07:00",
    ),
    ("[[payment.groups]]", "[payment.groups]", "payment.groups", "array of tables"),
    (_block("timeline.payment"), "", "payment.groups[0]", "inside timeline.payment"),
    (
        "start = 2025-04-21T00:00:00+07:00",
        "start = 2025-04-21T00:00:00Z",
        "timeline.exam_registration.start",
        "offset +07:00",
    ),
    (
        "start = 2025-04-21T00:00:00+07:00",
        "start = 2025-04-21",
        "timeline.exam_registration.start",
        "offset +07:00",
    ),
    (
        "start = 2025-04-21T00:00:00+07:00",
        "start = 2025-04-29T00:00:00+07:00",
        "timeline.exam_registration.end",
        "after the start",
    ),
    (
        "end = 2025-07-15T00:00:00+07:00\n",
        "",
        "timeline.direct_admission_results",
        "a start, an end or both",
    ),
    (
        "alternative = 2025-09-02T17:00:00+07:00",
        'alternative = "2 Sep"',
        "timeline.confirmation.alternative",
        "offset +07:00",
    ),
    (
        "[timeline.results]",
        "[timeline.lunch]\nstart = 2025-01-01T00:00:00+07:00\n"
        'source = "x"\nstatus = "verified"\n[timeline.results]',
        "timeline.lunch",
        "unknown rule",
    ),
    (
        "[timeline.results]\nstart",
        "[timeline.results]\nbegin",
        "timeline.results.begin",
        "unknown key",
    ),
]
BROKEN_CASES = [case for case in BROKEN if case[3] is not None]
FINE_CASES = [case for case in BROKEN if case[3] is None]


@pytest.mark.parametrize(("old", "new", "key", "problem"), BROKEN_CASES)
def test_a_broken_copy_names_file_key_and_problem(
    tmp_path: Path, old: str, new: str, key: str | None, problem: str
) -> None:
    assert old in RULES_2025, "the case no longer matches the shipped file"
    path = tmp_path / "broken.toml"
    path.write_text(RULES_2025.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleSetError) as err:
        load_ruleset_file(path)
    assert err.value.path == path
    assert err.value.key == key
    assert problem in err.value.problem
    assert str(err.value).startswith(f"{path}: ")


@pytest.mark.parametrize(("old", "new", "key", "problem"), FINE_CASES)
def test_harmless_edits_still_load(
    tmp_path: Path, old: str, new: str, key: str | None, problem: str | None
) -> None:
    assert old in RULES_2025
    path = tmp_path / "edited.toml"
    path.write_text(RULES_2025.replace(old, new, 1), encoding="utf-8")
    assert load_ruleset_file(path).year == 2025


def test_a_pedagogy_limit_beyond_the_cap_is_refused(tmp_path: Path) -> None:
    text = RULES_2026.replace(
        "[preferences.max_count]\nvalue = 15", "[preferences.max_count]\nvalue = 4"
    )
    path = tmp_path / "2026.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleSetError) as err:
        load_ruleset_file(path)
    assert err.value.key == "preferences.teacher_training_max_position.value"


@pytest.mark.parametrize(
    ("document", "key", "problem"),
    [
        ("schema = 1\nyear = 2025\nexam = 3\n", "exam", "expected a table"),
        (
            "schema = 1\nyear = 2025\nexam.compulsory_subjects = 3\n",
            "exam.compulsory_subjects",
            "expected a table",
        ),
        ("schema = 1\nyear = 2025\n", "exam.compulsory_subjects", "missing rule"),
        ("year = 2025\n", "schema", "missing key"),
    ],
)
def test_minimal_documents(tmp_path: Path, document: str, key: str, problem: str) -> None:
    path = tmp_path / "tiny.toml"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(RuleSetError) as err:
        load_ruleset_file(path)
    assert err.value.key == key
    assert problem in err.value.problem


def test_phase_names_in_rule_files_are_the_timeline_phases() -> None:
    phases = {key.split(".")[1] for key in load_ruleset(2025).rules if key.startswith("timeline.")}
    assert phases <= {p.value for p in Phase}
    assert Phase.PAYMENT in load_ruleset(2025).timeline.windows


def test_docs_list_every_rule() -> None:
    """docs/rules.md is the human index of the rule files; a new rule must appear there."""
    text = (Path(__file__).parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    for year in available_years():
        for key in load_ruleset(year).rules:
            assert f"`{key}`" in text, key
