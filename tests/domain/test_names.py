"""Vietnamese names: cleaning, folding, school order, masking (DOMAIN.md §2.2 item 1, full name).

The sort order is checked against ICU itself through ``QCollator(QLocale("vi_VN"))`` (the domain
module may not import Qt, its tests may). CLDR ``vi`` tailoring: ``&̀<<̉<<̃<<́<<̣`` (tones),
``&a<ă<â``, ``&d<đ``, ``&e<ê``, ``&o<ô<ơ``, ``&u<ư`` (letters).
"""

from __future__ import annotations

import functools
import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QCollator, QLocale

from exam_client.domain.names import (
    clean_name,
    clean_text,
    collation_key,
    fold,
    mask_name,
    school_sort_key,
    split_name,
    strip_diacritics,
)

ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"  # the 29 letters of the Vietnamese alphabet
FOREIGN = "fjwz"
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # ngang huyền hỏi ngã sắc nặng
# Common names, for the school-order test (space-separated to keep the file readable).
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh".split()  # noqa: SIM905
MIDDLE = "Văn Thị Ngọc Minh Hữu Đức Thanh Quang Xuân Thu Hồng Bảo Gia Khánh Mỹ Ánh".split()  # noqa: SIM905
GIVEN = (  # noqa: SIM905
    "An Ân Anh Ánh Ảnh Bảo Bình Châu Chi Cường Dũng Duy Đạt Điệp Giang Hà Hạ Hải Hằng Hiền "
    "Hưng Khoa Lan Linh Long Mai My Mỹ Nga Ngà Ngân Ngọc Nhung Oanh Phúc Phước Quân Quyên Sơn "
    "Tâm Thảo Thư Trang Trâm Tú Tuấn Uyên Vy Xuân Yến"
).split()


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.fixture(scope="module")
def collator() -> QCollator:
    c = QCollator(QLocale("vi_VN"))
    assert c.caseSensitivity().name == "CaseSensitive"  # tertiary strength, like the domain key
    return c


# --- cleaning ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Nguyễn   Văn\tAn \n", "Nguyễn Văn An"),  # §2.2: typed at a kiosk
        (nfd("Đặng Thị Ánh"), "Đặng Thị Ánh"),  # pasted from a Mac (NFD)
        ("Lê\u00a0Thu\u200bHà\ufeff", "Lê ThuHà"),  # NBSP is a space; zero-width chars vanish
        ("", ""),
    ],
)
def test_clean_text_normalises_space_and_composition(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    assert unicodedata.is_normalized("NFC", clean_text(raw))


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("nguyễn  văn AN", "Nguyễn Văn An"),  # §2.2 item 1
        ("ĐẶNG THỊ NGỌC ÁNH", "Đặng Thị Ngọc Ánh"),  # upper-case export
        ("đỗ ưng", "Đỗ Ưng"),  # đ and ư capitalise as letters of their own
        ("h'hen niê", "H'Hen Niê"),  # Ê Đê name: capital after the apostrophe
        ("y-moan ênuôl", "Y-Moan Ênuôl"),
        ("", ""),
    ],
)
def test_clean_name_capitalises_each_word(raw: str, name: str) -> None:
    assert clean_name(raw) == name
    assert clean_name(nfd(raw)) == name  # NFD input gives the identical string


# --- folding -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Đặng Thị Ngọc Ánh", "dang thi ngoc anh"),  # §2.2 item 1
        (nfd("Đặng Thị Ngọc Ánh"), "dang thi ngoc anh"),
        ("  NGUYỄN   Hữu  Phước ", "nguyen huu phuoc"),
        ("Ưng Ơn Ẩn Ễ Ỵ", "ung on an e y"),
        ("Ðoàn ðức", "doan duc"),  # eth, emitted by legacy converters instead of Đ/đ
        ("Straße", "strasse"),  # slow path: casefold
        ("Ｎｇｕｙễｎ", "nguyen"),  # slow path: full-width compatibility forms
        ("Lý 李 An", "ly an"),  # no ASCII form: dropped
        ("ᴬn", "an"),  # compatibility capital decomposes to upper case; still lower-cased
    ],
)
def test_fold_drops_diacritics_case_and_extra_space(text: str, key: str) -> None:
    assert fold(text) == key


