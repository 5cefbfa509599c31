"""Hostile text everywhere the TUI shows text: it must reach the screen as plain, inert text.

Each test fills a library with strings that try to drive the terminal (escape sequences, OSC 8
links, window titles, BEL, bidi overrides) or the app (Rich/Textual markup such as
`[@click=app.quit]`), walks every pane the way a reader would, and checks three things:

- what the app would write to the terminal holds no escape sequence but Textual's own colours
  and cursor moves, and no control or bidi character;
- the markup is on screen literally (so it was never parsed);
- the app is still running and still answers keys.
"""

from __future__ import annotations

import asyncio
import io
import os
import re
import time
import webbrowser
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from reader.ingest.local import load_file
from reader.ingest.parse import parse_body
from reader.library import Library
from reader.store import ArticleIn, Found
from reader.store.feeds import FetchState
from reader.tui.app import BylineApp, make_app
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.sidebar import LABEL_WIDTH, fit_label
from tests.conftest import settle
from tests.feedserver import FeedServer

SIZE = (160, 45)

# Strings that try to drive the terminal.
ESCAPES = (
    "\x1b[2J"  # clear the screen
    "\x1b]0;pwned\x07"  # set the window title
    "\x1b]8;;http://evil.example/\x1b\\osc8\x1b]8;;\x1b\\"  # an OSC 8 hyperlink
    "\x07"  # BEL
    "\x9b2J"  # 8-bit CSI
    "\u202e"  # right-to-left override
)
# Strings that try to drive the app (Rich/Textual markup), and must show as typed.
MARKUP = "[@click=app.quit]click[/] [/] [link=x]L [bold red]R"
HOSTILE = f"{MARKUP} {ESCAPES}end"

