"""A web page to the article it carries: trafilatura finds the body, the feed's title and teaser
check it, and the body goes through the same HTML -> Markdown -> sanitised path as feed content.

Why trafilatura: on the shared article pages (bench/fulltext.py) it scored F1 0.962 favouring
precision, against 0.954 for readability-lxml, at a similar speed. On top of it (F1 0.973):
- comments are never the article (`include_comments=False`): 0.962 -> 0.968 through our path;
- the feed's title: leading blocks made of the headline's words go (pages repeat it above the
  text, often with "| Site" added): +0.0026 F1 (precision 0.964 -> 0.969);
- "read more", "sign up" and "follow us" blocks at the end go: +0.0022;
- the feed's teaser: when the precise pass misses most of the teaser's words, a pass that favours
  recall is tried and kept if it holds them (the feed knows how its article begins). It changes
  no score on the shared pages (7 of 121 are tried again, none improves); it is there for pages
  whose main block is not the article.
Without a feed (the benchmark), the page's own og:title and description stand in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape as html_escape
from html import unescape

from lxml import etree

from reader.text.html import html_to_markdown, html_to_text
from reader.text.sanitize import clean_line

MAX_HTML_CHARS = 4_000_000  # past this the rest of a page is not read: no article is that long
MAX_TAGS = 30_000  # nor past this many tags: trafilatura takes ~0.1 ms a tag (400k tags: 39 s), and
# article pages hold a few thousand (the shared set at most 3,300)
MAX_ARTICLE_CHARS = 300_000  # an article's text is cut here (a long read is 50,000)
TEASER_COVERED = 0.6  # share of the teaser's words a body must hold to count as the teaser's article
HEAD_CHARS = 200_000  # where the <title> and <meta> tags are looked for
_WORD = re.compile(r"\w+")
LINK_FIRST = 0xE000  # private-use characters: one opening mark per link…
LINK_MARKS = 0x1000
LINK_END = "\uf8ff"  # …and one closing mark
_UNMARK = re.compile(r"[\ue000-\uefff\uf8ff]")
_MARKED = re.compile(r"([\ue000-\uefff])([^\ue000-\uefff\uf8ff]*)\uf8ff")
_META = re.compile(r"<meta\b[^>]{0,2000}>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(["'])(.*?)\2""", re.DOTALL)
_TITLE = re.compile(r"<title[^>]{0,200}>([^<]{0,2000})</title", re.IGNORECASE)
TRAILER_CHARS = 300  # a "read more" block at the end is shorter than this
_TRAILERS = re.compile(
    r"^(read more|related|see also|more from|recommended|advertisement|also on|tags?\b)"
    r"|\b(sign up|subscribe|newsletters?|share (this|it)|follow (us|him|her|me)|have a tip"
    r"|like this story|you may also like|click here)\b",
    re.IGNORECASE,
)


class ExtractError(Exception):
    """The page holds no article text Byline could find."""


@dataclass(frozen=True)
class Extracted:
    """An article body: sanitised Markdown, its plain text, and its http(s) links."""

    markdown: str
    plain: str
    links: tuple[str, ...] = ()


def extract_article(html: str, url: str = "", *, title: str = "", teaser: str = "") -> Extracted:
    """The article body of `html` (a whole page). `title` and `teaser` are the feed's, when known;
    without a teaser the page's own description stands in. Raises `ExtractError` when empty."""
    html = _bounded(html)
    meta = page_meta(html)
    title = title or meta.get("og:title") or meta.get("title", "")
    teaser = teaser or meta.get("og:description") or meta.get("description", "")
    precise = _pass(html, url, favor_precision=True)
    teaser_words = _words(html_to_text(teaser))
    chosen = precise
    if precise is None or _coverage(teaser_words, precise.text) < TEASER_COVERED:
        broad = _pass(html, url, favor_recall=True)
        if broad is not None and (
            precise is None or _coverage(teaser_words, broad.text) >= TEASER_COVERED
        ):
            chosen = broad
    if chosen is None:
        raise ExtractError("no article text found on the page")
    converted = html_to_markdown(_to_html(chosen, title), url)
    if not converted.plain.strip():
        raise ExtractError("no article text found on the page")
    markdown, plain = converted.markdown, converted.plain
    if len(plain) > MAX_ARTICLE_CHARS:  # the Markdown is the text and its markup: cut both alike
        markdown, plain = markdown[: 2 * MAX_ARTICLE_CHARS], plain[:MAX_ARTICLE_CHARS]
    return Extracted(markdown, plain, tuple(converted.links))


def _bounded(html: str) -> str:
    """The page up to MAX_HTML_CHARS characters and MAX_TAGS tags, without the characters that
    mark links (a page's own would pass for them)."""
    html = _UNMARK.sub("", html[:MAX_HTML_CHARS])
    end = -1
    for _tag in range(MAX_TAGS):
        end = html.find("<", end + 1)
        if end < 0:
            return html
    return html[:end]


