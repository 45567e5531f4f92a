"""The mock's OpenAPI document is a contract: property-based tests generated from it.

Schemathesis reads ``/openapi.json`` from a live mock on a free loopback port and, for every
operation, sends a bounded number of generated requests (valid and invalid) as an administrator
and as a candidate. Each response must not be a 5xx and must conform to the document: a
declared status code, the declared content type (problem+json for errors) and the declared
schema. ``/admin/faults`` is left out: its whole purpose is to make the mock fail on request.

Bounded so that it finishes in well under a minute on two cores, and derandomized so that every
run sends the same requests.

The schema is loaded eagerly from an instance built at import (in-memory SQLite, a few dozen
citizens: well under a second), and that same instance is served in the fixture: schemathesis'
lazy ``from_fixture`` loader relies on a pytest attribute that pytest 9 no longer has.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ministry_mock.app import create_app, seed_report
from ministry_mock.seed import DEMO_ADMIN_PASS, DEMO_ADMIN_USERNAME, DEMO_CANDIDATE_PASS
from ministry_mock.server import start_in_thread
from ministry_mock.settings import MockSettings
from tests.mock.support import bearer, tokens

ADMIN_EXAMPLES = 6  # generated requests per operation, on top of schemathesis' boundary cases
CANDIDATE_EXAMPLES = 3  # the candidate's pass mostly re-checks the 403 answers: fewer suffice
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
BOUNDED = settings(
    max_examples=ADMIN_EXAMPLES,
    deadline=None,
    derandomize=True,  # the same requests every run: a contract test, not a fuzzing campaign
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


APP = create_app(
    MockSettings(
        db_url="sqlite://",
        citizens=60,
        schools=20,
        scrypt_n=2**10,
        # the generated requests move the demo clock by years; keep the tokens valid
        access_token_ttl=timedelta(days=365 * 200),
        refresh_token_ttl=timedelta(days=365 * 200),
    )
)
schema = schemathesis.openapi.from_dict(APP.openapi()).exclude(path_regex=r"^/admin/faults")


@pytest.fixture(scope="module")
def live() -> Iterator[dict[str, Any]]:
    candidate = seed_report(APP).demo_candidate_username
    assert candidate is not None
    with start_in_thread(APP) as server:
        base = server.base_url
        yield {
            "base": base,
            "admin": bearer(tokens(base, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)["access_token"]),
            "candidate": bearer(tokens(base, candidate, DEMO_CANDIDATE_PASS)["access_token"]),
        }


@schema.parametrize()
@BOUNDED
def test_as_administrator(case: Any, live: dict[str, Any]) -> None:
    case.call_and_validate(base_url=live["base"], headers=live["admin"], checks=CHECKS)


@schema.parametrize()
@settings(BOUNDED, max_examples=CANDIDATE_EXAMPLES, phases=[Phase.generate])  # no boundary cases
def test_as_candidate(case: Any, live: dict[str, Any]) -> None:
    case.call_and_validate(base_url=live["base"], headers=live["candidate"], checks=CHECKS)