# Textual's own output: colours (SGR) and cursor positioning. Anything else is foreign.
_OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;:]*m|\x1b\[[0-9]+;[0-9]+H")
_FORBIDDEN = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# --- looking at the screen -----------------------------------------------------------------


def render(app: BylineApp) -> tuple[str, str]:
    """(what the driver would write to the terminal for a full repaint, the screen as plain text)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, color_system="truecolor",
        record=True, legacy_windows=False, safe_box=False,
    )
    # The same full update `App.export_screenshot` renders (Textual is pinned exactly).
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.file.getvalue(), console.export_text(styles=False)  # type: ignore[attr-defined]


def assert_safe(app: BylineApp) -> str:
    """The screen is terminal-safe and the app runs; returns the screen text for more checks."""
    assert app.is_running
    raw, text = render(app)
    foreign = _FORBIDDEN.findall(_OWN_SEQUENCES.sub("", raw))
    assert not foreign, f"control characters reached the terminal: {sorted(set(foreign))!r}"
    return text


def widget_text(app: BylineApp, selector: str) -> str:
    content = app.screen.query_one(selector, Static).content
    return content.plain  # type: ignore[union-attr]


def options(app: BylineApp, selector: str) -> list[str]:
    listing = app.screen.query_one(selector, OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def still_answers_keys(pilot: Pilot) -> None:
    """After all that, the app still moves and toggles as asked."""
    app = pilot.app
    articles = app.screen.query_one(ArticleList)
    articles.focus()
    await pilot.press("g")
    row = articles.current
    assert row is not None
    await pilot.press("s")
    await pilot.pause()
    assert articles.current is not None and articles.current.starred != row.starred
    assert app.is_running


async def walk_articles(pilot: Pilot) -> list[str]:
    """Show every article in the list; returns the reading pane's text for each."""
    app = pilot.app
    articles = app.screen.query_one(ArticleList)
    articles.focus()
    await pilot.press("g")
    shown = []
    for _ in range(articles.rows.count):
        await pilot.press("enter")
        await pilot.pause()
        assert_safe(app)
        shown.append(widget_text(app, "#reading-header") + "\n" + widget_text(app, "#reading-body"))
        articles.focus()  # Enter moved the focus to the reading pane
        await pilot.press("j")
    return shown


async def walk_sidebar(pilot: Pilot) -> list[str]:
    """Choose every entry of the sidebar; returns the article list's title as drawn after each."""
    app = pilot.app
    await settle(pilot)
    sidebar = app.screen.query_one("#sidebar", OptionList)
    titles = []
    for index in range(sidebar.option_count):
        if sidebar.get_option_at_index(index).disabled:
            continue
        sidebar.focus()
        sidebar.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        screen = assert_safe(app)
        titles.append(next(line for line in screen.splitlines() if "━ Articles" in line))  # focused
    return titles


# --- through the real importers ------------------------------------------------------------


def write_hostile_files(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    long_title = "Long " + "very " * 5000 + "title"
    (folder / "front.md").write_text(
        "+++\n"
        f"title = {_toml(HOSTILE)}\n"
        f"standfirst = {_toml('Standfirst ' + HOSTILE)}\n"
        f"author = {_toml('Author ' + HOSTILE)}\n"
        f"source = {_toml('Source ' + HOSTILE)}\n"
        f"url = {_toml('javascript:alert(1)')}\n"
        f"tags = [{_toml('tag ' + MARKUP)}, {_toml('esc' + ESCAPES)}]\n"
        "date = 2018-01-02\n"
        "+++\n\n"
        f"Body {HOSTILE}\n\n"
        "Links: [js](javascript:alert(1)) [data](data:text/html,<b>x</b>) [file](file:///etc/passwd)"
        " [fine](https://example.com/fine)\n\n"
        f"## Heading {MARKUP}\n\n"
        f"> quoted {ESCAPES}\n\n"
        f"- item {MARKUP}\n",
        encoding="utf-8",
    )
    (folder / "plain.txt").write_text(f"Plain {HOSTILE}\n\nOne line standfirst\n\nPara {HOSTILE}\n")
    (folder / "long.md").write_text(f"+++\ntitle = {_toml(long_title)}\n+++\n\nShort body.\n")


def _toml(text: str) -> str:
    """A TOML basic string holding `text` exactly, control characters included."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in escaped) + '"'


async def test_hostile_local_files_show_as_plain_text(
    empty_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    write_hostile_files(tmp_path / "files")
    report = empty_library.import_paths([tmp_path / "files"])
    assert len(report.new) == 3 and not report.errors
    app = make_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        screen = assert_safe(app)
        assert "[@click=app.quit]click[/]" in screen  # the list shows the title literally
        shown = "\n".join(await walk_articles(pilot))
        assert MARKUP in shown and f"Source {MARKUP}" in shown and f"Author {MARKUP}" in shown
        assert f"Standfirst {MARKUP}" in shown and f"Heading {MARKUP}" in shown
        assert "#" + "-".join(f"tag {MARKUP}".lower().split()) in shown  # stored as `byline tag` would
        reading = app.screen.query_one("#reading")
        # Only the https link is numbered; javascript:, data: and file: stay inert text.
        articles = app.screen.query_one(ArticleList)
        await pilot.press("g")
        for _ in range(articles.rows.count):
            if articles.current is not None and articles.current.title.startswith(MARKUP):
                break
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause()
        assert reading.links == ["https://example.com/fine"]  # type: ignore[attr-defined]
        await pilot.press("o")  # the article's url is javascript:
        await pilot.pause()
        assert opened == []
        await still_answers_keys(pilot)


# --- through a real feed server ------------------------------------------------------------


def hostile_rss() -> bytes:
    markup_xml = MARKUP.replace("&", "&amp;")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed {markup_xml} {ESCAPES} &#27;]0;pwned&#7;end</title><link>https://example.com/</link>"
        f"<item><title>Item {markup_xml} {ESCAPES} &#x1b;[2J&#x202e;end</title>"
        "<link>javascript:alert(1)</link><guid>hostile-1</guid>"
        f"<author>Writer {markup_xml} {ESCAPES}</author>"
        "<description><![CDATA[<p>Body " + MARKUP + " " + ESCAPES + " &#27;[2J"
        ' <a href="javascript:alert(1)">js</a> <a href="data:text/html,x">data</a>'
        ' <a href="file:///etc/passwd">file</a> <a href="https://example.com/ok">ok</a></p>'
        "<script>alert(1)</script>]]></description></item>"
        f"<item><title>{'Long title ' * 20000}</title><guid>long-1</guid><description>x</description></item>"
        "</channel></rss>"
    ).encode("utf-8")


# A declared encoding is echoed into feedparser's error text: even the error carries markup.
BROKEN_FEED = b'<?xml version="1.0" encoding="[/][@click=app.quit]enc[/]"?><foo>\xff\xfe</foo>'


@pytest.fixture
def server() -> FeedServer:
    server = FeedServer()
    server.route("/hostile.xml", hostile_rss(), headers={"Content-Type": "application/rss+xml"})
    server.route("/broken.xml", BROKEN_FEED, headers={"Content-Type": "application/xml"})
    yield server
    server.close()


async def test_hostile_feed_shows_as_plain_text(
    empty_library: Library, server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ingest.refresh import refresh

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    store = empty_library.store
    store.add_feed(server.url("/hostile.xml"))
    store.add_feed(server.url("/broken.xml"))
    report = await asyncio.to_thread(refresh, store, empty_library.config.fetch)
    assert len(report.new) == 2 and len(report.failed) == 1
    assert "[/][@click=app.quit]enc[/]" in (report.failed[0].error or "")  # the error carries markup
    app = make_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the sidebar is filled by a worker
        screen = assert_safe(app)
        title = next(feed.title for feed in store.feeds(kind="feed") if feed.title.startswith("Feed"))
        assert title.startswith(f"Feed {MARKUP}")  # stored as text, escape sequences gone
        assert fit_label(title, LABEL_WIDTH) in screen  # and shown literally (cut to fit)
        shown = "\n".join(await walk_articles(pilot))
        assert f"Item {MARKUP}" in shown and f"Writer {MARKUP}" in shown and f"Body {MARKUP}" in shown
        assert "pwned" not in shown and "osc8" in shown  # the title sequence went whole; OSC 8 text stays
        assert "alert(1)" not in shown  # the script is dropped
        reading = app.screen.query_one("#reading")
        await pilot.press("g", "enter")
        await pilot.pause()
        links = reading.links  # type: ignore[attr-defined]
        assert all(link.startswith(("http://", "https://")) for link in links)
        await pilot.press("o")
        await pilot.pause()
        assert all(url.startswith(("http://", "https://")) for url in opened)
        await still_answers_keys(pilot)


async def test_refresh_in_the_tui_shows_hostile_errors_as_text(
    empty_library: Library, server: FeedServer
) -> None:
    """R refreshes; a feed whose error and title hold markup is reported, and nothing breaks."""
    empty_library.store.add_feed(server.url("/hostile.xml"))
    empty_library.store.add_feed(server.url("/broken.xml"))
    app = make_app(empty_library)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("R")
        await _wait_for(pilot, lambda: empty_library.store.stats().articles == 2 and not _busy(app))
        await pilot.pause(0.1)
        screen = assert_safe(app)
        assert "[/][@click=app.quit]enc[/]" in screen  # the notification shows the error literally
        await still_answers_keys(pilot)


def _busy(app: BylineApp) -> bool:
    return any(worker.group == "refresh" and not worker.is_finished for worker in app.workers)


async def _wait_for(pilot: Pilot, condition, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the refresh did not finish"
        await pilot.pause(0.05)


# --- stored strings that bypassed the sanitiser --------------------------------------------


def fill_raw(library: Library, text: str) -> None:
    """Hostile `text` written straight into the store: titles, bodies, names, tags, errors."""
    store = library.store
    source = store.local_source(f"Source {text}")
    body = f"Body {text} [js](javascript:alert(1)) [ok](https://example.com/)"
    store.upsert_articles(source, [
        ArticleIn(
            guid=f"raw-{n}", title=f"Title {n} {text}", author=f"Author {text}", summary=f"Summary {text}",
            content=body, plain=f"Title {n} {text}\n\n{body}", published=1_500_000_000 + n,
            tags=(f"tag {text}",), people=(Found(f"Person {text}", 2, 0, (f"Person {text}",)),),
        )
        for n in range(3)
    ])
    feed_id, _ = store.add_feed("https://example.com/feed.xml", title=f"Feed {text}")
    store.record_fetch(feed_id, FetchState(last_fetch=time.time(), next_fetch=time.time() + 60,
                                           last_error=f"Error {text}"))
    person = store.find_person(f"Person {text}")
    assert person is not None
    assert store.toggle_followed(person.id)


async def walk_all(pilot: Pilot) -> str:
    """Every pane: the list, each article, the person screen, help (the sidebar: see below)."""
    app = pilot.app
    shown = "\n".join(await walk_articles(pilot))
    articles = app.screen.query_one(ArticleList)
    articles.focus()
    await pilot.press("g", "enter")
    people = app.screen.query_one("#people", OptionList)
    assert people.option_count
    people.focus()
    people.highlighted = 0
    await pilot.press("enter")
    await pilot.pause()
    assert type(app.screen).__name__ == "PersonScreen"
    assert_safe(app)
    person = widget_text(app, "#person-name") + "\n".join(options(app, "#person-stories"))
    await pilot.press("escape")
    await pilot.pause()
    await pilot.press("question_mark")
    await pilot.pause()
    assert_safe(app)
    await pilot.press("escape")
    await still_answers_keys(pilot)
    return "\n".join((shown, person))


async def test_stored_markup_is_never_parsed(empty_library: Library) -> None:
    """Markup survives sanitising (it is text); every pane must still show it as typed."""
    fill_raw(empty_library, MARKUP)
    app = make_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the sidebar is filled by a worker
        assert fit_label(f"Feed {MARKUP}", LABEL_WIDTH) in assert_safe(app)
        shown = await walk_all(pilot)
        for expected in (f"Title 0 {MARKUP}", f"Author {MARKUP}", f"Summary {MARKUP}", f"Body {MARKUP}",
                         f"Person {MARKUP}", f"Source {MARKUP}"):
            assert expected in shown, expected


async def test_choosing_sidebar_entries_with_markup_names(empty_library: Library) -> None:
    """Sources, feeds, followed people and tags named in markup can each be chosen."""
    fill_raw(empty_library, MARKUP)
    app = make_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        titles = "\n".join(await walk_sidebar(pilot))
        for expected in (f"Source {MARKUP}", f"Feed {MARKUP}", f"Person {MARKUP}"):
            assert expected in titles, expected
        await still_answers_keys(pilot)


async def test_stored_escape_sequences_never_reach_the_terminal(empty_library: Library) -> None:
    """Defence in depth: a library written by an older or other tool must not drive the terminal."""
    fill_raw(empty_library, HOSTILE)
    app = make_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        assert_safe(app)
        await walk_all(pilot)


# --- the sanitiser at ingest ---------------------------------------------------------------

_STORED_FORBIDDEN = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _assert_clean(article: ArticleIn) -> None:
    for name in ("guid", "title", "url", "author", "summary", "content", "plain"):
        value = getattr(article, name)
        assert not _STORED_FORBIDDEN.search(value), f"{name}: {value[:80]!r}"
    for name in ("title", "author", "url", "summary"):
        assert "\n" not in getattr(article, name), name
    for tag in article.tags:
        assert not _STORED_FORBIDDEN.search(tag), tag


def test_local_importer_hands_the_store_clean_text(tmp_path: Path) -> None:
    write_hostile_files(tmp_path)
    for path in sorted(tmp_path.iterdir()):
        loaded = load_file(path)
        _assert_clean(loaded.article)
        assert not _STORED_FORBIDDEN.search(loaded.source or "")


def test_feed_parser_hands_the_store_clean_text() -> None:
    headers = {"content-type": "application/rss+xml"}
    parsed = parse_body(hostile_rss(), "http://127.0.0.1/hostile.xml", headers)
    assert parsed.error is None and len(parsed.articles) == 2
    assert not _STORED_FORBIDDEN.search(parsed.title) and MARKUP in parsed.title
    for article in parsed.articles:
        _assert_clean(article)
        assert len(article.title) <= 1000
    broken = parse_body(BROKEN_FEED, "http://127.0.0.1/broken.xml", {})
    assert broken.error and not _STORED_FORBIDDEN.search(broken.error) and "\n" not in broken.error


def test_local_importer_cleans_file_names(tmp_path: Path) -> None:
    path = tmp_path / ("name\x1b]0;pwned\x07\u202e" + os.fsdecode(b"\xff") + ".md")
    path.write_text("No front matter, so the file name is the title.\n")
    loaded = load_file(path)
    _assert_clean(loaded.article)
    assert not _STORED_FORBIDDEN.search(loaded.article.source_path or "")
