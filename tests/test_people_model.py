"""The trained people decision: the shipped weights, what they fix, text in other languages."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from reader.people import extract_people
from reader.people.language import is_english
from reader.people.model import MODEL_PATH, shipped
from reader.people.resolve import Candidate, resolve
from reader.people.score import load_gold, score_docs

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
CONLL_DEV = CORPORA / "people-dev" / "conll2003-testa.json"


def names(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.canonical) for m in extract_people(text)]


def test_shipped_weights_are_small_and_say_how_they_were_made() -> None:
    assert MODEL_PATH.stat().st_size < 5_000_000
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    meta = data["meta"]
    assert "conll2003-testa.json" not in " ".join(meta["trained_on"])  # evaluation only
    assert "gum-train-nc.json" not in meta["trained_on"]  # non-commercial: never shipped
    assert meta["cutoff_chosen_on"].startswith("people-dev/")
    assert 0.5 < meta["train_cv"]["f1"] <= 1.0
    assert shipped().threshold == data["threshold"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a weekday before a name is no part of it
        ("On Monday Tony Blair met unions.", [("Tony Blair", "Tony Blair")]),
        ("On Monday Tony Blair said the vote would be close.", [("Tony Blair", "Tony Blair")]),
        ("Speaking in the Commons Oliver Heald said the tax was unfair.", [("Oliver Heald", "Oliver Heald")]),
        # a middle initial without its dot, as the BBC writes it
        ("In Washington George W Bush said the deficit would halve.", [("George W Bush", "George W Bush")]),
        ("Michael J Fox starred. Sam I Am is a book.", [("Michael J Fox", "Michael J Fox"), ("Sam", "Sam")]),
        # a surname that opens with a particle, written with a capital at a sentence's start
        (
            "Dominique de Villepin met Jim Morrison. De Villepin and Van Morrison spoke.",
            [
                ("Dominique de Villepin", "Dominique de Villepin"),
                ("Jim Morrison", "Jim Morrison"),
                ("De Villepin", "Dominique de Villepin"),
                ("Van Morrison", "Van Morrison"),
            ],
        ),
        # a capitalised particle opens a surname, whatever the next word means in English
        ("Bin Laden threatened new attacks.", [("Bin Laden", "Bin Laden")]),
        (
            "Osama bin Laden spoke. Bin Laden said more. Abu Hamza was jailed.",
            [
                ("Osama bin Laden", "Osama bin Laden"),
                ("Bin Laden", "Osama bin Laden"),
                ("Abu Hamza", "Abu Hamza"),
            ],
        ),
        # a surname that is also a title
        (
            "Mervyn King, the Bank of England governor, spoke. Mervyn King said rates would hold.",
            [("Mervyn King", "Mervyn King"), ("Mervyn King", "Mervyn King")],
        ),
        # names joined by "&" name a firm
        (
            "Shares in Marks & Spencer rose. Procter & Gamble and Ernst & Young's Tom Smith agreed.",
            [("Tom Smith", "Tom Smith")],
        ),
        # but two full names joined by "&" are a duo, and a year after them makes a citation
        (
            "Karl Langdon & Harvey Deegan hosted. (Heidenreich & Turano, 2011)",
            [
                ("Karl Langdon", "Karl Langdon"),
                ("Harvey Deegan", "Harvey Deegan"),
                ("Heidenreich", "Heidenreich"),
                ("Turano", "Turano"),
            ],
        ),
        # a party's members are no person
        ("Lib Dem MPs voted against the bill on Tuesday.", []),
    ],
)
def test_boundaries_and_non_people(text: str, expected: list[tuple[str, str]]) -> None:
    assert names(text) == expected


def test_a_no_break_space_keeps_the_title_before_a_name() -> None:
    assert names("The talks were led by Mr.\u00a0Kowalczyk, who said little.") == [("Kowalczyk", "Kowalczyk")]


def test_a_lone_surname_links_to_the_full_name_even_after_a_preposition() -> None:
    text = (
        "Attorney General Jeff Sessions met the president. Trump still has confidence in "
        "Sessions. Asked again, the spokeswoman said Sessions is staying."
    )
    got = names(text)
    assert got.count(("Sessions", "Jeff Sessions")) == 2


def test_a_surname_in_a_headline_of_capitals_links_to_the_full_name() -> None:
    text = "TENNIS - EDBERG REFUSES TO GO QUIETLY\nStefan Edberg said on Monday he would play on."
    assert names(text) == [("EDBERG", "Stefan Edberg"), ("Stefan Edberg", "Stefan Edberg")]
    assert names("NASA AND ESA AGREE\nThe agencies met.") == []


GERMAN = (
    "Ein Blick auf die Lage: Bundeskanzler Friedrich Merz hat am Montag in Berlin mit Vertretern "
    "der Deutschen Bahn gesprochen. Die Gewerkschaft kritisierte die Pläne der Regierung. Merz "
    "sagte, die Regierung werde nicht nachgeben, und auch der Vorstand sei bereit."
)
PORTUGUESE = (
    "A Corte Nacional da Espanha decidiu nesta segunda-feira que o ex-presidente Luiz Inácio "
    "Lula da Silva não será ouvido. Segundo a Folha, o caso foi arquivado pela Justiça em Madri."
)


def test_language_check() -> None:
    assert not is_english(GERMAN)
    assert not is_english(PORTUGUESE)
    assert is_english("Sessions said on Tuesday that the president had his confidence and that of the party.")
    assert is_english("Short headline: Merz in Berlin")  # too little to judge: English
    assert not is_english("Koronavírus: Cielené testovanie zachytilo v Banskej Bystrici desiatky pozitívnych")
    # accented names in an English line are no sign of another language
    assert is_english("Liverpool: Konaté, Robertson; Szoboszlai, Mac Allister; Salah, Núñez and Díaz.")
    # English words that are function words elsewhere ("met", "per", "v"), and names that are
    # ("Van", "Dan", "La"), say nothing about a short text
    assert is_english("Spain's Jose Luis Zapatero met Brazil's Luiz Inacio Lula da Silva. Lula said so.")
    assert is_english("Chelsea v Arsenal: Dan Ashworth met Van Morrison at La Scala, $5 per seat.")
    assert is_english("Amazon.com says we've seen nothing like it")
    # short foreign headlines: a function word opening them counts, with its capital
    assert not is_english("Der Bundestag stimmt über Haushalt ab")
    assert not is_english("Il governo Meloni approva la manovra")
    assert not is_english("Erdoğan ve Bahçeli bir araya geldi")


def test_a_list_neighbour_is_a_name_only_if_the_list_makes_it_one() -> None:
    text = "Greenland is big. Leaders spoke with Greenland, then left. Moore, Morris and Goscinny."
    g1, g2 = text.index("Greenland"), text.index("Greenland", 5)
    mo, mr, go = text.index("Moore"), text.index("Morris"), text.index("Goscinny")
    cands = [
        Candidate(g1, g1 + 9, "Greenland", ("Greenland",), 1, True),  # accepted on its own
        Candidate(g2, g2 + 9, "Greenland", ("Greenland",), -1, True),  # glued by a comma only
        Candidate(mo, mo + 5, "Moore", ("Moore",), 1, True),
        Candidate(mr, mr + 6, "Morris", ("Morris",), -1, True),
        Candidate(go, go + 8, "Goscinny", ("Goscinny",), -1, True),
    ]
    got = [text[s:e] for s, e, _ in resolve(cands, text)]
    assert got == ["Greenland", "Moore", "Morris", "Goscinny"]


def test_text_in_another_language_gets_people_only_on_strong_evidence() -> None:
    assert names(GERMAN) == [("Friedrich Merz", "Friedrich Merz"), ("Merz", "Friedrich Merz")]
    assert [text for text, _ in names(PORTUGUESE)] == ["Luiz Inácio Lula da Silva"]


@pytest.mark.skipif(not CONLL_DEV.exists(), reason="../shared/corpora is not beside the repo")
def test_newswire_floor() -> None:
    """A floor under the span F1 on Reuters newswire (0.915), which trained no weight but chose
    the cut-off."""
    result = score_docs(load_gold(CONLL_DEV))
    assert result["span_f1"] >= 0.89


def test_the_memoised_score_is_the_sum_of_the_trained_features() -> None:
    """Extraction sums memoised parts; training sees the feature strings. Both must agree."""
    from reader.people import lexicon as lx
    from reader.people.extract import candidates
    from reader.people.features import context_features, position, scan, word_features

    model = shipped()
    lex = lx.lexicon()
    samples = Path(__file__).resolve().parents[1] / "sample_articles"
    texts = [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.*"))]
    checked = 0
    for text in texts:
        opts, doc = scan(candidates(text), text)
        scores = model.scores(text, opts, doc, lex)
        for opt, score in zip(opts, scores, strict=True):
            n = len(opt.words)
            feats = [f"{position(n, i)}{f}" for i, w in enumerate(opt.words) for f in word_features(w, lex)]
            feats += context_features(text, opt, doc, lex)
            expected = model.bias + sum(model.weights.get(f, 0.0) for f in feats)
            assert score == pytest.approx(expected, abs=1e-9)
            checked += 1
    assert checked > 500
