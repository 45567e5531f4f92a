"""Vietnamese personal names: cleaning, search keys, school sort order and masking.

Names reach us typed at a kiosk, pasted from Excel on Windows (NFC) or on a Mac (NFD, letters
and tone marks as separate code points), or exported in upper case. Everything here treats those
spellings of one name alike, because a candidate must be found and listed the same way whoever
typed the name.

The sort key follows the CLDR ``vi`` collation that ICU (and so ``QCollator(QLocale("vi_VN"))``)
uses, reimplemented in pure Python because the domain package may not import Qt:

* primary: letters in the Vietnamese alphabet order ``a ă â b c d đ e ê (f) g h i (j) k l m n o ô
  ơ p q r s t u ư v (w) x y (z)``; ICU root puts whitespace, then punctuation and symbols, then
  digits before letters;
* secondary: tones, **no tone < huyền < hỏi < ngã < sắc < nặng** (CLDR ``vi``:
  ``&̀<<̉<<̃<<́<<̣``), compared left to right over the whole word (no French backwards accents);
* tertiary: lower case before upper case, again left to right.

Other text is ordered approximately, which is enough for names: non-ASCII punctuation after all
ASCII punctuation (ICU puts "–" next to "-"), letters of other scripts and stroked letters such as
ð and ø after z by code point (ICU: after d and o). Tests pin exact ICU agreement for the
Vietnamese alphabet with f j w z, all tones, both cases, ASCII punctuation, whitespace and digits.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CollationKey = tuple[str, str, str]
"""(primary, secondary, tertiary) weight strings; compare as a tuple."""

# Zero-width characters and the BOM that spreadsheets and chat apps leave inside names.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_SEGMENT = re.compile(r"([-'’])")

_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
_TONES = (_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT)  # CLDR vi order, weakest first
# Letters made of a base and a modifier are separate letters, not accented variants.
_MODIFIED = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# ICU root order of ASCII whitespace, punctuation and symbols (read once from ICU 73).
_WHITESPACE = "\t\n\v\f\r\x85 "
_PUNCTUATION = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"

# Weight units. Primaries: one char each; the prefixes 0x40 / 0x1000 start a two-char unit for
# text we order only approximately, keeping the encoding prefix-free and order-preserving.
_PRIMARY_OF: dict[str, str] = {}
for _i, _ch in enumerate(_WHITESPACE):
    _PRIMARY_OF[_ch] = chr(0x10 + _i)
for _i, _ch in enumerate(_PUNCTUATION):
    _PRIMARY_OF[_ch] = chr(0x20 + _i)
for _i in range(10):
    _PRIMARY_OF[str(_i)] = chr(0x50 + _i)
for _i, _ch in enumerate(_ALPHABET):
    _PRIMARY_OF[_ch] = chr(0x60 + _i)
_OTHER_SYMBOL, _OTHER_LETTER = "\x40", "\u1000"
_COMMON, _UPPER, _VARIANT = "\x01", "\x02", "\x03"
_SECONDARY_OF_TONE = {tone: chr(2 + i) for i, tone in enumerate(_TONES)}


def _mark_weight(mark: str) -> str:
    return _SECONDARY_OF_TONE.get(mark) or chr(0x100 + ord(mark))


@lru_cache(maxsize=4096)
def _char_weights(ch: str) -> CollationKey:
    """Weights of one NFC character: base letter (maybe a modified letter) plus its marks."""
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf") and ch not in _WHITESPACE:
        return ("", "", "")  # ignorable, as in ICU
    decomposed = unicodedata.normalize("NFKD", ch)
    tertiary_base = _COMMON if decomposed == unicodedata.normalize("NFD", ch) else _VARIANT
    primary, secondary, tertiary = [], [], []
    marks = [c for c in decomposed if unicodedata.combining(c)]
    for base in (c for c in decomposed if not unicodedata.combining(c)):
        lower = base.lower()
        for mark in marks:  # discontiguous, as ICU: ặ is a + dot below + breve in NFD
            if (lower, mark) in _MODIFIED:
                lower = _MODIFIED[lower, mark]
                marks.remove(mark)
                break
        if lower in _PRIMARY_OF:
            primary.append(_PRIMARY_OF[lower])
        elif base.isdigit():
            primary.append(_PRIMARY_OF[str(unicodedata.digit(base))])
        elif unicodedata.category(base)[0] in "PSZ":
            primary.append(_OTHER_SYMBOL + base)
        else:
            primary.append(_OTHER_LETTER + base)
        secondary.append(_COMMON)
        tertiary.append(_UPPER if base.isupper() else tertiary_base)
    for mark in marks:
        secondary.append(_mark_weight(mark))
        tertiary.append(_COMMON)
    return ("".join(primary), "".join(secondary), "".join(tertiary))


def _latin_chars() -> list[str]:
    ranges = ((0x00, 0x250), (0x300, 0x370), (0x1E00, 0x1F00))
    return [chr(i) for lo, hi in ranges for i in range(lo, hi)]


def _build_tables() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    primary, secondary, tertiary = {}, {}, {}
    for ch in _latin_chars():
        p, s, t = _char_weights(ch)
        primary[ord(ch)], secondary[ord(ch)], tertiary[ord(ch)] = p, s, t
    return primary, secondary, tertiary


_PRIMARY_TABLE, _SECONDARY_TABLE, _TERTIARY_TABLE = _build_tables()
_KNOWN = frozenset(map(chr, _PRIMARY_TABLE))


def _build_strip_tables() -> tuple[dict[int, str | None], dict[int, str | None]]:
    """Case-keeping and case-folding maps from Latin letters to ASCII, built once at import."""
    keep: dict[int, str | None] = {}
    for ch in _latin_chars():
        if unicodedata.combining(ch):
            keep[ord(ch)] = None
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        ascii_form = "".join(c for c in decomposed if not unicodedata.combining(c))
        if ascii_form and ascii_form != ch and ascii_form.isascii():
            keep[ord(ch)] = ascii_form
    # đ/Đ (and Ð/ð, which legacy converters emit instead of them) have no decomposition.
    keep.update({ord("đ"): "d", ord("Đ"): "D", ord("ð"): "d", ord("Ð"): "D"})
    keep.update(_INVISIBLE)
    folded = {k: (v.lower() if v is not None else None) for k, v in keep.items()}
    folded.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
    return keep, folded


_STRIP_TABLE, _FOLD_TABLE = _build_strip_tables()


def clean_text(text: str) -> str:
    """NFC, invisible characters removed, whitespace runs collapsed, ends trimmed.

    NFC first so that a name pasted from a Mac (NFD) compares and stores like the same name typed
    on Windows; the zero-width characters are dropped because they make equal names unequal.
    """
    return " ".join(unicodedata.normalize("NFC", text.translate(_INVISIBLE)).split())


def _capitalize_word(word: str) -> str:
    # Ê Đê / Gia Rai names capitalise after an apostrophe or hyphen: "H'Hen Niê", "Y-Moan".
    return "".join(part.capitalize() for part in _SEGMENT.split(word))


def clean_name(text: str) -> str:
    """A name as written on documents: "nguyễn  văn AN" → "Nguyễn Văn An".

    Upper-case exports and lower-case typing both become the form printed on the ID card list.
    """
    return " ".join(_capitalize_word(w) for w in clean_text(text).split(" "))


def strip_diacritics(text: str) -> str:
    """Remove tones and letter modifiers but keep case and spacing ("Đặng Ánh" → "Dang Anh").

    For channels that only carry ASCII (bank transfer content, old systems). Characters with no
    Latin base are left unchanged, so the caller decides whether to reject them.
    """
    return text.translate(_STRIP_TABLE)


def fold(text: str) -> str:
    """Search key: no diacritics, lower case, đ → d, single spaces, ASCII only.

    Built for search-as-you-type over 100 000 names: the common case is one ``str.translate``
    with a precomputed table and one split/join, with no per-character Python code. Text the
    table does not cover (other scripts, compatibility forms) takes a slower path and characters
    with no ASCII form are dropped, so the key is always ASCII and ``fold(fold(x)) == fold(x)``.
    """
    folded = text.translate(_FOLD_TABLE)
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded.casefold()).translate(_FOLD_TABLE)
        folded = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(folded.split())


def collation_key(text: str) -> CollationKey:
    """Sort key equal in order to ICU's ``vi`` collation at tertiary strength (see module doc)."""
    s = unicodedata.normalize("NFC", text)
    if _KNOWN.issuperset(s):
        return (
            s.translate(_PRIMARY_TABLE),
            s.translate(_SECONDARY_TABLE),
            s.translate(_TERTIARY_TABLE),
        )
    parts = [_char_weights(ch) for ch in s]
    return (
        "".join(p for p, _, _ in parts),
        "".join(w for _, w, _ in parts),
        "".join(t for _, _, t in parts),
    )


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given): first word, the words between, last word.

    A single word is taken as the given name, because that is the part lists are sorted by.
    Compound family names (Tôn Thất, Âu Dương) are not recognised; the middle part then starts
    with the second syllable, which keeps the school order stable anyway.
    """
    words = clean_text(full_name).split()
    if not words:
        return ("", "", "")
    if len(words) == 1:
        return ("", "", words[0])
    return (words[0], " ".join(words[1:-1]), words[-1])


def school_sort_key(full_name: str) -> tuple[CollationKey, CollationKey, CollationKey]:
    """Vietnamese class-list order: given name, then middle name(s), then family name.

    Each part is compared completely (letters, then tones, then case) before the next one, so all
    "An" come before all "Án", as on class lists, where pupils are grouped by given name.
    """
    family, middle, given = split_name(full_name)
    return (collation_key(given), collation_key(middle), collation_key(family))


def mask_name(full_name: str) -> str:
    """Initials only, for logs: "Nguyễn Văn An" → "N. V. A."."""
    return " ".join(word[0].upper() + "." for word in clean_text(full_name).split())
