"""Issue "School staff: the exam-registration workflow", items 3, 4 and 6: import, look-up, export.

A 2 000-row class list (the size of a large school's grade 12) planned and validated in ≤ 2 s;
the export of the same rows; the 50 000-row streamed plan (a whole DoET's list) for scale; and
the batch look-up of 2 000 IDs in the population register of the real mock over loopback
(``BatchLookup`` with its default 6 workers, cold cache, SQLCipher store) in ≤ 20 s.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks import Result

HEADERS = [
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Lớp", "Diện thí sinh",
    "Môn tự chọn 1", "Môn tự chọn 2", "Mã trường lớp 10", "Khu vực lớp 10", "Mã trường lớp 11",
    "Khu vực lớp 11", "Mã trường lớp 12", "Khu vực lớp 12", "SĐT", "Email", "Địa chỉ",
]  # fmt: skip
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hương", "Minh")
ELECTIVES = ("Vật lí", "Hóa học", "Sinh học", "Lịch sử", "Địa lí", "Tin học")


def _row(n: int) -> list[object]:
    from exam_client.domain.cccd import build_cccd

    female = n % 2 == 1
    school = ["01-001", "KV3"] * 3
    return [
        n, f"{FAMILY[n % 5]} {'Thị' if female else 'Văn'} {GIVEN[n % 7]}",
        f"{n % 28 + 1:02d}/03/2008",
        "Nữ" if female else "Nam", build_cccd("001", "female" if female else "male", 2008, n),
        f"12A{n % 12 + 1}", "a", ELECTIVES[n % 6], ELECTIVES[(n + 1) % 6], *school,
        "0912345678", f"hs{n}@example.com", "Số 1 Tràng Tiền, Hà Nội",
    ]  # fmt: skip


def write_list(path: Path, count: int) -> Path:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for n in range(count):
        sheet.append(_row(n))
    book.save(path)
    return path


def _plan_ms(path: Path) -> tuple[float, int]:
    from exam_client.domain.ruleset import load_ruleset
    from exam_client.services.spreadsheet import plan_import

    rules = load_ruleset(2026)
    t0 = time.perf_counter()
    plan = plan_import(path, ruleset=rules, today=dt.date(2026, 3, 1), school_code="01001")
    elapsed = (time.perf_counter() - t0) * 1000
    return elapsed, plan.summary.valid


@contextlib.contextmanager
def mock_process(tmp: Path, citizens: int) -> Iterator[str]:
    """The mock as its own process (as in a real deployment, not sharing this process's GIL),
    look-up limit off, demo accounts on; yields its base URL."""
    import requests

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable, "-m", "ministry_mock", "--port", str(port), "--demo",
        "--citizens", str(citizens), "--schools", "40", "--lookup-limit", "off",
        "--db", f"sqlite:///{tmp / 'ministry.sqlite3'}",
    ]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(url + "/health", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the mock did not start")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def batch_lookup(count: int = 2000) -> Result:
    """2 000 IDs through the same path as the dialog: cache-first look-up, 6 workers."""
    from sqlalchemy import create_engine, select

    from exam_client.services.batch_lookup import BatchLookup, LookupItem
    from exam_client.services.bootstrap import build_services
    from exam_client.services.settings import Settings
    from ministry_mock.seed import DEMO_STAFF_PASS, DEMO_STAFF_USERNAME
    from ministry_mock.store.models import Citizen

    with tempfile.TemporaryDirectory() as tmp, mock_process(Path(tmp), count + 100) as url:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'ministry.sqlite3'}")
        with engine.connect() as conn:
            ids = list(conn.scalars(select(Citizen.cccd).order_by(Citizen.seq).limit(count)))
        engine.dispose()
        services = build_services(
            Settings(data_dir=Path(tmp) / "client", api_url=url, demo=True)
        )  # no OS keyring on a build box: the in-memory key of demo mode
        try:
            services.auth.sign_in(DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)
            t0 = time.perf_counter()
            with services.citizens.batched_cache_writes():
                summary = BatchLookup(services.citizens.lookup).run([LookupItem(c) for c in ids])
            elapsed = time.perf_counter() - t0
            assert summary.found == count, (summary.found, summary.failed)
        finally:
            services.close()
    return Result(f"batch look-up, {count:,} IDs, mock process on loopback".replace(",", " "),
                  elapsed, "s", 20)  # fmt: skip


def run() -> list[Result]:
    from exam_client.api.records import registration_to_doc
    from exam_client.domain.ruleset import load_ruleset
    from exam_client.services.spreadsheet import export_registrations, plan_import

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        small = write_list(Path(tmp) / "2000.xlsx", 2000)
        ms, valid = min(_plan_ms(small) for _ in range(3))
        assert valid == 2000, valid
        results.append(Result("import plan + validation, 2 000 rows (xlsx)", ms, "ms", 2000))
        plan = plan_import(small, ruleset=load_ruleset(2026), today=dt.date(2026, 3, 1),
                           school_code="01001")  # fmt: skip
        docs = [registration_to_doc(r.registration, **r.contact) for r in plan.rows
                if r.registration is not None]  # fmt: skip
        t0 = time.perf_counter()
        export_registrations(Path(tmp) / "export.xlsx", docs)
        results.append(Result("export, 2 000 rows (xlsx)", (time.perf_counter() - t0) * 1000, "ms"))
        big = write_list(Path(tmp) / "50000.xlsx", 50_000)
        ms, valid = _plan_ms(big)
        results.append(Result("import plan, 50 000 rows streamed (xlsx)", ms / 1000, "s"))
        results.append(Result("import plan throughput, 50 000 rows", 50_000 / (ms / 1000),
                              "rows/s"))  # fmt: skip
    results.append(batch_lookup())
    return results
