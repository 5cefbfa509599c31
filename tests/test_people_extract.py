"""Behaviour of the people extractor: seed article, titles, possessives, resolution."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.people import Mention, extract_people

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "sample_articles" / "000_9827fcc0f7eb9b0f.txt"


def spans(text: str) -> list[tuple[str, str]]:
    """(span text, canonical) of every mention."""
    return [(m.text, m.canonical) for m in extract_people(text)]


def names(text: str) -> list[str]:
    return [m.text for m in extract_people(text)]


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[Mention]]:
    text = SEED.read_text(encoding="utf-8")
    return text, extract_people(text)


def test_seed_people_and_counts(seed: tuple[str, list[Mention]]) -> None:
    _, mentions = seed
    counts = Counter(m.canonical for m in mentions)
    assert counts == {
        "Jeff Sessions": 8,
        "Donald Trump": 11,
        "Sean Spicer": 6,
        "Maggie Haberman": 2,
        "James Comey": 3,
    }
    assert len(mentions) == 30


def test_seed_spans_are_names_only(seed: tuple[str, list[Mention]]) -> None:
    text, mentions = seed
    assert mentions == sorted(mentions, key=lambda m: m.start)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.text in {
            "Jeff Sessions",
            "Sessions",
            "Donald Trump",
            "Trump",
            "Sean Spicer",
            "Spicer",
            "Maggie Haberman",
            "Haberman",
            "James Comey",
            "Comey",
        }
    # "[Trump]" -> "Trump"; "Trump’s" / "Spicer’s" -> name without the possessive
    bracket = text.index("[Trump]") + 1
    assert any(m.start == bracket and m.end == bracket + 5 for m in mentions)
    for poss in ("Trump’s growing", "Spicer’s “no"):
        at = text.index(poss)
        name = poss.split("’")[0]
        assert any(m.start == at and m.text == name for m in mentions)


def test_seed_has_no_organisations_or_places(seed: tuple[str, list[Mention]]) -> None:
    _, mentions = seed
    found = " | ".join(m.text for m in mentions)
    for bad in (
        "New York",
        "Times",
        "ABC",
        "CNN",
        "FBI",
        "Justice",
        "White House",
        "Senate",
        "Washington",
        "Russia",
        "Attorney",
        "President",
    ):
        assert bad not in found


def test_same_surname_two_people() -> None:
    text = (
        "Attorney General Jeff Sessions met Rep. Pete Sessions on Monday. "
        "Jeff Sessions said the talks went well. Pete Sessions, a Texas Republican, disagreed. "
        "Sessions later told reporters he would run again."
    )
    got = spans(text)
    assert ("Jeff Sessions", "Jeff Sessions") in got
    assert ("Pete Sessions", "Pete Sessions") in got
    canon = {c for _, c in got}
    assert canon == {"Jeff Sessions", "Pete Sessions"}
    # a bare surname goes to the most salient, then most recent, full name: Pete here
    assert got[-1] == ("Sessions", "Pete Sessions")


def test_bare_surname_before_full_name_resolves_forward() -> None:
    text = "Sessions Could Resign\n\nAttorney General Jeff Sessions reportedly offered to resign."
    assert spans(text) == [("Sessions", "Jeff Sessions"), ("Jeff Sessions", "Jeff Sessions")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Attorney General Jeff Sessions spoke.", "Jeff Sessions"),
        ("The bill was backed by Sen. Elizabeth Warren on Friday.", "Elizabeth Warren"),
        ("It was Mr. Toccafondi who answered.", "Toccafondi"),
        ("Dr. Anthony Fauci testified on Tuesday.", "Anthony Fauci"),
        ("President Donald Trump signed the order.", "Donald Trump"),
        ("Prime Minister Rishi Sunak defended the plan.", "Rishi Sunak"),
        ("Professor Cres Eastman warned of a deficiency.", "Cres Eastman"),
        ("White House press secretary Sean Spicer declined.", "Sean Spicer"),
    ],
)
def test_titles_are_stripped(text: str, expected: str) -> None:
    assert names(text) == [expected]


def test_possessives_with_both_apostrophes() -> None:
    text = "Donald Trump’s lawyer met Trump's aides. Later, Chris Davis' book and Davis’ notes."
    assert names(text) == ["Donald Trump", "Trump", "Chris Davis", "Davis"]


def test_names_in_quotes_and_brackets() -> None:
    text = (
        'Maggie Haberman wrote about it. "Haberman" was trending, and a source said '
        "she did not discuss it with [Haberman] or ‘Haberman’ herself."
    )
    got = extract_people(text)
    assert [m.text for m in got] == ["Maggie Haberman"] + ["Haberman"] * 3
    assert {m.canonical for m in got} == {"Maggie Haberman"}
    for m in got:
        assert text[m.start - 1] in ' "[‘' or m.start == 0


def test_common_word_surnames() -> None:
    text = (
        "Condoleezza Rice met Tom Price and Gordon Brown in London. "
        "Rice said the rice harvest mattered; Price agreed the price was high, "
        "and Brown wore a brown coat."
    )
    got = spans(text)
    assert [s for s, _ in got] == [
        "Condoleezza Rice",
        "Tom Price",
        "Gordon Brown",
        "Rice",
        "Price",
        "Brown",
    ]
    assert got[3][1] == "Condoleezza Rice"
    assert got[4][1] == "Tom Price"
    assert got[5][1] == "Gordon Brown"


def test_washington_place_versus_person() -> None:
    text = (
        "The team arrived in Washington on Monday. A portrait of George Washington hangs in "
        "the hall; Washington crossed the Delaware in 1776."
    )
    got = spans(text)
    assert got == [("George Washington", "George Washington"), ("Washington", "George Washington")]
    assert text.index("Washington") not in {m.start for m in extract_people(text)}


def test_place_alone_is_not_a_person() -> None:
    assert names("Officials in Washington and Moscow met in Geneva.") == []


def test_organisations_are_not_people() -> None:
    text = (
        "The New York Times, ABC and CNN reported that the FBI and the Justice Department "
        "briefed the Senate at the White House, according to the Washington Post."
    )
    assert names(text) == []


def test_short_acronyms_match_only_as_written() -> None:
    """ "UN" is an organisation; "Un" ends Kim Jong Un's name, and the UN stays out of it."""
    text = "Kim Jong Un wrote to the UN. The EU and the AP said Kim had written."
    assert spans(text) == [("Kim Jong Un", "Kim Jong Un"), ("Kim", "Kim Jong Un")]


