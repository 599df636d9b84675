"""Random queries, Accept and Content-Type headers: the server answers every one, never a 500."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette

from tests.service.conftest import Live

FRAGMENTS = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "DATA", "SERVICE", "LOAD", "WHERE",
    "{", "}", "?s", "?p", "?o", "<http://127.0.0.1:9/>", "'x'", "\\u0053", "PREFIX", "a:",
    "FILTER", "(", ")", ".", ";", "*", "LIMIT", "1", "#", "\n", "OPTIONAL", "UNION", "VALUES",
]  # fmt: skip
ASCII = st.characters(min_codepoint=32, max_codepoint=126)
queries = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=25).map(" ".join),
)
accepts = st.one_of(
    st.text(alphabet=ASCII, max_size=80),
    st.lists(
        st.sampled_from(["*/*", "text/csv", "application/json", "text/turtle", "q=", ";q=0.5",
                         "image/png", "application/sparql-results+xml", ",", ";q=x"]),
        max_size=6,
    ).map("".join),
)  # fmt: skip
content_types = st.sampled_from(
    ["application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update",
     "text/plain", "", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded;;"]
)  # fmt: skip
OK = {200, 400, 403, 405, 406, 413, 415}


@pytest.fixture(scope="module")
def small_live(small_app: Starlette, live_server: Callable[[Starlette], Live]) -> Live:
    return live_server(small_app)


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as client:
        yield client


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=queries,
    accept=accepts,
    content_type=content_types,
    how=st.sampled_from(["get", "form", "body"]),
)
def test_random_requests_get_plain_4xx_or_answers(
    small_live: Live, http: httpx.Client, query: str, accept: str, content_type: str, how: str
) -> None:  # fmt: skip
    url = f"{small_live.url}/sparql"
    headers = {"Accept": accept.strip()}  # h11 refuses to send edge whitespace
    if how == "get":
        r = http.get(url, params={"query": query}, headers=headers)
    elif how == "form":
        r = http.post(url, data={"query": query}, headers=headers)
    else:
        headers["Content-Type"] = content_type
        r = http.post(url, content=query.encode("utf-8"), headers=headers)
    assert r.status_code in OK, (r.status_code, r.text)
    if r.status_code != 200:
        assert r.headers["content-type"].startswith("text/plain")
    assert "Traceback" not in r.text and 'File "' not in r.text
    assert http.get(url, params={"query": "ASK {}"}).status_code == 200
