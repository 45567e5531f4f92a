"""Catalog cache and the preference-list service against the real mock (demo clock inside the
2026 preference window): search, the year's rules, saving once despite dropped answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests

from exam_client.api.client import MinistryClient
from exam_client.domain import subjects
from exam_client.domain.scores import admission_score
from exam_client.domain.timeline import VN_TZ
from exam_client.services.candidate_session import CandidateSessionService, SessionEnded
from exam_client.services.catalog import CatalogEntry, CatalogService, CatalogSnapshot
from exam_client.services.connection import ConnectionMonitor
from exam_client.services.errors import NetworkError
from exam_client.services.preferences import (
    DRAFT_KEY,
    PreferenceDraft,
    PreferencesClosed,
    PreferenceService,
)
from ministry_mock.app import instance_of, seed_report
from ministry_mock.clock import demo_clock
from ministry_mock.demo_accounts import DEMO_ADMIN_PASS, DEMO_ADMIN_USERNAME, DEMO_CANDIDATE_PASS
from tests.ministry import MockMinistry

OPEN = datetime(2026, 7, 5, 10, 0, tzinfo=VN_TZ).astimezone(UTC)
CLOSED = datetime(2026, 11, 1, 10, 0, tzinfo=VN_TZ).astimezone(UTC)


@pytest.fixture
def at_open(ministry: MockMinistry) -> Iterator[None]:
    clock = demo_clock(instance_of(ministry.app).settings)
    assert clock is not None
    clock.set(OPEN, frozen=True)
    yield
    clock.reset()


@pytest.fixture
def client(ministry: MockMinistry) -> Iterator[MinistryClient]:
    c = MinistryClient(ministry.base_url, retries=0)
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def sessions(client: MinistryClient, ministry: MockMinistry) -> CandidateSessionService:
    service = CandidateSessionService(client, ConnectionMonitor(client), demo=True)
    cccd = seed_report(ministry.app).demo_candidate_username
    assert cccd is not None
    service.sign_in(cccd, DEMO_CANDIDATE_PASS)
    return service


@pytest.fixture
def service(sessions: CandidateSessionService) -> PreferenceService:
    return PreferenceService(sessions, sessions.catalog, backoff_s=0)


def faults(ministry: MockMinistry, config: dict[str, object] | None) -> None:
    admin = requests.post(
        f"{ministry.base_url}/auth/login",
        json={"username": DEMO_ADMIN_USERNAME, "password": DEMO_ADMIN_PASS},
        timeout=10,
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {admin}"}
    url = f"{ministry.base_url}/admin/faults"
    answer = (
        requests.post(url, json=config, headers=headers, timeout=10)
        if config
        else requests.delete(url, headers=headers, timeout=10)
    )
    assert answer.status_code in (200, 204), answer.text


def some(snapshot: CatalogSnapshot, teacher: bool, n: int) -> list[tuple[str, str]]:
    return [e.key for e in snapshot.entries if e.programme.teacher_training is teacher][:n]


# -- catalog -----------------------------------------------------------------------------------
def test_catalog_is_downloaded_once_then_revalidated(client: MinistryClient, at_open: None) -> None:
    catalog = CatalogService(client)
    first = catalog.load()
    assert first.entries and first.year == 2026
    assert catalog.load() is first  # 304: the same snapshot
    assert catalog.downloads == 1


def test_search_ignores_diacritics_case_and_d(client: MinistryClient, at_open: None) -> None:
    snapshot = CatalogService(client).load()
    with_d = next(e for e in snapshot.entries if "đ" in e.institution.name.lower())
    word = next(w for w in with_d.institution.name.split() if "đ" in w.lower())
    plain = word.lower().replace("đ", "d")
    for query in (word, plain, plain.upper()):
        assert with_d in snapshot.search(query, limit=10_000), query
    by_code = snapshot.search(with_d.programme.code.lower(), limit=10_000)
    assert with_d in by_code
    assert snapshot.search(with_d.institution.code)[0].institution.code == with_d.institution.code
    assert snapshot.search("   ") == []
    assert snapshot.search("khongcogicaday") == []


# -- editing under the year's rules -----------------------------------------------------------
def test_rules_are_checked_on_every_edit(service: PreferenceService, at_open: None) -> None:
    draft = service.load()
    assert draft.editable and draft.year == 2026
    teacher = some(draft.catalog, True, 1)[0]
    others = some(draft.catalog, False, 5)
    draft.items = [*others, teacher]
    rows = service.rows(draft)
    assert rows[5].teacher_training
    assert [p.code for p in rows[5].problems] == ["preferences.teacher_training_position"]
    assert "NV1–NV5" in rows[5].problems[0].message_vi
    assert service.move(draft, 5, 4)
    assert service.problems(draft) == []
    assert not service.add(draft, draft.catalog.find(*others[0]))  # type: ignore[arg-type]
    extra = [e.key for e in draft.catalog.entries if e.key not in draft.items][:10]
    draft.items += extra
    assert [p.code for p in service.problems(draft)] == ["preferences.too_many"]


def test_scores_come_with_priority_once_published(
    service: PreferenceService, at_open: None
) -> None:
    draft = service.load()
    assert draft.scores is not None  # published no later than the window opens
    taken = {s.subject for s in draft.scores.subjects}

    def covered(entry: CatalogEntry) -> bool:
        combos = (subjects.combination(c) for c in entry.programme.combinations)
        return any(c is not None and taken.issuperset(c.subjects) for c in combos)

    fits = next(e for e in draft.catalog.entries if covered(e))
    misses = next(e for e in draft.catalog.entries if not covered(e))
    draft.items = [fits.key, misses.key]
    first, second = service.rows(draft)
    marks = {s.subject: s.score for s in draft.scores.subjects}
    expected = admission_score(
        marks,
        fits.programme.combinations,
        draft.rules,
        priority_normal=draft.scores.priority_normal,
    )
    assert expected is not None
    assert (first.admission_score, first.combination) == (expected.total, expected.combination)
    assert second.admission_score is None  # no accepted combination: "chưa có điểm"


# -- saving ------------------------------------------------------------------------------------
def test_save_then_reload_gives_the_same_order_and_a_version(
    service: PreferenceService, at_open: None
) -> None:
    draft = service.load()
    draft.items = some(draft.catalog, False, 3)[::-1]
    saved = service.save()
    assert saved.version == 1 and draft.pending is None and not draft.dirty
    again = service.load()
    assert again.items == draft.items
    history = service.history()
    assert [v.version for v in history.versions] == [1]


def test_a_dropped_answer_is_retried_with_the_same_key_and_saves_once(
    service: PreferenceService, ministry: MockMinistry, at_open: None
) -> None:
    draft = service.load()
    draft.items = some(draft.catalog, False, 3)
    faults(ministry, {"drop_rate": 1.0, "max_faults": 1, "paths": ["/preferences/me"]})
    try:
        saved = service.save()
    finally:
        faults(ministry, None)
    assert saved.version == 1
    assert [v.version for v in service.history().versions] == [1]  # one version, not two


def test_network_down_keeps_the_pending_save_for_the_next_press(
    service: PreferenceService, ministry: MockMinistry, at_open: None
) -> None:
    draft = service.load()
    draft.items = some(draft.catalog, False, 2)
    faults(ministry, {"drop_rate": 1.0, "paths": ["/preferences/me"], "methods": ["PUT"]})
    try:
        with pytest.raises(NetworkError):
            service.save()
        pending = draft.pending
        assert pending is not None and pending.attempts == 3
    finally:
        faults(ministry, None)
    service.save()  # same key: the server answers the first (committed) save again
    assert [v.version for v in service.history().versions] == [1]


def test_outside_the_window_saving_is_refused(
    service: PreferenceService, ministry: MockMinistry
) -> None:
    clock = demo_clock(instance_of(ministry.app).settings)
    assert clock is not None
    clock.set(CLOSED, frozen=True)
    try:
        draft = service.load(2026)
        assert not draft.editable and draft.saved.edit_closes_at is not None
        draft.items = some(draft.catalog, False, 1)
        with pytest.raises(PreferencesClosed):
            service.save()
    finally:
        clock.reset()


def test_the_draft_lives_in_the_session_and_dies_with_it(
    service: PreferenceService, sessions: CandidateSessionService, at_open: None
) -> None:
    draft = service.load()
    session = sessions.session
    assert session is not None and isinstance(session.data[DRAFT_KEY], PreferenceDraft)
    assert draft is service.draft()
    sessions.end()()
    assert service.draft() is None
    with pytest.raises(SessionEnded):
        service.save()