def _pass(html: str, url: str, **mode: bool) -> _Body | None:
    """One trafilatura run over a fresh tree (it prunes the tree it reads).

    Links ride through as marks in the text: trafilatura's own link keeping (`include_links`) loses
    the text before a link on some pages (CNN's lose a third of the article), its text mode never.
    """
    import trafilatura

    try:
        tree = trafilatura.load_html(html)
        if tree is None:
            raise ExtractError("the page could not be parsed as HTML")
        targets = _mark_links(tree)
        document = trafilatura.bare_extraction(
            tree, url=url or None, include_comments=False, include_links=False, include_formatting=True,
            include_images=False, **mode,
        )
    except ExtractError:
        raise
    except Exception as error:  # a third party's failure on one hostile page ends that page only
        reason = f"the extractor failed on the page ({type(error).__name__}: {error})"
        raise ExtractError(reason[:200]) from error
    if document is None or getattr(document, "body", None) is None:
        return None
    blocks = list(document.body)
    text = _UNMARK.sub("", " ".join(document.body.itertext()))
    if not blocks or not text.strip():
        return None
    return _Body(blocks, text, targets)


def _mark_links(tree: etree._Element) -> list[str]:
    """Wrap each link's text in marks naming its target (a private-use character per link); returns
    the targets in order. Links past LINK_MARKS keep their text only."""
    targets: list[str] = []
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or len(targets) >= LINK_MARKS or not (anchor.text or len(anchor)):
            continue
        anchor.text = chr(LINK_FIRST + len(targets)) + (anchor.text or "")
        last = anchor[-1] if len(anchor) else None
        if last is not None:
            last.tail = (last.tail or "") + LINK_END
        else:
            anchor.text += LINK_END
        targets.append(href)
    return targets


@dataclass(frozen=True)
class _Body:
    blocks: list[etree._Element]
    text: str
    targets: list[str]


def page_meta(html: str) -> dict[str, str]:
    """The page's <title> and its description and title <meta> tags (first of each), unsanitised."""
    head = html[:HEAD_CHARS]
    found: dict[str, str] = {}
    for tag in _META.findall(head):
        attrs = {name.lower(): value for name, _q, value in _ATTR.findall(tag)}
        key = (attrs.get("property") or attrs.get("name") or "").lower()
        if key in ("description", "og:description", "og:title") and key not in found:
            found[key] = unescape(attrs.get("content", ""))
    title = _TITLE.search(head)
    if title:
        found["title"] = unescape(title.group(1))
    return found


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text) if len(word) > 2}


def _coverage(words: set[str], text: str) -> float:
    """The share of `words` found in `text` (1.0 when there are none to look for)."""
    if not words:
        return 1.0
    return len(words & _words(text)) / len(words)


def _to_html(body: _Body, title: str) -> str:
    """trafilatura's XML blocks as HTML, links restored, without a first block that repeats the
    headline and without the "read more" blocks at the end."""
    out = [_links(_element(block), body.targets) for block in body.blocks]
    texts = [_UNMARK.sub("", " ".join(block.itertext())).strip() for block in body.blocks]
    title_words = {w.lower() for w in _WORD.findall(clean_line(title))}
    while texts and _headline(texts[0], title_words):
        out, texts = out[1:], texts[1:]
    while texts and len(texts[-1]) < TRAILER_CHARS and _TRAILERS.search(texts[-1]):
        out, texts = out[:-1], texts[:-1]
    return "<body>" + "".join(out) + "</body>"


def _links(html: str, targets: list[str]) -> str:
    """Marked link texts as <a> elements again; a mark left alone (its link cut up) goes."""

    def link(found: re.Match[str]) -> str:
        target = html_escape(targets[ord(found.group(1)) - LINK_FIRST])
        return f'<a href="{target}">{found.group(2)}</a>'

    return _UNMARK.sub("", _MARKED.sub(link, html))


def _headline(text: str, title_words: set[str]) -> bool:
    """A block made of the headline's words only (pages append "| Site" to their <title>)."""
    words = [w.lower() for w in _WORD.findall(text)]
    return len(words) >= min(3, len(title_words)) > 0 and set(words) <= title_words


_TAGS = {"p": "p", "list": "ul", "item": "li", "quote": "blockquote", "lb": "br", "code": "code",
         "table": "div", "div": "div", "del": "del"}
_HI = {"#b": "b", "#i": "i", "#u": "u", "#t": "code"}


def _element(node: etree._Element) -> str:
    """One element of trafilatura's XML as HTML; text is escaped, unknown tags keep their text."""
    tag = node.tag if isinstance(node.tag, str) else ""
    inner = html_escape(node.text or "") + "".join(_element(child) for child in node)
    tail = html_escape(node.tail or "")
    if tag == "head":
        level = (node.get("rend") or "h2").lstrip("h")
        name = f"h{level}" if level in "123456" and len(level) == 1 else "h2"
    elif tag == "hi":
        name = _HI.get(node.get("rend") or "", "")
    elif tag == "cell":  # cells read as one line, apart: "1 | Kyle Busch | 5040"
        return inner + " | " + tail
    elif tag == "row":
        return f"<p>{inner.rstrip(' |')}</p>" + tail
    elif tag == "list" and node.get("rend") == "ol":
        name = "ol"
    elif tag in ("graphic", "comments"):
        return tail
    else:
        name = _TAGS.get(tag, "")
    if not name:
        return inner + tail
    if name == "br":
        return "<br>" + tail
    return f"<{name}>{inner}</{name}>{tail}"
