"""Markdown articles drawn as Rich `Text`: links numbered, people's names marked.

Outside text never becomes markup here: every span is appended as plain text with a style.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rich.style import Style
from rich.text import Text

from reader.text.markdown import blocks
from reader.text.web import is_web_url

StyleFor = Callable[[str], Style]

_INLINE = re.compile(
    r"(?P<image>!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)[^)]*\))"
    r"|(?P<link>\[(?P<label>(?:\\.|[^\]\\])*)\]\((?P<href>(?:[^()\s]|\([^()\s]*\))*)[^)]*\))"
    r"|(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|(?P<strong>\*\*|__)(?=\S)(?P<strong_text>.+?)(?<=\S)(?P=strong)"
    r"|(?P<em>[*_])(?=\S)(?P<em_text>.+?)(?<=\S)(?P=em)"
    r"|\\(?P<escaped>[\\`*_{}\[\]()#+\-.!<>|~])"
)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s{0,3}([-*+]|\d+[.)])\s+")


@dataclass
class Rendered:
    """An article's text and the links its numbers refer to (number n is links[n - 1])."""

    text: Text
    links: list[str] = field(default_factory=list)


class _Writer:
    def __init__(self, style_for: StyleFor) -> None:
        self.style_for = style_for
        self.text = Text()
        self.links: list[str] = []

    def inline(self, source: str, base: Style | None = None) -> None:
        base = base or Style()
        position = 0
        for match in _INLINE.finditer(source):
            self.text.append(source[position : match.start()], base)
            position = match.end()
            kind = match.lastgroup
            if match.group("image") is not None:
                alt = match.group("alt") or "image"
                self.text.append(f"[image: {alt}]", base + self.style_for("reading--image"))
            elif match.group("link") is not None:
                self._link(match.group("label"), match.group("href"), base)
            elif match.group("code") is not None:
                self.text.append(match.group("code_text"), base + self.style_for("reading--code"))
            elif match.group("strong") is not None:
                self.inline(match.group("strong_text"), base + Style(bold=True))
            elif match.group("em") is not None:
                self.inline(match.group("em_text"), base + Style(italic=True))
            elif kind == "escaped":
                self.text.append(match.group("escaped"), base)
        self.text.append(source[position:], base)

    def _link(self, label: str, href: str, base: Style) -> None:
        self.inline(label, base)
        if is_web_url(href):
            if href not in self.links:
                self.links.append(href)
            number = self.links.index(href) + 1
            self.text.append(f"[{number}]", base + self.style_for("reading--link"))


def render_markdown(markdown: str, style_for: StyleFor) -> Rendered:
    """Draw a Markdown body: paragraphs, headings, lists, quotes, code, numbered links."""
    writer = _Writer(style_for)
    for index, block in enumerate(blocks(markdown, fences=True)):
        if index:
            writer.text.append("\n\n")
        _block(writer, block)
    if writer.links:
        writer.text.append("\n\nLinks\n", style_for("reading--heading"))
        for number, href in enumerate(writer.links, start=1):
            writer.text.append(f"[{number}] ", style_for("reading--link"))
            writer.text.append(f"{href}\n", style_for("reading--meta"))
    return Rendered(writer.text, writer.links)


def mark_names(text: Text, names: Iterable[tuple[str, Style]]) -> None:
    """Style every whole-word occurrence of each name (longest first, so full names win)."""
    plain = text.plain
    taken = bytearray(len(plain))  # 1 where a longer name already claimed the character
    for name, style in sorted(names, key=lambda item: -len(item[0])):
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        for match in pattern.finditer(plain):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            text.stylize(style, start, end)


def _block(writer: _Writer, block: str) -> None:
    first = block.lstrip()
    if first.startswith(("```", "~~~")):
        code = "\n".join(block.splitlines()[1:]).rstrip("`~\n")
        writer.text.append(code, writer.style_for("reading--code"))
        return
    heading = _HEADING.match(first)
    if heading and "\n" not in first:
        writer.inline(heading.group(2), writer.style_for("reading--heading"))
        return
    lines = block.splitlines()
    if all(line.lstrip().startswith(">") for line in lines):
        quote = " ".join(line.lstrip()[1:].strip() for line in lines)
        writer.text.append("▎ ", writer.style_for("reading--quote"))
        writer.inline(quote, writer.style_for("reading--quote"))
        return
    if _LIST_ITEM.match(lines[0]):
        items: list[str] = []
        for line in lines:
            marker = _LIST_ITEM.match(line)
            if marker or not items:
                items.append(line[marker.end() :] if marker else line.strip())
            else:
                items[-1] += " " + line.strip()
        for number, item in enumerate(items):
            writer.text.append(("\n" if number else "") + "  • ")
            writer.inline(item)
        return
    writer.inline(" ".join(line.strip() for line in lines))
