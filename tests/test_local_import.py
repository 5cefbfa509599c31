"""The local importer: the seed's plain-text format, TOML front matter, errors, re-import."""

from pathlib import Path

import pytest

from reader.ingest.local import LocalFileError, load_file, parse_plain_text
from reader.library import Library
from tests.conftest import SEED, SEED_TITLE

SEED_STANDFIRST = "Sean Spicer refused to say whether Trump still has confidence in Sessions."


def test_seed_is_parsed_exactly() -> None:
    parsed = parse_plain_text(SEED.read_text(encoding="utf-8"))
    assert parsed.title == SEED_TITLE
    assert parsed.standfirst == SEED_STANDFIRST
    assert len(parsed.paragraphs) == 11
    assert parsed.paragraphs[0] == (
        "Attorney General Jeff Sessions reportedly suggested resigning over his rift with "
        "President Donald Trump, according to multiple outlets."
    )
    assert parsed.paragraphs[3].startswith("“Confirmed that Sessions at one point")
    assert parsed.paragraphs[3].endswith("Haberman tweeted\xa0Tuesday.")  # a no-break space in the seed
    assert parsed.paragraphs[-1] == (
        "Comey is set to testify before the Senate on Thursday about his conversations with Trump."
    )


def test_seed_article_keeps_brackets_literal_and_reads_its_sidecar() -> None:
    article = load_file(SEED).article
    assert article.title == SEED_TITLE
    assert article.summary == SEED_STANDFIRST
    assert r"\[Trump\]" in article.content  # escaped: shown as text, never a Markdown link
    assert "[Trump]" in article.plain
    assert article.plain.startswith(SEED_TITLE + "\n\n" + SEED_STANDFIRST + "\n\n")
    assert article.tags == ("justice", "politics")
    assert article.published == 1496786400.0  # 2017-06-06T22:00Z from the .toml beside it


def test_plain_text_without_standfirst() -> None:
    parsed = parse_plain_text("Title\n\nOnly one paragraph here.\n")
    assert (parsed.title, parsed.standfirst, parsed.paragraphs) == (
        "Title",
        "",
        ("Only one paragraph here.",),
    )


def test_markdown_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(
        '+++\ntitle = "A \\u001b[2JTitle"\ndate = 2018-01-02\nsource = "Desk"\n'
        'author = "Ann Writer"\nurl = "https://example.org/a"\n'
        'tags = ["Politics", "#x", "Travel Ban"]\n+++\n\n'
        "Body with a [link](https://example.org/b) and *emphasis*.\n",
        encoding="utf-8",
    )
    loaded = load_file(path)
    article = loaded.article
    assert article.title == "A Title"  # the escape sequence is gone
    assert article.guid == "https://example.org/a"
    assert article.tags == ("politics", "travel-ban", "x")  # stored the way `byline tag` stores them
    assert loaded.source == "Desk"
    assert article.published == 1514851200.0
    assert "Body with a link and emphasis." in article.plain


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("+++\ntitle = 'x'\n", "closing"),
        ("+++\ntitle = \n+++\nbody\n", "front matter"),
        ("+++\ntags = 'x'\n+++\nbody\n", "tags must be a list"),
    ],
)
def test_bad_files_give_a_clear_error(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "bad.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LocalFileError, match=reason):
        load_file(path)


def test_import_again_updates_in_place(library: Library, tmp_path: Path) -> None:
    before = library.store.stats().articles
    assert before >= 25
    path = tmp_path / "mine.md"
    path.write_text('+++\ntitle = "First"\n+++\nText.\n', encoding="utf-8")
    first = library.import_paths([path])
    assert len(first.new) == 1
    library.store.set_read(first.new, True)
    path.write_text('+++\ntitle = "Second"\n+++\nText.\n', encoding="utf-8")
    again = library.import_paths([path, tmp_path])
    assert (again.new, again.updated) == ([], first.new)
    article = library.store.article(first.new[0])
    assert article is not None and article.title == "Second" and article.read
    assert library.store.stats().articles == before + 1
    report = library.import_paths([Path(library.paths.data)])  # nothing importable there
    assert report.new == [] and report.errors == []


def test_broken_file_is_reported_and_others_still_import(empty_library: Library, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Good title\n\nA paragraph.\n", encoding="utf-8")
    (tmp_path / "bad.md").write_text("+++\ntitle = [\n+++\n", encoding="utf-8")
    report = empty_library.import_paths([tmp_path])
    assert len(report.new) == 1
    assert len(report.errors) == 1 and "bad.md" in report.errors[0]
