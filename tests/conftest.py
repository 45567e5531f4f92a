"""Suite-wide fixtures: headless Qt, an in-memory OS keyring, a throw-away data dir, and the
personal-data log scan.

The real OS keyring is never touched by tests, and never replaced by nothing: every test runs with
an in-memory backend that behaves like a secure one.

The log scan: one handler on the root logger (level DEBUG, for the whole session) sees every
record any code emits — ours, the in-process mock's, libraries' — formatted with its arguments
and exception text. A line holding an unmasked 12-digit citizen ID or the full name of a seeded
citizen is kept, with the test that was running, and the session fails at the end
(``pytest_sessionfinish``) listing them. A record may opt out only with
``extra={ALLOW_PERSONAL_DATA: True}`` (for a test that logs bad data on purpose).
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import keyring.backend
import pytest

from exam_client.services.logs import install_redaction

install_redaction()  # the suite's logs must never hold an unmasked ID

if TYPE_CHECKING:
    from tests.ministry import MockMinistry


# -- the personal-data log scan ------------------------------------------------------------------

ALLOW_PERSONAL_DATA = "allow_personal_data"
_CCCD = re.compile(r"(?<![0-9])[0-9]{12}(?![0-9])")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# The mock's register as integration tests seed it (tests/ministry.py: default seed, 300+).
SEEDED_CITIZENS_SCANNED = 1000


def known_full_names() -> list[str]:
    """Full names a test could leak: the mock's first seeded citizens and the storage samples."""
    from ministry_mock.population import generate_citizens
    from ministry_mock.settings import MockSettings
    from tests.storage.helpers import FIXTURE_CITIZENS

    names = [
        row.full_name for row in generate_citizens(MockSettings().seed, SEEDED_CITIZENS_SCANNED)
    ]
    names += [c.full_name for c in FIXTURE_CITIZENS]
    return names


class PersonalDataDetector:
    """Finds an unmasked 12-digit ID or a known full name in one log line.

    Names are indexed by their first word, so a line is compared only with the names whose
    surname it contains (thousands of records x a thousand names stays fast).
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._by_first_word: dict[str, set[str]] = {}
        for name in names:
            folded = unicodedata.normalize("NFC", name).strip()
            if " " in folded:  # a one-word "name" would match ordinary words
                self._by_first_word.setdefault(folded.split()[0], set()).add(folded)

    def _names_in(self, text: str) -> list[str]:
        found = []
        for word in set(_WORD.findall(text)) & self._by_first_word.keys():
            found += [name for name in self._by_first_word[word] if name in text]
        return found

    def find(self, line: str) -> str | None:
        match = _CCCD.search(line)
        if match:
            return f"unmasked citizen ID {match[0][:3]}…{match[0][-3:]}"
        names = self._names_in(unicodedata.normalize("NFC", line))
        if names:
            return f"full name of a seeded citizen ({names[0].split()[0]} …)"
        return None

    def masked(self, line: str) -> str:
        """``line`` with IDs and known names masked: a report must not repeat the leak."""
        text = _CCCD.sub(lambda m: m[0][:3] + "******" + m[0][-3:], line)
        text = unicodedata.normalize("NFC", text)
        for name in sorted(self._names_in(text), key=len, reverse=True):
            text = text.replace(name, " ".join(part[0] + "." for part in name.split()))
        return text


class PersonalDataScan(logging.Handler):
    """Root handler keeping every record that holds personal data (see the module docstring)."""

    def __init__(self, detector: PersonalDataDetector) -> None:
        super().__init__(logging.DEBUG)
        self.detector = detector
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.current_test = ""
        self.scanned = 0
        self.findings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, ALLOW_PERSONAL_DATA, False):
            return
        try:
            line = self.format(record)
        except Exception:  # a broken format string: scan what it was given
            line = f"{record.name}: {record.msg!r} {record.args!r}"
        self.scanned += 1
        problem = self.detector.find(line)
        if problem:
            where = self.current_test or "(outside any test)"
            shown = self.detector.masked(line)
            self.findings.append(f"{where}: {problem}: {shown[:400]}")


_scan: PersonalDataScan | None = None
_root_level = logging.WARNING


def pytest_sessionstart(session: pytest.Session) -> None:
    global _scan, _root_level  # noqa: PLW0603 - one scan per session
    _scan = PersonalDataScan(PersonalDataDetector(known_full_names()))
    root = logging.getLogger()
    _root_level = root.level
    root.addHandler(_scan)
    root.setLevel(logging.DEBUG)  # all levels: DEBUG lines leak as much as ERROR lines


def pytest_runtest_logstart(nodeid: str, location: object) -> None:
    if _scan is not None:
        _scan.current_test = nodeid


def pytest_runtest_logfinish(nodeid: str, location: object) -> None:
    if _scan is not None:
        _scan.current_test = ""


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _scan is None:
        return
    root = logging.getLogger()
    root.removeHandler(_scan)
    root.setLevel(_root_level)
    if _scan.findings and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _scan is None:
        return
    if _scan.findings:
        terminalreporter.section("personal data in the logs", sep="=", red=True, bold=True)
        for finding in _scan.findings[:50]:
            terminalreporter.write_line(finding)
        terminalreporter.write_line(
            f"{len(_scan.findings)} log line(s) hold personal data: the session fails."
        )
    else:
        terminalreporter.write_line(
            f"personal-data log scan: {_scan.scanned} log records, no unmasked ID or known name"
        )


class InMemoryKeyring(keyring.backend.KeyringBackend):
    """A secure-looking keyring that lives in a dict (tests only)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            import keyring.errors

            raise keyring.errors.PasswordDeleteError(username) from None


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[InMemoryKeyring]:
    previous = keyring.get_keyring()
    backend = InMemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def ministry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockMinistry]:
    """A real mock ministry on 127.0.0.1 with a free port, for one test (it may be stopped)."""
    from tests.ministry import start_mock

    mock = start_mock(tmp_path_factory.mktemp("ministry"))
    try:
        yield mock
    finally:
        mock.stop()
