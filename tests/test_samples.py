"""Checks on the bundled sample articles in ``sample_articles/``.

The samples are plain data files (TOML front matter + Markdown body) plus the
original seed article. These tests only read files; they do not import Textual.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES_DIR = REPO_ROOT / "sample_articles"
SEED_NAME = "000_9827fcc0f7eb9b0f.txt"
SHARED_SEED_DIR = REPO_ROOT.parent / "shared" / "seed"

FRONT_MATTER_RE = re.compile(r"\A\+\+\+\n(?P<meta>.*?)\n\+\+\+\n(?P<body>.*)\Z", re.DOTALL)
NAME_RE = re.compile(r"\A\d{3}_[a-z0-9]+(?:-[a-z0-9]+)*\.md\Z")


@dataclass(frozen=True)
class Sample:
    path: Path
    meta: dict
    body: str


def _md_paths() -> list[Path]:
    return sorted(SAMPLES_DIR.glob("*.md"))


def _parse(path: Path) -> Sample:
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER_RE.match(text)
    assert match, f"{path.name}: no +++ front matter block at the top"
    meta = tomllib.loads(match.group("meta"))
    return Sample(path=path, meta=meta, body=match.group("body"))


@pytest.fixture(scope="module")
def samples() -> list[Sample]:
    return [_parse(path) for path in _md_paths()]


def _real(samples: list[Sample]) -> list[Sample]:
    return [s for s in samples if s.meta.get("fiction") is False]


def _fiction(samples: list[Sample]) -> list[Sample]:
    return [s for s in samples if s.meta.get("fiction") is True]


def test_sample_counts() -> None:
    assert (SAMPLES_DIR / SEED_NAME).is_file()
    assert len(_md_paths()) >= 26


@pytest.mark.parametrize("path", _md_paths(), ids=lambda p: p.name)
def test_front_matter(path: Path) -> None:
    sample = _parse(path)
    meta = sample.meta
    assert NAME_RE.match(path.name), path.name
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    assert isinstance(meta.get("date"), dt.datetime)
    assert meta["date"].tzinfo is not None, "date must be an offset datetime"
    assert meta.get("source") == "Byline Samples"
    assert meta.get("sample") is True
    assert isinstance(meta.get("fiction"), bool)
    if "standfirst" in meta:
        assert isinstance(meta["standfirst"], str) and meta["standfirst"].strip()
    assert isinstance(meta.get("author"), str) and meta["author"].strip()
    assert meta.get("url", "").startswith("https://example.org/byline-samples/")
    tags = meta.get("tags")
    assert isinstance(tags, list) and tags
    assert all(isinstance(t, str) and t == t.lower() for t in tags)


@pytest.mark.parametrize("path", _md_paths(), ids=lambda p: p.name)
def test_body_shape(path: Path) -> None:
    body = _parse(path).body
    words = len(body.split())
    assert 250 <= words <= 600, f"{path.name}: {words} words"
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    assert len(paragraphs) >= 3


def test_urls_unique(samples: list[Sample]) -> None:
    urls = [s.meta["url"] for s in samples]
    assert len(urls) == len(set(urls))


def test_fiction_split(samples: list[Sample]) -> None:
    assert len(_real(samples)) >= 14
    assert len(_fiction(samples)) >= 9


def test_seed_unchanged() -> None:
    shared = SHARED_SEED_DIR / SEED_NAME
    if not shared.is_file():
        pytest.skip(f"shared seed copy not found at {shared}; cannot compare bytes")
    assert (SAMPLES_DIR / SEED_NAME).read_bytes() == shared.read_bytes()


def test_real_articles_follow_seed_people(samples: list[Sample]) -> None:
    real = _real(samples)
    comey = [s for s in real if "Comey" in s.body]
    sessions = [s for s in real if "Sessions" in s.body]
    assert len(comey) >= 5
    assert len(sessions) >= 5


def test_pete_and_jeff_sessions_together(samples: list[Sample]) -> None:
    both = [s for s in samples if "Pete Sessions" in s.body and "Jeff Sessions" in s.body]
    assert both, "expected an article naming both Pete Sessions and Jeff Sessions"
