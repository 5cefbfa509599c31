"""Fetching against a real HTTP server on 127.0.0.1: statuses, redirects, limits, encodings."""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
import zlib
from collections.abc import Iterator
from dataclasses import replace

import pytest

from reader.config import FetchSettings
from reader.net.fetch import Fetcher, FetchRequest, FetchResult, fetch_all
from tests.feedserver import TLS_CERT, FeedServer, gzipped, rss

FAST = FetchSettings(concurrency=8, per_host=4, timeout_s=2.0, deadline_s=3.0, max_bytes=1024 * 1024)


def fetch(url: str, settings: FetchSettings = FAST, **validators: str | None) -> FetchResult:
    return asyncio.run(fetch_all([FetchRequest(1, url, **validators)], settings))[0]


def test_200_then_304_with_etag(server: FeedServer) -> None:
    url = server.route("/f", rss(2), etag='"abc"')
    first = fetch(url)
    assert first.status == 200 and first.body == rss(2) and first.error is None
    assert first.headers["etag"] == '"abc"'
    second = fetch(url, etag=first.headers["etag"])
    assert second.status == 304 and second.not_modified and second.body is None and second.error is None
    assert server.request_headers["/f"]["if-none-match"] == '"abc"'


def test_304_with_last_modified(server: FeedServer) -> None:
    stamp = "Tue, 14 Nov 2023 22:13:20 GMT"
    url = server.route("/f", rss(1), last_modified=stamp)
    assert fetch(url).headers["last-modified"] == stamp
    assert fetch(url, last_modified=stamp).not_modified


def test_temporary_redirect_followed_but_not_stored(server: FeedServer) -> None:
    target = server.route("/new", rss(1))
    url = server.route("/old", status=302, headers={"Location": "/new"})
    result = fetch(url)
    assert result.body == rss(1) and result.url == target and result.moved_to is None


def test_permanent_redirects_give_the_url_to_store(server: FeedServer) -> None:
    final = server.route("/c", rss(1))
    server.route("/b", status=308, headers={"Location": final})
    url = server.route("/a", status=301, headers={"Location": "/b"})
    result = fetch(url)
    assert result.moved_to == final and result.body == rss(1)


def test_permanent_after_temporary_is_not_stored(server: FeedServer) -> None:
    server.route("/c", rss(1))
    server.route("/b", status=301, headers={"Location": "/c"})
    url = server.route("/a", status=307, headers={"Location": "/b"})
    assert fetch(url).moved_to is None


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.com/x", "javascript:alert(1)"])
def test_redirect_to_other_schemes_refused(server: FeedServer, target: str) -> None:
    url = server.route("/a", status=302, headers={"Location": target})
    result = fetch(url)
    assert result.body is None
    assert "only http and https" in (result.error or "") or "invalid URL" in (result.error or "")


def test_too_many_redirects(server: FeedServer) -> None:
    url = server.route("/loop", status=302, headers={"Location": "/loop"})
    result = fetch(url)
    assert "redirects" in (result.error or "") and server.hits["/loop"] == 6


def test_410_marks_gone(server: FeedServer) -> None:
    result = fetch(server.route("/g", b"bye", status=410))
    assert result.gone and "410" in (result.error or "")


@pytest.mark.parametrize("status", [404, 500, 503])
def test_error_statuses(server: FeedServer, status: int) -> None:
    result = fetch(server.route("/e", b"no", status=status))
    assert result.body is None and f"HTTP {status}" in (result.error or "")


def test_connection_refused() -> None:
    result = fetch("http://127.0.0.1:9/feed")
    assert result.error and result.body is None


def test_not_a_web_url_refused() -> None:
    assert "only http and https" in (fetch("file:///etc/passwd").error or "")


def test_read_timeout(server: FeedServer) -> None:
    url = server.route("/slow", rss(1), delay_s=3.0)
    result = fetch(url, replace(FAST, timeout_s=0.5, deadline_s=5.0))
    assert "timed out" in (result.error or "") and result.seconds < 2.5


def test_slow_drip_hits_the_deadline(server: FeedServer) -> None:
    # the whole body would take a minute, yet every byte beats the read timeout
    url = server.route("/drip", rss(20), drip_s=0.02)
    result = fetch(url, replace(FAST, timeout_s=1.0, deadline_s=1.0))
    assert "within 1 s" in (result.error or "") and result.seconds < 2.5


def test_oversized_declared_body(server: FeedServer) -> None:
    result = fetch(server.route("/big", b"x" * (2 * 1024 * 1024)))
    assert "larger than" in (result.error or "") and result.body is None


def test_oversized_undeclared_body(server: FeedServer) -> None:
    result = fetch(server.route("/big", b"<rss>" + b"x" * (2 * 1024 * 1024), content_length=False))
    assert "larger than" in (result.error or "") and result.body is None


