"""``MinistryClient``: the one place the client speaks HTTP to the ministry.

* connect and read timeouts on every call;
* retries (with backoff, honouring ``Retry-After``) only for idempotent methods — a POST is never
  replayed here, the outbox owns re-sending with idempotency keys;
* bearer auth; an expired access token is refreshed once and the call repeated;
* problem+json answers mapped to the typed exceptions of :mod:`exam_client.api.errors`.

Thread safety: one instance may be shared by worker threads; token refresh is serialised.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote
from uuid import UUID

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from exam_client.api import errors
from exam_client.api.contract import (
    PROBLEM_CONTENT_TYPE,
    CitizenRecord,
    Health,
    LoginRequest,
    LogoutRequest,
    PasswordChange,
    ProblemDetails,
    RefreshRequest,
    TokenPair,
    VneidApproval,
    VneidSessionStart,
    VneidSessionStatus,
)
from exam_client.domain.cccd import mask_cccd
from exam_client.domain.problems import Problem

# The registration records (and the rules they carry) and the admissions cycle's models are
# imported by the calls that use them: signing in needs neither (a tenth of a second at start).
if TYPE_CHECKING:
    from exam_client.api.cycle import (
        CatalogInfo,
        CatalogPage,
        InstitutionList,
        PreferenceHistory,
        PreferenceList,
        PreferenceListUpdate,
    )
    from exam_client.api.records import (
        ChangesPage,
        PushOperation,
        PushResponse,
        RegistrationRecord,
        ReviewDecision,
    )

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)
TokenListener = Callable[[TokenPair | None], None]

DEFAULT_TIMEOUT = (3.05, 15.0)
IDEMPOTENCY_HEADER = "Idempotency-Key"
VNEID_POLL_HEADER = "X-Vneid-Poll-Token"
USER_AGENT = "exam-client/0.1"


def _retrying_adapter(total: int) -> HTTPAdapter:
    retry = Retry(
        total=total,
        connect=total,
        read=total,
        status=total,
        backoff_factor=0.3,
        status_forcelist=(502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    return HTTPAdapter(max_retries=retry, pool_connections=4, pool_maxsize=16)


class MinistryClient:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retries: int = 2,
        verify: bool | str = True,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT
        self._session.headers["Accept"] = f"application/json, {PROBLEM_CONTENT_TYPE}"
        self._session.verify = verify
        adapter = _retrying_adapter(retries)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._tokens: TokenPair | None = None
        self._token_lock = threading.Lock()
        self._listeners: list[TokenListener] = []

    # -- tokens ------------------------------------------------------------------------------
    @property
    def tokens(self) -> TokenPair | None:
        return self._tokens

    def set_tokens(self, tokens: TokenPair | None) -> None:
        self._tokens = tokens
        for listener in list(self._listeners):
            listener(tokens)

    def on_tokens_changed(self, listener: TokenListener) -> None:
        """``listener`` runs on whichever thread changed the tokens."""
        self._listeners.append(listener)

    # -- endpoints ---------------------------------------------------------------------------
    def health(self, timeout: tuple[float, float] | None = None) -> Health:
        return self._call("GET", "/health", Health, auth=False, timeout=timeout)

    def login(self, username: str, password: str) -> TokenPair:
        body = LoginRequest(username=username, password=password).model_dump()
        pair = self._call("POST", "/auth/login", TokenPair, json=body, auth=False)
        self.set_tokens(pair)
        return pair

    def refresh(self) -> TokenPair:
        with self._token_lock:
            return self._refresh_locked()

    def _refresh_locked(self) -> TokenPair:
        current = self._tokens
        if current is None:
            raise errors.SessionExpired("no refresh token")
        body = RefreshRequest(refresh_token=current.refresh_token).model_dump()
        try:
            pair = self._call("POST", "/auth/refresh", TokenPair, json=body, auth=False)
        except errors.AuthError:
            self.set_tokens(None)
            raise errors.SessionExpired("refresh token rejected") from None
        self.set_tokens(pair)
        return pair

    def _refresh_after_expiry(self, expired: TokenPair) -> None:
        """Refresh once even when several threads saw the same expired token."""
        with self._token_lock:
            if self._tokens is expired:
                self._refresh_locked()

    def get_citizen(self, cccd: str) -> CitizenRecord:
        log.debug("population look-up %s", mask_cccd(cccd))
        return self._call("GET", f"/population/citizens/{cccd}", CitizenRecord)

    def push(self, operations: Sequence[PushOperation]) -> PushResponse:
        """``POST /sync/push``: one answer per operation. Never retried here (the outbox does)."""
        return self.push_raw([op.model_dump_json() for op in operations])

    def push_raw(self, operations: Sequence[str]) -> PushResponse:
        """Push operations given as the exact JSON frozen in the outbox.

        The request body is assembled from those texts unchanged, so a retry of an entry sends
        byte-for-byte what its first attempt sent (the server compares bodies under one key).
        """
        from exam_client.api.records import PushResponse

        body = ('{"operations":[' + ",".join(operations) + "]}").encode("utf-8")
        return self._call("POST", "/sync/push", PushResponse, data=body)

    def changes(self, cursor: str | None = None, limit: int = 500) -> ChangesPage:
        """``GET /sync/changes``: records in the caller's scope changed after ``cursor``."""
        from exam_client.api.records import ChangesPage

        params = f"?limit={int(limit)}"
        if cursor:
            params += "&cursor=" + quote(cursor, safe="")
        return self._call("GET", "/sync/changes" + params, ChangesPage)

    def review(self, record_id: UUID, decision: ReviewDecision) -> RegistrationRecord:
        """Staff confirm or return a submitted registration (409 ``Conflict`` on a stale
        ``base_version``). A POST, not retried here; safe to repeat by hand: the version guard
        refuses a second decision on the same version."""
        from exam_client.api.records import RegistrationRecord

        return self._call(
            "POST",
            f"/registrations/{record_id}/review",
            RegistrationRecord,
            json=decision.model_dump(mode="json"),
        )

    # -- sign-out, password, VNeID -------------------------------------------------------------
    def logout(self, pair: TokenPair) -> None:
        """``POST /auth/logout`` for ``pair`` (which need not be the current tokens: a kiosk
        forgets its tokens first and signs out in the background). Never retried here."""
        body = LogoutRequest(refresh_token=pair.refresh_token).model_dump()
        headers = {"Authorization": f"Bearer {pair.access_token}"}
        self.send("POST", "/auth/logout", json=body, headers=headers, auth=False)

    def change_password(self, old_password: str, new_password: str) -> None:
        """``POST /auth/password`` → 204; 401 wrong old password, 422 weak new one."""
        body = PasswordChange(old_password=old_password, new_password=new_password)
        self.send("POST", "/auth/password", json=body.model_dump())

    def start_vneid(self) -> VneidSessionStart:
        return self.request("POST", "/auth/vneid/sessions", VneidSessionStart, auth=False)

    def vneid_status(self, session_id: str, poll_token: str) -> VneidSessionStatus:
        """Poll a VNeID sign-in; once approved the tokens become this client's tokens."""
        status = self.request(
            "GET",
            f"/auth/vneid/sessions/{quote(session_id, safe='')}",
            VneidSessionStatus,
            headers={VNEID_POLL_HEADER: poll_token},
            auth=False,
        )
        if status.tokens is not None:
            self.set_tokens(status.tokens)
        return status

    def approve_vneid(self, session_id: str, code: str, cccd: str | None = None) -> None:
        """Demo only: what the VNeID phone app would send after the citizen confirmed."""
        body = VneidApproval(code=code, cccd=cccd).model_dump(exclude_none=True)
        path = f"/auth/vneid/sessions/{quote(session_id, safe='')}/approve"
        self.send("POST", path, json=body, auth=False)

    # -- catalog (public, revalidated with ETags) ----------------------------------------------
    def catalog_info(self, year: int | None = None, etag: str | None = None) -> CatalogInfo | None:
        """``GET /catalog``; ``None`` when ``etag`` is still current (304)."""
        from exam_client.api.cycle import CatalogInfo

        return self._conditional(_with_year("/catalog", year), CatalogInfo, etag)

    def catalog_institutions(
        self, year: int | None = None, etag: str | None = None
    ) -> InstitutionList | None:
        from exam_client.api.cycle import InstitutionList

        return self._conditional(_with_year("/catalog/institutions", year), InstitutionList, etag)

    def catalog_programmes(
        self, year: int | None = None, cursor: str | None = None, limit: int = 1000
    ) -> CatalogPage:
        """One page; follow ``next_cursor`` (409 ``catalog.cursor_stale`` if the catalog moved)."""
        path = _with_year("/catalog/programmes", year)
        path += ("&" if "?" in path else "?") + f"limit={int(limit)}"
        if cursor:
            path += "&cursor=" + quote(cursor, safe="")
        from exam_client.api.cycle import CatalogPage

        return self.request("GET", path, CatalogPage, auth=False)

    def _conditional(self, path: str, model: type[M], etag: str | None) -> M | None:
        headers = {"If-None-Match": etag} if etag else None
        response = self.send("GET", path, headers=headers, auth=False)
        if response.status_code == 304:
            return None
        return _parse(response, model, "GET", path)

    # -- the candidate's preference list -------------------------------------------------------
    def my_preferences(self, year: int | None = None) -> PreferenceList:
        from exam_client.api.cycle import PreferenceList

        return self.request("GET", _with_year("/preferences/me", year), PreferenceList)

    def save_preferences(
        self, update: PreferenceListUpdate, idempotency_key: str
    ) -> tuple[PreferenceList, bool]:
        """``PUT /preferences/me``; returns the list and whether the server replayed an earlier
        answer to the same key. The caller keeps the key and resends with it after a network
        error: the server then answers the first save again instead of making a second one."""
        from exam_client.api.cycle import PreferenceList

        response = self.send(
            "PUT",
            "/preferences/me",
            json=update.model_dump(mode="json"),
            headers={IDEMPOTENCY_HEADER: idempotency_key},
        )
        replayed = response.headers.get("Idempotent-Replayed", "").lower() == "true"
        return _parse(response, PreferenceList, "PUT", "/preferences/me"), replayed

    def preference_history(self, year: int | None = None) -> PreferenceHistory:
        from exam_client.api.cycle import PreferenceHistory

        return self.request("GET", _with_year("/preferences/me/versions", year), PreferenceHistory)

    # -- generic -------------------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
        auth: bool = True,
    ) -> M:
        """One call with extra headers (e.g. ``Idempotency-Key``), parsed into ``model``."""
        return _parse(
            self.send(method, path, json=json, headers=headers, auth=auth), model, method, path
        )

    def send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
        auth: bool = True,
    ) -> requests.Response:
        """One call, refreshed once on ``auth.expired``; errors (≥ 400) raised as typed
        exceptions, anything else (200, 204, 304 …) returned as is."""
        return self._exchange(method, path, json=json, headers=headers, auth=auth)

    # -- plumbing ----------------------------------------------------------------------------
    def _call(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        json: Any = None,
        data: bytes | None = None,
        auth: bool = True,
        timeout: tuple[float, float] | None = None,
    ) -> M:
        response = self._exchange(method, path, json=json, data=data, auth=auth, timeout=timeout)
        return _parse(response, model, method, path)

    def _exchange(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        auth: bool = True,
        timeout: tuple[float, float] | None = None,
    ) -> requests.Response:
        """Send; on ``auth.expired`` refresh once and send again; map ≥ 400 to typed errors."""
        used = self._tokens
        options: dict[str, Any] = {
            "json": json,
            "data": data,
            "headers": headers,
            "auth": auth,
            "timeout": timeout,
        }
        response = self._send(method, path, **options)
        if (
            auth
            and used is not None
            and response.status_code == 401
            and _problem_code(response) == "auth.expired"
        ):
            self._refresh_after_expiry(used)
            response = self._send(method, path, **options)
        if response.status_code >= 400:
            raise _map_error(response)
        return response

    def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any,
        auth: bool,
        timeout: tuple[float, float] | None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        headers = dict(headers or {})
        if data is not None:
            headers["Content-Type"] = "application/json"
        if auth and self._tokens is not None:
            headers["Authorization"] = f"Bearer {self._tokens.access_token}"
        try:
            return self._session.request(
                method,
                self.base_url + path,
                json=json,
                data=data,
                headers=headers,
                timeout=timeout or self.timeout,
            )
        except requests.exceptions.RetryError as exc:
            raise errors.SlowDown(f"{method} {path}: retries exhausted") from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise errors.NetworkError(f"{method} {path}: {type(exc).__name__}") from None

    def close(self) -> None:
        self._session.close()


