"""The scorer's arithmetic, and a quality floor on the GUM-people dev set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.people import Mention
from reader.people.score import DEFAULT_GOLD, load_gold, main, score_docs

GOLD_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "gum-people"


def fake_extract(mentions: list[Mention]):
    return lambda text: mentions


def test_perfect_prediction_scores_one() -> None:
    doc = {
        "id": "d",
        "text": "Jeff Sessions met Sessions.",
        "people": [
            {"start": 0, "end": 13, "text": "Jeff Sessions", "canonical": "Jeff Sessions"},
            {"start": 18, "end": 26, "text": "Sessions", "canonical": "Jeff Sessions"},
        ],
    }
    pred = [Mention(0, 13, "Jeff Sessions", "X"), Mention(18, 26, "Sessions", "X")]
    got = score_docs([doc], fake_extract(pred))
    assert got["span_f1"] == 1.0 and got["pair_f1"] == 1.0
    assert got["canonical_right"] == 0  # canonical strings differ, clusters agree


def test_span_and_pair_arithmetic() -> None:
    doc = {
        "id": "d",
        "text": "A B C D E F",
        "people": [
            {"start": 0, "end": 1, "text": "A", "canonical": "P"},
            {"start": 2, "end": 3, "text": "B", "canonical": "P"},
            {"start": 4, "end": 5, "text": "C", "canonical": "Q"},
        ],
    }
    # matches A, B, C (A+C wrongly merged, B apart) plus one false positive
    pred = [
        Mention(0, 1, "A", "P"),
        Mention(2, 3, "B", "R"),
        Mention(4, 5, "C", "P"),
        Mention(6, 7, "D", "S"),
    ]
    got = score_docs([doc], fake_extract(pred))
    assert got["span_precision"] == 0.75 and got["span_recall"] == 1.0
    # gold pairs: (A,B); predicted pairs: (A,C); shared: none
    assert got["pair_precision"] == 0.0 and got["pair_recall"] == 0.0 and got["pair_f1"] == 0.0


def test_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = [
        {
            "id": "x",
            "text": "Donald Trump spoke.",
            "people": [{"start": 0, "end": 12, "text": "Donald Trump", "canonical": "Donald Trump"}],
        }
    ]
    path = tmp_path / "g.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    assert main([str(path), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["span_f1"] == 1.0 and got["docs"] == 1


@pytest.mark.skipif(
    not (GOLD_DIR / "dev.json").exists(),
    reason="GUM-people dev set not found at ../shared/corpora/gum-people (outside the repo)",
)
def test_dev_set_quality_floor() -> None:
    assert DEFAULT_GOLD == GOLD_DIR / "dev.json"
    got = score_docs(load_gold(DEFAULT_GOLD))
    assert got["docs"] == 22 and got["gold_mentions"] == 536
    assert got["span_f1"] >= 0.92, got
    assert got["pair_f1"] >= 0.95, got
