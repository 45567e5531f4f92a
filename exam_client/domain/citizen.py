"""A person as the population register knows them.

The client caches these records; it never edits them. Where the school's data differs from the
register, the difference is shown, not silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from exam_client.domain.cccd import Gender, mask_cccd

GENDER_VI: dict[Gender, str] = {"male": "Nam", "female": "Nữ"}


@dataclass(frozen=True, slots=True)
class Citizen:
    cccd: str
    full_name: str
    date_of_birth: date
    gender: Gender
    birth_province_code: str
    birth_province_name: str
    ethnicity: str
    residence_province_code: str
    residence_province_name: str
    residence_commune_code: str
    residence_commune_name: str
    updated_at: datetime

    @property
    def gender_vi(self) -> str:
        return GENDER_VI[self.gender]

    @property
    def residence(self) -> str:
        return f"{self.residence_commune_name}, {self.residence_province_name}"

    def masked_cccd(self) -> str:
        return mask_cccd(self.cccd)