def test_strip_diacritics_keeps_case_and_spacing() -> None:
    assert strip_diacritics("Ủng hộ  ĐỒNG bào") == "Ung ho  DONG bao"
    assert strip_diacritics(nfd("Phước Đức")) == "Phuoc Duc"
    assert strip_diacritics("Lý 李") == "Ly 李"  # left for the caller to reject


vietnamese_text = st.text(
    alphabet=st.sampled_from(
        sorted({unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES})
        + list(ALPHABET + ALPHABET.upper() + " \t-'")
    )
)


@given(st.one_of(vietnamese_text, st.text()))
def test_fold_is_idempotent_ascii_and_lower(text: str) -> None:
    key = fold(text)
    assert key.isascii()
    assert key == key.lower()
    assert fold(key) == key
    assert "  " not in key
    assert key == key.strip()


@given(vietnamese_text)
def test_fold_keeps_one_letter_per_vietnamese_letter(text: str) -> None:
    # Each Vietnamese letter (with any tone) folds to exactly one ASCII letter.
    assert sum(c.isalpha() for c in fold(text)) == sum(c.isalpha() for c in text)
    assert fold(text) == fold(nfd(text)) == fold(text.upper())


# --- splitting and masking ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("Nguyễn Văn An", ("Nguyễn", "Văn", "An")),  # §2.2 item 1
        ("  Trần   Thị Ngọc  Ánh ", ("Trần", "Thị Ngọc", "Ánh")),
        ("Lê Na", ("Lê", "", "Na")),
        ("Bình", ("", "", "Bình")),
        ("", ("", "", "")),
    ],
)
def test_split_name(full: str, parts: tuple[str, str, str]) -> None:
    assert split_name(full) == parts


@pytest.mark.parametrize(
    ("full", "masked"),
    [
        ("Nguyễn Văn An", "N. V. A."),
        ("đặng  thị ánh", "Đ. T. Á."),
        ("", ""),
    ],
)
def test_mask_name_keeps_initials_only(full: str, masked: str) -> None:
    assert mask_name(full) == masked


# --- collation against ICU ---------------------------------------------------------------------


def icu_sorted(words: list[str], collator: QCollator) -> list[str]:
    return sorted(words, key=collator.sortKey)


def test_tone_order_is_cldr_vi() -> None:
    # CLDR vi: ngang < huyền < hỏi < ngã < sắc < nặng; then the modified letters ă, â.
    words = ["ạ", "a", "ã", "ă", "á", "à", "â", "ả", "b"]
    assert sorted(words, key=collation_key) == ["a", "à", "ả", "ã", "á", "ạ", "ă", "â", "b"]


@pytest.mark.parametrize(
    "words",
    [
        ["aḅ", "àb", "ab"],  # tones compared left to right, not French backwards
        ["An", "an", "aN", "àn"],  # case only after tones, lower first
        ["ặ", "Ặ", "ă", "ạ", "a", "Ă"],  # ặ is ă + nặng, not a + nặng + breve
        ["đa", "Đa", "da", "dz", "e"],  # đ is a letter between d and e
        ["ơ", "ô", "o", "ờ", "ở", "p", "ư", "ừ", "u", "v"],
        ["a b", "a-b", "ab", "a'b", "a\tb"],  # whitespace < punctuation < letters
        ["3", "٣", "2", "4", "a"],  # other decimal digits weigh like ASCII ones
        ["α", "z", "–", "a", "3", "李", "ά"],  # other scripts after Latin, symbols before digits
        ["a\u200bb", "ac", "aa"],  # zero-width space is ignorable
        ["\u0301", "a", ""],  # a lone combining mark has no primary weight
    ],
)
def test_edge_cases_agree_with_icu(words: list[str], collator: QCollator) -> None:
    assert sorted(words, key=collation_key) == icu_sorted(words, collator)


