"""Admission results and online enrollment confirmation (xác nhận nhập học, DOMAIN.md §8).

Three facts of the real process shape this module:

* not confirming by the deadline (17:00) counts as refusing the place (§13.8), so every answer
  carries the deadline and the refusal after it says when it closed;
* confirmation is final: no self-service undo is known, so a second confirm of the same
  programme returns the first confirmation and anything else is a 409;
* a confirmed candidate is left out of supplementary rounds: :func:`confirmed_cccds` is what
  the admissions engine reads to exclude them.

Results come from the ``admissions`` table, written by the filtering engine
(``ministry_mock/admissions/``) through :func:`record_admission`; a row is visible to the
candidate only from its ``published_at`` on, per the instance clock.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from exam_client.api.payments import (
    AdmissionResult,
    ConfirmationEntry,
    ConfirmationRequest,
    EnrollmentConfirmation,
    InstitutionConfirmations,
    PreferenceOutcome,
)
from exam_client.domain.ruleset import RuleSet
from exam_client.domain.timeline import Action, NotAllowed, Phase, vi_moment
from ministry_mock.gateway import audit
from ministry_mock.payments import ruleset_for
from ministry_mock.problems import ApiProblem
from ministry_mock.store.admission_models import FilteringRoundRow
from ministry_mock.store.models import Citizen
from ministry_mock.store.payment_models import AdmissionRow, EnrollmentConfirmationRow


def record_admission(
    session: Session,
    *,
    cccd: str,
    year: int,
    institution_code: str,
    programme_code: str,
    preference_rank: int,
    score: int,
    cutoff: int,
    published_at: datetime,
    institution_name: str | None = None,
    programme_name: str | None = None,
    higher_preferences: list[dict[str, Any]] | None = None,
) -> AdmissionRow:
    """Write (or replace) one published admission; scores in hundredths. Caller commits.

    ``higher_preferences``: the engine's explanation of each NV above the admitted one, as
    :class:`~exam_client.api.payments.PreferenceOutcome` fields (scores in points).
    """
    row = AdmissionRow(
        cccd=cccd,
        exam_year=year,
        institution_code=institution_code.strip().upper(),
        programme_code=programme_code.strip().upper(),
        preference_rank=preference_rank,
        score=score,
        cutoff=cutoff,
        published_at=published_at,
        institution_name=institution_name,
        programme_name=programme_name,
        higher_preferences=higher_preferences,
    )
    return session.merge(row)


def confirmed_cccds(session: Session, year: int) -> set[str]:
    """Candidates who confirmed a place in ``year``: not considered in supplementary rounds."""
    query = select(EnrollmentConfirmationRow.cccd).where(
        EnrollmentConfirmationRow.exam_year == year
    )
    return set(session.scalars(query))


def _points(hundredths: int) -> Decimal:
    return Decimal(hundredths) / 100


def _confirmation(row: EnrollmentConfirmationRow) -> EnrollmentConfirmation:
    return EnrollmentConfirmation(
        exam_year=row.exam_year,
        institution_code=row.institution_code,
        programme_code=row.programme_code,
        confirmed_at=row.confirmed_at,
        idempotency_key=row.idempotency_key,
        message=(
            f"Bạn đã xác nhận nhập học ngành {row.programme_code} của trường "
            f"{row.institution_code} lúc {vi_moment(row.confirmed_at)}. Xác nhận là cuối cùng và "
            "bạn sẽ không được xét tuyển bổ sung. Hãy làm thủ tục nhập học theo hướng dẫn của "
            "trường."
        ),
    )


def _published(session: Session, cccd: str, year: int, now: datetime) -> AdmissionRow | None:
    row = session.get(AdmissionRow, (cccd, year))
    return row if row is not None and row.published_at <= now else None


def _withheld(session: Session, cccd: str, year: int) -> bool:
    """Held back by the latest filtering round's quarantine (the verifier found a problem)."""
    latest = session.scalar(
        select(FilteringRoundRow)
        .where(FilteringRoundRow.exam_year == year)
        .order_by(FilteringRoundRow.number.desc())
        .limit(1)
    )
    return latest is not None and cccd in (latest.withheld_cccds or [])


