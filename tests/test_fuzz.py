"""Property tests: the sanitiser, feed HTML conversion and the local-article parser.

Every input here stands for something a stranger wrote (a feed, a file, a search box paste).
"""

from __future__ import annotations

import re
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.ingest.local import LocalFileError, load_file, parse_plain_text, split_front_matter
from reader.text import clean, clean_line

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What may never survive the sanitiser: C0 except \n and \t, DEL, C1, ESC (in C0), bidi
# embeddings/overrides/isolates/marks, interlinear annotations, lone surrogates.
FORBIDDEN = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb\ud800-\udfff]"
)

# Pieces of real attacks, so that random text often contains sequences, not only stray bytes.
HOSTILE_PIECES = [
    "\x1b[2J", "\x1b[31m", "\x1b]0;pwned\x07", "\x1b]8;;http://evil.example/\x1b\\", "\x1b]8;;\x1b\\",
    "\x1bP1$r\x1b\\", "\x9b2J", "\x9d0;t\x9c", "\x07", "\x1b", "\x9c", "\r", "\r\n", "\u202e", "\u2066",
    "\u200f", "\u2028", "\x00", "\x7f", "\x85", "\ud83d", "[@click=app.quit]", "[/]", "[link=x]", "\t",
    "\n", " ", "a", "é", "漢", "😀",
]
hostile_text = st.one_of(
    st.text(alphabet=st.characters(codec=None, categories=None)),  # everything, surrogates included
    st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=4))).map("".join),
)


# --- the sanitiser -------------------------------------------------------------------------


@FUZZ
@given(hostile_text)
@example("\x1b]0;title\x07visible")
@example("\x1b\x1b[2J[2J")  # an escape hiding another
@example("\r\x00\n")
def test_clean_leaves_nothing_that_drives_a_terminal(text: str) -> None:
    cleaned = clean(text)
    assert not FORBIDDEN.search(cleaned), ascii(cleaned)
    assert clean(cleaned) == cleaned  # idempotent: a second pass changes nothing
    cleaned.encode("utf-8")  # storable and printable: no lone surrogates


@FUZZ
@given(hostile_text)
def test_clean_line_is_one_clean_line(text: str) -> None:
    line = clean_line(text)
    assert not FORBIDDEN.search(line), ascii(line)
    assert "\n" not in line and "\t" not in line and "\u2028" not in line
    assert line == line.strip() and "  " not in line
    assert clean_line(line) == line


@FUZZ
@given(hostile_text)
def test_the_feed_parsers_fast_path_cleans_like_clean_line(text: str) -> None:
    from reader.text.html import fast_line

    assert fast_line(text) == clean_line(text)


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Zl", "Zp", "Cs"))))
def test_clean_keeps_ordinary_text_unchanged(text: str) -> None:
    assert clean(text) == text


html_pieces = st.sampled_from(
    ["<p>", "</p>", "<a href='javascript:alert(1)'>", "<a href=\"https://e.example/\">", "</a>", "<script>",
     "</script>", "<img alt='\x1b[2J'>", "&#27;", "&#x1b;[2J", "&#x9b;", "&#x202e;", "&#7;", "&#0;",
     "&#xd800;", "&amp;", "<![CDATA[", "]]>", "<b>", "</b>", "<pre>", "\x1b]0;t\x07", "[/]",
     "[@click=app.quit]", " "]
)
hostile_html = st.lists(st.one_of(html_pieces, st.sampled_from(HOSTILE_PIECES), st.text(max_size=3))).map(
    "".join
)


@FUZZ
@given(hostile_html)
def test_feed_html_becomes_clean_text_and_markdown(html: str) -> None:
    from reader.text.html import html_to_markdown, html_to_text

    text = html_to_text(html)
    assert not FORBIDDEN.search(text) and "\n" not in text, ascii(text)
    converted = html_to_markdown(html, "https://example.com/")
    assert not FORBIDDEN.search(converted.markdown), ascii(converted.markdown)
    assert not FORBIDDEN.search(converted.plain), ascii(converted.plain)


# --- the local-article parser --------------------------------------------------------------


@FUZZ
@given(hostile_text)
def test_parse_plain_text_gives_a_result_or_value_error(text: str) -> None:
    try:
        parsed = parse_plain_text(text)
    except ValueError:
        assert not text.strip()  # the only refusal: nothing to read
        return
    assert parsed.title and "\n" not in parsed.title
    assert all(paragraph.strip() for paragraph in parsed.paragraphs)


@FUZZ
@given(hostile_text)
@example("+++\ntitle = 'x'\n")  # no closing fence
@example("+++\ntitle = \n+++\nbody")  # broken TOML
def test_split_front_matter_gives_a_result_or_a_known_error(text: str) -> None:
    try:
        meta, body = split_front_matter(text)
    except (ValueError, tomllib.TOMLDecodeError):  # TOMLDecodeError is a ValueError too
        return
    assert isinstance(meta, dict) and isinstance(body, str)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


front_matter_values = st.one_of(
    st.text(max_size=30), st.integers(), st.booleans(), st.lists(st.text(max_size=5), max_size=3),
    st.dates().map(str), st.just("2017-13-45"), st.just("9999-12-31T23:59:59"),
)


@st.composite
def article_files(draw: st.DrawFn) -> bytes:
    """Random bytes, or Markdown with a front matter that is almost right."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=2000))
    names = ["title", "date", "author", "url", "tags", "source", "x"]
    keys = draw(st.lists(st.sampled_from(names), max_size=5))
    lines = ["+++"]
    for key in keys:
        value = draw(front_matter_values)
        lines.append(f"{key} = {value!r}")  # Python's repr: sometimes valid TOML, often not
    if draw(st.booleans()):
        lines.append("+++")
    lines.append(draw(hostile_text))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@FUZZ
@given(data=article_files(), suffix=st.sampled_from([".txt", ".md", ".markdown"]))
def test_load_file_gives_a_clean_article_or_local_file_error(scratch: Path, data: bytes, suffix: str) -> None:
    path = scratch / f"article{suffix}"
    path.write_bytes(data)
    try:
        loaded = load_file(path)
    except LocalFileError as error:
        message = str(error)
        assert message and "\n" not in message and not FORBIDDEN.search(message)
        return
    article = loaded.article
    for value in (article.title, article.author, article.url, article.summary, loaded.source or ""):
        assert not FORBIDDEN.search(value) and "\n" not in value, ascii(value)
    for value in (article.content, article.plain, *article.tags):
        assert not FORBIDDEN.search(value), ascii(value)
    assert article.title  # a file always has a title: its own, or the file name


# The search query parser is fuzzed in tests/test_search_fuzz.py.