def test_ascii_punctuation_and_digits_agree_with_icu(collator: QCollator) -> None:
    chars = [chr(i) for i in range(0x20, 0x7F)] + ["\t", "\n", "\r"]
    words = [f"{c}a" for c in chars] + [f"a{c}" for c in chars]
    assert sorted(words, key=collation_key) == icu_sorted(words, collator)


def random_words(count: int, seed: int) -> list[str]:
    """Words over all letters, tones and both cases, crowded onto few spellings.

    A small primary alphabet per word makes many words differ only in tones and case, which is
    where the secondary and tertiary levels decide.
    """
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < count:
        letters = rng.choice([ALPHABET + FOREIGN, VOWELS, "anh", "ưo"])
        chars = []
        for _ in range(rng.randint(1, 6)):
            ch = rng.choice(letters)
            if ch in VOWELS:
                ch = unicodedata.normalize("NFC", ch + rng.choice(TONES))
            chars.append(ch.upper() if rng.random() < 0.3 else ch)
            if rng.random() < 0.05:
                chars.append(rng.choice(" -'"))
        words.add("".join(chars))
    return sorted(words)  # set order is not stable across runs


def test_random_words_sort_like_icu(collator: QCollator) -> None:
    words = random_words(6000, seed=2025)
    seen = {unicodedata.normalize("NFD", w)[:1].lower() for w in words}
    seen |= {unicodedata.normalize("NFC", c.lower()) for w in words for c in w}
    assert set(ALPHABET + FOREIGN) <= seen  # every letter occurs
    assert all(any(t in nfd(w) for w in words) for t in TONES[1:])  # every tone occurs
    expected = icu_sorted(words, collator)
    assert expected != sorted(words)  # the sample needs more than code-point order
    assert sorted(words, key=collation_key) == expected
    # Mac (NFD) spelling sorts exactly like the Windows (NFC) one.
    assert all(collation_key(nfd(w)) == collation_key(w) for w in words)


def realistic_names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    names = []
    for _ in range(count):
        middle = " ".join(rng.sample(MIDDLE, rng.randint(0, 2)))
        name = " ".join(p for p in (rng.choice(FAMILY), middle, rng.choice(GIVEN)) if p)
        names.append(name.upper() if rng.random() < 0.02 else name)
    return names


def test_school_order_is_given_then_middle_then_family_by_icu(collator: QCollator) -> None:
    names = realistic_names(5000, seed=7)

    def parts(full: str) -> tuple[str, str, str]:
        words = full.split()
        return words[-1], " ".join(words[1:-1]), words[0]

    def compare(a: str, b: str) -> int:
        # QCollator.compare part by part: QCollatorSortKey has no value equality in every
        # PySide6 release, so tuples of sort keys would not compare as intended.
        for x, y in zip(parts(a), parts(b), strict=True):
            if result := collator.compare(x, y):
                return result
        return 0

    expected = sorted(names, key=functools.cmp_to_key(compare))
    assert expected != sorted(names, key=collator.sortKey)  # not full-name order
    assert sorted(names, key=school_sort_key) == expected


@pytest.mark.parametrize(
    "ordered",
    [
        ["Lê Văn An", "Trần Thị Án", "Nguyễn Ánh"],  # given name decides first, tones included
        ["Trần Ánh", "Nguyễn Thị Ánh", "Bùi Văn Ánh"],  # then middle ("" < Thị < Văn)
        ["Đỗ Văn Bình", "Võ Văn Bình"],  # then family: D/Đ before V
        ["Bình", "Lê Bình"],  # one-word name: empty family first
    ],
)
def test_school_order_examples(ordered: list[str]) -> None:
    assert sorted(ordered[1:] + ordered[:1], key=school_sort_key) == ordered
