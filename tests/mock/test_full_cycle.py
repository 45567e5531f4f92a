"""The whole admissions year over real HTTP: catalog → scores → NV → fees → filtering → results.

Five candidates with a graduation pass list the same two programmes: X (NV1, squeezed to a few
seats by the round's changes, so some are turned away) and Y (NV2, room for all). Three pay
through the gateway simulator, one is "debited but not recorded" and reconciled later, one never
pays (so is not considered). The demo clock is moved phase by phase through ``/admin/clock``.

Then: the rounds run (``/admin/admissions/rounds``), each candidate reads their own result
(programme, NV number, cutoff), one confirms, and the recorded instance is re-checked in
process: the verifier finds nothing, the fast and the reference engines agree, and a planted
violation is caught — also over HTTP, through a faulty engine whose output is quarantined.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import requests
from fastapi import FastAPI
from sqlalchemy import select

from exam_client.domain import subjects
from ministry_mock.admissions import (
    FilterResult,
    Instance,
    ViolationKind,
    filter_candidates,
    reference_filter,
    summarise,
    verify,
)
from ministry_mock.admissions_cycle import recorded_instance
from ministry_mock.app import create_app, instance_of
from ministry_mock.payments import ruleset_for
from ministry_mock.security import hash_password
from ministry_mock.seed import DEMO_ADMIN_PASS, DEMO_ADMIN_USERNAME
from ministry_mock.server import start_in_thread
from ministry_mock.store.models import Account, Citizen
from ministry_mock.store.payment_models import AdmissionRow
from tests.mock.conftest import small_settings
from tests.mock.support import TIMEOUT, assert_problem, bearer, tokens

YEAR = 2026
PASSWORD = "Thisinh@Cycle1"
ROUNDS = "/admin/admissions/rounds"


@dataclass
class Candidate:
    cccd: str
    headers: dict[str, str]
    subjects: set[str]


@dataclass
class World:
    app: FastAPI
    base: str
    admin: dict[str, str]
    candidates: list[Candidate] = field(default_factory=list)
    x: dict[str, Any] = field(default_factory=dict)
    y: dict[str, Any] = field(default_factory=dict)
    x_score: dict[str, Decimal] = field(default_factory=dict)

    def get(self, path: str, headers: dict[str, str] | None = None) -> requests.Response:
        return requests.get(f"{self.base}{path}", headers=headers or self.admin, timeout=TIMEOUT)

    def post(
        self, path: str, body: Any, headers: dict[str, str] | None = None
    ) -> requests.Response:
        return requests.post(
            f"{self.base}{path}", json=body, headers=headers or self.admin, timeout=TIMEOUT
        )

    def phase(self, name: str) -> None:
        response = self.post("/admin/clock", {"phase": name, "year": YEAR, "frozen": True})
        assert response.status_code == 200, response.text

    def later(self, delta: timedelta) -> None:
        now = instance_of(self.app).settings.clock()
        body = {"moment": (now + delta).isoformat(), "frozen": True}
        assert self.post("/admin/clock", body).status_code == 200

    def round(self, number: int, changes: list[dict[str, Any]]) -> requests.Response:
        return self.post(ROUNDS, {"number": number, "year": YEAR, "changes": changes})

    def squeeze(self, x_quota: int) -> list[dict[str, Any]]:
        """X gets ``x_quota`` seats, Y room for everyone; floors out of the way."""
        return [
            {**key(self.x), "quota": x_quota, "floor_score": "0"},
            {**key(self.y), "quota": 50, "floor_score": "0"},
        ]

    def result(self, candidate: Candidate) -> dict[str, Any]:
        response = self.get(f"/admission/me?year={YEAR}", candidate.headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def key(programme: dict[str, Any]) -> dict[str, str]:
    return {"institution_code": programme["institution_code"], "programme_code": programme["code"]}


def where(result: dict[str, Any]) -> dict[str, str]:
    return {k: result[k] for k in ("institution_code", "programme_code")}


def eligible(programme: dict[str, Any], sat: set[str]) -> bool:
    for code in programme["combinations"]:
        combination = subjects.combination(code)
        if combination is not None and set(combination.subjects) <= sat:
            return True
    return False


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    settings = small_settings(
        tmp_path / "ministry.sqlite3",
        citizens=150,
        schools=20,
        scrypt_n=2**10,
        access_token_ttl=timedelta(days=365),
        refresh_token_ttl=timedelta(days=365),
    )
    app = create_app(settings)
    with start_in_thread(app) as server:
        admin = bearer(
            tokens(server.base_url, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)["access_token"]
        )
        built = World(app, server.base_url, admin)
        built.phase("preferences_open")
        _candidates(built, 5)
        _choose_programmes(built)
        _register_preferences(built)
        _pay(built)
        yield built


def _candidates(world: World, wanted: int) -> None:
    """Accounts for citizens who passed graduation (their scores come from ``/results/me``)."""
    with instance_of(world.app).store.sessions() as session:
        taken = set(session.scalars(select(Account.username)))
        ids = [
            c for c in session.scalars(select(Citizen.cccd).order_by(Citizen.seq)) if c not in taken
        ]
    for cccd in ids:
        with instance_of(world.app).store.sessions() as session:
            session.add(
                Account(
                    username=cccd,
                    password_hash=hash_password(PASSWORD, n=2**10),
                    role="candidate",
                    display_name="Thí sinh",
                    failed_attempts=0,
                )
            )
            session.commit()
        headers = bearer(tokens(world.base, cccd, PASSWORD)["access_token"])
        scores = world.get("/results/me", headers)
        assert scores.status_code == 200, scores.text
        body = scores.json()
        if body["graduation"]["passed"]:
            sat = {s["subject"] for s in body["subjects"]}
            world.candidates.append(Candidate(cccd, headers, sat))
        if len(world.candidates) == wanted:
            return
    pytest.fail("not enough candidates with a graduation pass")


def _choose_programmes(world: World) -> None:
    """Two programmes of different institutions that every candidate is eligible for."""
    programmes: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = f"/catalog/programmes?year={YEAR}&limit=200" + (
            f"&cursor={cursor}" if cursor else ""
        )
        page = world.get(query)
        assert page.status_code == 200, page.text
        programmes += page.json()["programmes"]
        cursor = page.json()["next_cursor"]
        if not cursor:
            break
    fits = [
        p
        for p in programmes
        if not p["teacher_training"] and all(eligible(p, c.subjects) for c in world.candidates)
    ]
    assert len({p["institution_code"] for p in fits}) >= 2, "no programme fits every candidate"
    world.x = fits[0]
    world.y = next(p for p in fits if p["institution_code"] != fits[0]["institution_code"])


def _register_preferences(world: World) -> None:
    for candidate in world.candidates:
        body = {"base_version": 0, "year": YEAR, "items": [key(world.x), key(world.y)]}
        saved = requests.put(
            f"{world.base}/preferences/me",
            json=body,
            headers={**candidate.headers, "Idempotency-Key": str(uuid.uuid4())},
            timeout=TIMEOUT,
        )
        assert saved.status_code == 200, saved.text
        items = saved.json()["items"]
        assert [i["rank"] for i in items] == [1, 2]
        world.x_score[candidate.cccd] = Decimal(str(items[0]["admission_score"]))


def _pay(world: World) -> None:
    """Three pay, one is debited but not recorded (reconciled later), the last never pays."""
    world.phase("payment_open")
    outcomes = ["paid", "paid", "paid", "debited_unrecorded"]
    for candidate, outcome in zip(world.candidates, outcomes, strict=False):
        due = world.get(f"/payments/me?year={YEAR}", candidate.headers).json()
        assert due["outstanding"] == due["total"] > 0
        created = requests.post(
            f"{world.base}/payments/orders",
            json={"exam_year": YEAR, "amount": due["outstanding"], "preference_count": 2},
            headers={**candidate.headers, "Idempotency-Key": str(uuid.uuid4())},
            timeout=TIMEOUT,
        )
        assert created.status_code == 201, created.text
        simulated = world.post(
            f"/admin/payments/{created.json()['id']}/simulate", {"outcome": outcome}
        )
        assert simulated.status_code == 200, simulated.text


def _placements(world: World) -> dict[str, dict[str, Any]]:
    return {c.cccd: world.result(c) for c in world.candidates}


def _figures(round_body: dict[str, Any], programme: dict[str, Any]) -> dict[str, Any]:
    return next(
        f
        for f in round_body["programmes"]
        if (f["institution_code"], f["programme_code"])
        == (programme["institution_code"], programme["code"])
    )


def test_full_admissions_cycle_over_http(world: World) -> None:
    early = world.round(1, world.squeeze(2))
    assert_problem(early, 409, "admissions.too_early")

    world.phase("filtering")
    first = world.round(1, world.squeeze(2))
    assert first.status_code == 201, first.text
    one = first.json()
    assert one["verified"] and one["violations"] == {} and one["withheld"] == 0
    assert one["candidates"] == 5
    assert one["preferences"] == 8 and one["unpaid_preferences"] == 2  # the non-payer's two NV
    assert one["admitted"] == 4
    x_figures = _figures(one, world.x)
    assert x_figures["quota"] == 2 and x_figures["admitted"] >= 2 and x_figures["full"]

    again = world.round(1, world.squeeze(2))
    assert again.status_code == 200 and again.json() == one  # idempotent
    assert_problem(world.round(1, world.squeeze(3)), 409, "admissions.round_exists")
    assert_problem(world.round(3, []), 409, "admissions.round_out_of_order")
    bad = world.round(2, [{"institution_code": "ZZZ", "programme_code": "7480201", "quota": 1}])
    assert_problem(bad, 422, "admissions.unknown_programme")
    assert_problem(world.get(ROUNDS, world.candidates[0].headers), 403, "auth.forbidden")
    as_candidate = world.post(ROUNDS, {"number": 2, "year": YEAR}, world.candidates[0].headers)
    assert_problem(as_candidate, 403, "auth.forbidden")

    # results are not visible before the results date
    assert world.result(world.candidates[0])["status"] == "not_published"

    second = world.round(2, [{**key(world.x), "quota": 3}])
    assert second.status_code == 201, second.text
    two = second.json()
    assert two["verified"] and two["admitted"] == 4
    assert two["changes"] == [{**key(world.x), "quota": 3, "floor_score": None}]
    x2 = _figures(two, world.x)
    assert x2["quota"] == 3 and x2["admitted"] >= min(3, 4)
    cutoff_x = Decimal(str(x2["cutoff"]))

    listed = world.get(f"{ROUNDS}?year={YEAR}").json()
    assert [r["number"] for r in listed["rounds"]] == [1, 2]
    own = world.get(f"{ROUNDS}/2?year={YEAR}&institution={world.x['institution_code']}").json()
    assert {f["institution_code"] for f in own["programmes"]} == {world.x["institution_code"]}

    world.phase("results")
    world.later(timedelta(hours=1))
    placed = _placements(world)
    payer, non_payer = world.candidates[:4], world.candidates[4]
    assert placed[non_payer.cccd]["status"] == "not_admitted"
    at_x = [c for c in payer if where(placed[c.cccd]) == key(world.x)]
    at_y = [c for c in payer if where(placed[c.cccd]) == key(world.y)]
    assert len(at_x) + len(at_y) == 4 and len(at_x) >= 3
    for c in at_x:
        result = placed[c.cccd]
        assert result["status"] == "admitted" and result["preference_rank"] == 1
        assert result["higher_preferences"] == []
        assert Decimal(str(result["cutoff"])) == cutoff_x
        assert Decimal(str(result["score"])) == world.x_score[c.cccd] >= cutoff_x
    for c in at_y:  # turned away by X: not above X's cutoff (a tie lost on the secondary rule)
        result = placed[c.cccd]
        assert result["preference_rank"] == 2 and world.x_score[c.cccd] <= cutoff_x
        assert result["institution_code"] == world.y["institution_code"]
        (why,) = result["higher_preferences"]  # NV1 explained with the figure that decided it
        assert (why["rank"], why["programme_code"]) == (1, world.x["code"])
        assert why["reason"] in ("below_cutoff", "lost_tie_break")
        assert Decimal(str(why["cutoff"])) == cutoff_x
        assert Decimal(str(why["score"])) == world.x_score[c.cccd]
        assert world.x["institution_code"] in why["text"]

    _check_recorded_instance(world)

    lucky = at_x[0]
    confirmed = requests.post(
        f"{world.base}/admission/me/confirm",
        json={"exam_year": YEAR, **key(world.x)},
        headers={**lucky.headers, "Idempotency-Key": str(uuid.uuid4())},
        timeout=TIMEOUT,
    )
    assert confirmed.status_code == 201, confirmed.text
    assert world.result(lucky)["status"] == "confirmed"
    listing = world.get(
        f"/admission/confirmations?institution={world.x['institution_code']}&year={YEAR}"
    ).json()
    assert listing["confirmed"] == 1 and listing["admitted"] >= len(at_x)
    assert_problem(world.round(3, []), 409, "admissions.confirmations_started")


def _check_recorded_instance(world: World) -> None:
    """Rebuild round 2's instance from the store: both engines agree, the verifier is happy."""
    inst = instance_of(world.app)
    rs = ruleset_for(YEAR)
    with inst.store.sessions() as session:
        cycle = recorded_instance(session, inst.settings, rs, 2, inst.settings.clock())
        rows = {
            r.cccd: r
            for r in session.scalars(select(AdmissionRow).where(AdmissionRow.exam_year == YEAR))
        }
    fast, reference = filter_candidates(cycle.instance), reference_filter(cycle.instance)
    assert np.array_equal(fast.assigned_pref, reference.assigned_pref)
    assert np.array_equal(fast.cutoff, reference.cutoff)
    assert verify(cycle.instance, fast).ok
    for c, cccd in enumerate(cycle.cccds):  # what was recorded is what the engine decided
        programme = int(fast.assigned_programme[c])
        if programme < 0:
            assert cccd not in rows
            continue
        recorded = rows[cccd]
        assert (recorded.institution_code, recorded.programme_code) == (
            cycle.programmes[programme].institution_code,
            cycle.programmes[programme].code,
        )
        assert recorded.cutoff == int(fast.cutoff[programme])
    planted = _plant_over_quota(cycle.instance, fast)
    report = verify(cycle.instance, planted)
    assert not report.ok
    assert report.kinds() & {ViolationKind.OVER_QUOTA, ViolationKind.BLOCKING_PAIR}


