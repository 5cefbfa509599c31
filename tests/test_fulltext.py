"""Full article text end to end: a feed of teasers on a loopback server links to pages from the
shared article set; a refresh stores their full text, search and the people panes use it, and
hostile pages stay within the feeds' bounds."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from reader.config import FetchSettings, Paths
from reader.fulltext.extract import MAX_ARTICLE_CHARS, extract_article
from reader.fulltext.pages import SHORT_CHARS, fetch_pages
from reader.library import Library
from reader.search_query import parse_query
from reader.store import Store
from tests.feedserver import FeedServer, gzipped

PAGES = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "article-pages"
needs_pages = pytest.mark.skipif(not (PAGES / "ground-truth.json").exists(), reason="no ../shared pages")

# page id prefix -> (a person only the full text names, the feed's teaser)
CHOSEN = {
    "d605bdef2c": ("Xi Jinping", "A muddled view of US-China trade talks weighs on investors."),
    "921019755f": ("Harry Kane", "The Portuguese boss had been out of work since being sacked."),
    "eb62ac8425": ("Ariana Grande", "Scooter Braun is allegedly unhappy with his business partner."),
}
SETTINGS = FetchSettings(concurrency=8, per_host=4, timeout_s=2.0, deadline_s=3.0, max_bytes=1024 * 1024,
                         workers=1)


def page(prefix: str) -> bytes:
    (path,) = (PAGES / "html").glob(f"{prefix}*.html.gz")
    return gzip.decompress(path.read_bytes())


def teaser_feed(items: list[tuple[str, str, str]]) -> bytes:
    """RSS whose items carry only a sentence: (title, link, teaser)."""
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
        f"<description>{escape(teaser)}</description></item>"
        for title, link, teaser in items
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers</title>'
            f"<link>https://example.invalid/</link>{entries}</channel></rss>").encode()


def byline(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--home", str(home), *args],
        capture_output=True, text=True, timeout=120,
    )


@needs_pages
def test_refresh_of_teasers_stores_full_articles_and_their_people(server: FeedServer, tmp_path: Path) -> None:
    items = []
    for number, (prefix, (_person, teaser)) in enumerate(CHOSEN.items()):
        html = {"Content-Type": "text/html; charset=utf-8"}
        link = server.route(f"/story/{number}", page(prefix), headers=html)
        items.append((f"Story {number}", link, teaser))
    feed = server.route("/teasers.xml", teaser_feed(items), headers={"Content-Type": "application/rss+xml"})
    home = tmp_path / "home"
    assert byline(home, "add", feed, "--full-text", "auto").returncode == 0
    listed = byline(home, "feeds", "--json")
    assert json.loads(listed.stdout)[0]["full_text"] == "auto"
    done = byline(home, "refresh")
    assert done.returncode == 0, done.stderr
    library = Library(Paths.resolve(home))
    try:
        ids = library.store.search(parse_query("Story"), limit=10)
        assert len(ids) == 3
        for hit in ids:
            number = int(hit.title.split()[-1])
            person, teaser = list(CHOSEN.values())[number]
            shown = json.loads(byline(home, "show", str(hit.id), "--json").stdout)
            assert set(shown) == {"id", "title", "url", "published", "feed", "text", "full_text"}
            assert shown["full_text"] == "ok" and len(shown["text"]) > 3 * len(teaser)
            article = library.store.article(hit.id)
            assert article and article.content and article.page_content  # the feed's own text stays
            names = [p.name for p in library.store.people_in(hit.id)]
            assert person in names, names
            assert hit.id in [h.id for h in library.store.search(parse_query(f'"{person}"'))]
    finally:
        library.close()
    # a second refresh fetches no page again: every one is stored
    hits = dict(server.hits)
    assert byline(home, "refresh").returncode == 0
    assert all(server.hits[f"/story/{n}"] == hits[f"/story/{n}"] for n in range(3))


def test_settings_never_and_long_items(server: FeedServer, empty_library: Library) -> None:
    story = server.route("/story", b"<html><body><article><p>" + b"Words here. " * 300 + b"</p></article>")
    long_text = "Long enough to be the article itself. " * (SHORT_CHARS // 20)
    never = server.route("/never.xml", teaser_feed([("Never", story + "?n", "short")]))
    long = server.route("/long.xml", teaser_feed([("Long", story + "?l", long_text)]))
    always = server.route("/always.xml", teaser_feed([("Always", story + "?a", long_text)]))
    store = empty_library.store
    for url, mode in ((never, "never"), (long, None), (always, "always")):
        feed_id, _ = store.add_feed(url)
        store.set_full_text(feed_id, mode)
    report = empty_library.refresh()
    assert len(report.pages) == 1 and report.pages[0].error is None
    assert server.hits["/story"] == 1


def test_failures_are_kept_per_article_and_retried_once_a_day(
    server: FeedServer, empty_library: Library
) -> None:
    story = server.route("/story", b"Forbidden", status=403)
    feed = server.route("/f.xml", teaser_feed([("Locked", story, "A teaser.")]))
    empty_library.store.add_feed(feed)
    first = empty_library.refresh()
    (outcome,) = first.pages
    assert outcome.error == "403 Forbidden"
    article = empty_library.store.article(outcome.article_id)
    assert article and article.page_status == "403 Forbidden" and article.body == article.content
    assert not empty_library.refresh().pages  # tried less than a day ago: not again
    store = empty_library.store
    with store.db.transaction() as conn:
        conn.execute("UPDATE articles SET page_tried = page_tried - 86401")
    assert len(empty_library.refresh().pages) == 1
    assert server.hits["/story"] == 2
    shown = byline(empty_library.paths.data.parent, "show", str(outcome.article_id))
    assert "full text unavailable: 403 Forbidden" in shown.stdout


def test_fulltext_command_fetches_now_whatever_the_setting(server: FeedServer, tmp_path: Path) -> None:
    body = b"<html><head><title>A story</title></head><body><article>" + b"<p>Maria Lopez spoke. " * 40
    story = server.route("/story", body + b"</article></body></html>", headers={"Content-Type": "text/html"})
    feed = server.route("/f.xml", teaser_feed([("A story", story, "A teaser.")]))
    home = tmp_path / "home"
    byline(home, "add", feed, "--full-text", "never")
    assert "full text never" in byline(home, "feeds").stdout
    byline(home, "refresh")
    assert server.hits.get("/story") is None
    shown = json.loads(byline(home, "show", "1", "--json").stdout)
    assert shown["full_text"] == "none" and shown["text"] == "A teaser."
    done = byline(home, "fulltext", "1", "99")
    assert done.returncode == 1 and "99: full text unavailable: no such article" in done.stderr
    shown = json.loads(byline(home, "show", "1", "--json").stdout)
    assert shown["full_text"] == "ok" and "Maria Lopez spoke" in shown["text"]


def test_refresh_full_text_forces_one_run(server: FeedServer, empty_library: Library) -> None:
    story = server.route("/story", b"<html><body><article>" + b"<p>Plenty of words in it. " * 40)
    empty_library.store.add_feed(server.route("/f.xml", teaser_feed([("S", story, "A teaser.")])))
    empty_library.store.set_full_text(1, "never")
    assert not empty_library.refresh().pages
    report = empty_library.refresh(full_text=True)
    assert len(report.full_text) == 1


HOSTILE_TEXT = (
    "<html><head><title>Evil</title></head><body><article><h1>Evil</h1>"
    + "<p>Text \x1b[2J\x1b]0;owned\x07 with [bold]markup[/bold] and <a href='javascript:alert(1)'>a link</a>"
    " and <a href='https://ok.example/x'>a good one</a>. </p>" * 30
    + "</article></body></html>"
)


def test_hostile_pages_stay_within_bounds(server: FeedServer, store: Store) -> None:
    huge = server.route("/huge", b"<p>" + b"x" * (50 * 1024 * 1024), headers={"Content-Type": "text/html"})
    bomb = server.route(
        "/bomb", gzipped(b"<p>" + b"a" * (64 * 1024 * 1024)),
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
    )
    endless = server.route("/endless", b"<p>" + b"y" * 100_000, drip_s=0.01, content_length=False)
    pdf = server.route("/pdf", b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    evil = server.route("/evil", HOSTILE_TEXT.encode(), headers={"Content-Type": "text/html"})
    script = "javascript:alert(1)"
    tags = server.route("/tags", b"<html><body>" + b"<p>w " * 200_000, headers={"Content-Type": "text/html"})
    feed_id, _ = store.add_feed("https://example.invalid/f")
    from reader.store import ArticleIn

    store.upsert_articles(feed_id, [ArticleIn(guid=u, title="T", url=u, plain="T") for u in
                                    (huge, bomb, endless, pdf, evil, script, tags)])
    started = time.monotonic()
    outcomes = fetch_pages(store, SETTINGS, range(1, 8))
    assert time.monotonic() - started < 20  # 200,000 tags took 20 s to extract before the cap
    reasons = [o.error for o in outcomes]
    assert "larger than the limit" in reasons[0]
    assert "larger than" in reasons[1]
    assert "within 3 s" in reasons[2]
    assert reasons[3] == "not HTML (application/pdf)"
    assert reasons[4] is None
    assert reasons[5] == "the article has no web address"
    assert reasons[6] is None  # read up to MAX_TAGS tags
    many = store.article(7)
    assert many and 0 < len(many.page_plain) <= MAX_ARTICLE_CHARS
    article = store.article(5)
    assert article and "\x1b" not in article.page_content and "\x07" not in article.page_content
    assert "javascript:" not in article.page_content and "(https://ok.example/x)" in article.page_content
    assert "[bold]" in article.page_plain  # kept as text, never read as markup


@needs_pages
def test_extraction_keeps_links_and_headings_and_drops_the_headline() -> None:
    html = page("d605bdef2c").decode()
    article = extract_article(html, "https://www.cnn.com/")
    assert "](https://" in article.markdown and article.links
    assert not article.plain.startswith("Investors don't seem to know")


def test_pages_start_as_their_feed_lands_not_after_the_last_feed(
    server: FeedServer, empty_library: Library
) -> None:
    story = server.route("/story", b"<html><body><article>" + b"<p>Plenty of words in it. " * 40)
    fast = server.route("/fast.xml", teaser_feed([("Fast", story, "A teaser.")]))
    slow = server.route("/slow.xml", teaser_feed([("Slow", story + "?slow", "Another.")]), delay_s=1.5)
    store = empty_library.store
    store.add_feed(fast)
    store.add_feed(slow)
    seen_when_slow_landed: list[str | None] = []

    def landed(outcome, done: int, total: int) -> None:
        if outcome.url == slow:
            fast_article = store.page_candidate(1)
            seen_when_slow_landed.append(fast_article.status if fast_article else None)

    report = empty_library.refresh(progress=landed)
    assert seen_when_slow_landed == ["ok"]
    assert len(report.full_text) == 2


def test_pages_are_asked_for_as_html_by_byline(server: FeedServer, empty_library: Library) -> None:
    story = server.route("/story", b"<html><body><article>" + b"<p>Plenty of words in it. " * 40)
    empty_library.store.add_feed(server.route("/f.xml", teaser_feed([("S", story, "A teaser.")])))
    empty_library.refresh()
    headers = server.request_headers["/story"]
    assert headers["user-agent"].startswith("Byline/") and headers["accept"].startswith("text/html")


def test_config_feeds_table_sets_full_text_over_the_command_line(
    server: FeedServer, tmp_path: Path
) -> None:
    feed = server.route("/f.xml", teaser_feed([("S", server.url("/story"), "A teaser.")]))
    home = tmp_path / "home"
    byline(home, "add", feed, "--full-text", "always")
    config = home / "config" / "config.toml"
    config.write_text(f'[[feeds]]\nurl = "{feed}"\nfull_text = "never"\n')
    assert json.loads(byline(home, "feeds", "--json").stdout)[0]["full_text"] == "never"
    config.write_text(f'[[feeds]]\nurl = "{feed}"\nfull_text = "sometimes"\n')
    done = byline(home, "feeds")
    assert done.returncode == 2 and 'full_text must be "auto", "always" or "never"' in done.stderr
    assert "Traceback" not in done.stderr


def test_page_text_is_searchable_and_the_feed_text_stays(store: Store) -> None:
    from reader.store import ArticleIn

    feed_id, _ = store.add_feed("https://example.invalid/f")
    store.upsert_articles(feed_id, [ArticleIn(guid="g", title="Teaser", url="https://example.invalid/1",
                                              content="Short.", plain="Teaser\n\nShort.")])
    assert not store.search(parse_query("zanzibar"))
    store.save_page(1, time.time(), markdown="The *zanzibar* accord.", plain="The zanzibar accord.")
    (hit,) = store.search(parse_query("zanzibar"))
    assert hit.id == 1 and "zanzibar" in hit.snippet
    article = store.article(1)
    assert article and article.content == "Short." and article.body == "The *zanzibar* accord."
    store.save_page(1, time.time(), error="404 Not Found")  # a later failure keeps the text
    article = store.article(1)
    assert article and article.page_status == "ok" and article.page_plain == "The zanzibar accord."


def test_a_paywall_page_keeps_the_teaser(server: FeedServer, store: Store) -> None:
    from reader.store import ArticleIn

    wall = (b"<html><body><article><p>The minister resigned on Monday after weeks of pressure.</p>"
            b"<p>Subscribe now to continue reading. Already a subscriber? Sign in.</p>"
            b"</article></body></html>")
    url = server.route("/wall", wall, headers={"Content-Type": "text/html"})
    feed_id, _ = store.add_feed("https://example.invalid/f")
    teaser = "The minister resigned on Monday after weeks of pressure."
    store.upsert_articles(feed_id, [ArticleIn(guid="w", title="T", url=url, plain=f"T\n\n{teaser}")])
    (outcome,) = fetch_pages(store, SETTINGS, [1])
    assert outcome.error and "a paywall or a sign-in page" in outcome.error
    article = store.article(1)
    assert article and article.page_status == outcome.error and not article.page_content


def test_the_extractor_reads_a_page_on_stdin() -> None:
    ferry = "<p>The ferry ran on time all week, said the harbourmaster.</p>" * 3
    page_html = ("<html><head><title>Quiet harbour</title></head><body><nav>Home</nav><article>"
                 f"<h1>Quiet harbour</h1>{ferry}"
                 "<p>Tides were calm and the weather held until Friday night.</p></article></body></html>")
    done = subprocess.run([sys.executable, "-m", "reader.fulltext", "https://example.invalid/x"],
                          input=page_html.encode(), capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode()
    assert "The ferry ran on time" in text and "Tides were calm" in text
    assert not text.startswith("Quiet harbour") and "Home" not in text
    empty = subprocess.run([sys.executable, "-m", "reader.fulltext"], input=b"<html></html>",
                           capture_output=True, timeout=60)
    assert empty.returncode == 1 and b"byline: " in empty.stderr and b"Traceback" not in empty.stderr


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b'<meta charset="windows-1252"><p>caf\xe9</p>', "", "café"),
        (b"<p>caf\xe9</p>", "text/html; charset=latin-1", "café"),
        (b'<meta charset="base64"><p>caf\xc3\xa9</p>', "", "café"),  # not a text encoding
        (b'<meta charset="utf-16"><p>caf\xc3\xa9</p>', "", "café"),  # as browsers read it
        (b"<p>caf\xc3\xa9</p>", "text/html; charset=no-such-thing", "café"),
    ],
)
def test_pages_decode_as_browsers_would(body: bytes, content_type: str, expected: str) -> None:
    from reader.fulltext.pages import decode_page

    assert expected in decode_page(body, content_type)


def test_an_extractor_failure_ends_that_page_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    from reader.fulltext.extract import ExtractError

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("deep inside")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    with pytest.raises(ExtractError, match="the extractor failed on the page"):
        extract_article("<html><body><p>Some words.</p></body></html>")


def test_a_host_that_cannot_be_reached_is_tried_once_per_refresh(
    server: FeedServer, empty_library: Library
) -> None:
    """Offline, or with a dead site, a refresh must not wait on the same failure for every page."""
    story = server.route("/story", b"<html><body><article><p>" + b"Words here. " * 300 + b"</p></article>")
    items = [(f"Gone {n}", f"http://127.0.0.1:1/story/{n}", "A teaser.") for n in range(12)]
    items.append(("Here", story, "A teaser."))
    empty_library.store.add_feed(server.route("/f.xml", teaser_feed(items)))
    report = empty_library.refresh()
    errors = sorted((page.error or "") for page in report.pages)
    assert len(errors) == 13 and errors[0] == ""  # the reachable host's page was read
    tried = [e for e in errors[1:] if not e.startswith("not tried:")]
    assert len(tried) <= SETTINGS.per_host  # at most the first pages in flight met the failure
    assert all("127.0.0.1:1" in e for e in errors[1:] if e.startswith("not tried:"))
