"""Parsing feed bodies: RSS, Atom, JSON Feed, charsets, keys, dates and text."""

from __future__ import annotations

import json

from reader.ingest.parse import parse_body
from reader.ingest.xmlsafe import strip_doctype

URL = "https://example.com/feed.xml"


def test_rss_items_become_articles() -> None:
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>News &amp; more</title><link>https://example.com/</link><ttl>120</ttl>
<item><title>First</title><link>https://example.com/1</link><guid>g1</guid><author>a@b (Ann)</author>
<pubDate>Tue, 14 Nov 2023 22:13:20 GMT</pubDate>
<description>&lt;p&gt;Hello &lt;b&gt;world&lt;/b&gt;&lt;/p&gt;</description>
</item></channel></rss>"""
    feed = parse_body(body, URL, {"content-type": "application/rss+xml"})
    assert feed.error is None and feed.title == "News & more" and feed.site_url == "https://example.com/"
    assert feed.ttl_s == 7200
    (article,) = feed.articles
    assert article.guid.endswith("g1") and article.url == "https://example.com/1" and article.title == "First"
    assert article.published == 1700000000.0
    assert article.content == "Hello **world**"
    assert article.plain == "First\n\nHello world"


def test_content_and_summary_give_a_standfirst() -> None:
    body = b"""<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>
<item><title>Story</title><guid>s</guid><description>The short version.</description>
<content:encoded><![CDATA[<p>The long version.</p><p>More.</p>]]></content:encoded></item></channel></rss>"""
    (article,) = parse_body(body, URL).articles
    assert article.summary == "The short version."
    assert article.content == "The long version.\n\nMore."
    assert article.plain == "Story\n\nThe short version.\n\nThe long version.\n\nMore."


def test_atom_with_relative_links() -> None:
    body = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>
<link href="https://site.example/"/>
<entry><id>urn:1</id><title type="html">A &lt;b&gt;bold&lt;/b&gt; title</title>
<link href="/post/1"/><updated>2023-11-14T22:13:20Z</updated>
<content type="html">&lt;p&gt;See &lt;a href="/other"&gt;this&lt;/a&gt;&lt;/p&gt;</content></entry></feed>"""
    feed = parse_body(body, "https://site.example/atom.xml")
    (article,) = feed.articles
    assert article.guid == "urn:1" and article.title == "A bold title"
    assert article.url == "https://site.example/post/1"
    assert "[this](https://site.example/other)" in article.content
    assert article.published == 1700000000.0


def test_guid_falls_back_to_link_then_hash() -> None:
    body = b"""<rss version="2.0"><channel><title>T</title>
<item><title>A</title><link>https://example.com/a</link></item>
<item><title>B</title><pubDate>Tue, 14 Nov 2023 22:13:20 GMT</pubDate></item>
<item><title>B</title><pubDate>Tue, 14 Nov 2023 22:13:20 GMT</pubDate></item>
<item><title>C</title></item></channel></rss>"""
    a, b, b2, c = parse_body(body, URL).articles
    assert a.guid == "https://example.com/a"
    assert b.guid.startswith("hash:") and b.guid == b2.guid and c.guid != b.guid


def test_json_feed_1_1() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JF",
        "home_page_url": "https://j.example/",
        "authors": [{"name": "Jo"}],
        "items": [
            {
                "id": 1,
                "url": "/p/1",
                "title": "One",
                "content_html": "<p>Hi <em>there</em></p>",
                "summary": "sum",
                "date_published": "2023-11-14T22:13:20Z",
            },
            {"id": "2", "content_text": "Plain *text*", "date_modified": "2023-11-14T23:13:20+01:00"},
            "not an item",
            {"id": ["weird"], "title": 5, "url": "javascript:x", "content_html": None},
        ],
    }
    feed = parse_body(json.dumps(doc).encode(), "https://j.example/feed.json")
    assert feed.error is None and feed.title == "JF" and feed.site_url == "https://j.example/"
    one, two, three = feed.articles
    assert one.guid == "1" and one.url == "https://j.example/p/1" and one.author == "Jo"
    assert one.content == "Hi *there*" and one.summary == "sum" and one.published == 1700000000.0
    assert two.content == "Plain \\*text\\*" and two.plain == "Plain *text*" and two.published == 1700000000.0
    assert three.url == "" and three.title == "" and three.guid.startswith("hash:")


def test_json_feed_1_0_author_and_bad_json() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1",
        "title": "Old",
        "author": {"name": "Al"},
        "items": [{"id": "x", "content_text": "t"}],
    }
    assert parse_body(json.dumps(doc).encode(), URL).articles[0].author == "Al"
    assert "not a JSON feed" in (parse_body(b"{not json", URL).error or "")
    assert "not a JSON feed" in (parse_body(b'{"a": 1}', URL).error or "")
    assert "not a JSON feed" in (parse_body(b"[1, 2]", URL, {"content-type": "application/json"}).error or "")


def test_wrong_and_missing_charsets() -> None:
    latin = '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Caf\xe9</title>'
    latin += "<item><title>\xe9t\xe9</title><guid>1</guid></item></channel></rss>"
    body = latin.encode("latin-1")
    assert parse_body(body, URL).articles[0].title == "\xe9t\xe9"  # declared in the XML
    no_decl = body.replace(b' encoding="iso-8859-1"', b"")
    feed = parse_body(no_decl, URL, {"content-type": "text/xml; charset=iso-8859-1"})  # declared in HTTP
    assert feed.articles[0].title == "\xe9t\xe9"
    wrong = parse_body(no_decl, URL, {"content-type": "text/xml; charset=utf-8"})  # a lie: still readable
    assert wrong.error is None and wrong.articles and "t" in wrong.articles[0].title
    missing = parse_body(no_decl, URL)  # no charset anywhere and not UTF-8
    assert missing.error is None and len(missing.articles) == 1


def test_utf16_with_bom_and_doctype() -> None:
    text = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [<!ENTITY x "boom">]><rss version="2.0">'
    text += (
        "<channel><title>U16</title><item><title>\u00fcber &x;</title><guid>1</guid></item></channel></rss>"
    )
    feed = parse_body(text.encode("utf-16"), URL)
    assert (
        feed.title == "U16"
        and feed.articles[0].title.startswith("\u00fcber")
        and "boom" not in feed.articles[0].title
    )


def test_strip_doctype() -> None:
    assert strip_doctype(b'<?xml?><!DOCTYPE rss PUBLIC "x" "y"><rss/>') == b"<?xml?><rss/>"
    assert strip_doctype(b'<!doctype rss [<!ENTITY a "]">]><rss/>') == b"<rss/>"
    assert strip_doctype(b"<!DOCTYPE a [ unterminated") == b""
    assert strip_doctype(b"<rss>plain</rss>") == b"<rss>plain</rss>"


def test_not_a_feed_errors() -> None:
    assert "not a feed" in (parse_body(b"just some text", URL).error or "")
    assert "HTML page" in (parse_body(b"<html><body><p>x</p></body></html>", URL).error or "")
    assert parse_body(b"", URL).error == "the feed is empty"


def test_feed_without_items_is_not_an_error() -> None:
    feed = parse_body(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>', URL)
    assert feed.error is None and feed.title == "Quiet" and feed.articles == []


def test_malformed_but_readable_gives_a_warning() -> None:
    body = b'<rss version="2.0"><channel><title>T</title><item><title>A & B</title><guid>1</guid></item>'
    feed = parse_body(body, URL)
    assert feed.articles and feed.articles[0].title == "A & B" and feed.warning
