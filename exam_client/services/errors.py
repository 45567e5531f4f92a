"""Errors the UI handles, re-exported so the UI never imports ``api`` or ``storage``.

Transport errors come from :mod:`exam_client.api.errors`; the use-case errors are defined here.
All carry ``message_vi`` for the person at the screen.
"""

from __future__ import annotations

from exam_client.api.errors import (
    AccountLocked,
    ApiError,
    AuthError,
    Conflict,
    Forbidden,
    InvalidCredentials,
    NetworkError,
    NotFound,
    ServerError,
    SessionExpired,
    SlowDown,
    ValidationFailed,
)
from exam_client.domain.problems import Problem

__all__ = [
    "AccountLocked",
    "ApiError",
    "AuthError",
    "CitizenNotFound",
    "Conflict",
    "Forbidden",
    "InvalidCitizenId",
    "InvalidCredentials",
    "NetworkError",
    "NotFound",
    "OfflineNotCached",
    "ServerError",
    "ServiceError",
    "SessionExpired",
    "SlowDown",
    "ValidationFailed",
]


class ServiceError(Exception):
    message_vi = "Đã có lỗi xảy ra."

    def __init__(self, message: str = "", *, message_vi: str | None = None) -> None:
        super().__init__(message or type(self).__name__)
        if message_vi:
            self.message_vi = message_vi


class InvalidCitizenId(ServiceError):
    """The typed ID is malformed; no request was sent."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message_en, message_vi=problems[0].message_vi)
        self.problems = problems


class CitizenNotFound(ServiceError):
    message_vi = (
        "Không có công dân với số định danh này trong Cơ sở dữ liệu quốc gia về dân cư. "
        "Hãy đối chiếu lại với thẻ căn cước."
    )


class OfflineNotCached(ServiceError):
    message_vi = (
        "Đang mất kết nối tới máy chủ và máy này chưa lưu dữ liệu của công dân này. "
        "Hãy tra cứu lại khi có mạng."
    )
