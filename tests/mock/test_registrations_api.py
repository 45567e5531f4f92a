"""``/registrations``: list, read, and the school's review (confirm / return), over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from exam_client.api.records import ChangesPage, RegistrationRecord
from tests.mock.support import assert_problem
from tests.mock.sync_support import Mock, doc, get, op, private_mock, push_one, review


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mock]:
    with private_mock(tmp_path_factory.mktemp("registrations")) as m:
        yield m


_next = iter(range(1000))


def submitted(mock: Mock, *, submit: bool = True) -> dict[str, Any]:
    person = mock.people(1, skip=next(_next))[0]
    result = push_one(mock.url, mock.staff, op(doc(person), submit=submit))
    assert result["outcome"] == "applied", result
    record: dict[str, Any] = result["server_record"]
    return record


def test_staff_list_their_school_with_paging_and_status_filter(mock: Mock) -> None:
    drafts = [submitted(mock, submit=False) for _ in range(2)]
    subs = [submitted(mock) for _ in range(3)]
    response = get(mock.url, "/registrations", mock.staff, limit=2)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = ChangesPage.model_validate(response.json())
    assert len(page.changes) == 2
    assert page.has_more
    everything = get(mock.url, "/registrations", mock.staff, limit=2000).json()
    ids = [c["record"]["id"] for c in everything["changes"]]
    assert {r["id"] for r in drafts + subs} <= set(ids)
    only_submitted = get(mock.url, "/registrations", mock.staff, status="submitted").json()
    assert {c["record"]["status"] for c in only_submitted["changes"]} == {"submitted"}
    assert {r["id"] for r in subs} <= {c["record"]["id"] for c in only_submitted["changes"]}
    other = get(mock.url, "/registrations", mock.staff2).json()
    assert not set(ids) & {c["record"]["id"] for c in other["changes"]}
    admin = get(mock.url, "/registrations", mock.admin, limit=2000).json()
    assert set(ids) <= {c["record"]["id"] for c in admin["changes"]}
    assert_problem(get(mock.url, "/registrations", mock.staff, status="lost"), 422)


def test_read_one_within_scope_only(mock: Mock) -> None:
    record = submitted(mock)
    path = f"/registrations/{record['id']}"
    response = get(mock.url, path, mock.staff)
    assert response.status_code == 200
    assert RegistrationRecord.model_validate(response.json()).version == record["version"]
    assert_problem(get(mock.url, path, mock.staff2), 404, "registration.not_found")
    assert_problem(get(mock.url, path, mock.candidate), 404, "registration.not_found")
    assert_problem(get(mock.url, path, ""), 401, "auth.missing")
    assert_problem(get(mock.url, "/registrations/not-a-uuid", mock.staff), 422)


def test_confirm_a_submitted_registration(mock: Mock) -> None:
    record = submitted(mock)
    response = review(mock.url, mock.staff, record["id"], "confirm", record["version"])
    assert response.status_code == 200, response.text
    confirmed = response.json()
    assert confirmed["status"] == "confirmed"
    assert confirmed["version"] == record["version"] + 1
    assert confirmed["updated_by"] == "canbo.demo"
    rows = mock.audit(action="registration.confirm")
    assert rows
    assert rows[-1].actor == "canbo.demo"
    assert rows[-1].outcome == f"v{confirmed['version']}"
    assert "*" in rows[-1].subject
    # a confirmed registration cannot be edited through sync any more
    person_doc = confirmed["doc"]
    edit = push_one(
        mock.url,
        mock.staff,
        op(person_doc, record_id=record["id"], base_version=confirmed["version"]),
    )
    assert edit["outcome"] == "rejected"
    assert edit["problems"][0]["code"] == "registration.confirmed"
    again = review(mock.url, mock.staff, record["id"], "confirm", confirmed["version"])
    assert_problem(again, 409, "review.not_submitted")


def test_only_submitted_registrations_are_confirmed(mock: Mock) -> None:
    draft = submitted(mock, submit=False)
    body = assert_problem(
        review(mock.url, mock.staff, draft["id"], "confirm", 1), 409, "review.not_submitted"
    )
    assert body["server_record"]["status"] == "draft"
    assert "nháp" in body["detail"]
    assert_problem(
        review(mock.url, mock.staff, draft["id"], "return", 1, "Thiếu ảnh"),
        409,
        "review.not_returnable",
    )


def test_return_needs_a_reason_and_resubmission_clears_it(mock: Mock) -> None:
    record = submitted(mock)
    for reason in (None, "   "):
        body = assert_problem(
            review(mock.url, mock.staff, record["id"], "return", record["version"], reason),
            422,
            "review.reason_required",
        )
        assert body["errors"][0]["field"] == "reason"
    reason = "Ảnh chân dung bị mờ, đề nghị chụp lại."
    response = review(mock.url, mock.staff, record["id"], "return", record["version"], reason)
    assert response.status_code == 200
    returned = response.json()
    assert returned["status"] == "returned"
    assert returned["return_reason"] == reason
    assert mock.audit(action="registration.return")
    resubmitted = push_one(
        mock.url,
        mock.staff,
        op(returned["doc"], record_id=record["id"], base_version=returned["version"], submit=True),
    )
    assert resubmitted["outcome"] == "applied"
    assert resubmitted["server_record"]["status"] == "submitted"
    assert resubmitted["server_record"]["return_reason"] is None


def test_a_confirmed_registration_can_be_returned_for_correction(mock: Mock) -> None:
    record = submitted(mock)
    confirmed = review(mock.url, mock.staff, record["id"], "confirm", record["version"]).json()
    returned = review(
        mock.url, mock.staff, record["id"], "return", confirmed["version"], "Sai ngày sinh"
    )
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"


def test_stale_review_is_a_conflict_with_the_server_copy(mock: Mock) -> None:
    record = submitted(mock)
    edited = push_one(
        mock.url,
        mock.staff,
        op(record["doc"], record_id=record["id"], base_version=record["version"], submit=True),
    )
    body = assert_problem(
        review(mock.url, mock.staff, record["id"], "confirm", record["version"]),
        409,
        "registration.version_conflict",
    )
    server = RegistrationRecord.model_validate(body["server_record"])
    assert server.version == edited["version"]
    assert str(server.id) == record["id"]


def test_reviews_are_for_the_registrations_own_school_staff(mock: Mock) -> None:
    record = submitted(mock)
    assert_problem(
        review(mock.url, mock.staff2, record["id"], "confirm", record["version"]),
        404,
        "registration.not_found",
    )
    assert_problem(
        review(mock.url, mock.candidate, record["id"], "confirm", record["version"]),
        403,
        "auth.forbidden",
    )
    assert_problem(
        review(mock.url, mock.admin, record["id"], "confirm", record["version"]),
        403,
        "auth.forbidden",
    )
    still = get(mock.url, f"/registrations/{record['id']}", mock.staff).json()
    assert still["status"] == "submitted"


def test_candidate_reads_own_registration_and_its_review(mock: Mock) -> None:
    me = mock.person(mock.candidate_cccd)
    mine = push_one(mock.url, mock.candidate, op(doc(me), submit=True))
    assert mine["outcome"] == "applied", mine
    record_id = mine["record_id"]
    reason = "Thiếu giấy chứng nhận ưu tiên"
    assert review(mock.url, mock.staff, record_id, "return", 1, reason).status_code == 200
    seen = get(mock.url, f"/registrations/{record_id}", mock.candidate).json()
    assert seen["status"] == "returned"
    assert seen["return_reason"] == reason
    listed = get(mock.url, "/registrations", mock.candidate).json()
    assert [c["record"]["id"] for c in listed["changes"]] == [record_id]
