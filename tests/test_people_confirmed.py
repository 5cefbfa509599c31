"""People named by one word only are listed once a story vouches for them (a title before the
name, words only a person takes after it); products and firms named like people ("Claude",
"Anthropic") stay out of the lists of people, yet are found when asked for by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.indexing import people_in_text
from reader.people.cues import vouched
from reader.people.lexicon import lexicon
from reader.store import ArticleIn, Found, Store
from tests.test_people_cli import byline


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Mr. Erdogan spoke first.", "Erdogan", True),
        ("President Erdogan spoke first.", "Erdogan", True),
        ("Sheikh Hasina resigned.", "Hasina", True),
        ("Rihanna, who was born in Barbados, sang.", "Rihanna", True),
        ("Lorde said she would tour.", "Lorde", True),
        ("Lorde's mother was there.", "Lorde", True),
        ("Anthropic said it would expand.", "Anthropic", False),
        ("It was the first Claude model to do so.", "Claude", False),
        ("Users can ask Claude or ChatGPT.", "ChatGPT", False),
        ("the president Erdogan", "Erdogan", False),  # a title is written with a capital
    ],
)
def test_a_story_vouches_for_a_person(text: str, word: str, expected: bool) -> None:
    start = text.index(word)
    assert vouched(text, start, start + len(word), lexicon()) is expected


def test_the_people_of_a_text_say_whether_the_story_vouched_for_them() -> None:
    text = (
        "Claude said on Monday that it could now write whole programs. Users asked Claude to plan "
        "trips. Mr Erdogan said Turkey would act. Erdogan added that talks would go on."
    )
    assert {f.name: f.vouched for f in people_in_text(text)} == {"Claude": False, "Erdogan": True}
    # a title the library leaves out of a name makes it a one-word name there ("Dean Ball" is Ball)
    found = people_in_text("Anthropic supports it, as does Dean Ball, who worked on the plan.")
    assert [(f.name, f.vouched) for f in found if "Ball" in f.name] == [("Dean Ball", True)]


def article(guid: str, *found: Found) -> ArticleIn:
    return ArticleIn(guid=guid, title=guid, plain=guid, people=found)


def lone(name: str, vouched: bool = False) -> Found:
    return Found(name, 1, 0, (name,), vouched)


def counts(people: list) -> dict[str, int]:
    return {p.name: p.count for p in people}


def test_a_lone_word_no_story_vouched_for_stays_out_of_the_lists(tmp_path: Path) -> None:
    store = Store(tmp_path / "byline.db")
    feed = store.local_source("Wire")
    amodei = Found("Dario Amodei", 1, 9, ("Dario Amodei",))
    first, second, third = store.upsert_articles(
        feed,
        [
            article("a", lone("Claude"), amodei),
            article("b", lone("Claude"), lone("Erdogan", vouched=True)),
            article("c", lone("Erdogan")),
        ],
    ).new
    assert counts(store.people_summary()) == {"Erdogan": 2, "Dario Amodei": 1}
    assert counts(store.people_summary(unconfirmed=True)) == {"Claude": 2, "Erdogan": 2, "Dario Amodei": 1}
    assert {p.name for p in store.people_summary(unconfirmed=True) if not p.confirmed} == {"Claude"}
    assert [p.name for p in store.people_in(first)] == ["Dario Amodei"]
    assert [p.name for p in store.people_in(second)] == ["Erdogan"]
    assert store.linked(first) == []  # Claude alone is no person the two stories share
    assert [link.row.id for link in store.linked(third)] == [second]
    assert store.stats().people == 2
    claude = store.find_person("Claude")
    assert claude is not None and claude.count == 2  # asked for by name, still found

    # a later story that calls it "Mr Claude" confirms it; finding that story's people again
    # without the title takes the confirmation back
    (fourth,) = store.upsert_articles(feed, [article("d", lone("Claude", vouched=True))]).new
    assert counts(store.people_summary())["Claude"] == 3
    store.save_people({fourth: [lone("Claude")]})
    assert "Claude" not in counts(store.people_summary())


def test_byline_people_lists_the_confirmed_and_all_of_them_with_all(tmp_path: Path) -> None:
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "claude.txt").write_text(
        "Claude Writes Code\n\nClaude said on Monday that it could now write whole programs. "
        "Users asked Claude to plan trips, and Claude obliged.\n",
        encoding="utf-8",
    )
    (folder / "erdogan.txt").write_text(
        "Turkey Acts\n\nMr Erdogan said on Monday that Turkey would act. Erdogan added that talks "
        "would go on.\n",
        encoding="utf-8",
    )
    home = tmp_path / "home"
    assert byline(home, "import", str(folder)).returncode == 0
    listed = byline(home, "people")
    assert listed.returncode == 0 and listed.stdout.split() == ["1", "Erdogan"]
    everyone = byline(home, "people", "--all").stdout
    assert "Claude" in everyone and "Erdogan" in everyone
    claude = byline(home, "person", "Claude")
    assert claude.returncode == 0 and "no story says this is a person" in claude.stdout
    assert json.loads(byline(home, "person", "Claude", "--json").stdout)["confirmed"] is False
    assert json.loads(byline(home, "person", "Erdogan", "--json").stdout)["confirmed"] is True