def test_sentence_initial_words_are_not_people() -> None:
    text = "Confirmed reports spread. Pressed further, officials declined. Meanwhile nothing."
    assert names(text) == []


def test_first_name_alone_resolves() -> None:
    text = "Daniel Bernoulli was born in Groningen. Daniel studied medicine in Basel."
    assert spans(text) == [("Daniel Bernoulli", "Daniel Bernoulli"), ("Daniel", "Daniel Bernoulli")]


def test_longest_name_is_canonical() -> None:
    text = "Otto Jespersen was a linguist. Jens Otto Harry Jespersen was born in 1860. Jespersen wrote."
    assert {c for _, c in spans(text)} == {"Jens Otto Harry Jespersen"}


def test_speech_verb_makes_unknown_surname_a_person() -> None:
    text = "The hashtag spread quickly. Officials were quiet, but Jafari said she felt proud."
    assert spans(text) == [("Jafari", "Jafari")]


def test_empty_and_plain_text() -> None:
    assert extract_people("") == []
    assert extract_people("no capitals here at all.") == []


def test_mention_is_frozen() -> None:
    m = Mention(0, 5, "Trump", "Donald Trump")
    with pytest.raises(AttributeError):
        m.start = 1  # type: ignore[misc]



def test_a_surname_in_a_line_of_capitals_never_overlaps_an_accepted_name() -> None:
    """A line of capitals that is itself an accepted name ("É É") adds none of its own words."""
    text = "Mr. \n É É"
    assert [(m.start, m.end) for m in extract_people(text)] == [(6, 9)]

@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Jeff",
                "Sessions",
                "Mr.",
                "Dr.",
                "said",
                "the",
                "New",
                "York",
                "J.",
                "’s",
                "'s",
                "[",
                "]",
                '"',
                ",",
                ".",
                "\n",
                "al-",
                "d'",
                "Rice",
                "U.S.",
                "President",
                "Trump",
                "É",
                "Ørsted",
                "and",
                "—",
                "#",
                "II",
            ]
        ),
        max_size=40,
    ).map(" ".join)
    | st.text(max_size=200)
)
def test_spans_are_well_formed(text: str) -> None:
    got = extract_people(text)
    last_end = -1
    for m in got:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end  # sorted, no overlaps
        last_end = m.end
        assert m.text.strip() == m.text and m.canonical
