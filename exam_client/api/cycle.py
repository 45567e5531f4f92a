"""Wire models of the admissions cycle: catalog, exam scores, preference lists, demo clock.

Shared by the mock ministry (which serves them) and the client (which parses and caches them),
like :mod:`exam_client.api.contract`. Scores are ``Decimal`` (JSON strings such as ``"25.50"``)
because candidates compare them with the ministry's to the hundredth and floats would drift.

Kiosk screens and the calls behind them:

* catalog search / pick a programme: ``GET /catalog`` (version), then ``GET /catalog/institutions``
  and ``GET /catalog/programmes?cursor=…`` with ``If-None-Match`` (304 while unchanged); the
  client searches its cached copy;
* exam results: ``GET /results/me`` (409 ``scores.not_published`` with ``published_at`` before);
* preference list: ``GET /preferences/me``, ``PUT /preferences/me`` (``base_version`` +
  ``Idempotency-Key``), history ``GET /preferences/me/versions``;
* demo only: ``GET``/``POST /admin/clock``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

TiePolicy = Literal["admit_all_tied", "preference_order", "subject"]
"""What a programme does with candidates tied at its cutoff (DOMAIN.md §4.3)."""

MAX_PAGE = 1000


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# -- catalog ----------------------------------------------------------------------------------


class Institution(_Model):
    code: str = Field(pattern=r"^[A-Z0-9]{3}$", description="3-character institution code (QSB)")
    name: str
    province_code: str = Field(description="one of the 34 provinces (GSO code)")
    province_name: str
    programme_count: int


class Programme(_Model):
    """One admission code of one institution: what a candidate puts on an NV."""

    institution_code: str
    code: str = Field(description="admission code: 7-digit major code + optional suffix")
    major_code: str = Field(pattern=r"^\d{7}$")
    name: str
    quota: int
    combinations: list[str] = Field(description="accepted combinations (tổ hợp), MOET codes")
    teacher_training: bool = Field(description="sư phạm: NV1–NV5 only in 2026")
    floor_score: Decimal = Field(description="input threshold (ngưỡng đầu vào), 30-point scale")
    tie_policy: TiePolicy
    tie_subject: str | None = Field(default=None, description="subject code when tie = subject")
    last_year_cutoff: Decimal | None = None


class CatalogInfo(_Model):
    year: int
    version: str = Field(description="content hash; also the ETag of every catalog response")
    institution_count: int
    programme_count: int
    generated_in_ms: int


class InstitutionList(_Model):
    year: int
    version: str
    institutions: list[Institution]


class CatalogPage(_Model):
    """A page of programmes ordered by (institution, code); follow ``next_cursor`` to the end."""

    year: int
    version: str
    total: int
    programmes: list[Programme]
    next_cursor: str | None = None


# -- exam scores ------------------------------------------------------------------------------


class SubjectScore(_Model):
    subject: str = Field(description="subject code (TO, VA, LI …; languages N1–N7)")
    name: str
    score: Decimal


class GraduationResult(_Model):
    passed: bool
    score: Decimal = Field(description="graduation score (ĐXTN), 2 decimals")
    transcript_average: Decimal
    failing_subjects: list[str] = Field(default_factory=list)
    explanation: str = Field(description="how the score was computed, in Vietnamese")
    verdict: str = Field(description="pass or fail, with the reasons, in Vietnamese")
    explanation_en: str | None = None


class ExamScores(_Model):
    cccd: str
    exam_year: int
    full_name: str
    published_at: AwareDatetime
    subjects: list[SubjectScore]
    transcript_averages: dict[str, Decimal] = Field(description="grade (10, 11, 12) → average")
    priority_area: str | None = None
    priority_normal: Decimal = Field(description="area + object points before any reduction")
    graduation: GraduationResult


# -- preferences ------------------------------------------------------------------------------


class PreferenceChoice(_Model):
    institution_code: str = Field(min_length=1, max_length=8)
    programme_code: str = Field(min_length=1, max_length=24)


class PreferenceListUpdate(_Model):
    """The whole list, NV1 first; ``base_version`` is the version the client edited (0: none)."""

    base_version: int = Field(ge=0)
    items: list[PreferenceChoice] = Field(max_length=100)
    year: int | None = Field(default=None, ge=2000, le=2100)


class PreferenceItem(_Model):
    rank: int = Field(description="NV number, 1 = highest")
    institution_code: str
    institution_name: str
    programme_code: str
    programme_name: str
    teacher_training: bool
    floor_score: Decimal
    last_year_cutoff: Decimal | None = None
    admission_score: Decimal | None = Field(
        default=None, description="the candidate's best score for this programme, once published"
    )
    admission_combination: str | None = None
    admission_explanation: str | None = None


class PreferenceList(_Model):
    exam_year: int
    version: int = Field(description="0 = nothing registered yet")
    items: list[PreferenceItem]
    count: int
    fee_per_preference: int = Field(description="VND per NV, from the year's rule set")
    fee_total: int
    updated_at: AwareDatetime | None = None
    editable: bool
    edit_opens_at: AwareDatetime | None = None
    edit_closes_at: AwareDatetime | None = None
    scores_published: bool
    message: str


class PreferenceListVersion(_Model):
    version: int
    created_at: AwareDatetime
    count: int
    fee_total: int
    items: list[PreferenceChoice]


class PreferenceHistory(_Model):
    exam_year: int
    current_version: int
    versions: list[PreferenceListVersion] = Field(description="newest first")


# -- demo clock -------------------------------------------------------------------------------


class PhaseWindow(_Model):
    phase: str
    label: str
    start: AwareDatetime | None = None
    end: AwareDatetime | None = None
    open_now: bool


class ClockState(_Model):
    now: AwareDatetime
    real_now: AwareDatetime
    offset_seconds: float
    frozen: bool
    year: int
    open_phases: list[str]
    next_phase: str | None = None
    next_phase_at: AwareDatetime | None = None
    phases: list[PhaseWindow]


class ClockUpdate(_Model):
    """Exactly one of ``moment``, ``phase`` or ``reset``; ``frozen`` pins the clock there."""

    moment: AwareDatetime | None = None
    phase: str | None = Field(
        default=None,
        description="a timeline phase (preferences, payment, filtering, results, confirmation, "
        "scores …) or preferences_open / preferences_closed / payment_open / payment_closed",
    )
    year: int | None = Field(default=None, ge=2000, le=2100)
    frozen: bool = False
    reset: bool = False
    run_due_rounds: bool = Field(
        default=False,
        description="demo convenience: if the new moment is inside the filtering window and no "
        "round has run yet, run round 1 (no quota changes) so results appear",
    )
