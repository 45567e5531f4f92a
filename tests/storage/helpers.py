"""Helpers for the storage tests: sample citizens and stored schema fixtures.

Stored fixtures (``fixtures/schema-<revision>.db``) are databases frozen by the code of an
earlier release, so "upgrade every earlier schema" tests run real old files, not files made by
today's code pretending to be old. See ``fixtures/README.md``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from exam_client.domain.citizen import Citizen
from exam_client.storage.citizens import CitizenCache
from exam_client.storage.engine import open_store
from exam_client.storage.migrate import current_revision, migrate

FIXTURES_DIR = Path(__file__).with_name("fixtures")
# Test-only key, published on purpose: fixtures hold synthetic data and must open in CI.
FIXTURE_KEY = bytes(range(32))
FIXTURE_FETCHED_AT = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)


def citizen(
    cccd: str = "001307012345",
    full_name: str = "Nguyễn Thị Ánh Tuyết",
    **changes: object,
) -> Citizen:
    """A synthetic register record (no real person)."""
    values: dict[str, object] = {
        "cccd": cccd,
        "full_name": full_name,
        "date_of_birth": date(2007, 9, 2),
        "gender": "female",
        "birth_province_code": "001",
        "birth_province_name": "Hà Nội",
        "ethnicity": "Kinh",
        "residence_province_code": "079",
        "residence_province_name": "TP Hồ Chí Minh",
        "residence_commune_code": "26734",
        "residence_commune_name": "Phường Bến Thành",
        "updated_at": datetime(2024, 12, 31, 17, 0, tzinfo=UTC),
    }
    values.update(changes)
    return Citizen(**values)  # type: ignore[arg-type]


# Records every fixture holds; the upgrade test checks they survive each migration.
FIXTURE_CITIZENS = (
    citizen(),
    citizen("038208123456", "Lò Văn Pấng", gender="male", ethnicity="Thái"),
    citizen("066308000777", "H'Hen Niê", ethnicity="Ê Đê"),
)


def fixture_files() -> list[Path]:
    """Stored schema fixtures, oldest revision first."""
    return sorted(FIXTURES_DIR.glob("schema-*.db"))


def make_schema_fixture(destination: Path, target: str = "head") -> str:
    """Build a database at ``target`` with :data:`FIXTURE_CITIZENS`; return its revision.

    Only meaningful while ``target`` is the newest revision (the data is written with today's
    repositories): freeze the fixture *before* adding the next migration.
    """
    with open_store(destination, FIXTURE_KEY) as store:
        migrate(store, target=target)
        with store.session(write=True) as session, session.begin():
            cache = CitizenCache(session)
            for record in FIXTURE_CITIZENS:
                cache.put(record, FIXTURE_FETCHED_AT)
        revision = current_revision(store)
    assert revision is not None
    return revision
