"""The national admissions cycle of the mock ministry: virtual filtering (lọc ảo) at scale.

Every candidate is admitted to at most one programme — the highest NV whose cutoff they reach —
while each programme keeps its best applicants up to its quota regardless of NV order
(DOMAIN §4.3–§4.4). That is student-proposing deferred acceptance with quotas; see
:mod:`~ministry_mock.admissions.engine` for how it runs on 850 000 candidates in about a second.

Modules: ``instance`` (flat arrays and validation), ``synthetic`` (national-like instances),
``engine`` (fast), ``reference`` (plain Python, for cross-checking), ``result`` (published
figures), ``verifier`` (stability checks after every run), ``rounds`` (several rounds with
quarantine) and ``explain`` (per-candidate reasons in Vietnamese and English).
"""

from ministry_mock.admissions.engine import filter_candidates
from ministry_mock.admissions.explain import (
    Explanation,
    ProgrammeLabel,
    Reason,
    explain_candidate,
    explain_published,
    format_points,
    synthetic_labels,
)
from ministry_mock.admissions.instance import (
    MAX_SCORE,
    Instance,
    InvalidInstanceError,
    Preferences,
    Programmes,
    TiePolicy,
    instance_from_lists,
)
from ministry_mock.admissions.reference import reference_filter
from ministry_mock.admissions.result import NO_CUTOFF, UNASSIGNED, FilterResult, summarise
from ministry_mock.admissions.rounds import (
    WITHHELD,
    ProgrammeChange,
    RoundOutcome,
    apply_changes,
    fill_quotas,
    run_rounds,
    scheduled,
)
from ministry_mock.admissions.synthetic import synthetic_instance
from ministry_mock.admissions.verifier import (
    VerificationReport,
    Violation,
    ViolationKind,
    verify,
)

__all__ = [
    "MAX_SCORE",
    "NO_CUTOFF",
    "UNASSIGNED",
    "WITHHELD",
    "Explanation",
    "FilterResult",
    "Instance",
    "InvalidInstanceError",
    "Preferences",
    "ProgrammeChange",
    "ProgrammeLabel",
    "Programmes",
    "Reason",
    "RoundOutcome",
    "TiePolicy",
    "VerificationReport",
    "Violation",
    "ViolationKind",
    "apply_changes",
    "explain_candidate",
    "explain_published",
    "fill_quotas",
    "filter_candidates",
    "format_points",
    "instance_from_lists",
    "reference_filter",
    "run_rounds",
    "scheduled",
    "summarise",
    "synthetic_instance",
    "synthetic_labels",
    "verify",
]