def _plant_over_quota(instance: Instance, result: FilterResult) -> FilterResult:
    """Move one candidate placed on NV2 up to their NV1, beyond that programme's quota."""
    assigned = result.assigned_pref.copy()
    ranks = assigned - instance.pref_offsets[:-1]
    moved = int(np.flatnonzero((assigned >= 0) & (ranks == 1))[0])
    assigned[moved] -= 1
    return summarise(instance, assigned, result.iterations)


def _faulty(engine: Callable[[Instance], FilterResult]) -> Callable[[Instance], FilterResult]:
    def run(instance: Instance) -> FilterResult:
        return _plant_over_quota(instance, engine(instance))

    return run


def test_a_faulty_engine_is_caught_and_its_programme_quarantined(world: World) -> None:
    world.phase("filtering")
    world.app.state.admissions_engine = _faulty(filter_candidates)
    response = world.round(1, world.squeeze(2))
    assert response.status_code == 201, response.text
    body = response.json()
    assert not body["verified"] and body["violations"] and body["violation_examples"]
    assert body["withheld"] >= 1
    x_figures = _figures(body, world.x)
    assert x_figures["quarantined"] and x_figures["cutoff"] is None

    world.phase("results")
    world.later(timedelta(hours=1))
    placed = _placements(world)
    held = [c for c in world.candidates[:4] if placed[c.cccd]["status"] == "not_published"]
    assert len(held) == body["withheld"]
    assert all("kiểm tra lại" in placed[c.cccd]["message"] for c in held)

    # fixed engine, fresh start: the same round now verifies and publishes everyone
    del world.app.state.admissions_engine
    reset = requests.delete(
        f"{world.base}{ROUNDS}?year={YEAR}", headers=world.admin, timeout=TIMEOUT
    )
    assert reset.status_code == 200 and reset.json()["rounds_removed"] == 1
    rerun = world.round(1, world.squeeze(2))
    assert rerun.status_code == 201 and rerun.json()["verified"]
    assert all(world.result(c)["status"] == "admitted" for c in world.candidates[:4])


def test_the_demo_clock_can_run_the_due_round_when_it_jumps(world: World) -> None:
    """The kiosk's demo control asks for it (``run_due_rounds``); a plain jump never does."""
    world.phase("filtering")
    assert world.get(ROUNDS).json()["rounds"] == []  # a plain jump runs nothing
    jump = world.post(
        "/admin/clock",
        {"phase": "filtering", "year": YEAR, "frozen": True, "run_due_rounds": True},
    )
    assert jump.status_code == 200, jump.text
    [first] = world.get(ROUNDS).json()["rounds"]
    assert first["number"] == 1 and first["admitted"] == 4
    world.post("/admin/clock", {"phase": "filtering", "year": YEAR, "run_due_rounds": True})
    assert len(world.get(ROUNDS).json()["rounds"]) == 1  # only once
