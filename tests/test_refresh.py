"""Refresh end to end against a loopback server: storing, 304s, errors, redirects, 410, schedules."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

from reader.config import FetchSettings
from reader.ingest.refresh import Cancel, FeedOutcome, RefreshCancelled, RefreshReport, refresh
from reader.ingest.schedule import MAX_INTERVAL_S, after_failures, max_age, next_fetch, retry_after
from reader.store import ArticleFilter, Store
from tests.feedserver import FeedServer, rss

SETTINGS = FetchSettings(
    concurrency=8, per_host=4, timeout_s=2.0, deadline_s=3.0, max_bytes=1024 * 1024, workers=2
)


def articles(store: Store, feed_id: int) -> list:
    return store.page_at(ArticleFilter(feed_id=feed_id), 0, 1000)


def test_refresh_stores_then_304_costs_nothing(server: FeedServer, store: Store) -> None:
    url = server.route("/f", rss(3), etag='"v1"', headers={"Cache-Control": "max-age=7200"})
    feed_id, _ = store.add_feed(url)
    seen: list[tuple[FeedOutcome, int, int]] = []
    report = refresh(store, SETTINGS, progress=lambda o, d, t: seen.append((o, d, t)))
    assert len(report.new) == 3 and not report.failed
    assert seen[-1][1:] == (1, 1) and seen[-1][0].new == report.new
    feed = store.feed(feed_id)
    assert feed and feed.title == "Test feed" and feed.etag == '"v1"' and feed.last_error is None
    assert feed.next_fetch and feed.last_fetch and feed.next_fetch - feed.last_fetch >= 7200 * 0.9
    store.set_read([report.new[0]])
    again = refresh(store, SETTINGS)
    assert again.outcomes[0].status == "not-modified" and not again.new and not again.updated
    assert server.request_headers["/f"]["if-none-match"] == '"v1"'
    assert articles(store, feed_id)[-1].read or any(a.read for a in articles(store, feed_id))


def test_changed_items_update_in_place_and_keep_state(server: FeedServer, store: Store) -> None:
    url = server.route("/f", rss(2))
    feed_id, _ = store.add_feed(url)
    first = refresh(store, SETTINGS)
    store.set_starred(first.new)
    server.route("/f", rss(2).replace(b"Body of item 1", b"Edited body"))
    second = refresh(store, SETTINGS)
    assert not second.new and len(second.updated) == 1 and second.outcomes[0].unchanged == 1
    rows = articles(store, feed_id)
    assert len(rows) == 2 and all(row.starred for row in rows)


def test_failures_never_erase_good_content(server: FeedServer, store: Store) -> None:
    url = server.route("/f", rss(4))
    feed_id, _ = store.add_feed(url)
    refresh(store, SETTINGS)
    for broken in (
        dict(body=b""),
        dict(body=b"<html>oops</html>"),
        dict(body=b"x", status=500),
        dict(body=b'<rss version="2.0"><channel><title>Empty</title></channel></rss>'),
    ):
        server.route("/f", **broken)
        report = refresh(store, SETTINGS)
        assert len(articles(store, feed_id)) == 4
    assert report.outcomes[0].status == "ok"  # an empty but valid feed is fine, and removes nothing
    server.route("/f", b"x", status=500)
    report = refresh(store, SETTINGS)
    assert report.failed and "HTTP 500" in (store.feed(feed_id).last_error or "")


def test_errors_are_collected_per_feed(server: FeedServer, store: Store) -> None:
    good = server.route("/good", rss(2))
    bad = server.route("/bad", b"not a feed at all")
    slow = server.route("/slow", rss(1), delay_s=5)
    for url in (good, bad, slow, "http://127.0.0.1:9/refused"):
        store.add_feed(url)
    report = refresh(store, replace(SETTINGS, deadline_s=1.0, timeout_s=1.0))
    by_url = {o.url: o for o in report.outcomes}
    assert by_url[good].status == "ok" and len(by_url[good].new) == 2
    assert by_url[bad].error and by_url[slow].error and by_url["http://127.0.0.1:9/refused"].error
    assert len(report.failed) == 3


def test_permanent_redirect_updates_the_url(server: FeedServer, store: Store) -> None:
    new = server.route("/new", rss(1))
    old = server.route("/old", status=301, headers={"Location": "/new"})
    feed_id, _ = store.add_feed(old)
    report = refresh(store, SETTINGS)
    assert report.outcomes[0].url == new
    assert store.feed(feed_id).url == new and store.feed_by_url(old) is None
    refresh(store, SETTINGS)
    assert server.hits["/old"] == 1 and len(articles(store, feed_id)) == 1


def test_gone_stops_fetching(server: FeedServer, store: Store) -> None:
    url = server.route("/g", status=410)
    feed_id, _ = store.add_feed(url)
    report = refresh(store, SETTINGS)
    assert report.outcomes[0].status == "gone" and store.feed(feed_id).gone
    again = refresh(store, SETTINGS)
    assert again.outcomes == [] and server.hits["/g"] == 1
    named = refresh(store, SETTINGS, urls=[url, "https://unknown.example/"])
    assert {o.error for o in named.outcomes} == {"gone (410), no longer fetched", "not subscribed"}


def test_only_named_and_only_due_feeds(server: FeedServer, store: Store) -> None:
    a = server.route("/a", rss(1))
    b = server.route("/b", rss(1))
    store.add_feed(a)
    store.add_feed(b)
    assert [o.url for o in refresh(store, SETTINGS, urls=[b]).outcomes] == [b]
    due = refresh(store, SETTINGS, due_only=True)
    assert [o.url for o in due.outcomes] == [a]  # b was just fetched; its next fetch is an hour away


def test_refresh_from_a_thread_worker(server: FeedServer, store: Store) -> None:
    store.add_feed(server.route("/f", rss(2)))
    results = []
    worker = threading.Thread(target=lambda: results.append(refresh(store, SETTINGS)))
    worker.start()
    worker.join(30)
    assert results and len(results[0].new) == 2


def test_gzip_and_latin1_through_the_whole_path(server: FeedServer, store: Store) -> None:
    from feedserver import gzipped

    latin = '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Caf\xe9</title>'
    latin += "<item><title>D\xe9j\xe0 vu</title><guid>1</guid></item></channel></rss>"
    url = server.route("/l", gzipped(latin.encode("latin-1")), headers={"Content-Encoding": "gzip"})
    feed_id, _ = store.add_feed(url)
    refresh(store, SETTINGS)
    assert store.feed(feed_id).title == "Caf\xe9" and articles(store, feed_id)[0].title == "D\xe9j\xe0 vu"


def test_schedule_rules() -> None:
    assert max_age("public, max-age=600") == 600 and max_age("no-cache") is None
    assert retry_after("120", 0) == 120 and retry_after("soon", 0) is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 0) > 0
    now = 1_000_000.0
    plain = [next_fetch(now, 3600, {}) - now for _ in range(50)]
    assert all(3240 <= d <= 3960 for d in plain) and len(set(plain)) > 1  # jitter
    assert next_fetch(now, 3600, {"cache-control": "max-age=36000"}) - now >= 36000 * 0.9
    assert next_fetch(now, 3600, {"retry-after": "86400"}) - now >= 86400


def test_failures_in_a_row_back_off_up_to_a_day() -> None:
    assert [after_failures(3600, n) for n in (0, 1, 2, 3, 4)] == [3600, 3600, 7200, 14400, 28800]
    assert after_failures(3600, 50) == MAX_INTERVAL_S
    assert after_failures(2 * MAX_INTERVAL_S, 9) == 2 * MAX_INTERVAL_S  # never shorter than asked


def test_a_failing_feed_is_asked_less_often_until_it_recovers(server: FeedServer, store: Store) -> None:
    url = server.route("/f", b"down", status=503)
    feed_id, _ = store.add_feed(url)
    gaps = []
    for expected in (1, 2, 3, 4):
        refresh(store, SETTINGS)
        feed = store.feed(feed_id)
        assert feed and feed.failures == expected and "HTTP 503" in (feed.last_error or "")
        gaps.append(feed.next_fetch - feed.last_fetch)
    assert gaps[1] > gaps[0] * 1.5 and gaps[3] > gaps[2] * 1.5  # doubling, give or take the jitter
    server.route("/f", rss(1))
    refresh(store, SETTINGS)
    feed = store.feed(feed_id)
    assert feed and feed.failures == 0 and feed.last_error is None
    assert feed.next_fetch - feed.last_fetch < gaps[0] * 1.25


def test_a_feed_read_despite_bad_xml_says_so_until_it_is_fixed(server: FeedServer, store: Store) -> None:
    broken = b'<rss version="2.0"><channel><title>T</title><item><title>A & B</title><guid>1</guid></item>'
    url = server.route("/f", broken)
    feed_id, _ = store.add_feed(url)
    report = refresh(store, SETTINGS)
    feed = store.feed(feed_id)
    assert not report.failed and len(report.new) == 1
    assert feed and feed.last_error is None and (feed.last_warning or "").startswith("malformed feed:")
    server.route("/f", rss(1))
    refresh(store, SETTINGS)
    feed = store.feed(feed_id)
    assert feed and feed.last_warning is None


def test_an_error_while_reporting_progress_comes_out_as_itself(server: FeedServer, store: Store) -> None:
    """E.g. `byline refresh | head` losing its reader: the CLI must see BrokenPipeError, not a
    side effect of closing the fetcher while the other sites' fetches are still ending."""
    others = [FeedServer() for _ in range(5)]
    try:
        store.add_feed(server.route("/fast", rss(1)))
        for i, other in enumerate(others):
            store.add_feed(other.route("/slow", rss(1), delay_s=0.5 + 0.01 * i))

        def progress(outcome: FeedOutcome, done: int, total: int) -> None:
            raise BrokenPipeError(32, "Broken pipe")

        with pytest.raises(BrokenPipeError):
            refresh(store, SETTINGS, progress=progress)
    finally:
        for other in others:
            other.close()


def test_a_cancelled_refresh_stops_its_slow_fetches_and_keeps_what_landed(
    server: FeedServer, store: Store
) -> None:
    fast = server.route("/fast", rss(2))
    slow = server.route("/slow", rss(2), delay_s=60)
    for url in (fast, slow):
        store.add_feed(url)
    cancel = Cancel()
    ended: list[BaseException | RefreshReport] = []

    def run() -> None:
        try:
            ended.append(refresh(store, replace(SETTINGS, timeout_s=90.0, deadline_s=90.0), cancel=cancel))
        except RefreshCancelled as error:
            ended.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    while not (server.hits.get("/slow") and store.stats().articles == 2):
        time.sleep(0.05)
    cancel()
    thread.join(20)  # far less than the slow feed's minute: the cancel ended it
    assert not thread.is_alive() and isinstance(ended[0], RefreshCancelled)
    assert store.stats().articles == 2  # the fast feed's articles stay


def test_a_refresh_cancelled_before_it_starts_fetches_nothing(server: FeedServer, store: Store) -> None:
    store.add_feed(server.route("/f", rss(2)))
    cancel = Cancel()
    cancel()
    with pytest.raises(RefreshCancelled):
        refresh(store, SETTINGS, cancel=cancel)
    assert not server.hits
