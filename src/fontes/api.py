"""REST API (FastAPI, OpenAPI at /api/openapi.json) and the web app's static files, over one knowledge base.

Read-only by default. The ingest endpoints (upload files, start a build) exist only when the
operator sets a token (``FONTES_API_TOKEN`` or ``create_app(token=...)``) and demand it as
``Authorization: Bearer <token>``; uploads are limited in size and type. Every error has one
JSON shape: ``{"error": {"status": 400, "code": "bad_query", "message": "..."}}``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections import deque
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any, Literal

from fastapi import (
    Depends,
    FastAPI,
    File,
    Header,
    HTTPException,
    Query,
    Request,
    UploadFile,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from fontes.errors import FontesError, QueryError, StoreError
from fontes.model import EVENT_TYPES
from fontes.settings import DEFAULTS, Settings

WEB = Path(__file__).with_name("web")
UPLOAD_TYPES = {".txt": "text/plain", ".md": "text/markdown", ".html": "text/html", ".htm": "text/html",
                ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                ".tif": "image/tiff", ".tiff": "image/tiff", ".xml": "application/xml", ".docx": "application/vnd."
                "openxmlformats-officedocument.wordprocessingml.document", ".odt": "application/vnd.oasis."
                "opendocument.text", ".epub": "application/epub+zip", ".hocr": "text/html"}
MAX_UPLOAD_BYTES = 50_000_000  # a file: scanned pages and PDFs are large
MAX_UPLOAD_FILES = 50
CHAIN_TYPES = ("ORDER", "MESSAGE_SENT", "MESSAGE_RECEIVED", "AUTHORIZATION", "REFUSAL", "DISMISSAL", "APPOINTMENT",
               "PROPOSAL")
NETWORK_TYPES = ("ORDER", "APPOINTMENT", "DISMISSAL", "AUTHORIZATION", "MESSAGE_SENT", "REFUSAL", "PROPOSAL", "ARREST")


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The web app loads only its own scripts and styles (no inline script, no inline style attributes:
# app.js sets styles through CSSOM), so a document that smuggles markup cannot run anything.
APP_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
           "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"), (b"cross-origin-opener-policy", b"same-origin"))


def _docs_page(title: str) -> tuple[str, str]:
    """The Swagger UI page (its assets from jsDelivr, as FastAPI serves it) and a CSP naming its inline script by hash."""
    from fastapi.openapi.docs import get_swagger_ui_html

    html = get_swagger_ui_html(openapi_url="/api/openapi.json", title=title).body.decode()
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
                      for script in re.findall(r"<script>(.*?)</script>", html, re.DOTALL))
    csp = (f"default-src 'self'; script-src 'self' https://cdn.jsdelivr.net {hashes}; "
           "style-src 'self' https://cdn.jsdelivr.net 'unsafe-inline'; img-src 'self' data: https://fastapi.tiangolo.com; "
           "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
    return html, csp


class _Guard:
    """ASGI middleware: security headers on every response, a request body limit, and a per-client
    rate limit on write requests (issue 11: hostile input must not exhaust the server)."""

    def __init__(self, app: Any, *, max_body: int, write_limit: int, window: float, csp: dict[str, str]) -> None:
        self.app, self.max_body, self.write_limit, self.window, self.csp = app, max_body, write_limit, window, csp
        self.writes: dict[str, deque[float]] = {}

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = self.csp.get(scope["path"], APP_CSP).encode()
        started = False

        async def send_secured(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                ours = {k for k, _ in SECURITY_HEADERS} | {b"content-security-policy"}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in ours]
                message = {**message, "headers": [*headers, *SECURITY_HEADERS, (b"content-security-policy", csp)]}
            await send(message)

        if scope["method"] in WRITE_METHODS and scope["path"].startswith("/api/"):
            wait = self._rate_limited((scope.get("client") or ("unknown",))[0])
            if wait:
                response = _error(429, "too_many_requests",
                                  f"more than {self.write_limit} write requests in {self.window:g} s from this "
                                  f"client; try again in {wait} s")
                response.headers["Retry-After"] = str(wait)
                await response(scope, receive, send_secured)
                return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _error(413, "too_large", f"the request body is larger than {self.max_body} bytes "
                                           "(api_max_request_bytes)")(scope, receive, send_secured)
            return
        received = 0

        async def receive_limited() -> dict:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body:  # a body sent without Content-Length (chunked)
                raise HTTPException(413, f"the request body is larger than {self.max_body} bytes "
                                         "(api_max_request_bytes)")
            return message

        try:
            await self.app(scope, receive_limited, send_secured)
        except Exception as err:  # the last resort, here so that a 500 carries the security headers too
            logging.getLogger("fontes.api").exception("unhandled error on %s", scope["path"])
            if started:
                raise
            await _error(500, "internal", f"the server could not answer ({type(err).__name__}); "
                                          "please report this")(scope, receive, send_secured)

    def _rate_limited(self, client: str) -> int:
        """Seconds to wait when client has used up its write requests in the window, else 0 (and count this one)."""
        now = time.monotonic()
        seen = self.writes.setdefault(client, deque())
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if len(seen) >= self.write_limit:
            return max(1, int(seen[0] + self.window - now + 0.999))
        seen.append(now)
        if len(self.writes) > 10_000:  # forget idle clients, so the table cannot grow without end
            for key in [k for k, v in self.writes.items() if not v or v[-1] <= now - self.window]:
                del self.writes[key]
        return 0


def check_date(value: str | None, name: str, calendar: str = "gregorian") -> str | None:
    """A date parameter as given, or a 422 saying why it is no date in that calendar ('month 13 does not exist')."""
    from fontes.store import date_problem

    if value is None:
        return None
    problem = date_problem(value, calendar)
    if problem:
        raise HTTPException(422, f"{name}={value!r}: {problem}; write it as YYYY, YYYY-MM or YYYY-MM-DD "
                                 f"(in the {calendar} calendar)")
    return value


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


ERRORS = {400: {"model": ErrorResponse}, 404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


def plain(obj: Any) -> Any:
    """Dataclasses (and lists/dicts of them) as JSON-ready structures."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return asdict(obj)
    if isinstance(obj, (list, tuple)):
        return [plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    return obj


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "code": code, "message": message}}, status_code=status)


