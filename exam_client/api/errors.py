"""Typed exceptions for everything a program must handle when talking to the ministry.

Each carries a Vietnamese message a person can act on (``message_vi``); ``str(exc)`` is English
for logs. Validation problems a person must fix travel as data in :attr:`ValidationFailed.problems`.
A message never blames the user for a fault of the system.
"""

from __future__ import annotations

from exam_client.domain.problems import Problem


class ApiError(Exception):
    message_vi = "Có lỗi khi làm việc với máy chủ của Bộ. Hãy thử lại sau ít phút."

    def __init__(
        self,
        message: str = "",
        *,
        message_vi: str | None = None,
        status: int | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message or type(self).__name__)
        if message_vi:
            self.message_vi = message_vi
        self.status = status
        self.code = code


class NetworkError(ApiError):
    """The server could not be reached or did not answer in time: work offline."""

    message_vi = "Không kết nối được máy chủ. Ứng dụng đang làm việc ngoại tuyến."


class ServerError(ApiError):
    """The server failed (5xx) or answered something that is not our protocol."""

    message_vi = "Máy chủ đang gặp sự cố hoặc trả về dữ liệu không hợp lệ. Hãy thử lại sau."


class SlowDown(ApiError):
    """429/503: the server is overloaded; retry after ``retry_after`` seconds. Not a failure."""

    message_vi = "Hệ thống đang quá tải. Ứng dụng sẽ tự thử lại sau ít phút."

    def __init__(
        self, message: str = "", *, retry_after: float | None = None, **kw: object
    ) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.retry_after = retry_after


class AuthError(ApiError):
    """401: no valid session. Sign in again."""

    message_vi = "Phiên làm việc không hợp lệ. Hãy đăng nhập lại."


class InvalidCredentials(AuthError):
    message_vi = "Tên đăng nhập hoặc mật khẩu không đúng."


class AccountLocked(AuthError):
    message_vi = "Tài khoản tạm thời bị khoá do đăng nhập sai nhiều lần. Hãy thử lại sau."

    def __init__(
        self, message: str = "", *, retry_after: float | None = None, **kw: object
    ) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.retry_after = retry_after


class SessionExpired(AuthError):
    message_vi = "Phiên làm việc đã hết hạn. Hãy đăng nhập lại."


class Forbidden(ApiError):
    message_vi = "Tài khoản của bạn không có quyền thực hiện thao tác này."


class NotFound(ApiError):
    message_vi = "Không tìm thấy dữ liệu yêu cầu trên máy chủ."


class Conflict(ApiError):
    message_vi = "Dữ liệu đã bị thay đổi ở nơi khác. Hãy xem lại trước khi lưu."


class ValidationFailed(ApiError):
    """422: the server's rules engine found problems a person must fix."""

    message_vi = "Dữ liệu chưa hợp lệ. Hãy sửa các mục được đánh dấu."

    def __init__(self, message: str = "", *, problems: list[Problem], **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.problems = problems
