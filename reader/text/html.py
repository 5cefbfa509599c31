"""Feed HTML to Markdown and plain text, with selectolax (lexbor).

Why selectolax: it is already a dependency, it parses broken HTML the way browsers do, and it is
tens of times faster than BeautifulSoup-based converters (html2text, markdownify), which matters
when a refresh converts ten thousand items. The walk below is ours and small: paragraphs, headings,
lists, quotes, emphasis, code, links and image placeholders. Scripts, styles, forms and frames are
dropped. Only http(s) links stay actionable; any other scheme becomes plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.text.markdown import escape
from reader.text.sanitize import clean, clean_line

MAX_DEPTH = 60  # below this, a subtree is flattened to its text (no recursion bombs)
MAX_TAGS = 5000  # more tags than this and the document is read as text: lexbor slows down
# quadratically on deep nesting (20,000 nested divs take 0.7 s), and no article needs that many

_DROP = frozenset(
    "script style form iframe frame frameset noscript template object embed svg math button input"
    " select textarea option head title meta link canvas applet noembed dialog".split()
)
_BLOCK = frozenset(
    "p div section article header footer main aside figure figcaption address details summary"
    " center dl dt dd table thead tbody tfoot tr caption nav body html hgroup fieldset legend".split()
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_EMPHASIS = {"b": "**", "strong": "**", "i": "*", "em": "*", "del": "~~", "s": "~~", "strike": "~~"}
_WS = re.compile(r"[ \t\n\r\f\v]+")
_TAG = re.compile(r"<[^>]*>?")
_SAFE_SCHEMES = ("http://", "https://")
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>#|~]")  # what `escape` escapes


def _escape(text: str) -> str:
    """`escape`, skipping the substitution for text with nothing to escape (most of it)."""
    return escape(text) if _MARKDOWN_SPECIAL.search(text) else text


@dataclass
class Converted:
    """One converted document: Markdown, its plain text, and the actionable links in order."""

    markdown: str
    plain: str
    links: list[str] = field(default_factory=list)


def fast_line(text: str | None) -> str:
    """`clean_line`, with a shortcut for the common text that holds no control character."""
    if not text:
        return ""
    return " ".join(text.split()) if text.isprintable() else clean_line(text)


def safe_url(url: str | None, base: str = "") -> str:
    """`url` resolved against `base` if it is http(s), else "" (never actionable)."""
    url = fast_line(url)
    if not url:
        return ""
    if url.startswith(_SAFE_SCHEMES) and " " not in url:
        return url
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            return ""
    return url if url.lower().startswith(_SAFE_SCHEMES) else ""


def html_to_markdown(html: str, base_url: str = "", *, simple: bool = False) -> Converted:
    """Convert an HTML fragment or document; every string is sanitised on the way.

    `simple` (or a document with more than MAX_TAGS tags) skips the structure: the text only.
    """
    if not html or html.isspace():
        return Converted("", "")
    if "<" not in html and "&" not in html:
        text = fast_line(html)
        return Converted(escape(text), text)
    if simple or html.count("<") > MAX_TAGS:
        text = strip_tags(html)
        return Converted(escape(text), text)
    root = LexborHTMLParser(html).body
    if root is None:
        return Converted("", "")
    walker = _Walker(base_url)
    walker.children(root, 0)
    walker.flush()
    return Converted("\n\n".join(walker.md), "\n\n".join(walker.txt), walker.links)


def strip_tags(html: str) -> str:
    """The text of HTML without parsing it (linear time): tags dropped, entities decoded."""
    return fast_line(unescape(_TAG.sub(" ", html)))


def html_to_text(html: str) -> str:
    """Just the readable text of an HTML fragment, on one line (for titles and names)."""
    if "<" not in html and "&" not in html:
        return fast_line(html)
    if html.count("<") > MAX_TAGS:
        return strip_tags(html)
    root = LexborHTMLParser(html).body
    return fast_line(root.text(deep=True, separator=" ")) if root is not None else ""


class _Walker:
    """Collects blocks of (Markdown, plain) while walking the tree."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.md: list[str] = []
        self.txt: list[str] = []
        self.links: list[str] = []
        self.line_md: list[str] = []
        self.line_txt: list[str] = []

    def flush(self) -> None:
        md = "".join(self.line_md).strip()
        if md:
            self.md.append(md)
            self.txt.append("".join(self.line_txt).strip())
        self.line_md.clear()
        self.line_txt.clear()

    def block(self, md: str, txt: str) -> None:
        self.flush()
        if md.strip():
            self.md.append(md)
            self.txt.append(txt)

    def children(self, node: LexborNode, depth: int) -> None:
        for child in node.iter(include_text=True):
            self.node(child, depth + 1)

    def node(self, node: LexborNode, depth: int) -> None:
        tag = node.tag
        if tag == "-text":
            text = node.text_content or ""
            if "  " in text or not text.isprintable():  # else no whitespace run to fold
                text = _WS.sub(" ", text)
                if not text.isprintable():
                    text = clean(text)  # entities such as &#27; decode to controls only now
            if text:
                self.line_md.append(_escape(text))
                self.line_txt.append(text)
        elif tag in _DROP or tag is None or tag.startswith("-"):
            return
        elif depth > MAX_DEPTH:
            text = _WS.sub(" ", clean(node.text(deep=True, separator=" ")))
            self.line_md.append(escape(text))
            self.line_txt.append(text)
        elif tag in _BLOCK:
            self.flush()
            self.children(node, depth)
            self.flush()
        elif tag in _HEADINGS:
            md, txt = self.inline(node, depth)
            if md:
                self.block("#" * _HEADINGS[tag] + " " + md, txt)
        elif tag in ("ul", "ol"):
            self.list(node, depth, ordered=tag == "ol")
        elif tag == "blockquote":
            md, txt = self.sub(node, depth)
            quoted = "\n".join(f"> {line}" if line else ">" for line in md.split("\n"))
            self.block(quoted, _prefix(txt, "  "))
        elif tag == "pre":
            code = clean(node.text(deep=True)).strip("\n")
            fence = "~~~" if "```" in code else "```"
            self.block(f"{fence}\n{code}\n{fence}", code)
        elif tag == "hr":
            self.block("---", "")
        elif tag == "br":
            self.line_md.append("\\\n")
            self.line_txt.append("\n")
        else:
            self.inline_node(node, tag, depth)

    def inline_node(self, node: LexborNode, tag: str, depth: int) -> None:
        if tag == "img":
            alt = fast_line(node.attributes.get("alt")) or "image"
            self.line_md.append(escape(f"[image: {alt}]"))
            self.line_txt.append(f"[image: {alt}]")
        elif tag in ("video", "audio"):
            self.line_md.append(escape(f"[{tag}]"))
            self.line_txt.append(f"[{tag}]")
        elif tag == "a":
            md, txt = self.inline(node, depth)
            url = safe_url(node.attributes.get("href"), self.base)
            if url and md:
                self.links.append(url)
                self.line_md.append(f"[{md}]({_md_url(url)})")
            else:
                self.line_md.append(md)
            self.line_txt.append(txt)
        elif tag in _EMPHASIS or tag == "code":
            mark = "`" if tag == "code" else _EMPHASIS[tag]
            md, txt = self.inline(node, depth)
            if tag == "code":
                md = txt.replace("`", "'")
            self.line_md.append(_wrap(md, mark) if md.strip() else md)
            self.line_txt.append(txt)
        else:
            self.children(node, depth)

    def inline(self, node: LexborNode, depth: int) -> tuple[str, str]:
        """The inline content of `node` as (Markdown, plain), blocks inside joined by spaces."""
        saved = self.md, self.txt, self.line_md, self.line_txt
        self.md, self.txt, self.line_md, self.line_txt = [], [], [], []
        self.children(node, depth)
        md = " ".join([*self.md, "".join(self.line_md)]) if self.md else "".join(self.line_md)
        txt = " ".join([*self.txt, "".join(self.line_txt)]) if self.txt else "".join(self.line_txt)
        self.md, self.txt, self.line_md, self.line_txt = saved
        return md, txt

    def sub(self, node: LexborNode, depth: int, joiner: str = "\n\n") -> tuple[str, str]:
        """The block content of `node` as (Markdown, plain) documents."""
        self.flush()
        saved = self.md, self.txt
        self.md, self.txt = [], []
        self.children(node, depth)
        self.flush()
        md, txt = joiner.join(self.md), joiner.join(self.txt)
        self.md, self.txt = saved
        return md, txt

    def list(self, node: LexborNode, depth: int, *, ordered: bool) -> None:
        items_md: list[str] = []
        items_txt: list[str] = []
        number = 0
        for child in node.iter(include_text=False):
            if child.tag != "li":
                continue
            number += 1
            md, txt = self.sub(child, depth + 1, "\n")
            if not md.strip():
                continue
            marker = f"{number}. " if ordered else "- "
            items_md.append(marker + _prefix(md, " " * len(marker), first=False))
            items_txt.append(marker + _prefix(txt, " " * len(marker), first=False))
        if items_md:
            self.block("\n".join(items_md), "\n".join(items_txt))


def _wrap(md: str, mark: str) -> str:
    stripped = md.strip()
    lead = md[: len(md) - len(md.lstrip())]
    trail = md[len(md.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _prefix(text: str, prefix: str, *, first: bool = True) -> str:
    lines = text.split("\n")
    out = [(prefix if (first or i) and line else "") + line for i, line in enumerate(lines)]
    return "\n".join(out)


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")
