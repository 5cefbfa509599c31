"""Markdown in and out: escaping plain text, and reducing Markdown to plain text."""

import re

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`+([^`]*)`+")
_LINE_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", re.MULTILINE)
_FENCE = re.compile(r"^\s*(```|~~~).*$", re.MULTILINE)
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$", re.MULTILINE)
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
_BLANKS = re.compile(r"\n{3,}")


def escape(text: str) -> str:
    """Plain text as Markdown that renders exactly as the text (no emphasis, links or HTML)."""
    return _SPECIAL.sub(r"\\\1", text)


def to_plain(markdown: str) -> str:
    """The readable text of a Markdown document: what a reader sees, without the syntax."""
    text = _FENCE.sub("", markdown)
    text = _LINK_DEF.sub("", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _RULE.sub("", text)
    text = _LINE_MARKS.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _ESCAPED.sub(r"\1", text)
    return _BLANKS.sub("\n\n", text).strip()


def blocks(text: str, *, fences: bool = False) -> list[str]:
    """The text's blocks: runs of lines between blank lines.

    With `fences`, a ``` or ~~~ code block stays whole even where it holds blank lines.
    """
    found: list[str] = []
    current: list[str] = []
    fenced = False
    for line in text.splitlines():
        if fences and line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if line.strip() or fenced:
            current.append(line)
        elif current:
            found.append("\n".join(current))
            current = []
    if current:
        found.append("\n".join(current))
    return found
