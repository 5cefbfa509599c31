"""Articles from local files: the plain-text format and Markdown with TOML front matter.

Plain text (`.txt`): the first line is the title; an optional one-line standfirst follows;
then paragraphs separated by blank lines. Metadata may sit beside it in `NAME.toml`
(the same keys as front matter), so the text itself stays exactly as written.

Markdown (`.md`): a `+++` TOML block (title, standfirst, date, source, author, url, tags)
then the body.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.store import ArticleIn, normalize_tag
from reader.text import clean, clean_line
from reader.text.markdown import blocks, escape, to_plain

SUFFIXES = (".txt", ".md", ".markdown")
MAX_BYTES = 4 * 1024 * 1024
STANDFIRST_MAX = 300


class LocalFileError(Exception):
    """A file that cannot be imported; the message names the file and the reason."""


@dataclass(frozen=True)
class PlainText:
    """The parts of a plain-text article."""

    title: str
    standfirst: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class LocalArticle:
    """A parsed local file, before it becomes a stored article."""

    article: ArticleIn
    source: str | None  # the `source` named in front matter, if any


def parse_plain_text(text: str) -> PlainText:
    """Split a plain-text article into title, standfirst and paragraphs."""
    parts = [block.strip() for block in blocks(text)]
    if not parts:
        raise ValueError("the file is empty")
    first, *rest = parts
    title, _, more = first.partition("\n")
    if more.strip():
        rest.insert(0, more.strip())
    standfirst = ""
    # A standfirst is one short line that is followed by the body.
    if len(rest) >= 2 and "\n" not in rest[0] and len(rest[0]) <= STANDFIRST_MAX:
        standfirst = rest.pop(0)
    paragraphs = tuple(" ".join(line.strip() for line in block.splitlines()) for block in rest)
    return PlainText(title.strip(), standfirst, paragraphs)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The TOML metadata and the Markdown body of a `+++`-fenced document."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "+++":
        return {}, text
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "+++":
            meta = tomllib.loads("".join(lines[1:index]))
            return meta, "".join(lines[index + 1 :])
    raise ValueError("the front matter has no closing +++ line")


def load_file(path: Path, guid: str | None = None) -> LocalArticle:
    """Read and parse one file; errors become `LocalFileError` naming the file."""
    name = display_path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise LocalFileError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MB")
        text = clean(path.read_bytes().decode("utf-8-sig", errors="replace"))
        if not text.strip():
            raise ValueError("the file is empty")
        if path.suffix.lower() == ".txt":
            sidecar = path.with_suffix(".toml")
            meta = tomllib.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
            return _from_plain_text(path, text, meta, guid)
        meta, body = split_front_matter(text)
        return _from_metadata(path, meta, body.strip(), to_plain(body), guid)
    except tomllib.TOMLDecodeError as error:
        raise LocalFileError(f"{name}: front matter: {clean_line(str(error))}") from error
    except (ValueError, TypeError) as error:
        raise LocalFileError(f"{name}: {clean_line(str(error))}") from error
    except OSError as error:
        raise LocalFileError(f"{name}: {clean_line(error.strerror or str(error))}") from error


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The article files named, and those inside named folders, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        else:
            yield path


def _from_plain_text(path: Path, text: str, meta: dict[str, Any], guid: str | None) -> LocalArticle:
    parsed = parse_plain_text(text)
    meta = {"title": parsed.title, "standfirst": parsed.standfirst, **meta}
    body = "\n\n".join(escape(paragraph) for paragraph in parsed.paragraphs)
    return _from_metadata(path, meta, body, "\n\n".join(parsed.paragraphs), guid)


def _from_metadata(
    path: Path, meta: dict[str, Any], body: str, body_plain: str, guid: str | None
) -> LocalArticle:
    title = clean_line(_string(meta, "title")) or clean_line(_readable(path.stem))
    standfirst = clean_line(_string(meta, "standfirst"))
    url = clean_line(_string(meta, "url"))
    tags = meta.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise ValueError("tags must be a list of strings")
    article = ArticleIn(
        guid=guid or url or _readable(path.resolve().as_uri()),
        title=title,
        url=url,
        author=clean_line(_string(meta, "author")),
        published=_timestamp(meta.get("date")) or path.stat().st_mtime,
        summary=standfirst,
        content=body,
        plain="\n\n".join(part for part in (title, standfirst, body_plain) if part),
        source_path=display_path(path),
        tags=tuple(sorted({normalize_tag(clean_line(tag).lstrip("#")) for tag in tags if clean_line(tag)})),
    )
    return LocalArticle(article, clean_line(_string(meta, "source")) or None)


def display_path(path: Path) -> str:
    """A file name safe to store and print: undecodable bytes replaced, controls removed."""
    return clean(_readable(str(path)))


def _readable(text: str) -> str:
    """Undecodable file-name bytes (kept by Python as lone surrogates) become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _string(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key, "")
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string")
    return value


def _timestamp(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):
        when = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return when.timestamp()
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC).timestamp()
    raise ValueError("date must be a TOML date or datetime")
