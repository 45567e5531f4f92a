"""Request and response bodies of the ministry API.

This module is the contract: the mock ministry (``ministry_mock``) serves exactly these models and
the client parses them. Changing a field here changes both sides. Errors use RFC 9457 problem
details (``application/problem+json``), see :class:`ProblemDetails`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

API_VERSION = "1"
PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://mock.ministry.invalid/problems/"

Role = Literal["staff", "candidate", "admin"]
Gender = Literal["male", "female"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProblemField(_Model):
    """One problem with one field, as the rules engine reports it."""

    field: str
    code: str
    message: str = Field(description="Vietnamese message for the person at the screen")
    message_en: str | None = None
    article: str | None = None


class ProblemDetails(BaseModel):
    """RFC 9457 problem details. ``type`` is ``PROBLEM_BASE + code``."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    code: str | None = Field(default=None, description="stable machine-readable code")
    errors: list[ProblemField] = Field(default_factory=list)


class Health(_Model):
    status: Literal["ok"]
    version: str
    api_version: str = API_VERSION
    server_time: AwareDatetime


class LoginRequest(_Model):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class RefreshRequest(_Model):
    refresh_token: str = Field(min_length=1, max_length=512)


class TokenPair(_Model):
    access_token: str
    refresh_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - a scheme name
    expires_in: int = Field(description="seconds until the access token expires")
    refresh_expires_in: int
    role: Role
    username: str
    display_name: str
    school_code: str | None = Field(
        default=None, description="province code (2) + school code (3) for staff"
    )
    school_name: str | None = None
    must_change_password: bool = Field(
        default=False,
        description="the password is still the one a school issued: change it before going on",
    )


class LogoutRequest(_Model):
    refresh_token: str = Field(min_length=1, max_length=512)


class PasswordChange(_Model):
    old_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)


class CandidateAccountRequest(_Model):
    """A school (staff) issues, or re-issues, a candidate's kiosk account."""

    cccd: str = Field(pattern=r"^\d{12}$")


class IssuedCandidateAccount(_Model):
    """The one time the initial password is shown: the school prints it for the candidate."""

    username: str
    initial_password: str
    must_change_password: bool = True
    reissued: bool = False


VneidState = Literal["pending", "approved"]


class VneidSessionStart(_Model):
    """A VNeID sign-in waiting for the citizen's phone.

    ``qr_payload`` goes on the screen (the phone needs it to approve); ``poll_token`` never
    does: only the kiosk that asked may collect the tokens.
    """

    session_id: str
    poll_token: str
    qr_payload: str
    expires_at: AwareDatetime
    poll_interval_s: float = 2.0


class VneidApproval(_Model):
    """What the VNeID app sends after the citizen confirmed on the phone (demo: a button).

    ``code`` comes from the QR; ``cccd`` is the citizen VNeID identified (demo: omitted means
    the published demo candidate)."""

    code: str = Field(min_length=8, max_length=128)
    cccd: str | None = Field(default=None, pattern=r"^\d{12}$")


class VneidSessionStatus(_Model):
    """``approved`` carries the token pair exactly once; afterwards the session is gone (410)."""

    state: VneidState
    expires_at: AwareDatetime
    tokens: TokenPair | None = None


class CitizenRecord(_Model):
    """A person as the population register knows them (read-only for the client)."""

    cccd: str = Field(pattern=r"^\d{12}$")
    full_name: str
    date_of_birth: date
    gender: Gender
    birth_province_code: str = Field(description="3-digit CCCD province code of birth registration")
    birth_province_name: str
    ethnicity: str
    residence_province_code: str = Field(description="code of one of the 34 post-2025 provinces")
    residence_province_name: str
    residence_commune_code: str
    residence_commune_name: str
    updated_at: AwareDatetime
