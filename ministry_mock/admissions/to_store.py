"""Publishing a filtering round into the store: the admissions rows and the figures kept.

The mirror of :mod:`~ministry_mock.admissions.from_store`: indices of the engine's arrays are
turned back into CCCDs and catalog codes. Every published admission goes through
:func:`ministry_mock.confirmations.record_admission` — the one writer of that table — with the
candidate's NV number in their saved list, score and cutoff in hundredths, and the engine's
reason for each NV above the admitted one (what ``GET /admission/me`` shows as
``higher_preferences``).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import numpy as np
from sqlalchemy import delete
from sqlalchemy.orm import Session

from exam_client.domain.ruleset import RuleSet
from ministry_mock.admissions.explain import ProgrammeLabel, Reason, explain_published
from ministry_mock.admissions.from_store import CycleInstance
from ministry_mock.admissions.rounds import RoundOutcome
from ministry_mock.catalog import catalog_for
from ministry_mock.confirmations import record_admission
from ministry_mock.settings import MockSettings
from ministry_mock.store.payment_models import AdmissionRow


def catalog_names(settings: MockSettings, rs: RuleSet) -> dict[str, str]:
    catalog = catalog_for(settings, rs.year)
    return {i.code: i.name for i in catalog.institutions}


def record_round(
    session: Session,
    cycle: CycleInstance,
    outcome: RoundOutcome,
    shown_at: datetime,
    institution_names: dict[str, str],
) -> int:
    """Replace the year's admissions with what ``outcome`` publishes; returns how many."""
    session.execute(delete(AdmissionRow).where(AdmissionRow.exam_year == cycle.year))
    instance, result = cycle.instance, outcome.result
    admitted = 0
    for c in np.flatnonzero(outcome.published_programme >= 0).tolist():
        pref = int(result.assigned_pref[c])
        programme = cycle.programmes[int(instance.pref_programme[pref])]
        record_admission(
            session,
            cccd=cycle.cccds[c],
            year=cycle.year,
            institution_code=programme.institution_code,
            programme_code=programme.code,
            preference_rank=int(cycle.nv_rank[pref]),
            score=int(instance.pref_score[pref]),
            cutoff=int(outcome.published_cutoff[int(instance.pref_programme[pref])]),
            published_at=shown_at,
            institution_name=institution_names.get(programme.institution_code),
            programme_name=programme.name,
            higher_preferences=_higher_preferences(cycle, outcome, c),
        )
        admitted += 1
    return admitted


def _higher_preferences(
    cycle: CycleInstance, outcome: RoundOutcome, candidate: int
) -> list[dict[str, object]]:
    """The engine's reason for each NV above the admitted one (``PreferenceOutcome`` fields)."""
    labels = [ProgrammeLabel(p.code, p.institution_code) for p in cycle.programmes]
    explanation = explain_published(outcome, candidate, labels)
    start = int(cycle.instance.pref_offsets[candidate])
    items: list[dict[str, object]] = []
    for line in explanation.preferences:
        if line.reason in (Reason.ADMITTED, Reason.NOT_CONSIDERED):
            break
        programme = cycle.programmes[line.programme]
        items.append(
            {
                "rank": int(cycle.nv_rank[start + line.rank - 1]),
                "institution_code": programme.institution_code,
                "programme_code": programme.code,
                "programme_name": programme.name,
                "reason": str(line.reason),
                "score": None
                if line.reason == Reason.NOT_ELIGIBLE
                else str(Decimal(line.score) / 100),
                "cutoff": str(Decimal(line.cutoff) / 100) if line.cutoff >= 0 else None,
                "text": line.text_vi,
                "text_en": line.text_en,
            }
        )
    return items


def programme_figures(cycle: CycleInstance, outcome: RoundOutcome) -> list[list[object]]:
    instance, result = cycle.instance, outcome.result
    return [
        [
            programme.institution_code,
            programme.code,
            int(instance.quota[p]),
            int(instance.floor[p]),
            int(result.admitted_count[p]),
            int(outcome.published_cutoff[p]),
            bool(result.full[p]),
            bool(outcome.quarantined[p]),
        ]
        for p, programme in enumerate(cycle.programmes)
    ]
