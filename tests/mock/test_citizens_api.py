"""The population look-up: who may look, what comes back, what is audited and logged."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import requests
from fastapi import FastAPI
from sqlalchemy import select

from exam_client.api.contract import CitizenRecord
from exam_client.domain.cccd import mask_cccd, parse_cccd
from ministry_mock.app import instance_of
from ministry_mock.geography import commune_province
from ministry_mock.server import start_in_thread
from ministry_mock.store import AuditEntry
from tests.mock.support import TIMEOUT, assert_problem, lookup


def _audit_rows(app: FastAPI) -> list[AuditEntry]:
    with instance_of(app).store.sessions() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_staff_look_up_a_known_citizen(
    base_url: str, staff_tokens: dict[str, Any], known_ids: list[str]
) -> None:
    for cccd in known_ids[:5]:
        response = lookup(base_url, cccd, staff_tokens["access_token"])
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
        record = CitizenRecord.model_validate(response.json())
        parsed = parse_cccd(record.cccd)
        assert record.cccd == cccd
        assert len(record.full_name.split()) >= 2
        assert parsed.birth_year == record.date_of_birth.year
        assert parsed.gender == record.gender
        assert record.birth_province_code == parsed.province_code
        assert record.birth_province_name == parsed.province_name
        assert commune_province()[record.residence_commune_code] == record.residence_province_code
        assert record.residence_commune_name.startswith(("Xã ", "Phường ", "Đặc khu "))


def test_typed_separators_are_accepted(
    base_url: str, staff_tokens: dict[str, Any], known_ids: list[str]
) -> None:
    cccd = known_ids[0]
    spaced = f"{cccd[:3]} {cccd[3:6]} {cccd[6:]}"
    response = lookup(base_url, spaced, staff_tokens["access_token"])
    assert response.status_code == 200
    assert response.json()["cccd"] == cccd


def test_admin_may_look_up(
    base_url: str, admin_tokens: dict[str, Any], known_ids: list[str]
) -> None:
    assert lookup(base_url, known_ids[1], admin_tokens["access_token"]).status_code == 200


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("12345", "cccd.length"),
        ("00120800000A", "cccd.not_digits"),
        ("123456789", "cccd.old_cmnd"),
        ("999208000001", "cccd.province"),
    ],
)
def test_malformed_id_is_a_422_problem_with_field_errors(
    base_url: str, staff_tokens: dict[str, Any], typed: str, code: str
) -> None:
    body = assert_problem(lookup(base_url, typed, staff_tokens["access_token"]), 422, code)
    assert body["errors"][0]["field"] == "cccd"
    assert body["errors"][0]["code"] == code
    assert body["errors"][0]["message"] == body["detail"]
    assert body["errors"][0]["message_en"]


def test_unknown_id_is_404(base_url: str, staff_tokens: dict[str, Any]) -> None:
    body = assert_problem(
        lookup(base_url, "001208999999", staff_tokens["access_token"]), 404, "citizen.not_found"
    )
    assert "001208999999" not in body["detail"]
    assert mask_cccd("001208999999") in body["detail"]


def test_missing_token_is_401_missing(base_url: str, known_ids: list[str]) -> None:
    response = lookup(base_url, known_ids[0], None)
    assert_problem(response, 401, "auth.missing")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_unknown_token_is_401_invalid(base_url: str, known_ids: list[str]) -> None:
    assert_problem(lookup(base_url, known_ids[0], "forged-token"), 401, "auth.invalid")


def test_non_bearer_scheme_counts_as_missing(base_url: str, known_ids: list[str]) -> None:
    response = requests.get(
        f"{base_url}/population/citizens/{known_ids[0]}",
        headers={"Authorization": "Basic Y2FuYm8uZGVtbzpEZW1vQDIwMjY="},
        timeout=TIMEOUT,
    )
    assert_problem(response, 401, "auth.missing")


def test_candidates_may_not_look_up(
    base_url: str, candidate_tokens: dict[str, Any], known_ids: list[str]
) -> None:
    assert candidate_tokens["role"] == "candidate"
    assert_problem(
        lookup(base_url, known_ids[0], candidate_tokens["access_token"]), 403, "auth.forbidden"
    )


def test_every_look_up_is_audited_with_a_masked_id(
    mock_app: FastAPI, base_url: str, staff_tokens: dict[str, Any], known_ids: list[str]
) -> None:
    cccd = known_ids[3]
    before = len(_audit_rows(mock_app))
    lookup(base_url, cccd, staff_tokens["access_token"])
    lookup(base_url, "001208999998", staff_tokens["access_token"])
    lookup(base_url, "12345", staff_tokens["access_token"])
    lookup(base_url, cccd, None)
    rows = _audit_rows(mock_app)[before:]
    assert [(r.action, r.outcome) for r in rows] == [
        ("population.lookup", "found"),
        ("population.lookup", "not_found"),
        ("population.lookup", "invalid"),
        ("population.lookup", "auth.missing"),
    ]
    found = rows[0]
    assert found.subject == mask_cccd(cccd)
    assert found.actor == "canbo.demo"
    assert found.ip == "127.0.0.1"
    assert rows[3].actor == "-"
    for row in _audit_rows(mock_app):
        assert not any(known in row.subject for known in known_ids)
        assert "999998" not in row.subject


def test_audit_log_is_append_only(mock_app: FastAPI) -> None:
    with instance_of(mock_app).store.sessions() as session:
        entry = session.scalars(select(AuditEntry).limit(1)).first()
        if entry is None:
            pytest.skip("no audit rows yet")
        entry.outcome = "tampered"
        with pytest.raises(PermissionError):
            session.flush()
        session.rollback()
        session.delete(entry)
        with pytest.raises(PermissionError):
            session.flush()


def test_no_full_id_or_name_in_python_logs(
    caplog: pytest.LogCaptureFixture,
    base_url: str,
    staff_tokens: dict[str, Any],
    known_ids: list[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    cccd = known_ids[4]
    response = lookup(base_url, cccd, staff_tokens["access_token"])
    name = response.json()["full_name"]
    lookup(base_url, "001208999997", staff_tokens["access_token"])
    # urllib3 is the test's own HTTP client (it logs URLs at DEBUG); everything else is ours
    server_text = "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith("urllib3")
    )
    assert mask_cccd(cccd) in server_text
    assert cccd not in server_text
    assert "001208999997" not in server_text
    assert name not in server_text


def test_access_log_masks_ids(
    caplog: pytest.LogCaptureFixture, mock_app: FastAPI, known_ids: list[str]
) -> None:
    caplog.set_level(logging.INFO)
    with start_in_thread(mock_app, access_log=True) as server:
        lookup(server.base_url, known_ids[5], None)
    access = "\n".join(r.getMessage() for r in caplog.records if r.name == "uvicorn.access")
    assert "/population/citizens/" in access
    assert mask_cccd(known_ids[5]) in access
    assert known_ids[5] not in caplog.text
