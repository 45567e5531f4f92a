"""RFC 9457 problem details for every error the mock returns, and their OpenAPI description.

Clients (and people) get one shape for every failure: ``application/problem+json`` with a
stable ``code``, ``type = PROBLEM_BASE + code``, a Vietnamese ``title``/``detail`` and, for
field problems, ``errors``. Framework errors (unknown route, wrong method, malformed request
body) and unexpected exceptions are translated here too, so no HTML page, bare ``{"detail"}``
or stack trace ever reaches a client.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from exam_client.api.contract import (
    PROBLEM_BASE,
    PROBLEM_CONTENT_TYPE,
    ProblemDetails,
    ProblemField,
)
from exam_client.domain.problems import Problem

log = logging.getLogger(__name__)

_HTTP_TITLES: dict[int, tuple[str, str, str]] = {
    400: ("http.bad_request", "Yêu cầu không hợp lệ", "Máy chủ không hiểu yêu cầu này."),
    401: ("auth.missing", "Chưa đăng nhập", "Hãy đăng nhập để tiếp tục."),
    403: ("auth.forbidden", "Không có quyền", "Tài khoản không có quyền thực hiện thao tác này."),
    404: ("http.not_found", "Không tìm thấy", "Không có địa chỉ này trên máy chủ."),
    405: (
        "http.method_not_allowed",
        "Phương thức không được hỗ trợ",
        "Địa chỉ này không hỗ trợ phương thức yêu cầu.",
    ),
    406: ("http.not_acceptable", "Định dạng không được hỗ trợ", "Máy chủ chỉ trả về JSON."),
    413: ("http.too_large", "Yêu cầu quá lớn", "Nội dung gửi lên vượt quá giới hạn."),
    415: (
        "http.unsupported_media_type",
        "Định dạng nội dung không được hỗ trợ",
        "Hãy gửi nội dung JSON.",
    ),
    429: ("http.too_many_requests", "Quá nhiều yêu cầu", "Hãy thử lại sau ít phút."),
    500: (
        "server.error",
        "Lỗi máy chủ",
        "Máy chủ gặp sự cố khi xử lý yêu cầu. Đây không phải lỗi của bạn; hãy thử lại sau.",
    ),
}

_VALIDATION_VI: dict[str, str] = {
    "missing": "Thiếu trường bắt buộc.",
    "string_too_short": "Giá trị quá ngắn.",
    "string_too_long": "Giá trị quá dài.",
    "string_type": "Giá trị phải là chuỗi ký tự.",
    "extra_forbidden": "Trường này không được phép.",
    "json_invalid": "Nội dung gửi lên không phải JSON hợp lệ.",
    "model_attributes_type": "Nội dung phải là một đối tượng JSON.",
    "dict_type": "Nội dung phải là một đối tượng JSON.",
    "int_parsing": "Giá trị phải là số nguyên.",
}


class ApiProblem(Exception):
    """Raise anywhere in a request to answer with one problem+json response."""

    def __init__(
        self,
        status: int,
        code: str,
        title: str,
        detail: str | None = None,
        *,
        errors: Sequence[ProblemField] = (),
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.errors = list(errors)
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})

    def details(self) -> ProblemDetails:
        return ProblemDetails(
            type=PROBLEM_BASE + self.code,
            title=self.title,
            status=self.status,
            detail=self.detail,
            code=self.code,
            errors=self.errors,
            **self.extra,
        )


def field_problems(problems: Iterable[Problem]) -> list[ProblemField]:
    """Domain problems (from ``exam_client.domain``) as wire ``errors`` entries."""
    return [
        ProblemField(
            field=p.field,
            code=p.code,
            message=p.message_vi,
            message_en=p.message_en,
            article=p.article,
        )
        for p in problems
    ]


def problem_response(problem: ApiProblem) -> JSONResponse:
    body = problem.details().model_dump(mode="json", exclude_none=True)
    return JSONResponse(
        body, status_code=problem.status, headers=problem.headers, media_type=PROBLEM_CONTENT_TYPE
    )


def http_problem(status: int, headers: Mapping[str, str] | None = None) -> ApiProblem:
    code, title, detail = _HTTP_TITLES.get(
        status, (f"http.{status}", "Yêu cầu không thành công", None)
    )
    return ApiProblem(status, code, title, detail, headers=headers)


def _validation_field(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_problem(exc: RequestValidationError) -> ApiProblem:
    """422 with one ``errors`` entry per failing field; the submitted values are never echoed."""
    errors = []
    for err in exc.errors():
        kind = str(err.get("type", "value_error"))
        errors.append(
            ProblemField(
                field="body" if kind == "json_invalid" else _validation_field(err.get("loc", ())),
                code=f"request.{kind}",
                message=_VALIDATION_VI.get(kind, "Giá trị không hợp lệ."),
                message_en=str(err.get("msg", "invalid value")),
            )
        )
    return ApiProblem(
        422,
        "request.invalid",
        "Dữ liệu gửi lên không hợp lệ",
        "Hãy sửa các trường được nêu rồi gửi lại.",
        errors=errors,
    )


async def _on_api_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiProblem)
    return problem_response(exc)


async def _on_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem_response(http_problem(exc.status_code, exc.headers))


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem_response(validation_problem(exc))


async def _on_data_error(request: Request, exc: Exception) -> JSONResponse:
    # PostgreSQL refuses text it cannot store (a NUL byte) where SQLite accepts it: the same
    # answer on both databases, and never a 500 for bad input.
    return problem_response(
        ApiProblem(
            422,
            "request.invalid",
            "Dữ liệu gửi lên không hợp lệ",
            "Dữ liệu gửi lên có ký tự không hợp lệ (ví dụ ký tự NUL). Hãy nhập lại.",
        )
    )


class CatchAllMiddleware:
    """Turn any unhandled exception into a 500 problem (logged here, never sent to the client).

    Sits inside Starlette's ``ServerErrorMiddleware`` so the framework never renders its own
    plain-text 500 page nor logs the request a second time.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            log.error(
                "unhandled %s in %s %s",
                type(exc).__name__,
                scope.get("method"),
                getattr(scope.get("route"), "path", "?"),
            )
            log.debug("unhandled exception", exc_info=exc)
            if started:
                raise
            await problem_response(http_problem(500))(scope, receive, send)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiProblem, _on_api_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(DataError, _on_data_error)
    app.add_middleware(CatchAllMiddleware)


# -- OpenAPI -------------------------------------------------------------------------------

_DESCRIPTIONS = {
    401: "Chưa đăng nhập, phiên không hợp lệ hoặc đã hết hạn (auth.missing, auth.invalid, "
    "auth.expired, auth.invalid_credentials)",
    403: "Vai trò không được phép (auth.forbidden)",
    404: "Không tìm thấy",
    422: "Dữ liệu không hợp lệ; từng trường trong errors",
    423: "Tài khoản tạm khoá sau nhiều lần đăng nhập sai (auth.locked; Retry-After)",
    500: "Lỗi máy chủ",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` entries for a route; 500 is always included."""
    return {
        status: {"model": ProblemDetails, "description": _DESCRIPTIONS.get(status, "Lỗi")}
        for status in (*statuses, 500)
    }


def problem_media_types(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare error bodies as ``application/problem+json`` (FastAPI writes application/json)."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status.isdigit() and int(status) >= 400 and "application/json" in content:
                    content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
    return schema
