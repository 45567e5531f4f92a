"""ResultsService against the real mock: messages before publication, data after, live."""

from __future__ import annotations

from exam_client.services.results import ResultsService
from ministry_mock.confirmations import record_admission
from tests.services.test_payments_service import Candidate, signed_in  # noqa: F401 - fixture


def test_before_scores_then_scores_then_admission(signed_in: Candidate) -> None:  # noqa: F811
    service = ResultsService(signed_in.sessions)
    signed_in.clock.jump("exam")
    early = service.load()
    assert early.scores is None and early.scores_message  # 409 with the publication date
    assert early.admission is not None and early.admission.status == "not_published"

    signed_in.clock.jump("filtering")
    scored = service.load()
    assert scored.scores is not None and scored.scores.subjects
    assert not scored.admitted

    move = signed_in.clock.jump("results")
    with signed_in.ministry.store.sessions() as session:
        record_admission(
            session,
            cccd=signed_in.cccd,
            year=2026,
            institution_code="QSB",
            programme_code="7480201",
            preference_rank=3,
            score=2410,
            cutoff=2395,
            published_at=move.state.now,
        )
        session.commit()
    live = service.load()  # the same session, no new sign-in
    assert live.admitted and live.admission is not None
    assert live.admission.preference_rank == 3
    assert str(live.admission.cutoff) == "23.95"