def test_gzip_bomb_stops_at_the_cap_in_bounded_memory(server: FeedServer) -> None:
    bomb = gzip.compress(b"\0" * (256 * 1024 * 1024), compresslevel=9)  # 256 MB from ~250 KB
    url = server.route("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    result = fetch(url)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "larger than" in (result.error or "")
    assert peak < 40 * 1024 * 1024


def test_gzip_and_deflate_decoded(server: FeedServer) -> None:
    body = rss(5)
    assert fetch(server.route("/gz", gzipped(body), headers={"Content-Encoding": "gzip"})).body == body
    deflate = {"Content-Encoding": "deflate"}
    assert fetch(server.route("/z", zlib.compress(body), headers=deflate)).body == body
    raw = zlib.compressobj(wbits=-15)
    raw_body = raw.compress(body) + raw.flush()
    assert fetch(server.route("/raw", raw_body, headers={"Content-Encoding": "deflate"})).body == body
    two = gzipped(body[:100]) + gzipped(body[100:])  # a multi-member gzip stream
    assert fetch(server.route("/two", two, headers={"Content-Encoding": "gzip"})).body == body


def test_stacked_encodings_refused(server: FeedServer) -> None:
    url = server.route("/s", gzipped(gzipped(rss(1))), headers={"Content-Encoding": "gzip, gzip"})
    assert "stacked" in (fetch(url).error or "")


def test_unknown_encoding_and_corrupt_gzip(server: FeedServer) -> None:
    assert "unsupported" in (fetch(server.route("/u", b"x", headers={"Content-Encoding": "zzz"})).error or "")
    bad = fetch(server.route("/bad", b"not gzip at all", headers={"Content-Encoding": "gzip"}))
    assert "bad gzip" in (bad.error or "")


def test_empty_body_is_an_error(server: FeedServer) -> None:
    assert "empty" in (fetch(server.route("/empty", b"")).error or "")


def test_per_host_limit_and_keep_alive(server: FeedServer) -> None:
    urls = [server.route(f"/f{i}", rss(1), delay_s=0.1) for i in range(12)]
    settings = replace(FAST, concurrency=8, per_host=2)
    results = asyncio.run(fetch_all([FetchRequest(i, u) for i, u in enumerate(urls)], settings))
    assert all(r.body == rss(1) for r in results)
    assert server.max_active <= 2
    assert len(server.client_ports) <= 2  # each origin pools per_host connections, reused


def test_sends_accept_encoding_and_user_agent(server: FeedServer) -> None:
    fetch(server.route("/h", rss(1)))
    headers = server.request_headers["/h"]
    assert "gzip" in headers["accept-encoding"] and headers["user-agent"].startswith("Byline/")


@pytest.fixture
def tls_server() -> Iterator[FeedServer]:
    server = FeedServer(tls=True)
    yield server
    server.close()


def test_https_with_a_trusted_certificate(tls_server: FeedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS_CERT))  # what a user with a private CA sets too
    urls = [tls_server.route(f"/s{i}", rss(2), etag=f'"t{i}"') for i in range(3)]
    results = asyncio.run(fetch_all([FetchRequest(i, u) for i, u in enumerate(urls)], FAST))
    assert [r.error for r in results] == [None] * 3 and all(r.body == rss(2) for r in results)
    assert results[0].url.startswith("https://") and results[0].headers["etag"] == '"t0"'


def test_https_with_an_untrusted_certificate_is_refused(
    tls_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    result = fetch(tls_server.route("/s", rss(1)))
    assert result.body is None
    error = result.error or ""
    assert error.startswith("the server's TLS certificate is not trusted: ") and "self" in error  # signed
    assert tls_server.hits.get("/s") is None  # no request was sent over the unverified connection


def test_an_origin_is_let_go_once_no_feed_needs_it(server: FeedServer) -> None:
    """Keep-alive within a site, but no idle connection left behind to a site that is done."""
    others = [FeedServer() for _ in range(2)]
    try:
        urls = [s.route(f"/f{i}", rss(1)) for s in (server, *others) for i in range(3)]

        async def run() -> tuple[list[FetchResult], int]:
            async with Fetcher(replace(FAST, per_host=1)) as fetcher:
                requests = [FetchRequest(i, url) for i, url in enumerate(urls)]
                results = await asyncio.gather(*(fetcher.fetch(request) for request in requests))
                return list(results), len(fetcher._clients) + len(fetcher._users)

        results, left = asyncio.run(run())
        assert all(r.body == rss(1) for r in results) and left == 0
        assert all(len(s.client_ports) == 1 for s in (server, *others))  # one connection per site, reused
    finally:
        for other in others:
            other.close()
