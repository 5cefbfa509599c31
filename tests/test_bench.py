"""The bench scripts run and print the JSON keys the issues name (small sizes: figures are not checked)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
PLAIN = bool(os.environ.get("HATCH_BUILD_NO_HOOKS"))  # the switch that installs it as plain Python


def run(script: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args, "--json"], capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("model", ["tcp", "request"])
def test_refresh_bench(model: str) -> None:
    args = ("--feeds", "6", "--items", "4", "--latency-ms", "20", "--latency-model", model)
    figures = run("refresh.py", *args)
    assert {"byline_s", "byline_304_s", "items_stored", "tui_s", "tui_vs_byline"} <= figures.keys()
    assert figures["items_stored"] == 24 and figures["failed_feeds"] == 0
    assert figures["tui_items_stored"] == 24 and figures["tui_failed_feeds"] == 0
    assert figures["latency_model"] == model
    if "newsboat_s" in figures:
        assert figures["ratio"] == pytest.approx(figures["byline_s"] / figures["newsboat_s"], abs=0.002)


def test_startup_and_search_benches() -> None:
    startup = run("startup.py", "--articles", "300", "--runs", "1")
    assert {"first_paint_s", "max_rss_mb"} <= startup.keys()
    search = run("search.py", "--articles", "300", "--repeats", "1")
    assert {"p50_ms", "p95_ms"} <= search.keys()


def test_people_bench() -> None:
    figures = run("people.py", "--seconds", "0.2", "--rounds", "1")
    assert figures["articles_per_s"] > 0 and 0.9 < figures["news_span_f1"] <= 1
    assert "vs_baseline" not in figures
    assert figures["compiled"] is not PLAIN  # the install compiled the extractor (pyproject.toml)


@pytest.mark.skipif(not (BENCH.parent / ".git").exists(), reason="not a git checkout")
def test_people_bench_times_a_baseline_revision_in_the_same_run() -> None:
    figures = run("people.py", "--seconds", "0.2", "--rounds", "1", "--baseline", "HEAD")
    assert figures["baseline_rev"] == "HEAD" and figures["baseline_articles_per_s"] > 0
    assert figures["vs_baseline"] == pytest.approx(
        figures["articles_per_s"] / figures["baseline_articles_per_s"], abs=0.002
    )


def test_people_upgrade_bench() -> None:
    figures = run("people_upgrade.py", "--articles", "120")
    assert figures["articles"] == 120 and figures["people"] > 10
    assert {"recompute_s", "articles_per_s", "store_articles_per_s"} <= figures.keys()


@pytest.mark.skipif(
    not (BENCH.parents[1] / "shared" / "corpora" / "article-pages").exists(), reason="no ../shared pages"
)
def test_fulltext_bench() -> None:
    figures = run("fulltext.py", "--feeds", "3", "--items", "2", "--limit", "5")
    expected = {"f1", "precision", "recall", "pages_per_s", "refresh_s", "refresh_s_no_fulltext"}
    expected.add("max_rss_mb")
    assert expected <= figures.keys()
    assert figures["articles"] == 6 and figures["articles_with_full_text"] == 6
