"""A realistic messy class list, as schools' files arrive (shared by the wizard and e2e tests).

Row layout (sheet rows; 3 title rows + header, so data starts at row 5):

* 5: clean
* 6: the ID stored as a number that lost its leading zeros
* 7: the name in decomposed Unicode (pasted from a Mac)
* 8: the date of birth as an Excel serial number
* 9: stray spaces around and inside the name and the ID
* 10, 11: the same ID twice → both rejected
* 12: a bad row: 31/02/2008 is no date → rejected
* 13: a rules problem (the same elective twice) → kept as a draft with its problems
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.services.test_import_reading import person, write_xlsx

FIRST_ROW = 5


@dataclass(frozen=True)
class Person:
    cccd: str
    full_name: str
    date_of_birth: dt.date
    gender: str  # male | female


def _excel_serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


def _base(n: int, p: Person, **over: object) -> list[object]:
    values: dict[str, object] = {
        "Họ và tên": p.full_name,
        "Ngày sinh": p.date_of_birth.strftime("%d/%m/%Y"),
        "Giới tính": "Nữ" if p.gender == "female" else "Nam",
        "Số CCCD": p.cccd,
        "Lớp": "12A1",
    }
    values.update(over)
    return person(n, **values)


def messy_rows(people: Sequence[Person]) -> list[list[object]]:
    """Nine rows from eight people (people[5] appears twice)."""
    p = people
    return [
        _base(1, p[0]),
        _base(2, p[1], **{"Số CCCD": int(p[1].cccd)}),
        _base(3, p[2], **{"Họ và tên": unicodedata.normalize("NFD", p[2].full_name)}),
        _base(4, p[3], **{"Ngày sinh": _excel_serial(p[3].date_of_birth)}),
        _base(
            5,
            p[4],
            **{
                "Họ và tên": "  " + p[4].full_name.replace(" ", "   ") + " ",
                "Số CCCD": f" {p[4].cccd[:6]} {p[4].cccd[6:]} ",
            },
        ),
        _base(6, p[5]),
        _base(7, p[5], **{"Lớp": "12A2"}),
        _base(8, p[6], **{"Ngày sinh": "31/02/2008"}),
        _base(9, p[7], **{"Môn tự chọn 2": "Vật lí"}),
    ]


def write_messy(path: Path, people: Sequence[Person]) -> Path:
    assert len(people) >= 8
    assert people[1].cccd.startswith("0"), "row 6 needs an ID with a leading zero"
    return write_xlsx(path, messy_rows(people))


def sample_people(n: int = 8) -> list[Person]:
    """People not in any register (for tests that need no look-up)."""
    from tests.services.test_import_reading import cccd_for

    out = []
    for i in range(n):
        gender = "female" if i % 2 else "male"
        name = ("Nguyễn Văn Ân", "Trần Thị Bích", "Lê Hoàng Đức", "Phạm Thị Hà",
                "Đặng Văn Khoa", "Võ Thị Lan", "Bùi Văn Minh", "Hồ Thị Ngọc")[i]  # fmt: skip
        out.append(Person(cccd_for(100 + i, gender), name, dt.date(2008, 3, 5 + i), gender))
    return out
