"""VietQR bank-transfer codes: EMVCo merchant-presented QR as profiled by NAPAS (DOMAIN.md §12).

A code is a flat string of data objects ``ID(2) LEN(2, decimal) VALUE``; templates (38, 62) nest
the same format. The last object, 63, is a CRC-16/CCITT-FALSE over everything before its value,
**including the literal "6304"**. Banking apps refuse a code whose CRC, lengths or GUID are wrong,
so :func:`parse_payload` checks the same things and says which one failed, in English and in
Vietnamese, so that staff can tell a damaged scan from a code made for another scheme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from exam_client.domain.names import strip_diacritics

NAPAS_GUID = "A000000727"
SERVICES = ("QRIBFTTA", "QRIBFTTC", "QRPUSH")  # to account, to card, merchant payment
CURRENCY_VND = "704"  # ISO 4217 numeric
COUNTRY_VN = "VN"
PURPOSE_MAX = 25  # 62/08 limit in the NAPAS field table (DOMAIN.md §12)
ACCOUNT_MAX = 19
AMOUNT_MAX_DIGITS = 13  # EMVCo length limit of ID 54
_MANDATORY = ("00", "01", "38", "53", "58", "63")
_BIN = re.compile(r"\d{6}")
_ACCOUNT = re.compile(rf"[0-9A-Za-z]{{1,{ACCOUNT_MAX}}}")

Initiation = Literal["static", "dynamic"]
_INITIATION: dict[str, Initiation] = {"11": "static", "12": "dynamic"}


class VietQrError(ValueError):
    """A code that cannot be built or read; ``reason`` gives English and Vietnamese."""

    def __init__(self, code: str, reason_en: str, reason_vi: str) -> None:
        self.code = code
        self.reason_en = reason_en
        self.reason_vi = reason_vi
        self.reason = f"{reason_en} / {reason_vi}"
        super().__init__(self.reason)


@dataclass(frozen=True, slots=True)
class VietQrPayload:
    initiation: Initiation
    bin: str
    account: str
    service: str
    currency: str
    amount: int | None
    country: str
    purpose: str | None
    raw: dict[str, str]  # every top-level ID → value, in payload order


def _make_crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
        table.append(crc & 0xFFFF)
    return tuple(table)


_CRC_TABLE = _make_crc_table()


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, not reflected, no final XOR.

    Not the reflected 0x8408 variant (KERMIT) that some public code uses by mistake (DOMAIN.md §12).
    """
    crc = 0xFFFF
    for byte in data:
        crc = ((crc << 8) & 0xFFFF) ^ _CRC_TABLE[(crc >> 8) ^ byte]
    return crc


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def _check_bin(bin: str) -> str:
    if not _BIN.fullmatch(bin):
        raise VietQrError(
            "vietqr.bin",
            f"Bank BIN must be 6 digits, got {bin!r}.",
            f"Mã BIN ngân hàng phải gồm 6 chữ số (đang là “{bin}”).",
        )
    return bin


def _check_account(account: str) -> str:
    if not _ACCOUNT.fullmatch(account):
        raise VietQrError(
            "vietqr.account",
            f"Account or card number must be 1–{ACCOUNT_MAX} letters or digits, got {account!r}.",
            f"Số tài khoản/số thẻ phải gồm 1–{ACCOUNT_MAX} chữ số hoặc chữ cái, không dấu cách "
            f"(đang là “{account}”).",
        )
    return account


def _check_service(service: str) -> str:
    if service not in SERVICES:
        raise VietQrError(
            "vietqr.service",
            f"Unknown NAPAS service code {service!r}; expected one of {', '.join(SERVICES)}.",
            f"Mã dịch vụ NAPAS “{service}” không hợp lệ; phải là một trong {', '.join(SERVICES)}.",
        )
    return service


def _check_amount(amount: int) -> int:
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount < 10**13:
        raise VietQrError(
            "vietqr.amount",
            f"Amount must be a whole number of đồng from 1 to {AMOUNT_MAX_DIGITS} digits, got "
            f"{amount!r}; leave it out for an open amount.",
            f"Số tiền phải là số đồng nguyên dương, tối đa {AMOUNT_MAX_DIGITS} chữ số (đang là "
            f"{amount!r}); bỏ trống nếu người chuyển tự nhập số tiền.",
        )
    return amount


