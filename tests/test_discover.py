"""Feed autodiscovery: a subscribed web page is replaced by the feed it declares."""

from __future__ import annotations

from reader.ingest.discover import MAX_HEAD_BYTES, MAX_LINKS, feed_links
from reader.ingest.parse import parse_body
from reader.ingest.refresh import refresh
from reader.store import Store
from tests.feedserver import FeedServer, rss
from tests.test_refresh import SETTINGS, articles


def page(*links: str, base: str = "") -> bytes:
    head = "".join(links) + (f'<base href="{base}">' if base else "")
    return (
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>Port Halloran Gazette</title>"
        f'<link rel="stylesheet" href="/s.css">{head}</head><body><h1>News</h1><p>Text.</p></body></html>'
    ).encode()


RSS_LINK = '<link rel="alternate" type="application/rss+xml" title="All" href="{}">'


def test_declared_feeds_in_page_order_resolved_against_base() -> None:
    body = page(
        RSS_LINK.format("feed.xml"),
        '<link rel="Alternate  home" type="application/atom+xml; charset=utf-8" href="https://b.example/atom">',
        '<link rel="alternate" type="application/feed+json" href="feed.json">',
        '<link rel="alternate" type="text/html" href="/fr/">',  # a translation, not a feed
        '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">',
        RSS_LINK.format("feed.xml"),  # said twice: listed once
        base="/news/",
    )
    assert feed_links(body, "https://a.example/") == [
        "https://a.example/news/feed.xml", "https://b.example/atom", "https://a.example/news/feed.json",
    ]
    result = parse_body(body, "https://a.example/")
    assert "HTML page" in (result.error or "") and result.feed_links[0] == "https://a.example/news/feed.xml"
    assert parse_body(page(), "https://a.example/").feed_links == []


def test_subscribing_to_a_page_moves_to_its_feed(server: FeedServer, store: Store) -> None:
    feed = server.route("/feed.xml", rss(3), etag='"e1"')
    home = server.route("/", page(RSS_LINK.format("/feed.xml")))
    feed_id, _ = store.add_feed(home)
    report = refresh(store, SETTINGS)
    assert not report.failed and len(report.new) == 3 and report.outcomes[0].url == feed
    stored = store.feed(feed_id)
    assert stored and stored.url == feed and stored.etag == '"e1"' and stored.title == "Test feed"
    again = refresh(store, SETTINGS)  # the feed itself now, conditionally: the page is not read again
    assert again.outcomes[0].status == "not-modified" and server.hits["/"] == 1
    assert len(articles(store, feed_id)) == 3


def test_a_page_whose_feed_fails_or_is_taken_says_so(server: FeedServer, store: Store) -> None:
    broken = server.route("/broken", page(RSS_LINK.format("/missing.xml")))
    loop = server.route("/loop", page(RSS_LINK.format("/loop2")))
    server.route("/loop2", page(RSS_LINK.format("/loop")))  # a page naming a page: one hop only
    feed = server.route("/feed.xml", rss(1))
    twin = server.route("/twin", page(RSS_LINK.format("/feed.xml")))
    ids = {url: store.add_feed(url)[0] for url in (broken, loop, feed, twin)}
    report = refresh(store, SETTINGS)
    errors = {o.url: o.error or "" for o in report.outcomes}
    assert "/missing.xml, which failed: HTTP 404" in errors[broken]
    assert "/loop2, which failed: the address serves an HTML page" in errors[loop]
    assert "names the feed" in errors[twin] and "already subscribed" in errors[twin]
    assert server.hits.get("/loop", 0) == 1 and server.hits["/loop2"] == 1
    for url in (broken, loop, twin):
        kept = store.feed(ids[url])
        assert kept and kept.url == url and kept.last_error and not kept.gone
    assert len(articles(store, ids[feed])) == 1 and not articles(store, ids[twin])


def test_a_hostile_page_is_read_only_so_far() -> None:
    links = "".join(RSS_LINK.format(f"/f{i}.xml") for i in range(5000))
    found = feed_links(page(links), "https://a.example/")
    assert len(found) == MAX_LINKS and found[0] == "https://a.example/f0.xml"
    late = page(" " * MAX_HEAD_BYTES + RSS_LINK.format("/late.xml"))  # past the bytes that are read
    assert feed_links(late, "https://a.example/") == []
    control = page(RSS_LINK.format("/f\x1b[31m.xml\x07"))
    assert feed_links(control, "https://a.example/") == ["https://a.example/f.xml"]  # escapes go whole


def test_plain_json_comes_last_and_a_bad_link_is_passed_over() -> None:
    body = page(
        '<link rel="alternate" type="application/json" href="/wp-json/">',  # a REST API, not a feed
        RSS_LINK.format("http://[oops/x"),  # no address at all
        RSS_LINK.format("/feed.xml"),
    )
    assert feed_links(body, "https://a.example/") == ["https://a.example/feed.xml", "https://a.example/wp-json/"]
    assert feed_links(page(base="http://[bad/"), "https://a.example/") == []


def test_a_page_whose_first_feed_is_down_moves_to_the_next(server: FeedServer, store: Store) -> None:
    feed = server.route("/all.xml", rss(2))
    home = server.route("/", page(RSS_LINK.format("/comments.xml"), RSS_LINK.format("/all.xml")))
    feed_id, _ = store.add_feed(home)
    report = refresh(store, SETTINGS)
    assert not report.failed and len(report.new) == 2
    assert store.feed(feed_id).url == feed  # type: ignore[union-attr]
    assert server.hits["/comments.xml"] == 1
