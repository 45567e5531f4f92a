"""A candidate's preference list (nguyện vọng): saved whole, versioned, checked by the engine.

* Every save is a new version; earlier ones stay readable (``/preferences/me/versions``), so a
  candidate who says "my NV changed by itself" can be shown what was saved, when and by whom.
* Optimistic concurrency: the client sends the version it edited (``base_version``); a save
  from a stale copy (two kiosks, a parent's phone) is a 409 with the server's list.
* ``Idempotency-Key``: the outbox resends after a timeout; the same key with the same body gets
  the first answer, with another body a 409 — never a second version.
* The rules are the engine's (:func:`exam_client.domain.preferences.validate_preferences`:
  window, count, duplicates, sư phạm positions); this module only adds "is it in the catalog".

Other modules read lists through :func:`preference_count` (fees) and :func:`submitted_lists`
(virtual filtering).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from exam_client.api.contract import ProblemField
from exam_client.api.cycle import (
    PreferenceChoice,
    PreferenceHistory,
    PreferenceItem,
    PreferenceList,
    PreferenceListUpdate,
    PreferenceListVersion,
)
from exam_client.domain.fees import fee_quote
from exam_client.domain.preferences import Preference, validate_preferences
from exam_client.domain.problems import Problem
from exam_client.domain.ruleset import RuleSet
from exam_client.domain.timeline import Action, NotAllowed, Phase, vi_moment
from ministry_mock.catalog import Catalog, catalog_for
from ministry_mock.clock import scores_published_at
from ministry_mock.problems import ApiProblem, field_problems
from ministry_mock.scores import best_admission, candidate_scores
from ministry_mock.settings import MockSettings
from ministry_mock.store.cycle_models import PreferenceReceiptRow, PreferenceVersionRow
from ministry_mock.store.payment_models import PaymentNvCount

_KEY = re.compile(r"[A-Za-z0-9._:\-]{8,64}")


# -- reading (also for the fee and filtering modules) -------------------------------------------


def current_version(session: Session, cccd: str, year: int) -> PreferenceVersionRow | None:
    return session.scalar(
        select(PreferenceVersionRow)
        .where(PreferenceVersionRow.cccd == cccd, PreferenceVersionRow.exam_year == year)
        .order_by(PreferenceVersionRow.version.desc())
        .limit(1)
    )


def preference_count(session: Session, cccd: str, year: int) -> tuple[int, int | None] | None:
    """(number of NV, version) of the current list; ``None`` if nothing was ever saved.

    The hook :func:`ministry_mock.payments.preference_count` looks for: the fee is computed
    from the list the candidate actually has on the server.
    """
    row = current_version(session, cccd, year)
    if row is not None:
        return (row.count, row.version)
    # bridge: until the fee tests and demos save real lists, keep honouring their stand-in table
    stand_in = session.get(PaymentNvCount, (cccd, year))
    return None if stand_in is None else (stand_in.count, stand_in.version)


def submitted_lists(session: Session, year: int) -> dict[str, list[tuple[str, str]]]:
    """Every candidate's current list, NV1 first: the input of virtual filtering."""
    lists: dict[str, tuple[int, list[tuple[str, str]]]] = {}
    query = select(PreferenceVersionRow).where(PreferenceVersionRow.exam_year == year)
    for row in session.scalars(query):
        if row.cccd not in lists or lists[row.cccd][0] < row.version:
            pairs = [(i["institution_code"], i["programme_code"]) for i in row.items]
            lists[row.cccd] = (row.version, pairs)
    return {cccd: pairs for cccd, (_, pairs) in lists.items() if pairs}


# -- the list as the kiosk shows it ---------------------------------------------------------


