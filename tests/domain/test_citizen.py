from __future__ import annotations

from datetime import UTC, date, datetime

from exam_client.domain.citizen import Citizen


def test_citizen_display_helpers() -> None:
    c = Citizen(
        cccd="001308012345",
        full_name="Đặng Thị Ngọc Ánh",
        date_of_birth=date(2008, 3, 1),
        gender="female",
        birth_province_code="001",
        birth_province_name="Hà Nội",
        ethnicity="Kinh",
        residence_province_code="01",
        residence_province_name="Hà Nội",
        residence_commune_code="00001",
        residence_commune_name="Phường Ba Đình",
        updated_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert c.gender_vi == "Nữ"
    assert c.residence == "Phường Ba Đình, Hà Nội"
    assert c.masked_cccd() == "001******345"
