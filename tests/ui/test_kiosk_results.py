"""The results step against the real mock: scores and graduation, the admission result before
and after publication, live refresh on the same session, and the "why not higher" lines."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from exam_client.api.payments import AdmissionResult, PreferenceOutcome
from exam_client.services.results import ResultsView
from exam_client.ui.kiosk.results import ResultsPage
from ministry_mock.confirmations import record_admission
from tests.ui.test_kiosk_payment import Visit, admin_client, show, visit  # noqa: F401 - fixtures


def admit(visit: Visit, published_at: datetime, rank: int = 2) -> None:  # noqa: F811
    with visit.ministry.store.sessions() as session:
        record_admission(
            session,
            cccd=visit.cccd,
            year=2026,
            institution_code="QSB",
            programme_code="7480201",
            preference_rank=rank,
            score=2575,
            cutoff=2500,
            published_at=published_at,
            institution_name="Trường Đại học Bách khoa",
            programme_name="Công nghệ thông tin",
        )
        session.commit()


def results_page(qtbot: QtBot, visit: Visit) -> ResultsPage:  # noqa: F811
    page = ResultsPage(visit.ctx)
    show(qtbot, page)
    page.entered()
    qtbot.waitUntil(lambda: page.view is not None or bool(page.problem), timeout=15_000)
    return page


def test_scores_then_admission_appears_on_refresh_without_signing_in(
    qtbot: QtBot,
    visit: Visit,  # noqa: F811
) -> None:
    visit.clock.jump("filtering")
    page = results_page(qtbot, visit)
    view = page.view
    assert view is not None and view.scores is not None, page.problem
    first = view.scores.subjects[0]

    def grid_texts() -> list[str]:
        return [label.text() for label in page.findChildren(QLabel) if label.isVisible()]

    # widgets added to a shown layout are shown by a queued call: wait for that event turn
    qtbot.waitUntil(lambda: first.name in grid_texts())
    assert first.name in grid_texts()
    assert str(first.score).replace(".", ",") in grid_texts()
    assert "tốt nghiệp THPT" in page.graduation.text()
    assert view.admission is not None and view.admission.status == "not_published"
    assert "chưa được công bố" in page.admission_status.text()
    assert not page.admission_facts.isVisible()
    page.grab().save("/tmp/h8-results-before.png")

    move = visit.clock.jump("results")
    admit(visit, move.state.now)
    page.refresh_button.click()  # the same session: no second sign-in
    qtbot.waitUntil(lambda: page.view is not None and page.view.admitted, timeout=15_000)
    facts = page.admission_facts.text()
    assert "Công nghệ thông tin" in facts and "NV2" in facts
    assert "25,75" in facts and "25,00" in facts
    assert page.why.isVisible() and "NV1" in page.why.text()
    assert "Cập nhật lúc" in page.updated.text()
    page.grab().save("/tmp/h8-results-after.png")


def test_the_engine_explanation_is_shown_line_by_line(
    qtbot: QtBot,
    visit: Visit,  # noqa: F811
) -> None:
    page = ResultsPage(visit.ctx)
    show(qtbot, page)
    result = AdmissionResult(
        exam_year=2026,
        status="admitted",
        programme_code="7480201",
        programme_name="Công nghệ thông tin",
        institution_code="QSB",
        preference_rank=2,
        score=Decimal("25.75"),
        cutoff=Decimal("25.00"),
        message="Bạn trúng tuyển NV2.",
        higher_preferences=[
            PreferenceOutcome(
                rank=1,
                institution_code="QHI",
                programme_code="7480101",
                reason="below_cutoff",
                score=Decimal("25.75"),
                cutoff=Decimal("26.10"),
                text="NV1 7480101 (QHI): điểm của bạn 25,75 thấp hơn điểm chuẩn 26,10.",
            )
        ],
    )
    page.view = ResultsView(None, "Chưa có điểm.", result, None, datetime.now().astimezone())
    page.retranslate_ui()
    assert "thấp hơn điểm chuẩn 26,10" in page.why.text()
    assert "Máy chủ chưa gửi" not in page.why.text()
    assert page.scores_note.text() == "Chưa có điểm."