class BuildJob(BaseModel):
    id: str
    state: Literal["queued", "running", "done", "failed"]
    files: list[str] = Field(default_factory=list)
    done: int = 0  # files read so far (each analysed, unchanged or failed)
    current: str | None = None  # the file last finished
    summary: str | None = None
    errors: list[str] = Field(default_factory=list)


def read_users(path: str | Path | None) -> dict[str, str]:
    """Named users' tokens from a file of ``name token`` lines (# comments); {} when no file is given."""
    if not path:
        return {}
    users: dict[str, str] = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[1]) < 16:
            raise FontesError(f"{path}: line {n}: write 'name token', the token at least 16 characters")
        users[parts[0]] = parts[1]
    return users


class CorrectionRequest(BaseModel):
    """A correction by keys: which fields matter depends on ``kind`` (see fontes.curate.from_request)."""

    model_config = {"extra": "forbid"}
    kind: Literal["entity.merge", "entity.split", "entity.rename", "entity.retype", "event.type", "event.date",
                  "event.actors", "event.targets", "event.place", "event.reject", "event.add", "conflict.settle",
                  "calendar.set", "review.accept"]
    item: str | None = Field(None, max_length=400)  # review.accept: the review item's key
    entity: str | None = Field(None, max_length=300)
    event: str | None = Field(None, max_length=300)
    conflict: str | None = Field(None, max_length=100)
    doc: str | None = Field(None, max_length=500)
    passage: str | None = Field(None, max_length=20000)
    start: int | None = Field(None, ge=0)
    end: int | None = Field(None, ge=0)
    with_: list[str] | None = Field(None, alias="with", max_length=100)
    mentions: list[str] | None = Field(None, max_length=1000)
    entities: list[str] | None = Field(None, max_length=100)
    name: str | None = Field(None, max_length=300)
    type: str | None = Field(None, max_length=40)
    value: str | None = Field(None, max_length=40)
    calendar: Literal["gregorian", "julian"] | None = None
    date: dict[str, str] | None = None
    status: Literal["explained", "settled"] | None = None
    note: str | None = Field(None, max_length=5000)
    reason: str | None = Field(None, max_length=5000)


