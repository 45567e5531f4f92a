"""The mock ministry's own database: SQLAlchemy 2.x ORM models and the session factory.

SQLite by default; any SQLAlchemy URL works (the SQL is kept portable for PostgreSQL).
"""

from ministry_mock.store.models import (
    Account,
    AuditEntry,
    Base,
    Citizen,
    Commune,
    Province,
    School,
    Token,
)
from ministry_mock.store.session import Store, open_store

__all__ = [
    "Account",
    "AuditEntry",
    "Base",
    "Citizen",
    "Commune",
    "Province",
    "School",
    "Store",
    "Token",
    "open_store",
]
