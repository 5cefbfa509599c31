"""OPML import and export: nesting becomes tags, round trips keep feeds and tags, bad files fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ingest.opml import OpmlError, OpmlFeed, load_opml, read_opml, write_opml

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "newsboat-testdata"

NESTED = b"""<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="News">
  <outline text="World" ><outline type="rss" text="BBC" xmlUrl="https://bbc.example/rss"/></outline>
  <outline type="rss" title="Guardian" xmlUrl="https://guardian.example/rss"/>
</outline>
<outline type="rss" text="Loose" xmlURL="http://loose.example/feed" category="tech,/a/b"/>
<outline text="Tech"><outline type="rss" text="BBC again" xmlUrl="https://bbc.example/rss"/></outline>
<outline type="rss" text="Cmd" xmlUrl="|~/bin/fetch"/>
<outline type="rss" text="File" xmlUrl="file:///etc/passwd"/>
</body></opml>"""


def test_nested_outlines_become_tags() -> None:
    found = read_opml(NESTED)
    feeds = {feed.url: feed for feed in found.feeds}
    assert set(feeds) == {
        "https://bbc.example/rss",
        "https://guardian.example/rss",
        "http://loose.example/feed",
    }
    assert feeds["https://bbc.example/rss"].tags == ("News", "World", "Tech")
    assert feeds["https://bbc.example/rss"].title == "BBC"
    assert feeds["https://guardian.example/rss"].tags == ("News",)
    assert feeds["http://loose.example/feed"].tags == ("tech", "a/b")
    assert len(found.skipped) == 2 and any("|~/bin/fetch" in s for s in found.skipped)


def test_round_trip_keeps_feeds_titles_and_tags() -> None:
    feeds = [
        OpmlFeed("https://a.example/rss", "A & <b>", ("news", "world")),
        OpmlFeed("https://b.example/rss?x=1&y=2", 'B "quoted"', ()),
        OpmlFeed("https://c.example/rss", "", ("tech",)),
    ]
    text = write_opml(feeds)
    again = {feed.url: feed for feed in read_opml(text.encode()).feeds}
    assert again["https://a.example/rss"] == feeds[0]
    assert again["https://b.example/rss?x=1&y=2"] == feeds[1]
    assert again["https://c.example/rss"].tags == ("tech",)


def test_export_is_sanitised() -> None:
    text = write_opml([OpmlFeed("https://a.example/", "evil\x1b[2J\x07title", ())])
    assert "\x1b" not in text and "\x07" not in text and "evil[2Jtitle" not in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not well-formed"),
        (b"<opml><body><outline", "not well-formed"),
        (b"<html><body/></html>", "not OPML"),
        (b'<opml version="1.0"><head/></opml>', "no <body>"),
        (b"\xff\xfe\x00garbage", "not well-formed"),
    ],
)
def test_broken_files_fail_clearly(data: bytes, reason: str) -> None:
    with pytest.raises(OpmlError, match=reason):
        read_opml(data)


def test_entities_and_doctype_are_harmless() -> None:
    laughs = b'<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with pytest.raises(OpmlError, match="not well-formed"):  # the DOCTYPE is gone, so &b; is undefined
        read_opml(laughs + b'<opml><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>')


def test_load_opml_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(OpmlError, match="cannot read"):
        load_opml(tmp_path / "missing.opml")
    bad = tmp_path / "bad.opml"
    bad.write_bytes(b"<nope")
    with pytest.raises(OpmlError, match=r"bad\.opml"):
        load_opml(bad)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpora/newsboat-testdata is absent")
def test_newsboat_opml_files() -> None:
    example = load_opml(CORPUS / "example.opml")
    assert len(example.feeds) >= 4
    category = load_opml(CORPUS / "category.opml")
    assert category.feeds[0].tags == ("tag one", "tag_two", "tag/three")
    piped = load_opml(CORPUS / "piped.opml")
    assert [f.url for f in piped.feeds] == ["https://example.com/feed.atom"] and piped.feeds[0].tags == (
        "tagged",
    )
    for name, reason in (
        ("body-element-missing.opml", "no <body>"),
        ("opml-element-missing.opml", "not OPML"),
    ):
        with pytest.raises(OpmlError, match=reason):
            load_opml(CORPUS / name)