def admission_result(session: Session, cccd: str, year: int, now: datetime) -> AdmissionResult:
    rs = ruleset_for(year)
    window = rs.timeline.window(Phase.CONFIRMATION)
    opens, deadline = (window.start, window.end) if window else (None, None)
    row = _published(session, cccd, year, now)
    if row is None and not _before_results(rs, now) and _withheld(session, cccd, year):
        return AdmissionResult(
            exam_year=year,
            status="not_published",
            message=(
                "Kết quả xét tuyển của bạn đang được kiểm tra lại và sẽ được công bố sau. "
                "Bạn không cần làm gì thêm."
            ),
        )
    if row is None:
        if session.get(AdmissionRow, (cccd, year)) is not None or _before_results(rs, now):
            results = rs.timeline.window(Phase.RESULTS)
            when = f" từ {vi_moment(results.start)}" if results and results.start else ""
            return AdmissionResult(
                exam_year=year,
                status="not_published",
                message=f"Kết quả xét tuyển chưa được công bố. Kết quả sẽ có{when}.",
            )
        return AdmissionResult(
            exam_year=year,
            status="not_admitted",
            message=(
                "Bạn chưa trúng tuyển nguyện vọng nào trong đợt xét tuyển chung. Hãy theo dõi "
                "thông báo xét tuyển bổ sung của các trường."
            ),
        )
    confirmed = session.get(EnrollmentConfirmationRow, (cccd, year))
    decision = rs.timeline.can(Action.CONFIRM_ENROLMENT, now)
    can = confirmed is None and not isinstance(decision, NotAllowed)
    place = f"NV{row.preference_rank}: ngành {row.programme_name or row.programme_code} – " + (
        row.institution_name or row.institution_code
    )
    if confirmed is not None:
        message = _confirmation(confirmed).message
    elif can:
        by = f" trước {vi_moment(deadline)}" if deadline else ""
        message = (
            f"Bạn trúng tuyển {place}. Hãy xác nhận nhập học trực tuyến{by}. Không xác nhận đúng "
            "hạn được coi là từ chối nhập học. Sau khi xác nhận, bạn sẽ không được xét tuyển "
            "bổ sung."
        )
    else:
        assert isinstance(decision, NotAllowed)
        message = f"Bạn trúng tuyển {place}. {decision.reason_vi}" + (
            ""
            if decision.opens_at
            else " Không xác nhận đúng hạn được coi là từ chối nhập học; nếu có lý do bất khả "
            "kháng (ốm đau, tai nạn có giấy xác nhận của bệnh viện, thiên tai), hãy liên hệ "
            "ngay với trường."
        )
    return AdmissionResult(
        exam_year=year,
        status="confirmed" if confirmed is not None else "admitted",
        published_at=row.published_at,
        institution_code=row.institution_code,
        institution_name=row.institution_name,
        programme_code=row.programme_code,
        programme_name=row.programme_name,
        preference_rank=row.preference_rank,
        score=_points(row.score),
        cutoff=_points(row.cutoff),
        confirm_opens_at=opens,
        confirm_deadline=deadline,
        can_confirm=can,
        confirmation=_confirmation(confirmed) if confirmed is not None else None,
        message=message,
        higher_preferences=[
            PreferenceOutcome.model_validate(item) for item in row.higher_preferences or []
        ],
    )


def _before_results(rs: RuleSet, now: datetime) -> bool:
    results = rs.timeline.window(Phase.RESULTS)
    return results is not None and results.start is not None and now < results.start


def _same(row: EnrollmentConfirmationRow, body: ConfirmationRequest) -> bool:
    return (row.institution_code, row.programme_code) == (
        body.institution_code.strip().upper(),
        body.programme_code.strip().upper(),
    )


def _existing(
    row: EnrollmentConfirmationRow, key: str, body: ConfirmationRequest
) -> EnrollmentConfirmationRow:
    """A repeat of a confirm: the same answer, or 409 for any attempt to change it."""
    if _same(row, body):
        return row
    if row.idempotency_key == key:
        raise ApiProblem(
            409,
            "idempotency.key_reused",
            "Khoá chống trùng lặp đã được dùng cho yêu cầu khác",
            "Khoá Idempotency-Key này đã được dùng cho một xác nhận khác. Hãy tải lại màn hình.",
        )
    raise ApiProblem(
        409,
        "confirmation.final",
        "Đã xác nhận nhập học",
        f"Bạn đã xác nhận nhập học ngành {row.programme_code} của trường {row.institution_code} "
        f"lúc {vi_moment(row.confirmed_at)}. Xác nhận là cuối cùng và không thể thay đổi trên hệ "
        "thống; nếu có lý do đặc biệt, hãy liên hệ trực tiếp với trường.",
        extra={
            "confirmed_institution": row.institution_code,
            "confirmed_programme": row.programme_code,
        },
    )