def normalize_purpose(purpose: str) -> str:
    """Transfer content as banks carry it: no diacritics, single spaces, printable ASCII, ≤ 25.

    Vietnamese diacritics are stripped (DOMAIN.md §12) because many banking apps drop or garble
    them; case is kept since reconciliation codes are often upper case.
    """
    text = " ".join(strip_diacritics(purpose).split())
    bad = sorted({c for c in text if not " " <= c <= "~"})
    if bad:
        shown = " ".join(bad)
        raise VietQrError(
            "vietqr.purpose_chars",
            f"Transfer content may contain only Latin letters, digits and ASCII punctuation; "
            f"remove: {shown}",
            f"Nội dung chuyển khoản chỉ được có chữ cái Latin, chữ số và dấu câu thông thường; "
            f"hãy bỏ: {shown}",
        )
    if len(text) > PURPOSE_MAX:
        raise VietQrError(
            "vietqr.purpose_length",
            f"Transfer content is {len(text)} characters after removing diacritics; the limit "
            f"is {PURPOSE_MAX}: {text!r}",
            f"Nội dung chuyển khoản (đã bỏ dấu) dài {len(text)} ký tự, tối đa {PURPOSE_MAX} "
            f"ký tự: “{text}”",
        )
    return text


def build_transfer_payload(
    bin: str,
    account: str,
    amount: int | None,
    purpose: str,
    *,
    service: str = "QRIBFTTA",
    dynamic: bool = True,
) -> str:
    """The string to encode in the QR image for a transfer to ``account`` at bank ``bin``.

    ``dynamic`` marks a one-off code (initiation 12) rather than a reusable one (11); an amount of
    ``None`` leaves ID 54 out so that the payer types it; an empty purpose leaves 62 out.
    """
    beneficiary = _tlv("00", _check_bin(bin)) + _tlv("01", _check_account(account))
    merchant = (
        _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", _check_service(service))
    )
    parts = [_tlv("00", "01"), _tlv("01", "12" if dynamic else "11"), _tlv("38", merchant)]
    parts.append(_tlv("53", CURRENCY_VND))
    if amount is not None:
        parts.append(_tlv("54", str(_check_amount(amount))))
    parts.append(_tlv("58", COUNTRY_VN))
    content = normalize_purpose(purpose)
    if content:
        parts.append(_tlv("62", _tlv("08", content)))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('utf-8')):04X}"


def _split_tlvs(data: str, where: str) -> list[tuple[str, str, int]]:
    """(ID, value, offset of the ID) for each data object; ``where`` names the template."""
    objects: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(data):
        header = data[pos : pos + 4]
        if len(header) < 4:
            raise VietQrError(
                "vietqr.truncated",
                f"{where}: data object at position {pos} is cut off ({header!r}).",
                f"{where}: đối tượng dữ liệu tại vị trí {pos} bị cắt cụt (“{header}”).",
            )
        tag, length = header[:2], header[2:]
        if not (tag.isascii() and tag.isdigit()):
            raise VietQrError(
                "vietqr.bad_id",
                f"{where}: ID at position {pos} must be two digits, found {tag!r}.",
                f"{where}: mã trường tại vị trí {pos} phải là 2 chữ số (đang là “{tag}”).",
            )
        if not (length.isascii() and length.isdigit()) or length == "00":
            raise VietQrError(
                "vietqr.bad_length",
                f"{where}: length of ID {tag} at position {pos} must be 01–99, found {length!r}.",
                f"{where}: độ dài của trường {tag} tại vị trí {pos} phải từ 01 đến 99 "
                f"(đang là “{length}”).",
            )
        value = data[pos + 4 : pos + 4 + int(length)]
        if len(value) < int(length):
            raise VietQrError(
                "vietqr.truncated",
                f"{where}: ID {tag} declares {int(length)} characters but only {len(value)} "
                "remain.",
                f"{where}: trường {tag} khai báo dài {int(length)} ký tự nhưng chỉ còn "
                f"{len(value)} ký tự.",
            )
        if any(tag == seen for seen, _, _ in objects):
            raise VietQrError(
                "vietqr.duplicate",
                f"{where}: ID {tag} appears twice.",
                f"{where}: trường {tag} xuất hiện hai lần.",
            )
        objects.append((tag, value, pos))
        pos += 4 + int(length)
    return objects


def _require(objects: dict[str, str], tags: tuple[str, ...], where: str) -> None:
    for tag in tags:
        if tag not in objects:
            raise VietQrError(
                "vietqr.missing",
                f"{where}: mandatory ID {tag} is missing.",
                f"{where}: thiếu trường bắt buộc {tag}.",
            )