def create_app(db: str | Path = "fontes.db", *, token: str | None = None, settings: Settings = DEFAULTS,
               upload_dir: str | Path | None = None, max_upload_bytes: int = MAX_UPLOAD_BYTES,
               users: dict[str, str] | None = None) -> FastAPI:
    """The FastAPI application over the knowledge base at ``db`` (a SQLite path or a database URL).

    ``token`` (or FONTES_API_TOKEN) is the operator's; ``users`` (or the file named by
    FONTES_API_USERS, lines of ``name token``) gives named users their own tokens, so each
    correction is attributed to who made it.
    """
    from fontes.store import KnowledgeBase

    kb = KnowledgeBase.open(db)
    token = (token if token is not None else os.environ.get("FONTES_API_TOKEN")) or None
    users = dict(users if users is not None else read_users(os.environ.get("FONTES_API_USERS")))
    if token:
        users.setdefault("operator", token)
    app = FastAPI(title="fontes", version="0.1.0", openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None,
                  description="Documents, entities, events, chronology, conflicts, search and questions of a "
                              "fontes knowledge base. Every event carries its evidence passage and source.")
    app.state.kb = kb
    state = {"lock": threading.Lock(), "jobs": {}}
    docs_html, docs_csp = _docs_page("fontes - API")
    app.add_middleware(_Guard, max_body=settings.api_max_request_bytes, write_limit=settings.api_write_limit,
                       window=settings.api_write_window_seconds, csp={"/api/docs": docs_csp})

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> Response:
        return Response(docs_html, media_type="text/html")

    # ------------------------------------------------------------ errors: one shape

    @app.exception_handler(QueryError)
    async def _query_error(_: Request, err: QueryError) -> JSONResponse:
        return _error(400, "bad_query", str(err))

    @app.exception_handler(StoreError)
    async def _store_error(_: Request, err: StoreError) -> JSONResponse:
        return _error(400, "bad_request", str(err))

    @app.exception_handler(FontesError)
    async def _fontes_error(_: Request, err: FontesError) -> JSONResponse:
        return _error(400, "bad_request", str(err))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, err: StarletteHTTPException) -> JSONResponse:
        code = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 413: "too_large", 415: "unsupported_type", 422: "invalid_parameter",
                429: "too_many_requests"}.get(err.status_code, "error")
        return _error(err.status_code, code, str(err.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, err: RequestValidationError) -> JSONResponse:
        parts = []
        for e in err.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {e.get('msg')}")
        return _error(422, "invalid_parameter", "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def _crash(_: Request, err: Exception) -> JSONResponse:  # pragma: no cover - last resort
        return _error(500, "internal", f"the server could not answer ({type(err).__name__}); please report this")

    def search_index():
        from fontes.search import index_for

        with state["lock"]:
            return index_for(kb)

    # ------------------------------------------------------------ documents

    @app.get("/api/documents", tags=["documents"], summary="List documents")
    def list_documents() -> list[dict[str, Any]]:
        return kb.document_rows()

    @app.get("/api/documents/{doc_id}", tags=["documents"], responses=ERRORS, summary="One document with its annotations")
    def get_document(doc_id: str) -> dict[str, Any]:
        doc = kb.document(doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id!r}; list them at /api/documents")
        out = plain(doc)
        out["name"] = doc.name
        return out

    @app.get("/api/documents/{doc_id}/pages/{n}/image", tags=["documents"], responses=ERRORS,
             summary="The image of page n (from 0) of a scanned document, as PNG", response_class=Response)
    def page_image(doc_id: str, n: int) -> Response:
        doc = kb.document(doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id!r}; list them at /api/documents")
        if not 0 <= n < len(doc.pages) or not doc.pages[n].image:
            raise HTTPException(404, f"{doc.name} has no image for page {n}")
        png = _page_png(doc, n)
        if png is None:
            raise HTTPException(404, f"the image of {doc.name}'s page {n} is no longer where it was read from")
        return Response(png, media_type="image/png")

    @app.get("/api/citations", tags=["documents"], summary="CSL-JSON items of the documents (all, or one)")
    def citations(doc: str | None = Query(None, description="document id, id prefix or file name")) -> list[dict[str, Any]]:
        docs = [kb.document(doc)] if doc else kb.documents()
        if doc and docs[0] is None:
            raise HTTPException(404, f"no document {doc!r}; list them at /api/documents")
        out = []
        for d in docs:
            item = dict(d.citation.csl or {})
            item.setdefault("id", d.id)
            if d.citation.title:
                item.setdefault("title", d.citation.title)
            item.setdefault("type", "document")
            out.append(item)
        return out

    # ------------------------------------------------------------ entities

    def period_ids(date_from: str | None, date_to: str | None) -> set[str] | None:
        """Entities taking part (actor, target, place) in the events of a period; None with no period."""
        if not date_from and not date_to:
            return None
        check_date(date_from, "from"), check_date(date_to, "to")
        rows = kb.chronology(date_from=date_from, date_to=date_to)
        return {x for r in rows for x in (*r.actors, *r.targets, r.place) if x}

    @app.get("/api/entities", tags=["entities"], summary="List entities, most mentioned first")
    def list_entities(type: Literal["PER", "ORG", "LOC", "WORK", "EVENT"] | None = None,
                      q: str | None = Query(None, max_length=200, description="part of a name or alias"),
                      limit: int = Query(500, ge=1, le=5000),
                      date_from: str | None = Query(None, alias="from", max_length=40,
                                                    description="only entities in the events of this period (Gregorian)"),
                      date_to: str | None = Query(None, alias="to", max_length=40)) -> list[dict[str, Any]]:
        entities = kb.entities(type=type)
        wanted = period_ids(date_from, date_to)
        if wanted is not None:
            entities = [e for e in entities if e.id in wanted]
        if q:
            low = q.lower()
            entities = [e for e in entities if low in e.name.lower() or any(low in a.lower() for a in e.aliases)]
        from fontes.store import shown

        return plain([shown(e) for e in entities[:limit]])

    @app.get("/api/entities/{entity_id}", tags=["entities"], responses=ERRORS,
             summary="One entity: aliases, roles with dates, mentions and events")
    def get_entity(entity_id: str) -> dict[str, Any]:
        from fontes.store import shown

        entity = kb.entity(entity_id)
        if entity is None:
            raise HTTPException(404, f"no entity {entity_id!r}; list them at /api/entities")
        out = plain(shown(entity))
        out["mentions"] = kb.mentions_of(entity.id)[:200]
        out["events"] = [r.to_dict() for r in kb.chronology(entity=entity.id, include_undated=True)]
        return out

    # ------------------------------------------------------------ events and chronology

    @app.get("/api/events", tags=["events"], summary="Events as each document reports them")
    def list_events(doc: str | None = None, type: str | None = Query(None, description="event type, e.g. DISMISSAL")
                    ) -> list[dict[str, Any]]:
        types = [_event_type(type)] if type else None
        return plain(kb.events(doc=doc, types=types))

    @app.get("/api/chronology", tags=["events"], summary="Events in date order with both calendars and sources")
    def chronology(entity: str | None = None, date_from: str | None = Query(None, alias="from", max_length=40),
                   date_to: str | None = Query(None, alias="to", max_length=40),
                   calendar: Literal["gregorian", "julian"] = "gregorian",
                   type: str | None = Query(None, description="comma-separated event types"),
                   undated: bool = False, limit: int = Query(500, ge=1, le=5000), offset: int = Query(0, ge=0, le=2**31)
                   ) -> dict[str, Any]:
        types = [_event_type(t) for t in type.split(",") if t.strip()] if type else None
        check_date(date_from, "from", calendar), check_date(date_to, "to", calendar)
        return chronology_page(kb, entity=entity, date_from=date_from, date_to=date_to, calendar=calendar,
                               types=types, undated=undated, limit=limit, offset=offset)

    @app.get("/api/conflicts", tags=["events"], summary="Sources that disagree, with both claims and a diagnosis")
    def conflicts(variants: bool = Query(False, description="instead, the variants: where copies, reprints or "
                                         "versions of one text read differently (kind 'variant')")
                  ) -> list[dict[str, Any]]:
        docs = {r["id"]: r for r in kb.document_rows()}
        out = []
        from fontes.store import conflict_id

        for c in (kb.variants() if variants else kb.conflicts()):
            item = plain(c)
            item["id"] = conflict_id(c)  # what a correction (conflict.settle) names
            for claim in item["claims"]:
                row = docs.get(claim["doc_id"], {})
                claim["doc"] = row.get("name")
                claim["citation"] = row.get("short_citation")
                doc = kb.document(claim["doc_id"])
                start = doc.text.find(claim["evidence"]) if doc and claim["evidence"] else -1
                claim["start"], claim["end"] = (start, start + len(claim["evidence"])) if start >= 0 else (None, None)
            out.append(item)
        return out

    @app.get("/api/network", tags=["events"], summary="Actors and who acted on whom (orders, appointments, ...)")
    def network(date_from: str | None = Query(None, alias="from", max_length=40, description="first day (Gregorian)"),
                date_to: str | None = Query(None, alias="to", max_length=40)) -> dict[str, Any]:
        check_date(date_from, "from"), check_date(date_to, "to")
        entities = {e.id: e for e in kb.entities()}
        edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        for row in kb.chronology(include_undated=not (date_from or date_to), types=NETWORK_TYPES,
                                 date_from=date_from, date_to=date_to):
            for a in row.actors:
                for t in row.targets:
                    if a == t:
                        continue
                    edge = edges.setdefault((a, t, row.type), {"source": a, "target": t, "type": row.type,
                                                               "events": []})
                    edge["events"].append({"id": row.id, "date": row.dual_date(),
                                           "doc_id": row.sources[0].doc_id, "start": row.sources[0].start,
                                           "end": row.sources[0].end, "evidence": row.sources[0].evidence})
        ids = {x for (a, t, _) in edges for x in (a, t)}
        nodes = [{"id": i, "name": entities[i].name if i in entities else i,
                  "type": entities[i].type if i in entities else None} for i in sorted(ids)]
        return {"nodes": nodes, "edges": list(edges.values())}

    @app.get("/api/chain", tags=["events"], summary="Chain of command: who told whom what, when, by which channel")
    def chain() -> list[dict[str, Any]]:
        return [r.to_dict() for r in kb.chronology(include_undated=False, types=CHAIN_TYPES)]

    @app.get("/api/places", tags=["entities"], summary="Places with coordinates and the events there")
    def places(date_from: str | None = Query(None, alias="from", max_length=40, description="first day (Gregorian)"),
               date_to: str | None = Query(None, alias="to", max_length=40)) -> list[dict[str, Any]]:
        from fontes.gazetteer import lookup

        wanted = period_ids(date_from, date_to)
        out = []
        for e in kb.entities(type="LOC"):
            if e.lat is None or e.lon is None or (wanted is not None and e.id not in wanted):
                continue
            place = next((p for p in map(lookup, [e.name, *e.aliases]) if p is not None), None)
            # a country (or a region, a sea) is drawn as an area label, a city as a point
            kind = place.kind if place is not None else "city"
            out.append({"id": e.id, "name": e.name, "lat": e.lat, "lon": e.lon, "mentions": e.mention_count,
                        "docs": len(e.doc_ids), "kind": kind})
        return out

    # ------------------------------------------------------------ search and ask

    @app.get("/api/search", tags=["search"], responses=ERRORS,
             summary="Full-text (phrases, OR, NOT, prefix*), semantic or hybrid search with facets")
    def search(q: str = Query(..., max_length=1000, description='e.g. "wireless message" OR armistice -treaty'),
               mode: Literal["simple", "advanced"] = "simple",
               ranking: Literal["bm25", "semantic", "hybrid"] = "bm25",
               scope: Literal["sentences", "documents"] = "sentences",
               entity: str | None = Query(None, max_length=200), event_type: str | None = Query(None, max_length=40),
               doc: str | None = Query(None, max_length=200), genre: Literal["primary", "secondary"] | None = None,
               date_from: str | None = Query(None, alias="from", max_length=40),
               date_to: str | None = Query(None, alias="to", max_length=40),
               calendar: Literal["gregorian", "julian"] = "gregorian",
               facets: bool = False, limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0, le=10_000)
               ) -> dict[str, Any]:
        from fontes.search import Filters

        check_date(date_from, "from", calendar), check_date(date_to, "to", calendar)
        filters = Filters(doc=doc, entity=entity, event_type=event_type, genre=genre, date_from=date_from,
                          date_to=date_to, calendar=calendar)
        result = search_index().search(q, mode=mode, ranking=ranking, filters=filters, limit=limit, offset=offset,
                                       scope=scope, facets=facets)
        names = _document_names(kb, {h.doc_id for h in result.hits})
        out = plain(result)
        for hit in out["hits"]:
            hit["doc"], hit["citation"] = names.get(hit["doc_id"], (None, None))
        return out

    @app.get("/api/ask", tags=["search"], responses=ERRORS,
             summary="Answer a who/what/when/where question with cited passages")
    def ask_endpoint(q: str = Query(..., max_length=500, description="e.g. When was X dismissed?")) -> dict[str, Any]:
        from fontes.ask import ask

        with state["lock"]:
            return ask(kb, q, settings).to_dict()

    if importlib.util.find_spec("fontes.export") is not None:
        from fontes.export import FORMATS, export

        @app.get("/api/export/{fmt}", tags=["documents"], responses=ERRORS,
                 summary="The knowledge base in an export format (json, csv, csl-json, tei, gexf, timelinejs)")
        def export_endpoint(fmt: str,
                            doc: list[str] | None = Query(None, description="documents (csl-json, tei)"),  # noqa: B008
                            entity: str | None = Query(None, max_length=200),
                            date_from: str | None = Query(None, alias="from", max_length=40),
                            date_to: str | None = Query(None, alias="to", max_length=40),
                            calendar: Literal["gregorian", "julian"] = "gregorian",
                            type: list[str] | None = Query(None, description="event types"),  # noqa: B008
                            ) -> Response:
            check_date(date_from, "from", calendar), check_date(date_to, "to", calendar)
            text = export(kb, fmt, docs=doc or None, entity=entity, date_from=date_from, date_to=date_to,
                          calendar=calendar, types=type or None)
            spec = FORMATS[fmt]
            media = spec.media_type if "charset" in spec.media_type else f"{spec.media_type}; charset=utf-8"
            return Response(text, media_type=media,
                            headers={"Content-Disposition": f'inline; filename="{spec.filename}"'})

    @app.get("/api/stats", tags=["documents"], summary="Counts of what the knowledge base holds")
    def stats() -> dict[str, Any]:
        return {**kb.counts(), "ingest_enabled": bool(users), "event_types": list(EVENT_TYPES)}

    # ------------------------------------------------------------ ingest (only with a token)

    if users:
        uploads = Path(upload_dir) if upload_dir else Path(tempfile.mkdtemp(prefix="fontes-uploads-"))
        uploads.mkdir(parents=True, exist_ok=True)

        expected = {name: f"Bearer {secret}".encode() for name, secret in users.items()}

        def authorised(authorization: str | None = Header(None)) -> str:
            """The user whose token this is; every token is compared, in constant time each, so how much
            of a guess matched does not show in how long the refusal takes."""
            given = (authorization or "").encode("utf-8", "surrogateescape")
            found = None
            for name, secret in expected.items():
                if hmac.compare_digest(given, secret):
                    found = name
            if found is None:
                raise HTTPException(401, "this endpoint needs 'Authorization: Bearer <token>' with the operator's "
                                         "FONTES_API_TOKEN or a user's token (FONTES_API_USERS)")
            return found

        @app.post("/api/corrections", tags=["corrections"], responses=ERRORS, status_code=201,
                  summary="Make a correction (kept apart, re-applied after every build, attributed to you)")
        def add_correction(request: CorrectionRequest, user: str = Depends(authorised)) -> dict[str, Any]:
            from fontes import curate
            from fontes.corrections import CorrectionError

            with state["lock"]:
                try:
                    kind, target, change = curate.from_request(kb, request.model_dump(exclude_none=True, by_alias=True))
                    decision, outcome = curate.decide(kb, kind, target, change, author=user,
                                                      reason=request.reason or "", settings=settings)
                except CorrectionError as err:
                    raise HTTPException(422, str(err)) from err
                kb.__dict__.pop("_span_cache", None)
                kb.__dict__.pop("_search_index", None)
            return {"id": decision.id, "kind": decision.kind, "author": decision.author, "created": decision.created,
                    "applied": bool(outcome and outcome.applied), "note": outcome.note if outcome else "",
                    "touched": outcome.touched if outcome else []}

        @app.delete("/api/corrections/{decision_id}", tags=["corrections"], responses=ERRORS,
                    summary="Undo a correction (it stays in the history, marked undone)")
        def undo_correction(decision_id: int, user: str = Depends(authorised)) -> dict[str, Any]:
            from fontes import curate

            with state["lock"]:
                if not curate.undo(kb, decision_id, settings):
                    raise HTTPException(404, f"no live correction #{decision_id}")
                kb.__dict__.pop("_span_cache", None)
                kb.__dict__.pop("_search_index", None)
            return {"id": decision_id, "undone_by": user}

        @app.post("/api/uploads", tags=["ingest"], dependencies=[Depends(authorised)], responses=ERRORS,
                  summary="Upload source files (text, HTML, PDF, scans, ALTO/PAGE/TEI XML, hOCR, DOCX, ODT, EPUB) "
                          "and start a build of them")
        async def upload(files: list[UploadFile] = File(...)) -> BuildJob:  # noqa: B008
            if len(files) > MAX_UPLOAD_FILES:
                raise HTTPException(413, f"{len(files)} files: send at most {MAX_UPLOAD_FILES} per request")
            names = []
            for f in files:
                name = re.sub(r"[^\w.-]", "_", Path(f.filename or "upload").name)[:120] or "upload"
                ext = Path(name).suffix.lower()
                if name.startswith("."):  # fontes build skips hidden files: refuse it rather than not build it
                    raise HTTPException(400, f"{f.filename}: a hidden file (its name starts with '.') is not built; "
                                             "rename it without the leading dot")
                if ext not in UPLOAD_TYPES:
                    raise HTTPException(415, f"{f.filename}: type {ext or '(none)'} is not accepted; "
                                             f"upload {', '.join(sorted(UPLOAD_TYPES))} files")
                if name in names:
                    raise HTTPException(400, f"{f.filename}: two files of this name in one upload; rename one")
                names.append(name)
            batch = uploads / uuid.uuid4().hex[:12]
            batch.mkdir()
            try:
                for f, name in zip(files, names):
                    data = await f.read(max_upload_bytes + 1)
                    if len(data) > max_upload_bytes:
                        raise HTTPException(413, f"{f.filename}: larger than {max_upload_bytes} bytes; split it or "
                                                 "build it with the fontes command")
                    (batch / name).write_bytes(data)
            except BaseException:
                shutil.rmtree(batch, ignore_errors=True)
                raise
            return start_build(batch, names)

        @app.delete("/api/documents/{doc_id}", tags=["ingest"], dependencies=[Depends(authorised)], responses=ERRORS,
                    summary="Remove a document and everything only it supported, then resolve the rest again")
        def delete_document(doc_id: str) -> dict[str, Any]:
            from fontes.build import remove

            with state["lock"]:
                if kb.document(doc_id) is None:
                    raise HTTPException(404, f"no document {doc_id!r}; list them at /api/documents")
                report = remove([doc_id], kb, settings)
                kb.__dict__.pop("_span_cache", None)
                kb.__dict__.pop("_search_index", None)  # rebuilt without it on the next search
            return {"removed": [{"id": r["id"], "name": r["name"]} for r in report.removed],
                    "summary": report.summary(), "documents": report.documents,
                    "entities": report.entities, "events": report.events, "conflicts": report.conflicts}

        @app.get("/api/builds/{job_id}", tags=["ingest"], dependencies=[Depends(authorised)], responses=ERRORS,
                 summary="State of a build started by an upload")
        def build_state(job_id: str) -> BuildJob:
            job = state["jobs"].get(job_id)
            if job is None:
                raise HTTPException(404, f"no build {job_id!r}")
            return job

        def public(message: str, batch: Path) -> str:
            """A message without the server's paths: an uploaded file is named as it was uploaded."""
            for folder in (batch, uploads):
                for form in {str(folder), str(folder.resolve())}:
                    message = message.replace(form + os.sep, "").replace(form, "<uploads>")
            return message

        def start_build(batch: Path, names: list[str]) -> BuildJob:
            job = BuildJob(id=uuid.uuid4().hex[:12], state="queued", files=names)
            state["jobs"][job.id] = job

            def run() -> None:
                from fontes.build import build

                job.state = "running"
                try:
                    def on_file(path: Path, error: str | None) -> None:
                        job.done += 1
                        job.current = path.name
                        if error:
                            job.errors.append(public(error, batch))

                    with state["lock"]:
                        report = build([batch], kb, settings, on_file=on_file)
                        kb.__dict__.pop("_span_cache", None)
                        kb.__dict__.pop("_search_index", None)  # re-checked (and rebuilt) on the next search
                    job.summary = public(report.summary(), batch)
                    job.errors, job.state = [public(e, batch) for e in report.errors], "done"
                    job.current = None
                except Exception as err:  # noqa: BLE001 - the job reports it
                    job.state, job.errors = "failed", [public(f"{type(err).__name__}: {err}", batch)]

            threading.Thread(target=run, daemon=True).start()
            return job

    @app.get("/api/corrections", tags=["corrections"], summary="Corrections: what, who, when, why, applied or not")
    def list_corrections(about: str | None = Query(None, max_length=200,
                                                   description="an entity (id, name, alias), event or conflict id")
                         ) -> list[dict[str, Any]]:
        from fontes import curate

        return plain(curate.history(kb, about))

    @app.get("/api/review", tags=["corrections"], summary="What fontes is least sure of, first (the review queue)")
    def review_queue(limit: int = Query(50, ge=1, le=500)) -> list[dict[str, Any]]:
        from fontes import review

        return [i.to_dict() for i in review.queue(kb, limit=limit)]

    # ------------------------------------------------------------ the web app

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=WEB), name="static")
    vendor = WEB / "node_modules"
    if vendor.is_dir():
        app.mount("/vendor", StaticFiles(directory=vendor), name="vendor")
    return app