def confirm(
    session: Session,
    *,
    cccd: str,
    account_id: int,
    key: str,
    body: ConfirmationRequest,
    now: datetime,
    ip: str,
) -> tuple[EnrollmentConfirmationRow, bool]:
    """Confirm the admitted programme; returns the confirmation and whether it is new."""
    year = body.exam_year
    rs = ruleset_for(year)
    admission = _published(session, cccd, year, now)
    if admission is None:
        raise ApiProblem(
            409,
            "admission.not_admitted",
            "Không có kết quả trúng tuyển để xác nhận",
            "Bạn chưa có kết quả trúng tuyển được công bố cho năm này, nên chưa thể xác nhận "
            "nhập học.",
        )
    if (existing := session.get(EnrollmentConfirmationRow, (cccd, year))) is not None:
        return _existing(existing, key, body), False
    if (admission.institution_code, admission.programme_code) != (
        body.institution_code.strip().upper(),
        body.programme_code.strip().upper(),
    ):
        raise ApiProblem(
            422,
            "confirmation.wrong_programme",
            "Không phải ngành bạn trúng tuyển",
            f"Bạn chỉ có thể xác nhận ngành đã trúng tuyển: {admission.programme_code} của trường "
            f"{admission.institution_code} (NV{admission.preference_rank}).",
            extra={
                "admitted_institution": admission.institution_code,
                "admitted_programme": admission.programme_code,
            },
        )
    decision = rs.timeline.can(Action.CONFIRM_ENROLMENT, now)
    if isinstance(decision, NotAllowed):
        code = "confirmation.not_open" if decision.opens_at else "confirmation.closed"
        window = rs.timeline.window(Phase.CONFIRMATION)
        raise ApiProblem(
            409,
            code,
            "Ngoài thời gian xác nhận nhập học",
            decision.reason_vi,
            extra={
                "opens_at": window.start.isoformat() if window and window.start else None,
                "deadline": window.end.isoformat() if window and window.end else None,
            },
        )
    row = EnrollmentConfirmationRow(
        cccd=cccd,
        exam_year=year,
        institution_code=admission.institution_code,
        programme_code=admission.programme_code,
        idempotency_key=key,
        confirmed_at=now,
        account_id=account_id,
    )
    session.add(row)
    audit(
        session,
        at=now,
        actor=cccd,
        action="admission.confirm",
        cccd=cccd,
        ip=ip,
        outcome="confirmed",
        ref=f"{admission.institution_code}/{admission.programme_code}",
    )
    try:
        session.commit()
    except IntegrityError:  # a concurrent confirm (another kiosk, a retry) was first
        session.rollback()
        existing = session.get(EnrollmentConfirmationRow, (cccd, year))
        if existing is None:
            raise
        return _existing(existing, key, body), False
    return row, True


def to_wire(row: EnrollmentConfirmationRow) -> EnrollmentConfirmation:
    return _confirmation(row)


def institution_confirmations(
    session: Session, institution: str, year: int
) -> InstitutionConfirmations:
    code = institution.strip().upper()
    admitted = session.scalar(
        select(func.count())
        .select_from(AdmissionRow)
        .where(AdmissionRow.exam_year == year, AdmissionRow.institution_code == code)
    )
    rows = session.execute(
        select(EnrollmentConfirmationRow, Citizen.full_name)
        .outerjoin(Citizen, Citizen.cccd == EnrollmentConfirmationRow.cccd)
        .where(
            EnrollmentConfirmationRow.exam_year == year,
            EnrollmentConfirmationRow.institution_code == code,
        )
        .order_by(EnrollmentConfirmationRow.confirmed_at, EnrollmentConfirmationRow.cccd)
    ).all()
    items = [
        ConfirmationEntry(
            cccd=row.cccd,
            full_name=name,
            programme_code=row.programme_code,
            confirmed_at=row.confirmed_at,
        )
        for row, name in rows
    ]
    return InstitutionConfirmations(
        exam_year=year,
        institution_code=code,
        admitted=int(admitted or 0),
        confirmed=len(items),
        items=items,
    )