def _check_crc(payload: str, objects: list[tuple[str, str, int]]) -> None:
    tag, found, offset = objects[-1]
    if tag != "63":
        raise VietQrError(
            "vietqr.crc_not_last",
            "The CRC (ID 63) must be the last data object.",
            "Mã kiểm tra CRC (trường 63) phải nằm cuối cùng.",
        )
    if not re.fullmatch(r"[0-9A-Fa-f]{4}", found):
        raise VietQrError(
            "vietqr.crc_format",
            f"The CRC (ID 63) must be 4 hexadecimal digits, found {found!r}.",
            f"Mã kiểm tra CRC (trường 63) phải gồm 4 chữ số hệ 16 (đang là “{found}”).",
        )
    expected = f"{crc16_ccitt_false(payload[: offset + 4].encode('utf-8')):04X}"
    if found.upper() != expected:
        raise VietQrError(
            "vietqr.crc_mismatch",
            f"CRC mismatch: expected {expected}, found {found}. The code is damaged or altered.",
            f"Sai mã kiểm tra CRC: đúng phải là {expected}, trong mã là {found}. Mã QR bị hỏng "
            "hoặc đã bị sửa.",
        )


def parse_payload(payload: str) -> VietQrPayload:
    """Read a scanned VietQR string; raise :class:`VietQrError` naming the first fault."""
    objects = _split_tlvs(payload, "QR")
    top = {tag: value for tag, value, _ in objects}
    _require(top, ("00", "63"), "QR")
    if objects[0][:2] != ("00", "01"):
        raise VietQrError(
            "vietqr.format_indicator",
            f"The code must start with ID 00 = 01 (EMVCo payload format), found {payload[:6]!r}.",
            f"Mã phải bắt đầu bằng trường 00 = 01 (định dạng EMVCo), đang là “{payload[:6]}”.",
        )
    _check_crc(payload, objects)
    _require(top, _MANDATORY, "QR")
    if top["01"] not in _INITIATION:
        raise VietQrError(
            "vietqr.initiation",
            f"ID 01 (initiation method) must be 11 (static) or 12 (dynamic), found {top['01']!r}.",
            f"Trường 01 (phương thức khởi tạo) phải là 11 (tĩnh) hoặc 12 (động), "
            f"đang là “{top['01']}”.",
        )
    merchant = {tag: value for tag, value, _ in _split_tlvs(top["38"], "38")}
    _require(merchant, ("00", "01", "02"), "38")
    if merchant["00"] != NAPAS_GUID:
        raise VietQrError(
            "vietqr.guid",
            f"ID 38.00 must be the NAPAS GUID {NAPAS_GUID}, found {merchant['00']!r}: "
            "not a VietQR transfer code.",
            f"Trường 38.00 phải là mã định danh NAPAS {NAPAS_GUID} (đang là “{merchant['00']}”): "
            "đây không phải mã VietQR chuyển khoản.",
        )
    beneficiary = {tag: value for tag, value, _ in _split_tlvs(merchant["01"], "38.01")}
    _require(beneficiary, ("00", "01"), "38.01")
    if top["53"] != CURRENCY_VND:
        raise VietQrError(
            "vietqr.currency",
            f"ID 53 (currency) must be {CURRENCY_VND} (VND), found {top['53']!r}.",
            f"Trường 53 (loại tiền tệ) phải là {CURRENCY_VND} (VND), đang là “{top['53']}”.",
        )
    amount = None
    if "54" in top:
        if not top["54"].isascii() or not top["54"].isdigit():
            raise VietQrError(
                "vietqr.amount_format",
                f"ID 54 (amount) must be whole đồng in digits, found {top['54']!r}.",
                f"Trường 54 (số tiền) phải là số đồng nguyên, chỉ gồm chữ số "
                f"(đang là “{top['54']}”).",
            )
        amount = _check_amount(int(top["54"]))
    if not re.fullmatch(r"[A-Z]{2}", top["58"]):
        raise VietQrError(
            "vietqr.country",
            f"ID 58 (country) must be two capital letters, found {top['58']!r}.",
            f"Trường 58 (mã quốc gia) phải gồm 2 chữ cái in hoa (đang là “{top['58']}”).",
        )
    additional = {tag: v for tag, v, _ in _split_tlvs(top.get("62", ""), "62")}
    return VietQrPayload(
        initiation=_INITIATION[top["01"]],
        bin=_check_bin(beneficiary["00"]),
        account=_check_account(beneficiary["01"]),
        service=_check_service(merchant["02"]),
        currency=top["53"],
        amount=amount,
        country=top["58"],
        purpose=additional.get("08"),
        raw=top,
    )
