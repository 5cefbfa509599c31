"""Every file of the shared feed corpora parses or fails with a clear per-feed error, within bounds.

The corpora live outside the repository (../shared/corpora, see its README); the sweep is skipped
with a message when they are absent. Files are parsed in a process pool (both cores) whose workers
install feedparser's shortcuts, as Byline's parser pool does.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from reader.ingest import saxdriver
from tests.memory import peak_bytes

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
SKIP_NAMES = {"MANIFEST.tsv", "README.md"}
TIME_LIMIT_S = 10.0  # per file; the largest (2 MB) take ~1 s, the bound leaves room for a busy machine
MEMORY_LIMIT = 300 * 1024 * 1024  # peak of a worker process over all the files it parsed


def corpus_files() -> list[Path]:
    return sorted(
        path
        for path in CORPORA.rglob("*")
        if path.is_file() and path.name not in SKIP_NAMES and path.suffix != ".md"
    )


def parse_one(path: Path) -> tuple[str, float, int, str | None, int, str]:
    from reader.ingest.parse import parse_body

    body = path.read_bytes()
    started = time.perf_counter()
    try:
        feed = parse_body(body, f"https://corpus.example/{path.name}", {})
    except BaseException as error:  # the test asserts there are none; report which file raised
        return str(path), 0.0, peak_bytes(), None, 0, f"RAISED {type(error).__name__}: {error}"
    seconds = time.perf_counter() - started
    texts = [feed.title, *(a.title for a in feed.articles), *(a.plain for a in feed.articles)]
    unsafe = next((t for t in texts if any(c in t for c in "\x1b\x00\x07\x9b")), "")
    return str(path), seconds, peak_bytes(), feed.error, len(feed.articles), unsafe[:80]


@pytest.mark.skipif(not CORPORA.is_dir(), reason=f"feed corpora not found at {CORPORA}; sweep skipped")
def test_corpus_sweep() -> None:
    files = corpus_files()
    assert len(files) > 100
    with ProcessPoolExecutor(2, initializer=saxdriver.install) as pool:
        results = list(pool.map(parse_one, files, chunksize=32))
    raised = [(path, problem) for path, _, _, _, _, problem in results if problem.startswith("RAISED")]
    assert not raised, raised[:5]
    unsafe = [(path, problem) for path, _, _, _, _, problem in results if problem]
    assert not unsafe, unsafe[:5]
    slow = [(path, seconds) for path, seconds, *_ in results if seconds > TIME_LIMIT_S]
    assert not slow, slow
    assert max(peak for _, _, peak, *_ in results) < MEMORY_LIMIT
    for path, _, _, error, count, _ in results:
        if error is not None:
            assert error and len(error) <= 300 and "Traceback" not in error and count == 0, (path, error)
    parsed = sum(1 for r in results if r[3] is None)
    entries = sum(r[4] for r in results)
    assert parsed > len(files) * 0.8 and entries > 5000, (parsed, entries)


@pytest.mark.skipif(not CORPORA.is_dir(), reason=f"feed corpora not found at {CORPORA}; sweep skipped")
def test_json_feeds_in_the_corpora_parse() -> None:
    files = [p for p in corpus_files() if p.suffix == ".json" or "json" in p.name.lower()]
    results = [parse_one(p) for p in files]
    ok = [r for r in results if r[3] is None and r[4] > 0]
    assert len(ok) >= 3, [(r[0], r[3]) for r in results]
