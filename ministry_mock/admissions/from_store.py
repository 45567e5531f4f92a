"""The filtering instance of one exam year, built from what the mock has stored.

This is the only place where the admissions engine meets the rest of the mock: the catalog gives
the programmes (quota, floor, tie policy, accepted combinations), the score module the
candidates' exam scores and priority, the preference module each candidate's current NV list,
and the payment module how much of that list is paid for. Every per-pair fact is computed here
by the rules engine (:func:`ministry_mock.scores.best_admission`), so the engine only decides
who goes where.

Two rules shape the input:

* unpaid NV are not considered (DOMAIN.md §7, ``fees.all_preferences_must_be_paid``): a
  candidate whose money covers ``k`` of ``n`` NV is filtered on NV1…NVk. Payments that were
  debited but not yet recorded are reconciled first, if their time has come;
* a candidate without a graduation pass (or without exam scores) is eligible nowhere, but keeps
  their list so the explanation can say why.

Candidates are numbered in CCCD order and programmes in catalog order, so the same store gives
the same instance, whatever order rows were written in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from exam_client.api.cycle import Programme
from exam_client.domain.fees import payment_state
from exam_client.domain.priority import graduation_priority
from exam_client.domain.ruleset import RuleSet
from exam_client.domain.scores import graduation_result
from ministry_mock.admissions.instance import MAX_SCORE, Instance, Preferences, Programmes
from ministry_mock.admissions.instance import TiePolicy as EngineTie
from ministry_mock.admissions.rounds import ProgrammeChange, apply_changes
from ministry_mock.catalog import catalog_for
from ministry_mock.gateway import Gateway, settle_all
from ministry_mock.payments import paid_amount
from ministry_mock.preferences import submitted_lists
from ministry_mock.scores import CandidateScores, best_admission, candidate_scores
from ministry_mock.settings import MockSettings

TIES: dict[str, EngineTie] = {
    "admit_all_tied": EngineTie.ADMIT_ALL_TIED,
    "preference_order": EngineTie.PREFERENCE_ORDER,
    "subject": EngineTie.SUBJECT,
}


@dataclass(frozen=True, slots=True)
class QuotaChange:
    """An institution's adjustment of one programme before a round; floor in hundredths."""

    institution_code: str
    programme_code: str
    quota: int | None = None
    floor: int | None = None


@dataclass(frozen=True, eq=False)
class CycleInstance:
    """The engine's instance and what its indices stand for."""

    year: int
    instance: Instance
    cccds: tuple[str, ...]
    """Candidate index → CCCD."""
    programmes: tuple[Programme, ...]
    """Programme index → catalog programme."""
    nv_rank: NDArray[np.int32]
    """Preference index → NV number in the candidate's saved list (1 = NV1)."""
    unpaid: int
    """NV left out because they were not paid for."""


def hundredths(points: Decimal) -> int:
    """27.15 → 2715 (scores are half-up rounded to two decimals upstream)."""
    return int((points * 100).to_integral_value())


def _passed(cs: CandidateScores, rs: RuleSet) -> bool:
    categories = cs.profile.graduation_categories
    priority = graduation_priority(categories, rs).value
    return graduation_result(cs.scores, cs.averages, rs, priority=priority).passed


def _considered(
    session: Session, cccd: str, pairs: list[tuple[str, str]], rs: RuleSet
) -> list[tuple[str, str]]:
    """The NV the candidate paid for, NV1 first (all of them if the year does not require it)."""
    if not rs.all_preferences_must_be_paid:
        return pairs
    covered = payment_state(len(pairs), paid_amount(session, cccd, rs.year), rs).covered
    return pairs[:covered]


def build_instance(
    session: Session,
    settings: MockSettings,
    rs: RuleSet,
    *,
    now: datetime,
    gateway: Gateway | None = None,
    changes: Sequence[QuotaChange] = (),
) -> CycleInstance:
    """The year's instance with ``changes`` applied (``gateway``: reconcile due payments first)."""
    catalog = catalog_for(settings, rs.year)
    programmes = catalog.programmes
    index = {(p.institution_code, p.code): i for i, p in enumerate(programmes)}
    lists = submitted_lists(session, rs.year)
    cccds = tuple(sorted(lists))
    offsets = [0]
    prog: list[int] = []
    score: list[int] = []
    eligible: list[bool] = []
    tiebreak: list[int] = []
    ranks: list[int] = []
    unpaid = 0
    for cccd in cccds:
        if gateway is not None:
            settle_all(session, cccd, rs.year, now, gateway)
        pairs = lists[cccd]
        considered = _considered(session, cccd, pairs, rs)
        unpaid += len(pairs) - len(considered)
        cs = candidate_scores(session, settings, cccd, rs)
        passed = cs is not None and _passed(cs, rs)
        for rank, (institution_code, programme_code) in enumerate(considered, start=1):
            p = index.get((institution_code, programme_code))
            if p is None:  # the catalog changed under a saved list: that NV cannot be met
                continue
            programme = programmes[p]
            best = best_admission(cs, programme, rs) if cs is not None and passed else None
            prog.append(p)
            ranks.append(rank)
            eligible.append(best is not None)
            score.append(min(MAX_SCORE, max(0, hundredths(best.total))) if best else 0)
            subject = programme.tie_subject if programme.tie_policy == "subject" else None
            value = cs.scores.get(subject) if cs is not None and subject else None
            tiebreak.append(hundredths(value) if value is not None else 0)
        offsets.append(len(prog))
    instance = Instance(
        Preferences(
            offsets=np.asarray(offsets, dtype=np.int64),
            programme=np.asarray(prog, dtype=np.int32),
            score=np.asarray(score, dtype=np.int32),
            eligible=np.asarray(eligible, dtype=np.bool_),
            tiebreak=np.asarray(tiebreak, dtype=np.int32),
        ),
        Programmes(
            quota=np.asarray([p.quota for p in programmes], dtype=np.int32),
            floor=np.asarray([hundredths(p.floor_score) for p in programmes], dtype=np.int32),
            tie_policy=np.asarray([TIES[p.tie_policy] for p in programmes], dtype=np.int8),
        ),
    )
    engine_changes = [
        ProgrammeChange(index[(c.institution_code, c.programme_code)], quota=c.quota, floor=c.floor)
        for c in changes
    ]
    return CycleInstance(
        year=rs.year,
        instance=apply_changes(instance, engine_changes),
        cccds=cccds,
        programmes=programmes,
        nv_rank=np.asarray(ranks, dtype=np.int32),
        unpaid=unpaid,
    )
