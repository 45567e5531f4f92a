"""Priority points (điểm ưu tiên): area, object, reduction for high scorers, graduation priority.

Priority disputes are among the commonest complaints (DOMAIN.md §13.5), and the 2023 reduction
formula surprises candidates every year, so every value here is returned with the sentence that
derives it, e.g. "tổng 25,00 ≥ 22,5 nên điểm ưu tiên được tính lại: (30 − 25,00) / 7,5 × 0,75 =
0,50". Arithmetic is Decimal throughout; the rounding of the reduced value is read from the rule
set because the regulation does not state it (DOMAIN.md §5, ⚠).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from exam_client.domain.explain import Explained, en_decimal, vi_decimal
from exam_client.domain.registration import SchoolAttendance
from exam_client.domain.ruleset import RuleSet

ZERO = Decimal(0)


def area_points(area: str, rs: RuleSet) -> Decimal:
    """Points of an area; an unknown area is a programming error (validate the record first)."""
    if area not in rs.area_points:
        raise ValueError(f"unknown priority area {area!r}; expected one of {list(rs.area_points)}")
    return rs.area_points[area]


def priority_area(schools: Mapping[int, SchoolAttendance], rs: RuleSet) -> Explained[str | None]:
    """The area of the school attended longest in grades 10–12; on a tie, the last one.

    Circ. 08/2022 Art. 7.1b (DOMAIN.md §5). A school is identified by its province + school code;
    a school whose area changed has a code per period, so each code counts separately.
    """
    if not schools:
        return Explained(
            None,
            "Chưa khai trường THPT nên chưa xác định được khu vực ưu tiên.",
            "No THPT school declared, so no priority area.",
        )
    grades: dict[tuple[str, str], list[int]] = {}
    for grade in sorted(schools):
        school = schools[grade]
        grades.setdefault((school.province_code, school.school_code), []).append(grade)
    longest = max(len(g) for g in grades.values())
    tied = [key for key, g in grades.items() if len(g) == longest]
    best = max(tied, key=lambda key: max(grades[key]))
    years = grades[best]
    school = schools[years[-1]]
    points = area_points(school.area, rs)
    classes = ", ".join(str(g) for g in years)
    if len(tied) > 1:
        why_vi = f"thời gian học các trường bằng nhau nên lấy trường học sau cùng: {school.label}"
        why_en = f"equal time at each school, so the last one counts: {school.label}"
    else:
        why_vi = f"học lâu nhất tại {school.label}"
        why_en = f"longest attended: {school.label}"
    return Explained(
        school.area,
        f"Khu vực {school.area} ({vi_decimal(points)}) vì {why_vi}, lớp {classes}",
        f"Area {school.area} ({en_decimal(points)}): {why_en}, grades {classes}",
    )


def area_applies(graduation_year: int | None, rs: RuleSet) -> Explained[bool]:
    """Area priority counts in the graduation year and the year(s) after (DOMAIN.md §5).

    ``None`` means the candidate graduates this year (a 12th grader).
    """
    year = rs.year if graduation_year is None else graduation_year
    extra = rs.area_valid_years_after_graduation
    if year <= rs.year <= year + extra:
        return Explained(
            True,
            f"tốt nghiệp THPT năm {year} nên năm {rs.year} còn được tính ưu tiên khu vực",
            f"graduated in {year}, so area priority still applies in {rs.year}",
        )
    return Explained(
        False,
        f"tốt nghiệp THPT năm {year}, quá {extra} năm sau năm tốt nghiệp nên không còn được tính "
        "ưu tiên khu vực",
        f"graduated in {year}, more than {extra} year(s) ago, so area priority no longer applies",
    )


def object_points(objects: Iterable[str], rs: RuleSet) -> Explained[Decimal]:
    """Only the single highest object group counts (DOMAIN.md §5)."""
    best: tuple[Decimal, str, str] | None = None
    for code in objects:
        group = rs.object_group(code)
        if group is None:
            raise ValueError(f"unknown priority object {code!r}")
        if best is None or group.points > best[0]:
            best = (group.points, group.name, code)
    if best is None:
        return Explained(ZERO, "không thuộc đối tượng ưu tiên", "no priority object")
    points, name, code = best
    return Explained(
        points,
        f"đối tượng {code} (nhóm {name}, {vi_decimal(points)}; nhiều đối tượng chỉ tính mức cao "
        "nhất)",
        f"object {code} (group {name}, {en_decimal(points)}; only the highest counts)",
    )


def applied_priority(normal: Decimal, total: Decimal, rs: RuleSet) -> Explained[Decimal]:
    """The priority actually added, reduced for totals at or above the threshold (22.5).

    ``(max − total) / (max − threshold) × normal``: equal to ``normal`` at the threshold, zero at
    the maximum, never negative. Rounded as the rule set says (unverified).
    """
    if normal == 0:
        return Explained(ZERO, "không có điểm ưu tiên", "no priority points")
    threshold, top = rs.reduction_threshold, rs.priority_max_total
    if total < threshold:
        return Explained(
            normal,
            f"tổng {vi_decimal(total)} < {vi_decimal(threshold, None)} nên giữ nguyên điểm ưu "
            f"tiên {vi_decimal(normal)}",
            f"total {en_decimal(total)} < {en_decimal(threshold, None)}, so the priority "
            f"{en_decimal(normal)} applies in full",
        )
    span = top - threshold
    value = max(ZERO, rs.priority_rounding.apply((top - total) / span * normal))
    formula_vi = (
        f"({vi_decimal(top, None)} − {vi_decimal(total)}) / {vi_decimal(span, None)} × "
        f"{vi_decimal(normal)} = {vi_decimal(value)}"
    )
    return Explained(
        value,
        f"tổng {vi_decimal(total)} ≥ {vi_decimal(threshold, None)} nên điểm ưu tiên được tính "
        f"lại: {formula_vi}",
        f"total {en_decimal(total)} ≥ {en_decimal(threshold, None)}, so the priority is reduced: "
        + formula_vi.replace(",", ".").replace("−", "-"),
    )


@dataclass(frozen=True, slots=True)
class PriorityResult:
    """The admission priority of one candidate for one total, with every step explained."""

    area: str | None
    area_points: Decimal
    object_points: Decimal
    normal: Decimal
    applied: Decimal
    vi: str
    en: str


def admission_priority(
    schools: Mapping[int, SchoolAttendance],
    objects: Iterable[str],
    graduation_year: int | None,
    total: Decimal,
    rs: RuleSet,
) -> PriorityResult:
    """Area (if still valid) + highest object, then the reduction for ``total``."""
    area = priority_area(schools, rs)
    parts_vi, parts_en = [area.vi], [area.en]
    points = ZERO
    if area.value is not None:
        applies = area_applies(graduation_year, rs)
        parts_vi.append(applies.vi)
        parts_en.append(applies.en)
        points = area_points(area.value, rs) if applies.value else ZERO
    obj = object_points(objects, rs)
    normal = points + obj.value
    applied = applied_priority(normal, total, rs)
    return PriorityResult(
        area=area.value,
        area_points=points,
        object_points=obj.value,
        normal=normal,
        applied=applied.value,
        vi="; ".join([*parts_vi, obj.vi, applied.vi]),
        en="; ".join([*parts_en, obj.en, applied.en]),
    )


def graduation_priority(categories: Iterable[str], rs: RuleSet) -> Explained[Decimal]:
    """Graduation-recognition priority (Art. 42): category 1 = 0, 2 = 0.25, 3 = 0.5; highest."""
    table = rs.graduation_priority_points
    chosen = list(categories)
    for category in chosen:
        if category not in table:
            raise ValueError(f"unknown graduation priority category {category!r}")
    if not chosen:
        return Explained(ZERO, "không có điểm ưu tiên xét tốt nghiệp", "no graduation priority")
    best = max(chosen, key=lambda c: table[c])
    return Explained(
        table[best],
        f"diện ưu tiên xét tốt nghiệp {best}: {vi_decimal(table[best])} (nhiều diện chỉ tính mức "
        "cao nhất)",
        f"graduation priority category {best}: {en_decimal(table[best])} (highest only)",
    )
