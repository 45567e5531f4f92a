"""Synthetic exam scores and transcripts, and the graduation result computed by the rules engine.

Scores are a pure function of (seed, exam year, CCCD): nothing is stored, any number of
candidates costs nothing until asked for, and the filtering engine, the preference screen and
the results screen all see the same numbers. Who *has* scores: anyone with a candidate account
or an exam registration for the year, plus ``MockSettings.score_sample`` of the exam cohort (so
a national-scale run has a population without accounts).

Shape (illustrative, not sourced except the elective popularity of DOMAIN.md §1.1): per-subject
means on the 10-point scale (Toán ≈ 6.5, Ngữ văn ≈ 7.0, Tiếng Anh ≈ 5.5, Lịch sử ≈ 6.5 …), a
shared ability term so good candidates are good at several subjects, marking steps and the
0–10 range from the rule set. Graduation (ĐXTN) and admission scores are never computed here:
:func:`exam_client.domain.scores.graduation_result` and ``admission_score`` do it.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from exam_client.api.cycle import ExamScores, GraduationResult, Programme, SubjectScore
from exam_client.api.records import RegistrationDoc
from exam_client.domain import subjects
from exam_client.domain.priority import admission_priority, graduation_priority
from exam_client.domain.registration import SchoolAttendance
from exam_client.domain.ruleset import RuleSet
from exam_client.domain.scores import (
    AdmissionScore,
    admission_score,
    graduation_result,
    transcript_average,
)
from exam_client.domain.timeline import vi_moment
from ministry_mock.problems import ApiProblem
from ministry_mock.settings import MockSettings
from ministry_mock.store.models import Account, Citizen, ExamRegistration, School

# subject → (mean, spread) on the 10-point scale; languages other than English share one entry
TARGETS: Mapping[str, tuple[float, float]] = {
    "TO": (6.5, 1.4),
    "VA": (7.0, 1.1),
    "N1": (5.5, 1.7),
    "SU": (6.5, 1.5),
    "DI": (6.8, 1.4),
    "LI": (6.8, 1.5),
    "HO": (6.7, 1.6),
    "SI": (6.2, 1.4),
    "GDKTPL": (7.6, 1.1),
    "TI": (6.5, 1.5),
    "CNCN": (6.6, 1.4),
    "CNNN": (6.6, 1.4),
}
OTHER_LANGUAGE = (6.5, 1.6)
# 2025 elective registrations in thousands (DOMAIN.md §1.1 ✔; GDKTPL and CNNN illustrative)
ELECTIVES: Mapping[str, float] = {
    "SU": 500,
    "DI": 494,
    "NN": 359,
    "LI": 354,
    "HO": 246.7,
    "GDKTPL": 250,
    "SI": 72.6,
    "TI": 7.7,
    "CNCN": 2.4,
    "CNNN": 3,
}
LANGUAGES: Mapping[str, float] = {"N1": 95, "N4": 2, "N3": 1, "N6": 1, "N2": 0.4, "N5": 0.3}
# The brief's grid; the rule set's step (0.05, status "conflict", alternative 0.25) accepts it
MARK_STEP = Decimal("0.25")
SHARED = 0.6  # weight of the ability shared by a candidate's subjects (correlation ≈ 0.36)


@dataclass(frozen=True, slots=True)
class Profile:
    """What the scores depend on besides chance: subjects sat and the priority facts."""

    cccd: str
    full_name: str
    subjects: tuple[str, ...]
    """Papers sat: TO, VA and two electives, a foreign language as its N-code."""
    schools: Mapping[int, SchoolAttendance]
    objects: tuple[str, ...] = ()
    graduation_categories: tuple[str, ...] = ()
    graduation_year: int | None = None


@dataclass(frozen=True, slots=True)
class CandidateScores:
    profile: Profile
    year: int
    scores: Mapping[str, Decimal]
    averages: Mapping[int, Decimal]
    priority_area: str | None
    priority_normal: Decimal


def _unit(*parts: object) -> float:
    digest = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _electives(rng: random.Random, rs: RuleSet) -> list[str]:
    """Two electives from different groups, never an exclusive pair (CN công/nông nghiệp)."""
    offered = [code for code in ELECTIVES if code in rs.elective_subjects]
    first = rng.choices(offered, weights=[ELECTIVES[c] for c in offered])[0]
    group = subjects.elective_groups([first])
    rest = [
        c
        for c in offered
        if c != first
        and not set(subjects.elective_groups([c])) & set(group)
        and not any({first, c} <= pair for pair in rs.exclusive_electives)
    ]
    second = rng.choices(rest, weights=[ELECTIVES[c] for c in rest])[0]
    return [first, second]


def _language(rng: random.Random) -> str:
    return rng.choices(list(LANGUAGES), weights=list(LANGUAGES.values()))[0]


def _registration(session: Session, cccd: str, year: int) -> RegistrationDoc | None:
    row = session.scalar(
        select(ExamRegistration).where(
            ExamRegistration.cccd == cccd, ExamRegistration.exam_year == year
        )
    )
    return None if row is None else RegistrationDoc.model_validate(row.doc)


def _from_registration(doc: RegistrationDoc, rng: random.Random, rs: RuleSet) -> Profile | None:
    chosen = [c for c in doc.subjects if c not in rs.compulsory_subjects]
    if len(chosen) != rs.elective_count:
        return None
    language = doc.foreign_language or _language(rng)
    papers = [*rs.compulsory_subjects, *(language if c == "NN" else c for c in chosen)]
    return Profile(
        cccd=doc.cccd,
        full_name=doc.full_name,
        subjects=tuple(papers),
        schools={
            s.grade: SchoolAttendance(s.province_code, s.school_code, s.area, s.school_name)
            for s in doc.schools
        },
        objects=tuple(doc.priority_objects),
        graduation_categories=(doc.graduation_priority,) if doc.graduation_priority else (),
        graduation_year=doc.graduation_year,
    )


def _synthetic(session: Session, citizen: Citizen, rng: random.Random, rs: RuleSet) -> Profile:
    """A plausible profile: a school of the home province, a few priority objects."""
    language = _language(rng)
    electives = [language if c == "NN" else c for c in _electives(rng, rs)]
    codes = list(
        session.scalars(
            select(School.code)
            .where(School.province_code == citizen.residence_province_code)
            .order_by(School.code)
        )
    )
    schools: dict[int, SchoolAttendance] = {}
    if codes:
        school = session.get(School, codes[rng.randrange(len(codes))])
        assert school is not None
        attendance = SchoolAttendance(school.code[:2], school.code[2:], school.priority_area)
        schools = {10: attendance, 11: attendance, 12: attendance}
    groups = sorted(rs.object_groups, key=lambda g: g.points)
    draw = rng.random()
    objects: tuple[str, ...] = ()
    if draw < 0.01 and groups:
        objects = (groups[-1].objects[0],)
    elif draw < 0.05 and groups:
        objects = (groups[0].objects[min(1, len(groups[0].objects) - 1)],)
    return Profile(
        cccd=citizen.cccd,
        full_name=citizen.full_name,
        subjects=(*rs.compulsory_subjects, *electives),
        schools=schools,
        objects=objects,
    )


def draw_scores(
    seed: int, year: int, cccd: str, papers: tuple[str, ...], rs: RuleSet
) -> tuple[dict[str, Decimal], dict[int, Decimal]]:
    """Exam scores of ``papers`` and grade 10–12 averages; the same arguments, the same numbers."""
    rng = random.Random(f"scores/{seed}/{year}/{cccd}")
    ability = rng.gauss(0, 1)
    if MARK_STEP % rs.score_step:
        raise ValueError(f"scores on a {MARK_STEP} grid are not on the rule set's step")
    step, top = float(MARK_STEP), float(rs.max_subject_score)
    own = (1 - SHARED**2) ** 0.5
    scores: dict[str, Decimal] = {}
    for code in papers:
        mean, spread = TARGETS.get(code, OTHER_LANGUAGE)
        raw = mean + spread * (SHARED * ability + own * rng.gauss(0, 1))
        value = min(top, max(0.0, round(raw / step) * step))
        scores[code] = Decimal(str(value)).quantize(Decimal("0.01"))
    base = 7.6 + 0.5 * ability
    averages = {
        grade: Decimal(
            str(min(9.9, max(5.0, base + 0.1 * (grade - 11) + rng.gauss(0, 0.25))))
        ).quantize(Decimal("0.01"))
        for grade in rs.year_weights
    }
    return scores, averages


def has_scores(session: Session, settings: MockSettings, cccd: str, year: int) -> bool:
    """Candidate accounts, registered candidates and a sample of the exam cohort have scores."""
    account = session.scalar(select(Account.role).where(Account.username == cccd))
    if account == "candidate" or _registration(session, cccd, year) is not None:
        return True
    born = session.scalar(select(Citizen.date_of_birth).where(Citizen.cccd == cccd))
    return born is not None and born.year == year - 18 and in_sample(settings, cccd, year)


def in_sample(settings: MockSettings, cccd: str, year: int) -> bool:
    return _unit("sample", settings.seed, year, cccd) < settings.score_sample


def sampled_candidates(session: Session, settings: MockSettings, year: int) -> Iterator[str]:
    """The cohort sample (for the filtering engine's population); accounts come on top."""
    cohort = select(Citizen.cccd).where(
        Citizen.date_of_birth >= date(year - 18, 1, 1),
        Citizen.date_of_birth <= date(year - 18, 12, 31),
    )
    for cccd in session.scalars(cohort.order_by(Citizen.seq)):
        if in_sample(settings, cccd, year):
            yield cccd


def candidate_scores(
    session: Session, settings: MockSettings, cccd: str, rs: RuleSet
) -> CandidateScores | None:
    """Everything about one candidate's scores, or ``None`` if they sat no exam this year."""
    if not has_scores(session, settings, cccd, rs.year):
        return None
    citizen = session.get(Citizen, cccd)
    if citizen is None:
        return None
    rng = random.Random(f"profile/{settings.seed}/{rs.year}/{cccd}")
    doc = _registration(session, cccd, rs.year)
    profile = _from_registration(doc, rng, rs) if doc is not None else None
    profile = profile or _synthetic(session, citizen, rng, rs)
    scores, averages = draw_scores(settings.seed, rs.year, cccd, profile.subjects, rs)
    priority = admission_priority(
        profile.schools, profile.objects, profile.graduation_year, Decimal(0), rs
    )
    return CandidateScores(profile, rs.year, scores, averages, priority.area, priority.normal)


def best_admission(cs: CandidateScores, programme: Programme, rs: RuleSet) -> AdmissionScore | None:
    """The candidate's score for a programme: best accepted combination, reduced priority."""
    return admission_score(
        cs.scores, programme.combinations, rs, priority_normal=cs.priority_normal
    )


def require_published(rs: RuleSet, published_at: datetime | None, now: datetime) -> datetime:
    """409 ``scores.not_published`` (with the date) until the scores are out."""
    if published_at is not None and now >= published_at:
        return published_at
    when = f" Điểm thi sẽ được công bố lúc {vi_moment(published_at)}." if published_at else ""
    raise ApiProblem(
        409,
        "scores.not_published",
        "Chưa công bố điểm thi",
        f"Điểm thi tốt nghiệp THPT năm {rs.year} chưa được công bố.{when}",
        extra={"published_at": published_at.isoformat()} if published_at else None,
    )


def to_wire(cs: CandidateScores, rs: RuleSet, published_at: datetime) -> ExamScores:
    """Subject scores and the graduation result, as computed by the rules engine."""
    categories = cs.profile.graduation_categories
    result = graduation_result(
        cs.scores, cs.averages, rs, priority=graduation_priority(categories, rs).value
    )
    average = transcript_average(cs.averages, rs)
    return ExamScores(
        cccd=cs.profile.cccd,
        exam_year=cs.year,
        full_name=cs.profile.full_name,
        published_at=published_at,
        subjects=[
            SubjectScore(subject=code, name=subjects.subject_name(code), score=value)
            for code, value in cs.scores.items()
        ],
        transcript_averages={str(grade): value for grade, value in sorted(cs.averages.items())},
        priority_area=cs.priority_area,
        priority_normal=cs.priority_normal,
        graduation=GraduationResult(
            passed=result.passed,
            score=result.score.value,
            transcript_average=average.value,
            failing_subjects=list(result.failing_subjects),
            explanation=result.score.vi,
            verdict=result.vi,
            explanation_en=result.score.en,
        ),
    )
