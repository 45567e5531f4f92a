"""The synthetic admissions catalog: institutions and their programmes, deterministic per seed.

Sized by ``MockSettings.catalog_institutions`` / ``catalog_programmes``: ~60 / 600 for a demo,
~500 / 4 000–20 000 for national-scale runs (DOMAIN.md §4.4: 65 + 87 institutions in the two
filtering groups alone). The first institutions use well-known codes and names (QSB, BKA, NTH …,
DOMAIN.md §4.2) so a demo looks familiar; everything else — the remaining institutions, every
programme's quota, floor, tie policy and last year's cutoff — is invented and illustrative.

Programmes carry 7-digit major codes (7480201 Công nghệ thông tin …) plus an optional suffix
(CLC, TT …); pedagogy (714xxxx, sư phạm) is flagged because 2026 allows it only in NV1–NV5.
Combinations are checked against ``resources/data/combinations.json`` through the rules engine.

The catalog is generated in memory (no table) and cached per parameters; its ``version`` is a
hash of the content, used as the HTTP ETag. The one run-time change is an administrator
withdrawing a programme (``/admin/catalog``, demo and test: "the catalog changed between
edits"): :func:`catalog_for` then answers the generated catalog without it, under a new version.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from exam_client.api.cycle import Institution, Programme, TiePolicy
from exam_client.domain import subjects
from exam_client.domain.names import fold
from exam_client.domain.ruleset import load_ruleset
from ministry_mock.geography import provinces
from ministry_mock.settings import MockSettings

GENERATOR = 1  # bump when the generator changes, so cached ETags change too
TWO = Decimal("0.01")

# kind → (name stem used for synthetic institutions, major groups it teaches)
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "tech": (("Kỹ thuật Công nghệ", "Công nghiệp", "Bách khoa"), ("it", "eng", "sci", "econ")),
    "econ": (("Kinh tế", "Tài chính – Marketing", "Thương mại"), ("econ", "it", "lang")),
    "med": (("Y Dược", "Y khoa", "Điều dưỡng"), ("med",)),
    "edu": (("Sư phạm", "Giáo dục"), ("edu", "sci", "lang", "soc")),
    "law": (("Luật", "Kiểm sát"), ("law", "econ", "soc")),
    "lang": (("Ngoại ngữ", "Ngoại ngữ – Tin học"), ("lang", "econ", "soc")),
    "agri": (("Nông Lâm", "Nông nghiệp"), ("agri", "sci", "econ")),
    "multi": (("", "Kinh tế – Kỹ thuật"), ("it", "eng", "econ", "edu", "lang", "soc", "agri")),
}
KIND_WEIGHTS = {
    "multi": 5,
    "tech": 4,
    "econ": 4,
    "edu": 2,
    "med": 2,
    "lang": 1,
    "law": 1,
    "agri": 1,
}

# code, name, province, kind, prestige (0–1, drives cutoffs) — modelled on real institutions
KNOWN: tuple[tuple[str, str, str, str, float], ...] = (
    ("BKA", "Đại học Bách khoa Hà Nội", "Hà Nội", "tech", 0.95),
    ("QSB", "Trường Đại học Bách khoa – ĐHQG TP.HCM", "TP Hồ Chí Minh", "tech", 0.93),
    ("NTH", "Trường Đại học Ngoại thương", "Hà Nội", "econ", 0.92),
    ("KHA", "Trường Đại học Kinh tế Quốc dân", "Hà Nội", "econ", 0.9),
    ("YHB", "Trường Đại học Y Hà Nội", "Hà Nội", "med", 0.95),
    ("YDS", "Đại học Y Dược TP. Hồ Chí Minh", "TP Hồ Chí Minh", "med", 0.93),
    ("SPH", "Trường Đại học Sư phạm Hà Nội", "Hà Nội", "edu", 0.85),
    ("SPS", "Trường Đại học Sư phạm TP. Hồ Chí Minh", "TP Hồ Chí Minh", "edu", 0.82),
    ("QHI", "Trường Đại học Công nghệ – ĐHQG Hà Nội", "Hà Nội", "tech", 0.9),
    ("QHT", "Trường Đại học Khoa học Tự nhiên – ĐHQG Hà Nội", "Hà Nội", "multi", 0.85),
    ("QSC", "Trường Đại học Công nghệ Thông tin – ĐHQG TP.HCM", "TP Hồ Chí Minh", "tech", 0.88),
    ("KSA", "Trường Đại học Kinh tế TP. Hồ Chí Minh", "TP Hồ Chí Minh", "econ", 0.87),
    ("LPH", "Trường Đại học Luật Hà Nội", "Hà Nội", "law", 0.85),
    ("LPS", "Trường Đại học Luật TP. Hồ Chí Minh", "TP Hồ Chí Minh", "law", 0.83),
    ("BVH", "Học viện Công nghệ Bưu chính Viễn thông", "Hà Nội", "tech", 0.86),
    ("DCN", "Trường Đại học Công nghiệp Hà Nội", "Hà Nội", "tech", 0.7),
    ("GHA", "Trường Đại học Giao thông Vận tải", "Hà Nội", "tech", 0.72),
    ("TMA", "Trường Đại học Thương mại", "Hà Nội", "econ", 0.78),
    ("NHH", "Học viện Ngân hàng", "Hà Nội", "econ", 0.8),
    ("NHF", "Trường Đại học Hà Nội", "Hà Nội", "lang", 0.82),
    ("HVN", "Học viện Nông nghiệp Việt Nam", "Hà Nội", "agri", 0.55),
    ("DDK", "Trường Đại học Bách khoa – Đại học Đà Nẵng", "Đà Nẵng", "tech", 0.8),
    ("DDQ", "Trường Đại học Kinh tế – Đại học Đà Nẵng", "Đà Nẵng", "econ", 0.75),
    ("DHS", "Trường Đại học Sư phạm – Đại học Huế", "Huế", "edu", 0.65),
    ("DHY", "Trường Đại học Y Dược – Đại học Huế", "Huế", "med", 0.8),
    ("TCT", "Trường Đại học Cần Thơ", "Cần Thơ", "multi", 0.7),
    ("TDV", "Trường Đại học Vinh", "Nghệ An", "multi", 0.6),
    ("HHA", "Trường Đại học Hàng hải Việt Nam", "Hải Phòng", "tech", 0.6),
    ("DTS", "Trường Đại học Sư phạm – Đại học Thái Nguyên", "Thái Nguyên", "edu", 0.6),
    ("DQN", "Trường Đại học Quy Nhơn", "Gia Lai", "multi", 0.55),
    ("TTN", "Trường Đại học Tây Nguyên", "Đắk Lắk", "multi", 0.5),
    ("TDL", "Trường Đại học Đà Lạt", "Lâm Đồng", "multi", 0.5),
    ("TAG", "Trường Đại học An Giang", "An Giang", "multi", 0.5),
    ("SPD", "Trường Đại học Đồng Tháp", "Đồng Tháp", "edu", 0.45),
)

# major code, name, group, popularity (shifts the cutoff), accepted combinations
MAJORS: tuple[tuple[str, str, str, float, tuple[str, ...]], ...] = (
    ("7480201", "Công nghệ thông tin", "it", 2.0, ("A00", "A01", "D01", "D07", "X06", "X26")),
    ("7480101", "Khoa học máy tính", "it", 2.2, ("A00", "A01", "D07", "X06", "X26")),
    ("7480103", "Kỹ thuật phần mềm", "it", 1.8, ("A00", "A01", "D01", "X06")),
    ("7480107", "Trí tuệ nhân tạo", "it", 2.3, ("A00", "A01", "X06", "X26")),
    ("7480102", "Mạng máy tính và truyền thông dữ liệu", "it", 0.8, ("A00", "A01", "D07")),
    ("7520201", "Kỹ thuật điện", "eng", 0.5, ("A00", "A01", "C01", "X06")),
    ("7520103", "Kỹ thuật cơ khí", "eng", 0.0, ("A00", "A01", "C01", "X07")),
    ("7520216", "Kỹ thuật điều khiển và tự động hóa", "eng", 1.5, ("A00", "A01", "X06")),
    ("7520207", "Kỹ thuật điện tử – viễn thông", "eng", 1.0, ("A00", "A01", "D07", "X06")),
    ("7580201", "Kỹ thuật xây dựng", "eng", -1.0, ("A00", "A01", "C01", "D07")),
    ("7510605", "Logistics và quản lý chuỗi cung ứng", "econ", 1.8, ("A00", "A01", "D01", "D07")),
    ("7340101", "Quản trị kinh doanh", "econ", 1.2, ("A00", "A01", "D01", "D07", "X01", "C03")),
    ("7340201", "Tài chính – Ngân hàng", "econ", 1.0, ("A00", "A01", "D01", "D07")),
    ("7340301", "Kế toán", "econ", 0.5, ("A00", "A01", "D01", "C04", "X01", "C03")),
    ("7340115", "Marketing", "econ", 1.9, ("A00", "A01", "D01", "D07", "X78")),
    ("7340122", "Thương mại điện tử", "econ", 1.7, ("A00", "A01", "D01", "X26")),
    ("7310101", "Kinh tế", "econ", 0.8, ("A00", "A01", "D01", "C04", "X01", "C03")),
    ("7810103", "Quản trị dịch vụ du lịch và lữ hành", "econ", 0.0, ("C00", "C03", "D01", "X01")),
    ("7380101", "Luật", "law", 1.5, ("A00", "C00", "D01", "X78", "X01", "C03")),
    ("7380107", "Luật kinh tế", "law", 1.8, ("A00", "A01", "C00", "D01")),
    ("7220201", "Ngôn ngữ Anh", "lang", 1.6, ("D01", "D14", "D15", "X78")),
    ("7220204", "Ngôn ngữ Trung Quốc", "lang", 1.8, ("D01", "D04", "D14", "C00")),
    ("7220209", "Ngôn ngữ Nhật", "lang", 1.0, ("D01", "D06", "D14")),
    ("7220210", "Ngôn ngữ Hàn Quốc", "lang", 1.9, ("D01", "DD2", "D14")),
    ("7720101", "Y khoa", "med", 3.5, ("B00", "A00", "B08")),
    ("7720201", "Dược học", "med", 2.5, ("A00", "B00", "D07")),
    ("7720501", "Răng – Hàm – Mặt", "med", 3.3, ("B00", "B08")),
    ("7720301", "Điều dưỡng", "med", 0.5, ("B00", "B08", "D08", "A00")),
    ("7720601", "Kỹ thuật xét nghiệm y học", "med", 1.2, ("B00", "A00", "D07")),
    ("7140209", "Sư phạm Toán học", "edu", 2.8, ("A00", "A01", "D01", "X06")),
    ("7140217", "Sư phạm Ngữ văn", "edu", 3.0, ("C00", "D01", "D14", "X78")),
    ("7140231", "Sư phạm Tiếng Anh", "edu", 2.7, ("D01", "D14", "D15")),
    ("7140211", "Sư phạm Vật lý", "edu", 2.0, ("A00", "A01", "C01")),
    ("7140212", "Sư phạm Hóa học", "edu", 2.2, ("A00", "B00", "D07")),
    ("7140218", "Sư phạm Lịch sử", "edu", 3.2, ("C00", "D14", "C03")),
    ("7140210", "Sư phạm Tin học", "edu", 0.5, ("A00", "A01", "X06", "X26")),
    ("7140202", "Giáo dục Tiểu học", "edu", 2.4, ("A00", "C00", "D01")),
    ("7460101", "Toán học", "sci", 0.5, ("A00", "A01", "D07")),
    ("7440112", "Hóa học", "sci", -0.5, ("A00", "B00", "D07")),
    ("7420201", "Công nghệ sinh học", "sci", 0.0, ("A00", "B00", "B08", "D08")),
    ("7540101", "Công nghệ thực phẩm", "agri", -0.5, ("A00", "B00", "D07", "D08")),
    ("7620101", "Nông nghiệp", "agri", -2.0, ("A00", "B00", "B02", "D08")),
    ("7850101", "Quản lý tài nguyên và môi trường", "agri", -1.5, ("A00", "B00", "C04", "D01")),
    ("7310401", "Tâm lý học", "soc", 1.5, ("B00", "C00", "D01", "D14")),
    ("7320104", "Truyền thông đa phương tiện", "soc", 2.2, ("A01", "C00", "D01", "D14")),
    ("7229030", "Văn học", "soc", 0.8, ("C00", "D01", "D14", "D15")),
    ("7310630", "Việt Nam học", "soc", -0.5, ("C00", "C03", "D01", "D14", "X70")),
)
SUFFIXES = (("", ""), ("CLC", " (chất lượng cao)"), ("TT", " (tiên tiến)"), ("QT", " (quốc tế)"))
TIES: tuple[tuple[TiePolicy, float], ...] = (
    ("preference_order", 0.6),
    ("admit_all_tied", 0.25),
    ("subject", 0.15),
)


@dataclass(frozen=True, slots=True, eq=False)
class Catalog:
    """One generated catalog; ``programmes`` are ordered by (institution code, admission code)."""

    year: int
    version: str
    institutions: tuple[Institution, ...]
    programmes: tuple[Programme, ...]
    generated_in_ms: int
    by_code: dict[str, Institution] = field(compare=False, repr=False)
    by_key: dict[tuple[str, str], Programme] = field(compare=False, repr=False)

    def institution(self, code: str) -> Institution | None:
        return self.by_code.get(code.strip().upper())

    def programme(self, institution_code: str, code: str) -> Programme | None:
        return self.by_key.get((institution_code.strip().upper(), code.strip().upper()))


def _round(value: float, step: float) -> Decimal:
    return (Decimal(round(value / step)) * Decimal(str(step))).quantize(TWO)


def _allocate(total: int, weights: list[float]) -> list[int]:
    """At least one programme each, the rest by weight (largest remainder)."""
    spare = total - len(weights)
    raw = [w / sum(weights) * spare for w in weights]
    counts = [1 + math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - math.floor(raw[i]), reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _institutions(rng: random.Random, count: int) -> list[tuple[str, str, str, str, float]]:
    """Known institutions first, then invented ones named after a kind and a province."""
    chosen = list(KNOWN[:count])
    used = {c for c, *_ in chosen}
    names = {n for _, n, *_ in chosen}
    places = [p.name for p in provinces()]
    kinds = list(KIND_WEIGHTS)
    while len(chosen) < count:
        kind = rng.choices(kinds, weights=list(KIND_WEIGHTS.values()))[0]
        place = rng.choice(places)
        stem = rng.choice(KINDS[kind][0])
        name = " ".join(x for x in ("Trường Đại học", stem, place) if x)
        n = 2
        while name in names:
            name = f"{' '.join(x for x in ('Trường Đại học', stem, place) if x)} – cơ sở {n}"
            n += 1
        code = "".join(rng.choice("ABCDEGHKLMNPQSTVXY") for _ in range(3))
        if code in used:
            continue
        used.add(code)
        names.add(name)
        chosen.append((code, name, place, kind, round(rng.betavariate(2, 4), 3)))
    return chosen


def _programmes(
    rng: random.Random, inst: tuple[str, str, str, str, float], count: int, floor: Decimal
) -> list[Programme]:
    code, _, _, kind, prestige = inst
    groups = KINDS[kind][1]
    majors = [m for m in MAJORS if m[2] in groups]
    rng.shuffle(majors)
    majors.sort(key=lambda m: groups.index(m[2]) > 0)  # the institution's own field first
    made: list[Programme] = []
    for index in range(count):
        major, name, group, popularity, combos = majors[index % len(majors)]
        round_no = index // len(majors)
        if round_no < len(SUFFIXES):
            suffix, label = SUFFIXES[round_no]
        else:
            suffix, label = f"CT{round_no}", f" (chương trình {round_no})"
        accepted = [c for c in combos if subjects.combination(c) is not None]
        teacher = major.startswith("714")
        prog_floor = max(floor, Decimal(19) if teacher else Decimal(0))
        if group == "med" and popularity > 2:
            prog_floor = max(prog_floor, Decimal("20.5"))
        elif rng.random() < 0.2:
            prog_floor = max(prog_floor, _round(rng.uniform(16, 19), 0.5))
        cutoff: Decimal | None = None
        if rng.random() > 0.05:  # a few programmes are new this year
            raw = 14.5 + 11 * prestige + popularity + (0.8 if suffix else 0) + rng.gauss(0, 1.2)
            cutoff = min(Decimal("29.90"), max(prog_floor, _round(raw, 0.05)))
        tie = rng.choices([t for t, _ in TIES], weights=[w for _, w in TIES])[0]
        tie_subject = None
        if tie == "subject":
            tie_subject = "VA" if group in ("edu", "law", "soc") else "TO"
        made.append(
            Programme(
                institution_code=code,
                code=major + suffix,
                major_code=major,
                name=name + label,
                quota=10 * min(60, max(3, round(rng.lognormvariate(2.3 + 0.15 * popularity, 0.5)))),
                combinations=accepted,
                teacher_training=teacher,
                floor_score=prog_floor.quantize(TWO),
                tie_policy=tie,
                tie_subject=tie_subject,
                last_year_cutoff=cutoff,
            )
        )
    return sorted(made, key=lambda p: p.code)


@lru_cache(maxsize=8)
def build_catalog(seed: int, year: int, institutions: int, programmes: int) -> Catalog:
    """The catalog for these parameters; same parameters, same catalog (and same version)."""
    started = time.perf_counter()
    institutions = max(1, institutions)
    programmes = max(programmes, institutions)
    rng = random.Random(f"catalog/{GENERATOR}/{seed}/{year}/{institutions}/{programmes}")
    rs = load_ruleset(year)
    floor = rs.exam_total_threshold or Decimal(15)
    by_name = {p.name: p for p in provinces()}
    chosen = _institutions(rng, institutions)
    weights = [0.3 + p * 2 + rng.random() for *_, p in chosen]
    counts = _allocate(programmes, weights)
    made: list[Programme] = []
    rows: list[Institution] = []
    for inst, count in sorted(zip(chosen, counts, strict=True)):
        made.extend(_programmes(rng, inst, count, floor.quantize(TWO)))
        province = by_name[inst[2]]
        rows.append(
            Institution(
                code=inst[0],
                name=inst[1],
                province_code=province.code,
                province_name=province.name,
                programme_count=count,
            )
        )
    payload = json.dumps(
        [[i.model_dump(mode="json") for i in rows], [p.model_dump(mode="json") for p in made]],
        sort_keys=True,
        ensure_ascii=False,
    )
    version = hashlib.sha256(f"{year}:{payload}".encode()).hexdigest()[:20]
    elapsed = round((time.perf_counter() - started) * 1000)
    return Catalog(
        year,
        version,
        tuple(rows),
        tuple(made),
        elapsed,
        by_code={i.code: i for i in rows},
        by_key={(p.institution_code, p.code): p for p in made},
    )


# -- serving ------------------------------------------------------------------------------------


def generated_catalog(settings: MockSettings, year: int) -> Catalog:
    """The catalog as generated, before any withdrawal."""
    return build_catalog(
        settings.seed, year, settings.catalog_institutions, settings.catalog_programmes
    )


def catalog_for(settings: MockSettings, year: int) -> Catalog:
    """The catalog as served now: generated, less what an administrator withdrew."""
    base = generated_catalog(settings, year)
    gone = withdrawn(settings, year)
    return _without(base, gone) if gone else base


# -- run-time withdrawals (demo and test) ---------------------------------------------------------
# Keyed by the instance's settings object (kept alive here, so its id is never reused): every
# module reaches the catalog through ``catalog_for(inst.settings, …)``, so one instance's
# change reaches all of them and never another instance. Memory only: a restart forgets it.
_WITHDRAWN: dict[int, tuple[MockSettings, dict[int, frozenset[tuple[str, str]]]]] = {}
_WITHDRAWN_LOCK = threading.Lock()


def withdrawn(settings: MockSettings, year: int) -> frozenset[tuple[str, str]]:
    with _WITHDRAWN_LOCK:
        held = _WITHDRAWN.get(id(settings))
        return held[1].get(year, frozenset()) if held else frozenset()


def withdraw(settings: MockSettings, year: int, institution_code: str, code: str) -> bool:
    """Take one programme out of the served catalog; False if it was already out.
    The caller checked that the generated catalog has it."""
    key = (institution_code.strip().upper(), code.strip().upper())
    with _WITHDRAWN_LOCK:
        _, by_year = _WITHDRAWN.setdefault(id(settings), (settings, {}))
        before = by_year.get(year, frozenset())
        by_year[year] = before | {key}
        return key not in before


def restore_catalog(settings: MockSettings) -> None:
    """Serve the generated catalog again (every year)."""
    with _WITHDRAWN_LOCK:
        _WITHDRAWN.pop(id(settings), None)


@lru_cache(maxsize=32)
def _without(base: Catalog, gone: frozenset[tuple[str, str]]) -> Catalog:
    programmes = tuple(p for p in base.programmes if (p.institution_code, p.code) not in gone)
    counts: dict[str, int] = {}
    for p in programmes:
        counts[p.institution_code] = counts.get(p.institution_code, 0) + 1
    rows = tuple(
        i.model_copy(update={"programme_count": counts.get(i.code, 0)}) for i in base.institutions
    )
    marks = ",".join(f"{i}/{c}" for i, c in sorted(gone))
    version = hashlib.sha256(f"{base.version}-{marks}".encode()).hexdigest()[:20]
    return Catalog(
        base.year,
        version,
        rows,
        programmes,
        base.generated_in_ms,
        by_code={i.code: i for i in rows},
        by_key={(p.institution_code, p.code): p for p in programmes},
    )


def encode_cursor(version: str, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{version}:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str, version: str) -> int | None:
    """The offset in ``cursor``; ``None`` if it is garbage or from another catalog version."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        made_for, offset = raw.rsplit(":", 1)
        value = int(offset)
    except ValueError:
        return None
    return value if made_for == version and value >= 0 else None


def select_programmes(
    catalog: Catalog, institution: str | None = None, query: str | None = None
) -> tuple[Programme, ...]:
    """Programmes of one institution and/or whose code or name contains the folded ``query``."""
    found = catalog.programmes
    if institution:
        code = institution.strip().upper()
        found = tuple(p for p in found if p.institution_code == code)
    if query and (needle := fold(query)):
        found = tuple(
            p
            for p in found
            if needle in fold(f"{p.code} {p.name} {p.institution_code}")
            or needle in fold(catalog.by_code[p.institution_code].name)
        )
    return found