def _with_year(path: str, year: int | None) -> str:
    return path + (f"?year={int(year)}" if year else "")


def _parse(response: requests.Response, model: type[M], method: str, path: str) -> M:
    """The body as ``model``, parsed straight from the bytes (pydantic's own JSON parser: a
    push answer or a page of 500 records costs a third less than ``json.loads`` and then
    validating the Python objects)."""
    try:
        return model.model_validate_json(response.content)
    except (ValueError, ValidationError) as exc:
        raise errors.ServerError(
            f"{method} {path}: unexpected response body ({type(exc).__name__})",
            status=response.status_code,
        ) from None


def _problem(response: requests.Response) -> ProblemDetails | None:
    ctype = response.headers.get("Content-Type", "")
    if "json" not in ctype:
        return None
    try:
        return ProblemDetails.model_validate(response.json())
    except (ValueError, ValidationError):
        return None


def _problem_code(response: requests.Response) -> str | None:
    problem = _problem(response)
    return problem.code if problem else None


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _map_error(response: requests.Response) -> errors.ApiError:
    status = response.status_code
    problem = _problem(response)
    code = problem.code if problem else None
    detail = (problem.detail or problem.title) if problem else None
    text = f"HTTP {status} {code or ''}".strip()
    kw: dict[str, Any] = {"status": status, "code": code}
    if detail:
        kw["message_vi"] = detail
    if status == 401:
        if code == "auth.invalid_credentials":
            return errors.InvalidCredentials(text, **kw)
        if code == "auth.expired":
            return errors.SessionExpired(text, **kw)
        return errors.AuthError(text, **kw)
    if status == 423 or code == "auth.locked":
        return errors.AccountLocked(text, retry_after=_retry_after(response), **kw)
    if status in (429, 503):
        return errors.SlowDown(text, retry_after=_retry_after(response), **kw)
    if status == 403:
        return errors.Forbidden(text, **kw)
    if status == 404:
        return errors.NotFound(text, **kw)
    if status == 409:
        return errors.Conflict(text, **kw)
    if status == 422 and problem is not None:
        problems = [
            Problem(
                code=e.code,
                field=e.field,
                message_vi=e.message,
                message_en=e.message_en or e.message,
                article=e.article,
            )
            for e in problem.errors
        ]
        return errors.ValidationFailed(text, problems=problems, **kw)
    if status >= 500 or problem is None:
        return errors.ServerError(text, status=status, code=code)
    return errors.ApiError(text, **kw)
