"""Demo mode: the mock ministry in-process on a free loopback port, with a seeded population.

Part of the composition root: the only place besides ``app`` that touches ``ministry_mock``, and
only when called (the import is lazy so a normal start never loads the mock).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exam_client.services.context import DemoAccount

log = logging.getLogger(__name__)
DEMO_SEED = 2026
DEMO_CITIZENS = 5_000


@dataclass
class DemoMinistry:
    base_url: str
    account: DemoAccount
    server: Any
    server_app: Any

    def stop(self) -> None:
        self.server.stop()


def demo_account() -> DemoAccount:
    """The seeded demo staff account of the mock (for ``--demo --api-url`` of a running mock)."""
    from ministry_mock.demo_accounts import DEMO_STAFF_PASS, DEMO_STAFF_USERNAME

    return DemoAccount(DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)


def demo_admin_account() -> DemoAccount:
    """The mock's admin account: moves the demo clock (never a candidate's or staff's tokens)."""
    from ministry_mock.demo_accounts import DEMO_ADMIN_PASS, DEMO_ADMIN_USERNAME

    return DemoAccount(DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)


def start_demo_ministry(data_dir: Path, citizens: int = DEMO_CITIZENS) -> DemoMinistry:
    from datetime import timedelta

    from ministry_mock.app import create_app
    from ministry_mock.server import start_in_thread
    from ministry_mock.settings import MockSettings

    data_dir.mkdir(parents=True, exist_ok=True)
    settings = MockSettings(
        db_url=f"sqlite:///{data_dir / 'ministry-mock.db'}",
        seed=DEMO_SEED,
        citizens=citizens,
        demo=True,
        # The demo clock jumps weeks ahead between phases: a refresh token that outlives the
        # jumps keeps the person signed in (access tokens still expire and are refreshed).
        refresh_token_ttl=timedelta(days=400),
    )
    app = create_app(settings)
    server = start_in_thread(app)
    log.info("demo ministry listening on %s", server.base_url)
    return DemoMinistry(server.base_url, demo_account(), server, app)