def build_list(
    session: Session,
    settings: MockSettings,
    rs: RuleSet,
    cccd: str,
    *,
    row: PreferenceVersionRow | None,
    now: datetime,
) -> PreferenceList:
    """The list with names, fees, the edit window and, once published, the candidate's scores."""
    catalog = catalog_for(settings, rs.year)
    published = scores_published_at(rs)
    scores_out = published is not None and now >= published
    scores = candidate_scores(session, settings, cccd, rs) if scores_out else None
    items: list[PreferenceItem] = []
    for rank, choice in enumerate(row.items if row else [], start=1):
        institution = catalog.institution(choice["institution_code"])
        programme = catalog.programme(choice["institution_code"], choice["programme_code"])
        if institution is None or programme is None:  # catalog changed under a saved list
            continue
        best = best_admission(scores, programme, rs) if scores else None
        items.append(
            PreferenceItem(
                rank=rank,
                institution_code=institution.code,
                institution_name=institution.name,
                programme_code=programme.code,
                programme_name=programme.name,
                teacher_training=programme.teacher_training,
                floor_score=programme.floor_score,
                last_year_cutoff=programme.last_year_cutoff,
                admission_score=best.total if best else None,
                admission_combination=best.combination if best else None,
                admission_explanation=best.vi if best else None,
            )
        )
    quote = fee_quote(len(items), rs)
    window = rs.timeline.window(Phase.PREFERENCES)
    decision = rs.timeline.can(Action.EDIT_PREFERENCES, now)
    if isinstance(decision, NotAllowed):
        message = decision.reason_vi
    else:
        until = f" đến {vi_moment(decision.closes_at)}" if decision.closes_at else ""
        message = f"Bạn có thể đăng ký, điều chỉnh nguyện vọng không giới hạn số lần{until}."
    return PreferenceList(
        exam_year=rs.year,
        version=row.version if row else 0,
        items=items,
        count=len(items),
        fee_per_preference=quote.unit,
        fee_total=quote.total,
        updated_at=row.created_at if row else None,
        editable=not isinstance(decision, NotAllowed),
        edit_opens_at=window.start if window else None,
        edit_closes_at=window.end if window else None,
        scores_published=scores_out,
        message=message,
    )


def history(session: Session, cccd: str, year: int) -> PreferenceHistory:
    rows = list(
        session.scalars(
            select(PreferenceVersionRow)
            .where(PreferenceVersionRow.cccd == cccd, PreferenceVersionRow.exam_year == year)
            .order_by(PreferenceVersionRow.version.desc())
        )
    )
    return PreferenceHistory(
        exam_year=year,
        current_version=rows[0].version if rows else 0,
        versions=[
            PreferenceListVersion(
                version=r.version,
                created_at=r.created_at,
                count=r.count,
                fee_total=r.fee_total,
                items=[PreferenceChoice.model_validate(i) for i in r.items],
            )
            for r in rows
        ],
    )


# -- saving ------------------------------------------------------------------------------------


def check_key(key: str | None) -> str | None:
    """An absent key is allowed (then a retry may meet a 409); a malformed one is not."""
    if key is not None and not _KEY.fullmatch(key):
        raise ApiProblem(
            400,
            "idempotency.key_invalid",
            "Khoá chống trùng lặp không hợp lệ",
            "Tiêu đề Idempotency-Key phải dài 8–64 ký tự (nên là UUID), tạo một lần và dùng lại "
            "khi gửi lại.",
        )
    return key


def _normalised(body: PreferenceListUpdate) -> list[dict[str, str]]:
    return [
        {
            "institution_code": c.institution_code.strip().upper(),
            "programme_code": c.programme_code.strip().upper(),
        }
        for c in body.items
    ]


def _body_hash(year: int, body: PreferenceListUpdate) -> str:
    canonical = {"year": year, "base_version": body.base_version, "items": _normalised(body)}
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _catalog_problems(items: list[dict[str, str]], catalog: Catalog) -> list[Problem]:
    found: list[Problem] = []
    for number, item in enumerate(items, start=1):
        code, programme = item["institution_code"], item["programme_code"]
        if catalog.institution(code) is None:
            found.append(
                Problem(
                    "preferences.unknown_institution",
                    f"preferences.{number}.institution_code",
                    f"NV{number}: không có trường mã '{code}' trong danh mục năm "
                    f"{catalog.year}. Hãy chọn trường từ danh sách.",
                    f"NV{number}: no institution '{code}' in the {catalog.year} catalog.",
                )
            )
        elif catalog.programme(code, programme) is None:
            found.append(
                Problem(
                    "preferences.unknown_programme",
                    f"preferences.{number}.programme_code",
                    f"NV{number}: trường {code} không có mã xét tuyển '{programme}'. Hãy chọn "
                    "ngành/chương trình từ danh sách của trường.",
                    f"NV{number}: {code} has no admission code '{programme}'.",
                )
            )
    return found


