"""Review against the real mock: list submitted, return needs a reason, confirm, stale refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from exam_client.services.bootstrap import build_services
from exam_client.services.context import AppServices
from exam_client.services.errors import Conflict
from exam_client.services.review import ReasonRequired, to_registration
from exam_client.services.settings import Settings
from tests.e2e.support import attach_review, complete_doc, mock_audit, people, submit_and_sync
from tests.ministry import MockMinistry


@pytest.fixture
def services(ministry: MockMinistry, tmp_path: Path) -> Iterator[AppServices]:
    s = build_services(Settings(data_dir=tmp_path / "client", api_url=ministry.base_url))
    s.auth.sign_in(ministry.username, ministry.password)
    try:
        yield s
    finally:
        s.close()


def test_confirm_and_return_are_recorded_here_and_at_the_ministry(
    services: AppServices, ministry: MockMinistry
) -> None:
    review = attach_review(services)
    first, second = people(ministry, 2)
    a = submit_and_sync(services, complete_doc(first))
    b = submit_and_sync(services, complete_doc(second))
    pending = review.pending()
    assert [i.record_id for i in pending] == [a, b]
    assert pending[0].masked_cccd.count("*") == 6

    with pytest.raises(ReasonRequired):
        review.return_with_reason(b, "   ")
    assert review.confirm(a) == "confirmed"
    assert review.return_with_reason(b, "Ảnh chân dung  không rõ mặt") == "returned"
    assert review.pending() == []

    assert services.registrations is not None
    local = services.registrations.get(a)
    assert local is not None and local.server_status == "confirmed"
    history = review.history(b)
    assert history[-1].action == "review.return"
    assert history[-1].detail == "Ảnh chân dung không rõ mặt"
    assert history[-1].actor == ministry.username
    assert len(mock_audit(ministry, "registration.confirm")) == 1
    assert len(mock_audit(ministry, "registration.return")) == 1

    with pytest.raises(Conflict):  # already confirmed: the version moved on at the ministry
        review.confirm(a)


def test_to_registration_gives_the_domain_form(ministry: MockMinistry) -> None:
    person = people(ministry, 1)[0]
    reg = to_registration(complete_doc(person))
    assert reg.cccd == person.cccd and reg.subjects[:2] == ("TO", "VA")
