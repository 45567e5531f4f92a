"""VietQR transfer codes: CRC, building, parsing and every rejection (DOMAIN.md §12)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from exam_client.domain.names import strip_diacritics
from exam_client.domain.vietqr import (
    PURPOSE_MAX,
    VietQrError,
    build_transfer_payload,
    crc16_ccitt_false,
    normalize_purpose,
    parse_payload,
)

# §12: verified test vector (subiz/vietqr), CRC recomputed with CRC-16/CCITT-FALSE.
VECTOR = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
    "530370454061200005802VN62170813ung ho lu lut6304C15C"
)


def with_crc(body: str) -> str:
    """Append a correct CRC so that a test reaches the check it is about."""
    body += "6304"
    return body + f"{crc16_ccitt_false(body.encode()):04X}"


@pytest.mark.parametrize(
    ("data", "crc"),
    [
        (b"123456789", 0x29B1),  # §12: CRC-16/CCITT-FALSE check value
        (b"", 0xFFFF),  # init value, no final XOR
        (VECTOR[:-4].encode(), 0xC15C),  # §12: CRC covers the literal "6304"
    ],
)
def test_crc16_ccitt_false(data: bytes, crc: int) -> None:
    assert crc16_ccitt_false(data) == crc


def test_crc_is_not_the_reflected_kermit_variant() -> None:  # §12 pitfall: poly 0x8408
    assert crc16_ccitt_false(b"123456789") != 0x2189


def test_vector_parses_to_the_documented_fields() -> None:  # §12 "Parsed:"
    p = parse_payload(VECTOR)
    assert (p.initiation, p.bin, p.account, p.service) == (
        "dynamic",
        "970415",
        "0011001932418",
        "QRIBFTTA",
    )
    assert (p.currency, p.amount, p.country, p.purpose) == ("704", 120_000, "VN", "ung ho lu lut")
    assert list(p.raw) == ["00", "01", "38", "53", "54", "58", "62", "63"]
    assert p.raw["63"] == "C15C"


def test_vector_rebuilds_byte_identical() -> None:  # §12
    p = parse_payload(VECTOR)
    rebuilt = build_transfer_payload(
        p.bin, p.account, p.amount, p.purpose or "", service=p.service, dynamic=True
    )
    assert rebuilt == VECTOR


def test_static_code_without_amount_or_purpose() -> None:  # §12: 01=11, 54 and 62 omitted
    payload = build_transfer_payload("970436", "1234567890", None, "  ", dynamic=False)
    assert payload.startswith("000201010211")
    assert "5303704" + "5802VN" + "6304" in payload
    p = parse_payload(payload)
    assert (p.initiation, p.amount, p.purpose) == ("static", None, None)
    assert "54" not in p.raw
    assert "62" not in p.raw


@pytest.mark.parametrize(
    ("purpose", "carried"),
    [
        ("Ủng hộ  lũ lụt", "Ung ho lu lut"),  # §12: diacritics stripped, case kept
        ("Lệ phí xét tuyển NV1-15", "Le phi xet tuyen NV1-15"),  # §7 fee payment content
        ("ĐĂNG KÝ 079208001234", "DANG KY 079208001234"),
        ("x" * PURPOSE_MAX, "x" * PURPOSE_MAX),  # §12: exactly 25 is allowed
    ],
)
def test_purpose_is_carried_without_diacritics(purpose: str, carried: str) -> None:
    assert normalize_purpose(purpose) == carried
    payload = build_transfer_payload("970418", "12345", 15_000, purpose, service="QRIBFTTA")
    assert parse_payload(payload).purpose == carried


@pytest.mark.parametrize(
    ("kwargs", "code", "vi_hint"),
    [
        ({"bin": "97041"}, "vietqr.bin", "6 chữ số"),
        ({"bin": "97041a"}, "vietqr.bin", "6 chữ số"),
        ({"account": ""}, "vietqr.account", "1–19"),
        ({"account": "1" * 20}, "vietqr.account", "1–19"),
        ({"account": "123 456"}, "vietqr.account", "không dấu cách"),
        ({"service": "QRIBFTTX"}, "vietqr.service", "Mã dịch vụ"),
        ({"amount": 0}, "vietqr.amount", "nguyên dương"),
        ({"amount": -15_000}, "vietqr.amount", "nguyên dương"),
        ({"amount": 10**13}, "vietqr.amount", "13 chữ số"),
        ({"amount": True}, "vietqr.amount", "nguyên dương"),
        ({"amount": 1.5}, "vietqr.amount", "nguyên dương"),
        ({"purpose": "x" * (PURPOSE_MAX + 1)}, "vietqr.purpose_length", "tối đa 25"),
        ({"purpose": "Lệ phí xét tuyển đại học 2025"}, "vietqr.purpose_length", "dài 29"),
        ({"purpose": "Ủng hộ 李"}, "vietqr.purpose_chars", "李"),
        ({"purpose": "phí 15.000₫"}, "vietqr.purpose_chars", "₫"),
    ],
)
def test_build_rejects_bad_input_with_a_clear_reason(
    kwargs: dict[str, object], code: str, vi_hint: str
) -> None:
    args: dict[str, object] = {
        "bin": "970415",
        "account": "0011001932418",
        "amount": 120_000,
        "purpose": "ung ho",
    }
    args.update(kwargs)
    with pytest.raises(VietQrError) as err:
        build_transfer_payload(**args)  # type: ignore[arg-type]
    assert err.value.code == code
    assert vi_hint in err.value.reason_vi
    assert err.value.reason == f"{err.value.reason_en} / {err.value.reason_vi}"
    assert str(err.value) == err.value.reason


def replace_38(template: str) -> str:
    """The vector with its merchant template (38) replaced, re-sealed with a correct CRC."""
    head = "000201010212"
    tail = "530370454061200005802VN62170813ung ho lu lut"
    return with_crc(head + f"38{len(template):02d}" + template + tail)


def sub(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


GOOD_BENEFICIARY = sub("00", "970415") + sub("01", "0011001932418")
GOOD_38 = sub("00", "A000000727") + sub("01", GOOD_BENEFICIARY) + sub("02", "QRIBFTTA")


def with_beneficiary(beneficiary: str) -> str:
    """Template 38 around a given 38.01 value (its length field recomputed)."""
    return sub("00", "A000000727") + sub("01", beneficiary) + sub("02", "QRIBFTTA")


VECTOR_BODY = VECTOR[:-8]  # everything before "6304C15C"


@pytest.mark.parametrize(
    ("payload", "code", "en_hint", "vi_hint"),
    [
        # §12: each data object is ID(2) LEN(2, decimal) VALUE
        ("", "vietqr.missing", "ID 00", "trường bắt buộc 00"),
        ("000", "vietqr.truncated", "cut off", "cắt cụt"),
        ("0002", "vietqr.truncated", "declares 2", "chỉ còn 0"),
        ("0A0201", "vietqr.bad_id", "two digits", "2 chữ số"),
        ("00AB01", "vietqr.bad_length", "01–99", "từ 01 đến 99"),
        ("0000", "vietqr.bad_length", "'00'", "“00”"),
        (VECTOR[:-1], "vietqr.truncated", "declares 4", "chỉ còn 3"),
        ("000201" + "000201" + VECTOR[12:], "vietqr.duplicate", "twice", "hai lần"),
        (VECTOR.replace("000201", "000202", 1), "vietqr.format_indicator", "'000202'", "00 = 01"),
        ("010212" + VECTOR[:6] + VECTOR[12:], "vietqr.format_indicator", "start", "bắt đầu"),
        # §12: 63 is the last object, 4 upper-case hex digits, CRC-16/CCITT-FALSE
        (VECTOR_BODY, "vietqr.missing", "ID 63", "trường bắt buộc 63"),
        (VECTOR + "000", "vietqr.truncated", "cut off", "cắt cụt"),
        (VECTOR + "5802VN", "vietqr.duplicate", "ID 58", "58"),
        (VECTOR[:-8] + "6304C15C" + "5902AB", "vietqr.crc_not_last", "last", "cuối cùng"),
        (VECTOR[:-4] + "C15G", "vietqr.crc_format", "hexadecimal", "hệ 16"),
        (VECTOR_BODY + "6305C15C0", "vietqr.crc_format", "4 hexadecimal", "4 chữ số"),
        (VECTOR[:-4] + "C15D", "vietqr.crc_mismatch", "expected C15C, found C15D", "C15C"),
        (VECTOR.replace("lu lut", "lu lat"), "vietqr.crc_mismatch", "expected", "bị hỏng"),
        # §12 mandatory objects, checked once the CRC is right
        (with_crc("000201" + VECTOR[12:-8]), "vietqr.missing", "ID 01", "01"),
        (with_crc(VECTOR_BODY.replace("5802VN", "")), "vietqr.missing", "ID 58", "58"),
        (with_crc(VECTOR_BODY.replace("5303704", "")), "vietqr.missing", "ID 53", "53"),
        (with_crc(VECTOR_BODY.replace("010212", "010213")), "vietqr.initiation", "11", "tĩnh"),
        (with_crc(VECTOR_BODY.replace("5303704", "5303840")), "vietqr.currency", "840", "704"),
        (with_crc(VECTOR_BODY.replace("5802VN", "5802vn")), "vietqr.country", "capital", "in hoa"),
        (
            with_crc(VECTOR_BODY.replace("5406120000", "5409120000.00")),
            "vietqr.amount_format",
            "'120000.00'",
            "số đồng nguyên",
        ),
        (with_crc(VECTOR_BODY.replace("5406120000", "54010")), "vietqr.amount", "got 0", "0"),
        # §12: template 38 = {00 GUID A000000727, 01 {00 BIN, 01 account}, 02 service}
        (replace_38(GOOD_38.replace("A000000727", "A000000728")), "vietqr.guid", "728", "NAPAS"),
        (replace_38(GOOD_38[:-12]), "vietqr.missing", "38: mandatory ID 02", "38:"),
        (replace_38(GOOD_38 + "03"), "vietqr.truncated", "38:", "38:"),
        (
            replace_38(GOOD_38.replace("QRIBFTTA", "QRIBFTTZ")),
            "vietqr.service",
            "QRIBFTTZ",
            "NAPAS",
        ),
        (
            replace_38(with_beneficiary("0006970415" + "0113" + "0011")),
            "vietqr.truncated",
            "38.01:",
            "38.01:",
        ),
        (
            replace_38(with_beneficiary(sub("00", "970415") + "0100")),
            "vietqr.bad_length",
            "38.01:",
            "38.01:",
        ),
        (
            replace_38(with_beneficiary(sub("00", "970415"))),
            "vietqr.missing",
            "38.01: mandatory ID 01",
            "38.01:",
        ),
        (
            replace_38(GOOD_38.replace("970415", "97041X")),
            "vietqr.bin",
            "6 digits",
            "6 chữ số",
        ),
        (
            with_crc(VECTOR_BODY.replace("62170813ung ho lu lut", "62040813")),
            "vietqr.truncated",
            "62:",
            "62:",
        ),
    ],
)
def test_parse_rejects_with_a_clear_reason(
    payload: str, code: str, en_hint: str, vi_hint: str
) -> None:
    with pytest.raises(VietQrError) as err:
        parse_payload(payload)
    assert err.value.code == code, err.value.reason
    assert en_hint in err.value.reason_en
    assert vi_hint in err.value.reason_vi


def test_parse_accepts_lower_case_crc_and_62_without_purpose() -> None:
    assert parse_payload(VECTOR[:-4] + "c15c").amount == 120_000
    p = parse_payload(with_crc(VECTOR_BODY.replace("62170813ung ho lu lut", "62070103ABC")))
    assert p.purpose is None
    assert p.raw["62"] == "0103ABC"


purposes = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyĐƯÁỆỢ ờ-.0123456789")),
    max_size=40,
)


@given(
    bin=st.from_regex(r"\A\d{6}\Z"),
    account=st.from_regex(r"\A[0-9A-Za-z]{1,19}\Z"),
    amount=st.none() | st.integers(min_value=1, max_value=10**13 - 1),
    purpose=purposes,
    service=st.sampled_from(["QRIBFTTA", "QRIBFTTC", "QRPUSH"]),
    dynamic=st.booleans(),
)
def test_build_then_parse_round_trips(
    bin: str, account: str, amount: int | None, purpose: str, service: str, dynamic: bool
) -> None:
    carried = " ".join(strip_diacritics(purpose).split())
    assume(len(carried) <= PURPOSE_MAX)
    payload = build_transfer_payload(
        bin, account, amount, purpose, service=service, dynamic=dynamic
    )
    p = parse_payload(payload)
    assert (p.bin, p.account, p.amount, p.service) == (bin, account, amount, service)
    assert p.initiation == ("dynamic" if dynamic else "static")
    assert p.purpose == (carried or None)
    assert p.purpose is None or p.purpose.isascii()
    again = build_transfer_payload(
        p.bin, p.account, p.amount, p.purpose or "", service=p.service, dynamic=dynamic
    )
    assert again == payload
    assert payload.endswith(p.raw["63"])
    assert p.raw["63"] == p.raw["63"].upper()


@given(purpose=st.text(alphabet=st.sampled_from("aăâđêôơưÁỆỢ-.09"), min_size=26, max_size=60))
def test_long_purpose_is_refused_not_cut(purpose: str) -> None:
    # No spaces, so stripping diacritics keeps every character: always > 25.
    with pytest.raises(VietQrError) as err:
        build_transfer_payload("970415", "1", None, purpose)
    assert err.value.code == "vietqr.purpose_length"


@given(position=st.integers(min_value=0, max_value=len(VECTOR) - 5), data=st.data())
def test_any_single_character_change_is_detected(position: int, data: st.DataObject) -> None:
    replacement = data.draw(st.sampled_from("0123456789ABCDEFXYZ abc"))
    assume(VECTOR[position] != replacement)
    damaged = VECTOR[:position] + replacement + VECTOR[position + 1 :]
    with pytest.raises(VietQrError):
        parse_payload(damaged)