def _conflict(current: PreferenceList) -> ApiProblem:
    return ApiProblem(
        409,
        "preferences.conflict",
        "Danh sách nguyện vọng đã được thay đổi ở nơi khác",
        f"Danh sách nguyện vọng trên hệ thống đã là phiên bản {current.version}. Hãy xem lại "
        "danh sách mới nhất rồi điều chỉnh tiếp.",
        extra={"current_version": current.version, "current": current.model_dump(mode="json")},
    )


def _validate(items: list[dict[str, str]], catalog: Catalog, rs: RuleSet, now: datetime) -> None:
    """Catalog first, then the engine; a closed window is 409, anything else 422."""
    preferences = []
    for item in items:
        programme = catalog.programme(item["institution_code"], item["programme_code"])
        teacher = programme.teacher_training if programme is not None else False
        preferences.append(Preference(item["institution_code"], item["programme_code"], teacher))
    problems = validate_preferences(preferences, rs, now) + _catalog_problems(items, catalog)
    errors: list[ProblemField] = field_problems(p for p in problems if p.is_error)
    if not errors:
        return
    closed = next((p for p in problems if p.code == "preferences.closed"), None)
    if closed is not None:
        raise ApiProblem(
            409,
            "preferences.closed",
            "Ngoài thời gian đăng ký nguyện vọng",
            closed.message_vi,
            errors=errors,
        )
    raise ApiProblem(
        422,
        "preferences.invalid",
        "Danh sách nguyện vọng chưa hợp lệ",
        "Hãy sửa các nguyện vọng được nêu rồi lưu lại.",
        errors=errors,
    )


def save(
    session: Session,
    settings: MockSettings,
    rs: RuleSet,
    *,
    cccd: str,
    body: PreferenceListUpdate,
    key: str | None,
    now: datetime,
) -> tuple[PreferenceList, bool]:
    """Store a new version; returns the list and whether this was a replay of an earlier save."""
    digest = _body_hash(rs.year, body)
    if key is not None:
        receipt = session.get(PreferenceReceiptRow, (cccd, key))
        if receipt is not None:
            if receipt.body_hash != digest:
                raise ApiProblem(
                    409,
                    "idempotency.key_reused",
                    "Khoá chống trùng lặp đã được dùng cho yêu cầu khác",
                    "Khoá Idempotency-Key này đã được dùng để lưu một danh sách khác. Hãy tạo "
                    "khoá mới cho mỗi lần lưu.",
                )
            row = session.get(PreferenceVersionRow, (cccd, receipt.exam_year, receipt.version))
            return build_list(session, settings, rs, cccd, row=row, now=now), True
    current = current_version(session, cccd, rs.year)
    current_no = current.version if current else 0
    if body.base_version != current_no:
        raise _conflict(build_list(session, settings, rs, cccd, row=current, now=now))
    items = _normalised(body)
    catalog = catalog_for(settings, rs.year)
    _validate(items, catalog, rs, now)
    row = current
    if current is None or current.items != items:
        row = PreferenceVersionRow(
            cccd=cccd,
            exam_year=rs.year,
            version=current_no + 1,
            items=items,
            count=len(items),
            fee_total=fee_quote(len(items), rs).total,
            created_at=now,
            created_by=cccd,
        )
        session.add(row)
    if key is not None:
        version = row.version if row is not None else 0
        session.add(
            PreferenceReceiptRow(
                cccd=cccd,
                idempotency_key=key,
                exam_year=rs.year,
                body_hash=digest,
                version=version,
                created_at=now,
            )
        )
    try:
        session.commit()
    except IntegrityError:
        session.rollback()  # a concurrent save took this version (or this key) first
        if key is not None and session.get(PreferenceReceiptRow, (cccd, key)) is not None:
            return save(session, settings, rs, cccd=cccd, body=body, key=key, now=now)
        latest = current_version(session, cccd, rs.year)
        raise _conflict(build_list(session, settings, rs, cccd, row=latest, now=now)) from None
    return build_list(session, settings, rs, cccd, row=row, now=now), False