def _document_names(kb: Any, ids: set[str]) -> dict[str, tuple[str, str | None]]:
    """File name and short citation of some documents (only those, however large the knowledge base)."""
    import sqlalchemy as sa

    from fontes.store import documents

    if not ids:
        return {}
    with kb.engine.connect() as conn:
        rows = conn.execute(sa.select(documents.c.id, documents.c.name, documents.c.short_citation)
                            .where(documents.c.id.in_(sorted(ids))))
        return {r.id: (r.name, r.short_citation) for r in rows}


def chronology_page(kb: Any, *, entity: str | None = None, date_from: str | None = None, date_to: str | None = None,
                    calendar: str = "gregorian", types: list[str] | None = None, undated: bool = False,
                    limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """One page of the chronology, filtered and ordered in SQL (indexes on the date columns), so a page
    costs the same on a hundred documents or a hundred thousand. Reports that resolve merged into one
    happening share a row with the merged date and every source, as in ``KnowledgeBase.chronology``.
    """
    import sqlalchemy as sa

    from fontes.store import (
        ChronologyRow,
        Source,
        _page_label,
        bound,
        claims,
        corpus_events,
        documents,
        event_participants,
        events,
        pages,
    )

    if calendar not in ("gregorian", "julian"):
        raise QueryError(f"calendar {calendar!r}: use gregorian or julian")
    start_col = events.c.gregorian_start if calendar == "gregorian" else events.c.julian_start
    end_col = events.c.gregorian_end if calendar == "gregorian" else events.c.julian_end
    cond = []
    lo = bound(date_from, upper=False) if date_from else None
    hi = bound(date_to, upper=True) if date_to else None
    if lo:
        cond += [end_col >= lo, start_col >= _shift_years(lo, -_max_span_years(kb, calendar))]
    if hi:
        cond.append(start_col <= hi)
    if not undated or lo or hi:
        cond.append(start_col.is_not(None))
    if types:
        cond.append(events.c.type.in_(types))
    if entity:
        found = kb.entity(entity)
        if found is None:
            return {"total": 0, "offset": offset, "rows": []}
        # a row-value IN lets the database start from the entity's (indexed) participations
        cond.append(sa.tuple_(events.c.doc_id, events.c.idx).in_(
            sa.select(event_participants.c.doc_id, event_participants.c.event_idx)
            .where(event_participants.c.entity_id == found.id)))
    where = sa.and_(sa.true(), *cond)
    # ordering by the indexed date column first lets the database stop after one page
    order = ([start_col.is_(None)] if undated and not (lo or hi) else []) + [
        start_col, end_col, events.c.doc_id, events.c.start]
    with kb.engine.connect() as conn:
        if lo and not (types or entity):
            # Counted on the date index alone: events starting inside the window, plus the few that
            # start before it (within the longest span) and reach into it.
            inside = [start_col >= lo] + ([start_col <= hi] if hi else [])
            reaching = [start_col < lo, start_col >= _shift_years(lo, -_max_span_years(kb, calendar)), end_col >= lo]
            total = sum(conn.execute(sa.select(sa.func.count()).select_from(events).where(*c)).scalar_one()
                        for c in (inside, reaching))
        else:
            total = conn.execute(sa.select(sa.func.count()).select_from(events).where(where)).scalar_one()
        page = conn.execute(sa.select(events, documents.c.name, documents.c.short_citation)
                            .join(documents, documents.c.id == events.c.doc_id)
                            .where(where).order_by(*order).limit(limit).offset(offset)).all()
        keys = [(r.doc_id, r.id) for r in page]
        parents: dict[tuple[str, str], str] = {}
        if keys:
            for c in conn.execute(sa.select(claims.c.doc_id, claims.c.event_id, claims.c.parent).where(
                    claims.c.parent_kind == "report", sa.tuple_(claims.c.doc_id, claims.c.event_id).in_(keys))):
                parents.setdefault((c.doc_id, c.event_id), c.parent)
        merged = {r.id: r for r in conn.execute(sa.select(corpus_events).where(
            corpus_events.c.id.in_(set(parents.values()))))} if parents else {}
        page_spans: dict[str, list[tuple[int, int, str]]] = {}
        for p in conn.execute(sa.select(pages).where(pages.c.doc_id.in_({r.doc_id for r in page}))
                              .order_by(pages.c.doc_id, pages.c.idx)):
            page_spans.setdefault(p.doc_id, []).append((p.start, p.end, p.label))
    rows: dict[str, ChronologyRow] = {}
    for r in page:
        label = _page_label(page_spans.get(r.doc_id, ()), r.start)  # "…, p. 12" for paginated sources
        citation = f"{r.short_citation}, p. {label}" if label and r.short_citation else r.short_citation
        source = Source(doc_id=r.doc_id, doc=r.name, citation=citation, evidence=r.evidence, event_id=r.id,
                        start=r.start, end=r.end, page=label)
        parent = parents.get((r.doc_id, r.id))
        c = merged.get(parent) if parent else None
        key = parent if c is not None else f"{r.doc_id[:12]}:{r.id}"
        if key not in rows:
            base = c if c is not None else r
            rows[key] = ChronologyRow(
                id=key, type=base.type, gregorian=base.when_gregorian, julian=base.when_julian,
                gregorian_start=base.gregorian_start, gregorian_end=base.gregorian_end,
                julian_start=base.julian_start, julian_end=base.julian_end, actors=list(base.actors or []),
                targets=list(base.targets or []), place=base.place, modality=r.modality or "asserted",
                channel=r.channel, zone=r.zone or "body", corpus_event=parent if c is not None else None,
                reasoning=c.reasoning if c is not None else None, curated=dict(base.curated or {}))
        row = rows[key]
        row.sources.append(source)
        for k, stamp in (r.curated or {}).items():  # what users corrected in any of its reports
            row.curated.setdefault(k, stamp)
        row.actors += [a for a in r.actors or [] if a not in row.actors]
        row.targets += [t for t in r.targets or [] if t not in row.targets]
        row.channel = row.channel or r.channel
    return {"total": total, "offset": offset, "rows": [row.to_dict() for row in rows.values()]}


def _max_span_years(kb: Any, calendar: str) -> int:
    """The longest date span of any event, in whole years (cached on the knowledge base until a build)."""
    cache = kb.__dict__.setdefault("_span_cache", {})
    if calendar not in cache:
        col = "gregorian" if calendar == "gregorian" else "julian"
        with kb.engine.connect() as conn:
            value = conn.exec_driver_sql(
                f"SELECT max(CAST(substr({col}_end, 1, 4) AS INTEGER) - CAST(substr({col}_start, 1, 4) AS INTEGER)) "
                f"FROM events WHERE {col}_start IS NOT NULL").scalar()
        cache[calendar] = int(value or 0) + 1
    return cache[calendar]


def _shift_years(day: str, years: int) -> str:
    return f"{int(day[:4]) + years:04d}{day[4:]}"


def _page_png(doc: Any, n: int) -> bytes | None:
    """Page n of a scanned document as PNG, read again from the document's own file (never another path)."""
    import io

    from PIL import Image, ImageSequence

    page = doc.pages[n]
    try:
        source = Path(doc.path).resolve()
        if Path(page.image).resolve() != source or not source.is_file():
            return None
        frame = sum(1 for p in doc.pages[:n] if p.image == page.image)  # its frame in a multi-page TIFF
        with Image.open(source) as image:
            for i, img in enumerate(ImageSequence.Iterator(image)):
                if i == frame:
                    out = io.BytesIO()
                    img.convert("RGB").save(out, format="PNG")
                    return out.getvalue()
    except (OSError, ValueError):
        return None
    return None


def _event_type(value: str) -> str:
    upper = value.strip().upper()
    if upper not in EVENT_TYPES:
        raise QueryError(f"event type {value!r} is unknown; use one of {', '.join(EVENT_TYPES)}")
    return upper


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, *, token: str | None = None) -> None:
    """Run the API and web app with uvicorn until interrupted."""
    import uvicorn

    if "://" not in db and not Path(db).exists():
        raise StoreError(f"{db}: no knowledge base here; build one first with: fontes build examples/seeds --db {db}")
    app = create_app(db, token=token)
    uvicorn.run(app, host=host, port=port, log_level="info")


# ---------------------------------------------------------------- command line


def _click():
    import click

    return click


def _make_serve_command():
    click = _click()

    @click.command("serve")
    @click.option("--db", default="fontes.db", show_default=True, envvar="FONTES_DB",
                  help="SQLite file or SQLAlchemy URL (postgresql+psycopg://user@host/db).")
    @click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
    @click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
    def serve_command(db: str, host: str, port: int) -> None:
        """Serve the REST API (/api, OpenAPI at /api/docs) and the web app (/) for a knowledge base.

        Read-only unless the environment sets FONTES_API_TOKEN, which enables uploads and builds
        for requests that send it as 'Authorization: Bearer <token>'.

        Example: fontes serve --db fontes.db --port 8000
        """
        try:
            serve(db, host, port)
        except FontesError as err:
            raise click.ClickException(str(err)) from err

    return serve_command


serve_command = _make_serve_command()
