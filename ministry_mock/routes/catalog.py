"""``/catalog``: institutions and programmes, public, cacheable (ETag = catalog version).

The client downloads the catalog once per version and searches it locally (thousands of
programmes, typed on a kiosk keyboard), so the server's job is cheap revalidation: every
response carries ``ETag: "<version>"`` and answers ``If-None-Match`` with 304. Programmes are
paged with an opaque cursor tied to the version, so a client never mixes two versions.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from exam_client.api.cycle import MAX_PAGE, CatalogInfo, CatalogPage, InstitutionList
from exam_client.domain.ruleset import available_years
from ministry_mock.catalog import Catalog, catalog_for, decode_cursor, encode_cursor
from ministry_mock.catalog import select_programmes as select
from ministry_mock.clock import cycle_year
from ministry_mock.deps import Instance, instance
from ministry_mock.problems import ApiProblem, problem_responses

router = APIRouter(prefix="/catalog", tags=["catalog"])
YearQuery = Annotated[int | None, Query(ge=2000, le=2100, description="default: the cycle year")]


def catalog_year(inst: Instance, year: int | None) -> int:
    """The year asked for (default: the cycle's), or 404 when there is no catalog for it."""
    chosen = year or cycle_year(inst.settings.clock())
    if chosen not in available_years():
        raise ApiProblem(
            404,
            "catalog.unknown_year",
            "Không có danh mục tuyển sinh",
            f"Chưa có danh mục tuyển sinh năm {chosen}.",
        )
    return chosen


def catalog_info(catalog: Catalog) -> CatalogInfo:
    return CatalogInfo(
        year=catalog.year,
        version=catalog.version,
        institution_count=len(catalog.institutions),
        programme_count=len(catalog.programmes),
        generated_in_ms=catalog.generated_in_ms,
    )


def _catalog(inst: Instance, year: int | None) -> Catalog:
    return catalog_for(inst.settings, catalog_year(inst, year))


_BUILT: set[tuple[int, int]] = set()  # (id of the instance's settings, year) served at least once


async def _catalog_without_blocking(inst: Instance, year: int | None) -> Catalog:
    """``_catalog`` for the ``async`` route: once a year's catalog is built (cached by
    :func:`ministry_mock.catalog.build_catalog`) it is served on the event loop; the first build
    of a year (generation takes a while) runs on the thread pool so the loop keeps answering."""
    key = (id(inst.settings), year or cycle_year(inst.settings.clock()))
    if key in _BUILT:
        return _catalog(inst, year)
    catalog = await run_in_threadpool(_catalog, inst, year)
    _BUILT.add(key)
    return catalog


def build_cycle_catalog(inst: Instance) -> None:
    """Build the cycle year's catalog now, before serving (``ministry-mock`` does).

    Workers forked afterwards (:mod:`ministry_mock.workers`) inherit it and its built mark
    instead of each generating it again on its first ``/catalog`` request.
    """
    year = cycle_year(inst.settings.clock())
    if year in available_years():
        _catalog(inst, year)
        _BUILT.add((id(inst.settings), year))


def _not_modified(request: Request, response: Response, catalog: Catalog) -> Response | None:
    """Set the validators; a 304 if the client's copy is this version."""
    etag = f'"{catalog.version}"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    response.headers.update(headers)
    wanted = request.headers.get("If-None-Match", "")
    tags = {t.strip().removeprefix("W/") for t in wanted.split(",")}
    if etag in tags or "*" in tags:
        return Response(status_code=304, headers=headers)
    return None


@router.get(
    "",
    response_model=CatalogInfo,
    responses={304: {"description": "unchanged"}, **problem_responses(404, 422)},
    summary="Catalog version and size (cheap check before downloading)",
)
async def info(
    request: Request,
    response: Response,
    inst: Annotated[Instance, Depends(instance)],
    year: YearQuery = None,
) -> CatalogInfo | Response:
    """``async``: the clients' cheap version check, a fifth of all requests on a busy day."""
    catalog = await _catalog_without_blocking(inst, year)
    if (unchanged := _not_modified(request, response, catalog)) is not None:
        return unchanged
    return catalog_info(catalog)


@router.get(
    "/institutions",
    response_model=InstitutionList,
    responses={304: {"description": "unchanged"}, **problem_responses(404, 422)},
    summary="Every institution (a few hundred at national scale)",
)
def institutions(
    request: Request,
    response: Response,
    inst: Annotated[Instance, Depends(instance)],
    year: YearQuery = None,
) -> InstitutionList | Response:
    catalog = _catalog(inst, year)
    if (unchanged := _not_modified(request, response, catalog)) is not None:
        return unchanged
    return InstitutionList(
        year=catalog.year, version=catalog.version, institutions=list(catalog.institutions)
    )


@router.get(
    "/programmes",
    response_model=CatalogPage,
    responses={304: {"description": "unchanged"}, **problem_responses(404, 409, 422)},
    summary="Programmes by (institution, code), paged; optional institution and text filters",
)
def programmes(
    *,
    request: Request,
    response: Response,
    inst: Annotated[Instance, Depends(instance)],
    year: YearQuery = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 200,
    institution: Annotated[str | None, Query(max_length=8)] = None,
    q: Annotated[str | None, Query(max_length=100, description="folded text search")] = None,
) -> CatalogPage | Response:
    catalog = _catalog(inst, year)
    if (unchanged := _not_modified(request, response, catalog)) is not None:
        return unchanged
    offset = 0
    if cursor is not None:
        found = decode_cursor(cursor, catalog.version)
        if found is None:
            raise ApiProblem(
                409,
                "catalog.cursor_stale",
                "Danh mục đã thay đổi",
                "Danh mục tuyển sinh đã được cập nhật trong lúc tải. Hãy tải lại từ đầu.",
                extra={"version": catalog.version},
            )
        offset = found
    chosen = select(catalog, institution, q)
    page = chosen[offset : offset + limit]
    more = offset + limit < len(chosen)
    return CatalogPage(
        year=catalog.year,
        version=catalog.version,
        total=len(chosen),
        programmes=list(page),
        next_cursor=encode_cursor(catalog.version, offset + limit) if more else None,
    )
