"""The catalog: deterministic generation, realistic codes, paging, ETag revalidation, scale."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
import requests
from fastapi import FastAPI

from exam_client.domain import subjects
from ministry_mock.app import create_app
from ministry_mock.catalog import build_catalog
from ministry_mock.server import start_in_thread
from tests.mock.conftest import small_settings
from tests.mock.support import TIMEOUT, assert_problem

SCALE_BUDGET_S = 5.0


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    db = tmp_path_factory.mktemp("catalog") / "ministry.sqlite3"
    return create_app(small_settings(db, citizens=20, schools=5, scrypt_n=2**10))


@pytest.fixture(scope="module")
def base(app: FastAPI) -> Iterator[str]:
    with start_in_thread(app) as server:
        yield server.base_url


def test_same_seed_same_catalog_other_seed_other_catalog() -> None:
    first = build_catalog.__wrapped__(7, 2026, 60, 600)
    again = build_catalog.__wrapped__(7, 2026, 60, 600)
    other = build_catalog.__wrapped__(8, 2026, 60, 600)
    assert first.version == again.version
    assert first.programmes == again.programmes and first.institutions == again.institutions
    assert other.version != first.version


def test_codes_names_and_rules_look_real() -> None:
    catalog = build_catalog(2026, 2026, 60, 600)
    assert len(catalog.institutions) == 60 and len(catalog.programmes) == 600
    codes = [i.code for i in catalog.institutions]
    assert len(set(codes)) == 60 and all(re.fullmatch(r"[A-Z]{3}", c) for c in codes)
    assert {"QSB", "BKA", "NTH"} <= set(codes)
    assert catalog.institution("qsb") is not None
    assert all(
        i.name.startswith(("Trường Đại học", "Đại học", "Học viện")) for i in catalog.institutions
    )
    keys = {(p.institution_code, p.code) for p in catalog.programmes}
    assert len(keys) == 600
    for p in catalog.programmes:
        assert re.fullmatch(r"\d{7}", p.major_code) and p.code.startswith(p.major_code)
        assert p.combinations and all(subjects.combination(c) for c in p.combinations)
        assert p.teacher_training == p.major_code.startswith("714")
        assert p.quota >= 30 and p.floor_score >= 15
        assert p.last_year_cutoff is None or p.floor_score <= p.last_year_cutoff <= 30
        assert (p.tie_subject is not None) == (p.tie_policy == "subject")
    names = {p.name for p in catalog.programmes}
    assert "Công nghệ thông tin" in names and any(n.startswith("Sư phạm") for n in names)
    assert {p.tie_policy for p in catalog.programmes} == {
        "admit_all_tied",
        "preference_order",
        "subject",
    }


def test_paging_walks_every_programme_once(base: str) -> None:
    seen: list[tuple[str, str]] = []
    url, params = f"{base}/catalog/programmes", {"limit": "128"}
    while True:
        page = requests.get(url, params=params, timeout=TIMEOUT).json()
        seen += [(p["institution_code"], p["code"]) for p in page["programmes"]]
        if page["next_cursor"] is None:
            break
        params = {"limit": "128", "cursor": page["next_cursor"]}
    assert len(seen) == len(set(seen)) == page["total"] == 600
    assert seen == sorted(seen)


def test_etag_and_if_none_match(base: str) -> None:
    info = requests.get(f"{base}/catalog", timeout=TIMEOUT)
    assert info.status_code == 200
    etag = info.headers["ETag"]
    assert etag == f'"{info.json()["version"]}"'
    for path in ("/catalog", "/catalog/institutions", "/catalog/programmes"):
        fresh = requests.get(f"{base}{path}", headers={"If-None-Match": etag}, timeout=TIMEOUT)
        assert fresh.status_code == 304 and fresh.content == b""
        assert fresh.headers["ETag"] == etag
        stale = requests.get(f"{base}{path}", headers={"If-None-Match": '"old"'}, timeout=TIMEOUT)
        assert stale.status_code == 200 and stale.headers["ETag"] == etag


def test_filters_and_stale_cursor(base: str) -> None:
    found = requests.get(
        f"{base}/catalog/programmes", params={"q": "su pham toan"}, timeout=TIMEOUT
    ).json()
    assert found["total"] > 0
    assert all(p["name"].startswith("Sư phạm Toán học") for p in found["programmes"])
    assert all(p["teacher_training"] for p in found["programmes"])
    one = requests.get(
        f"{base}/catalog/programmes", params={"institution": "qsb"}, timeout=TIMEOUT
    ).json()
    assert one["total"] > 0 and {p["institution_code"] for p in one["programmes"]} == {"QSB"}
    response = requests.get(
        f"{base}/catalog/programmes", params={"cursor": "bm90LWEtY3Vyc29yOjA"}, timeout=TIMEOUT
    )
    assert_problem(response, 409, "catalog.cursor_stale")
    assert_problem(requests.get(f"{base}/catalog?year=2031", timeout=TIMEOUT), 404)


def test_national_scale_generation_time() -> None:
    started = time.perf_counter()
    catalog = build_catalog.__wrapped__(2026, 2026, 500, 20_000)
    seconds = time.perf_counter() - started
    print(f"\nnational catalog: 500 institutions, 20 000 programmes in {seconds:.2f} s")
    assert len(catalog.institutions) == 500 and len(catalog.programmes) == 20_000
    assert len({(p.institution_code, p.code) for p in catalog.programmes}) == 20_000
    assert seconds < SCALE_BUDGET_S
