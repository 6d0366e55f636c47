"""REST API: endpoints over a knowledge base, one JSON error shape, token-gated uploads, and schemathesis fuzzing."""

from __future__ import annotations

import time

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from kbfixtures import invented_kb

from fontes.api import create_app


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "kb.db"
    invented_kb(path).close()
    return path


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db, token=""), raise_server_exceptions=False)


@pytest.mark.parametrize(("url", "check"), [
    ("/api/documents", lambda b: {d["name"] for d in b} == {"letter.txt", "history.txt"}),
    ("/api/documents/letter.txt", lambda b: b["id"] == "a" * 64 and b["events"] and b["mentions"]),
    ("/api/entities?type=PER", lambda b: {e["id"] for e in b} == {"ostrovo", "varga"}),
    ("/api/entities/General Ostrovo", lambda b: b["id"] == "ostrovo" and len(b["events"]) >= 3),
    ("/api/events?type=dismissal", lambda b: len(b) == 2),
    ("/api/chronology?from=1850-03-01&to=1850-03-05&calendar=julian", lambda b: b["total"] == 6),  # spring: 5 + truce
    ("/api/chronology?entity=varga", lambda b: [r["type"] for r in b["rows"]] == ["APPOINTMENT"]),
    ("/api/conflicts", lambda b: len(b) == 1 and len(b[0]["claims"]) == 2 and b[0]["claims"][0]["start"] is not None),
    ("/api/search?q=%22refused%20to%20obey%22&facets=true", lambda b: b["total"] == 1 and "genre" in b["facets"]),
    ("/api/search?q=dismissed&event_type=DISMISSAL&genre=secondary", lambda b: b["total"] == 1),
    ("/api/ask?q=Who%20was%20appointed%20Commander%20of%20the%20Northern%20Army%3F",
     lambda b: b["answer"] == "Petr Varga" and b["passages"]),
    ("/api/citations?doc=letter.txt", lambda b: b[0]["title"] == "Order of the Council"),
    ("/api/network", lambda b: {"source": "council", "target": "ostrovo"}.items() <= b["edges"][0].items()
     or any(e["source"] == "council" and e["target"] == "ostrovo" for e in b["edges"])),
    ("/api/chain", lambda b: any(r["channel"] == "telegraph" for r in b)),
    ("/api/export/csl-json?doc=letter.txt", lambda b: [i["title"] for i in b] == ["Order of the Council"]),
    ("/api/places", lambda b: b == [{"id": "kalvara", "name": "Kalvara", "lat": 50.1, "lon": 20.2, "mentions": 1,
                                     "docs": 1, "kind": "city"}]),  # an unknown town is drawn as a point
])
def test_api_endpoints(client, url, check):
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert check(response.json())


@pytest.mark.parametrize(("url", "status", "code"), [
    ("/api/documents/nope", 404, "not_found"),
    ("/api/entities/nobody", 404, "not_found"),
    ("/api/search?q=NEAR(&mode=advanced", 400, "bad_query"),
    ("/api/search?q=", 400, "bad_query"),
    ("/api/search?q=-only", 400, "bad_query"),
    ("/api/search?q=x&limit=0", 422, "invalid_parameter"),
    ("/api/search?q=x&from=yesterday", 422, "invalid_parameter"),  # issue 11: a bad date is a 422
    ("/api/events?type=PICNIC", 400, "bad_query"),
    ("/api/chronology?from=soon", 422, "invalid_parameter"),
    ("/api/ask?q=%3F%3F", 400, "bad_query"),
    ("/api/nothing-here", 404, "not_found"),
    ("/api/export/parquet", 400, "bad_request"),
])
def test_api_errors_have_one_shape(client, url, status, code):
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["status"] == status
    assert body["error"]["message"]


def test_api_is_read_only_without_token(client):
    assert client.post("/api/uploads", files={"files": ("a.txt", b"x")}).status_code in (404, 405)
    assert client.get("/api/stats").json()["ingest_enabled"] is False


@pytest.fixture()
def ingest_client(db, tmp_path):
    return TestClient(create_app(db, token="s3cret", upload_dir=tmp_path, max_upload_bytes=2000),
                      raise_server_exceptions=False)


@pytest.mark.parametrize(("headers", "files", "status"), [
    ({}, [("files", ("a.txt", b"text", "text/plain"))], 401),
    ({"Authorization": "Bearer wrong"}, [("files", ("a.txt", b"text", "text/plain"))], 401),
    ({"Authorization": "Bearer s3cret"}, [("files", ("a.exe", b"MZ", "application/octet-stream"))], 415),
    ({"Authorization": "Bearer s3cret"}, [("files", ("big.txt", b"x" * 3000, "text/plain"))], 413),
])
def test_api_uploads_need_token_and_are_limited(ingest_client, headers, files, status):
    response = ingest_client.post("/api/uploads", headers=headers, files=files)
    assert response.status_code == status
    assert response.json()["error"]["status"] == status


def test_api_upload_starts_a_build(ingest_client):
    auth = {"Authorization": "Bearer s3cret"}
    response = ingest_client.post("/api/uploads", headers=auth,
                                  files=[("files", ("note.txt", b"A short note written in 1850 by a clerk.", "text/plain"))])
    assert response.status_code == 200, response.text
    job = response.json()
    for _ in range(600):
        state = ingest_client.get(f"/api/builds/{job['id']}", headers=auth).json()
        if state["state"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert state["state"] == "done", state
    assert any(d["name"] == "note.txt" for d in ingest_client.get("/api/documents").json())
    hits = ingest_client.get("/api/search?q=clerk").json()["hits"]
    assert hits and "written in 1850 by a clerk" in hits[0]["text"]


def test_api_serves_the_web_app_offline(client):
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing from a CDN
    assert client.get("/static/app.js").status_code == 200


# ------------------------------------------------------------------ schemathesis against the OpenAPI schema


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "kb.db"
    invented_kb(path).close()
    return create_app(path)


def test_api_schemathesis(fuzz_app):
    """Every operation of the OpenAPI schema, fed generated parameters: never a 5xx, errors in the one shape."""
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", fuzz_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            response = case.call()
            assert response.status_code < 500, (case.path, case.query, response.text)
            if response.status_code >= 400:
                assert set(response.json()) == {"error"}, response.text

        check()
