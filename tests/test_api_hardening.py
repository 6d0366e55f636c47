"""API hardening (issue 11, item 6): constant-time token, no server paths in errors, security headers,
one query validation for every ranking, dates that exist, body size and write rate limits, hidden uploads."""

from __future__ import annotations

import inspect
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from kbfixtures import invented_kb

from fontes import api
from fontes.api import create_app
from fontes.search import index_for
from fontes.settings import DEFAULTS
from fontes.store import KnowledgeBase

AUTH = {"Authorization": "Bearer s3cret"}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hardening") / "kb.db"
    invented_kb(path).close()
    with KnowledgeBase.open(path) as kb:  # vectors, so semantic and hybrid rankings really run
        index_for(kb).embed_all()
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db), raise_server_exceptions=False)


def _ingest(db: Path, tmp_path: Path, **settings) -> TestClient:
    app = create_app(db, token="s3cret", upload_dir=tmp_path / "uploads", settings=DEFAULTS.with_(**settings))
    return TestClient(app, raise_server_exceptions=False)


def _wait(client: TestClient, job: dict) -> dict:
    for _ in range(600):
        state = client.get(f"/api/builds/{job['id']}", headers=AUTH).json()
        if state["state"] in ("done", "failed"):
            return state
        time.sleep(0.5)
    raise AssertionError(f"build {job['id']} did not finish")


def test_api_token_is_compared_in_constant_time():
    source = inspect.getsource(api.create_app)
    assert "hmac.compare_digest" in source and "authorization != " not in source


@pytest.mark.parametrize("url", ["/", "/static/app.js", "/api/documents", "/api/nothing", "/api/search?q=%22",
                                 "/api/docs", "/api/openapi.json"])
def test_api_every_response_carries_the_security_headers(client, url):
    headers = client.get(url).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    if url != "/api/docs":
        assert "script-src 'self';" in csp and "unsafe-inline" not in csp


def test_api_web_app_has_no_inline_script_or_style(client):
    page = client.get("/").text
    assert "<script>" not in page and " on" not in page.replace(" one", "")  # no inline handlers (onerror=...)
    assert "style=" not in page and "<style" not in page
    script = client.get("/static/app.js").text
    assert "innerHTML" not in script.replace("never innerHTML", "")


def test_api_docs_inline_script_is_allowed_by_its_hash_only(client):
    response = client.get("/api/docs")
    assert response.status_code == 200 and "swagger" in response.text.lower()
    csp = response.headers["content-security-policy"]
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "'sha256-" in script_src and "unsafe-inline" not in script_src


@pytest.mark.parametrize("ranking", ["bm25", "semantic", "hybrid"])
@pytest.mark.parametrize("q", ['"', '""', "-treaty", "  ", "!!"])
def test_api_search_refuses_the_same_queries_with_every_ranking(client, ranking, q):
    response = client.get("/api/search", params={"q": q, "ranking": ranking})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "bad_query" and ("no words" in error["message"] or "empty" in error["message"]
                                             or "only excludes" in error["message"])


@pytest.mark.parametrize("ranking", ["semantic", "hybrid"])
def test_api_semantic_rankings_still_answer_real_queries(client, ranking):
    body = client.get("/api/search", params={"q": "dismissed", "ranking": ranking}).json()
    assert body["ranking"] == ranking and body["hits"]


@pytest.mark.parametrize(("url", "reason"), [
    ("/api/chronology?from=1917-13-45", "month 13 does not exist"),
    ("/api/chronology?to=1917-02-30", "day 30 does not exist in month 2 of 1917"),
    ("/api/chronology?from=1900-02-29", "day 29 does not exist in month 2 of 1900 in the gregorian calendar"),
    ("/api/search?q=order&from=1917-13-45", "month 13 does not exist"),
    ("/api/search?q=order&to=1850-00", "month 0 does not exist"),
    ("/api/export/csv?from=1917-04-31", "day 31 does not exist"),
    ("/api/chronology?from=soon", "not a date"),
])
def test_api_invalid_dates_are_a_422_with_the_reason(client, url, reason):
    response = client.get(url)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter" and reason in error["message"] and "YYYY-MM-DD" in error["message"]


def test_api_julian_leap_day_of_1900_is_a_date(client):
    assert client.get("/api/chronology?from=1900-02-29&calendar=julian").status_code == 200


def test_api_hidden_upload_is_refused_not_silently_skipped(db, tmp_path):
    client = _ingest(db, tmp_path)
    response = client.post("/api/uploads", headers=AUTH,
                           files=[("files", (".notes.txt", b"A note of 1850.", "text/plain"))])
    assert response.status_code == 400, response.text
    assert "hidden file" in response.json()["error"]["message"] and ".notes.txt" in response.json()["error"]["message"]
    assert not any((tmp_path / "uploads").rglob("*.txt"))


def test_api_upload_errors_name_the_file_not_the_server_path(db, tmp_path):
    client = _ingest(db, tmp_path)
    response = client.post("/api/uploads", headers=AUTH, files=[("files", ("blank.txt", b"   \n", "text/plain"))])
    assert response.status_code == 200, response.text
    state = _wait(client, response.json())
    assert state["errors"] and state["errors"][0].startswith("blank.txt: empty file")
    text = str(state)
    assert str(tmp_path) not in text and "/tmp" not in text and "fontes-uploads" not in text


def test_api_request_body_limit(db, tmp_path):
    client = _ingest(db, tmp_path, api_max_request_bytes=1000)
    response = client.post("/api/uploads", headers=AUTH, files=[("files", ("a.txt", b"x" * 2000, "text/plain"))])
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    assert "api_max_request_bytes" in response.json()["error"]["message"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_api_write_requests_are_rate_limited_per_client(db, tmp_path):
    client = _ingest(db, tmp_path, api_write_limit=3, api_write_window_seconds=60)
    statuses = [client.delete("/api/documents/nothing-here", headers=AUTH).status_code for _ in range(5)]
    assert statuses == [404, 404, 404, 429, 429]
    limited = client.delete("/api/documents/nothing-here", headers=AUTH)
    assert limited.json()["error"]["code"] == "too_many_requests" and int(limited.headers["retry-after"]) >= 1
    assert client.get("/api/documents").status_code == 200  # reads are not limited


def test_api_rate_limit_window_passes(db, tmp_path):
    client = _ingest(db, tmp_path, api_write_limit=1, api_write_window_seconds=0.5)
    assert client.delete("/api/documents/x", headers=AUTH).status_code == 404
    assert client.delete("/api/documents/x", headers=AUTH).status_code == 429
    time.sleep(0.6)
    assert client.delete("/api/documents/x", headers=AUTH).status_code == 404


def test_api_body_limit_holds_without_content_length(db, tmp_path):
    """A chunked body (no Content-Length) is cut off once it passes the limit."""
    client = _ingest(db, tmp_path, api_max_request_bytes=1000)
    body = (b"--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n"
            b"Content-Type: text/plain\r\n\r\n" + b"y" * 5000 + b"\r\n--x--\r\n")

    def chunks():
        for start in range(0, len(body), 500):
            yield body[start:start + 500]

    response = client.post("/api/uploads", content=chunks(),
                           headers={**AUTH, "Content-Type": "multipart/form-data; boundary=x"})
    assert response.status_code == 413, response.text
    assert response.json()["error"]["code"] == "too_large"
