"""One person, one entry across a library, and look-ups by any variant a reader would type.

Real SQLite files; the library is filled through the store as an importer or the people
indexer fills it, and the command line is run as a user would run it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from textual.widgets import OptionList

from reader.config import Paths
from reader.library import Library
from reader.people.names import fold, given_class, givens_agree, middles_agree, parse
from reader.store import ArticleIn, Found, Store
from reader.tui.app import make_app
from tests.conftest import SIZE, record_notifications, settle
from tests.test_people_cli import byline


def day(text: str) -> float:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC).timestamp()


def story(guid: str, when: str, *names: str) -> ArticleIn:
    found = tuple(Found(name, 2, 0, (name, name.split()[-1])) for name in names)
    return ArticleIn(guid=guid, title=guid, plain=guid, published=day(when), people=found)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "byline.db")


def names_of(store: Store) -> dict[str, int]:
    return {p.name: p.count for p in store.people_summary(unconfirmed=True)}


# --- name keys -------------------------------------------------------------------------------


def test_name_keys_fold_accents_titles_suffixes_and_romanisations() -> None:
    assert fold("Viktor  Orbán") == fold("viktor orban") == "viktor orban"
    assert fold("Lech Wałęsa") == "lech walesa"
    assert parse("George W. Bush").key == parse("george bush").key == "george bush"  # type: ignore[union-attr]
    assert parse("President George W. Bush").middles == ("w",)  # type: ignore[union-attr]
    assert parse("Martin Luther King Jr.").surname == "king"  # type: ignore[union-attr]
    assert parse("Mervyn King").key == "mervyn king"  # type: ignore[union-attr]  a title word at the end stays
    assert parse("Mr Blair") == parse("Blair") and not parse("Blair").full  # type: ignore[union-attr]
    assert given_class("alexey") == given_class("alexei") == given_class("aleksei")
    assert given_class("dmitry") == given_class("dmitri") and given_class("mikhail") == given_class("mihail")
    assert given_class("tony") != given_class("toni")  # an English name of its own, not a romanisation
    assert given_class("julia") != given_class("yulia")
    assert middles_agree(("w",), ("walker",)) and middles_agree((), ("h", "w"))
    assert not middles_agree(("w",), ("h", "w"))
    assert givens_agree(("tayyip",), ("recep", "tayyip")) and givens_agree(("j", "robert"), ("robert",))
    assert not givens_agree(("ed",), ("david",)) and not givens_agree((), ("david",))
    assert not parse("von der Leyen").full and parse("Van Morrison").full  # type: ignore[union-attr]
    # at a sentence's start a particle takes a capital, and the name is still a surname alone
    assert not parse("De Villepin").full and parse("Della Reese").full  # type: ignore[union-attr]
    assert parse("Bin Laden") == parse("Laden") and parse("Osama bin Laden").surname == "laden"  # type: ignore[union-attr]


def test_a_regnal_number_is_part_of_a_monarchs_name_and_a_suffix_after_a_surname() -> None:
    assert parse("King Charles III").key == "charles iii"  # type: ignore[union-attr]
    assert parse("Charles III") != parse("Charles II") and parse("Charles III") != parse("Charles")
    assert parse("Malcolm X").key == "malcolm x"  # type: ignore[union-attr]
    assert parse("Glenn A. Profitt II").key == parse("Glenn Profitt").key == "glenn profitt"  # type: ignore[union-attr]
    assert parse("Smith Jr") == parse("Smith")


# --- one person, one entry --------------------------------------------------------------------


def test_variants_of_one_name_are_one_person(store: Store) -> None:
    feed = store.local_source("Wire")
    store.upsert_articles(
        feed,
        [
            story("o1", "2026-03-01", "Viktor Orban"),
            story("o2", "2026-03-02", "Viktor Orban"),
            story("o3", "2026-03-03", "Viktor Orbán"),
            story("b1", "2004-05-01", "George W. Bush"),
            story("b2", "2004-05-02", "George Bush"),
            story("b3", "2004-05-03", "George Bush"),
            story("n1", "2024-01-01", "Alexei Navalny"),
            story("n2", "2024-01-02", "Alexey Navalny"),
        ],
    )
    people = names_of(store)
    # The name of most stories; accents when a spelling has them.
    assert people == {"Viktor Orbán": 3, "George Bush": 3, "Alexei Navalny": 2}


def test_a_monarch_is_no_namesake_of_people_who_share_the_given_name(store: Store) -> None:
    feed = store.local_source("Wire")
    store.upsert_articles(
        feed,
        [
            story("k1", "2026-03-01", "King Charles III"),
            story("k2", "2026-03-02", "Charles III"),
            story("r1", "2026-03-03", "Ray Charles"),
            story("c2", "2026-03-04", "Charles II"),
        ],
    )
    assert names_of(store) == {"Charles III": 2, "Ray Charles": 1, "Charles II": 1}


def test_variants_arriving_in_separate_transactions_join_too(store: Store) -> None:
    feed = store.local_source("Wire")
    for guid, name in [("a", "Viktor Orbán"), ("b", "Viktor Orban"), ("c", "VIKTOR ORBAN")]:
        store.upsert_articles(feed, [story(guid, "2026-03-01", name)])
    assert names_of(store) == {"Viktor Orbán": 3}


def test_a_name_written_family_name_first_is_the_same_person(store: Store) -> None:
    """Japanese, Chinese, Korean and Hungarian names come in both orders in English news; two
    given names swapped ("Ross Douglas", "Douglas Ross") are two people."""
    feed = store.local_source("Wire")
    store.upsert_articles(
        feed,
        [
            story("t1", "2026-02-01", "Sanae Takaichi"),
            story("t2", "2026-02-02", "Takaichi Sanae"),
            story("t3", "2026-02-03", "Prime Minister Takaichi Sanae"),
        ],
    )
    store.upsert_articles(
        feed, [story("d1", "2026-02-04", "Douglas Ross"), story("d2", "2026-02-05", "Ross Douglas")]
    )
    assert names_of(store) == {"Takaichi Sanae": 3, "Douglas Ross": 1, "Ross Douglas": 1}


def test_a_surname_with_particles_and_a_middle_name_used_alone(store: Store) -> None:
    feed = store.local_source("Wire")
    store.upsert_articles(
        feed,
        [
            story("u1", "2026-01-01", "Ursula von der Leyen"),
            story("u2", "2026-01-02", "von der Leyen"),
            story("e1", "2026-01-03", "Recep Tayyip Erdoğan"),
            story("e2", "2026-01-04", "Tayyip Erdogan"),
            story("v", "2026-01-05", "Van Morrison"),
        ],
    )
    assert names_of(store) == {"Ursula von der Leyen": 2, "Recep Tayyip Erdoğan": 2, "Van Morrison": 1}


def test_middle_initials_that_disagree_keep_two_people(store: Store) -> None:
    feed = store.local_source("Wire")
    store.upsert_articles(
        feed,
        [
            story("w", "2004-05-01", "George W. Bush"),
            story("hw", "1991-01-01", "George H. W. Bush"),
            story("plain", "2004-05-02", "George Bush"),  # could be either: stays its own
        ],
    )
    assert set(names_of(store)) == {"George W. Bush", "George H. W. Bush", "George Bush"}


def test_a_lone_surname_goes_to_the_dominant_person_of_its_period(store: Store) -> None:
    feed = store.local_source("Wire")
    tony = [story(f"t{i}", f"2005-0{i}-01", "Tony Blair") for i in range(1, 6)]
    cherie = [story("c1", "2005-02-10", "Cherie Blair")]  # one story: not active enough to rival him
    lone = [story("lone", "2005-04-20", "Blair"), story("mr", "2005-05-20", "Mr Blair")]
    store.upsert_articles(feed, [*tony, *cherie, *lone])
    assert names_of(store) == {"Tony Blair": 7, "Cherie Blair": 1}


def test_titles_stay_out_of_display_names(store: Store) -> None:
    feed = store.local_source("Wire")
    store.upsert_articles(feed, [story("a", "2005-01-01", "Mr Blair"), story("b", "2005-01-02", "Blair")])
    store.upsert_articles(feed, [story("c", "2005-01-03", "President Emmanuel Macron")])
    assert names_of(store) == {"Blair": 2, "Emmanuel Macron": 1}


def test_a_lone_surname_stays_unlinked_when_two_are_active_then(store: Store) -> None:
    feed = store.local_source("Wire")
    store.upsert_articles(
        feed,
        [
            *(story(f"d{i}", f"2008-0{i}-01", "David Miliband") for i in range(1, 4)),
            *(story(f"e{i}", f"2008-0{i}-15", "Ed Miliband") for i in range(1, 4)),
            story("lone", "2008-02-20", "Miliband"),
            # Years later only Ed is in the news: a lone surname then is his.
            *(story(f"late{i}", f"2014-0{i}-01", "Ed Miliband") for i in range(1, 5)),
            story("late-lone", "2014-03-10", "Miliband"),
        ],
    )
    assert names_of(store) == {"Ed Miliband": 8, "David Miliband": 3, "Miliband": 1}
    assert store.find_person("Miliband") is None  # ambiguous: several candidates
    assert [p.name for p in store.find_people("Miliband")] == ["Ed Miliband", "David Miliband", "Miliband"]


def test_a_lone_surname_stored_first_is_looked_at_again_when_a_namesake_arrives(store: Store) -> None:
    feed = store.local_source("Wire")
    store.upsert_articles(feed, [story("lone", "2008-02-20", "Miliband")])
    store.upsert_articles(feed, [story(f"d{i}", f"2008-0{i}-01", "David Miliband") for i in range(1, 4)])
    assert names_of(store) == {"David Miliband": 4}  # the only one of the name: the lone mention is his
    store.upsert_articles(feed, [story(f"e{i}", f"2008-0{i}-15", "Ed Miliband") for i in range(1, 4)])
    assert names_of(store) == {"David Miliband": 3, "Ed Miliband": 3, "Miliband": 1}  # now it could be either



def test_a_lone_surname_left_unlinked_follows_the_person_who_comes_to_dominate(store: Store) -> None:
    """Stories come in any order: a lone "Trump" stored while Eric and Donald had a story each
    goes to Donald once his stories outnumber Eric's enough, with no new namesake arriving."""
    feed = store.local_source("Wire")
    store.upsert_articles(
        feed, [story("e", "2026-02-01", "Eric Trump"), story("d0", "2026-02-02", "Donald Trump")]
    )
    store.upsert_articles(feed, [story("lone", "2026-02-03", "Trump")])
    assert names_of(store) == {"Eric Trump": 1, "Donald Trump": 1, "Trump": 1}  # either of them, then
    for i in range(1, 4):
        store.upsert_articles(feed, [story(f"d{i}", f"2026-02-0{3 + i}", "Donald Trump")])
    assert names_of(store) == {"Donald Trump": 5, "Eric Trump": 1}

def test_following_a_lone_surname_follows_the_person_it_turns_out_to_be(store: Store) -> None:
    feed = store.local_source("Wire")
    store.upsert_articles(feed, [story("lone", "2017-05-01", "Comey")])
    (lone,) = store.people_summary(unconfirmed=True)
    store.toggle_followed(lone.id)
    store.upsert_articles(feed, [story("full", "2017-05-02", "James Comey")])
    assert [(p.name, p.count) for p in store.followed_people()] == [("James Comey", 2)]


def test_re_indexing_a_story_keeps_counts_and_names_right(store: Store) -> None:
    feed = store.local_source("Wire")
    (first,) = store.upsert_articles(feed, [story("a", "2026-03-01", "Viktor Orbán")]).new
    store.upsert_articles(
        feed, [story("b", "2026-03-02", "Viktor Orban"), story("c", "2026-03-03", "Viktor Orban")]
    )
    assert names_of(store) == {"Viktor Orbán": 3}
    store.save_people({first: [Found("Viktor Orban", 1, 0, ("Viktor Orban",))]})  # found again, spelt plain
    assert names_of(store) == {"Viktor Orban": 3}  # no spelling with accents is left
    store.save_people({first: []})
    assert names_of(store) == {"Viktor Orban": 2}


# --- look-ups ---------------------------------------------------------------------------------


def test_find_people_accepts_what_a_reader_types(store: Store) -> None:
    feed = store.local_source("Wire")
    store.upsert_articles(
        feed,
        [
            story("b1", "2004-05-01", "George Bush"),
            story("b2", "2004-05-02", "George W. Bush"),
            story("o", "2026-03-03", "Viktor Orbán"),
            story("s1", "2017-03-01", "Jeff Sessions"),
            story("s2", "2017-03-02", "Pete Sessions"),
            story("k", "2005-03-02", "Mervyn"),  # how an older extractor stored Mervyn King
        ],
    )
    for typed, name in [
        ("george w bush", "George Bush"),
        ("President George W. Bush", "George Bush"),
        ("G. Bush", "George Bush"),
        ("GEORGE BUSH", "George Bush"),
        ("Bush", "George Bush"),
        ("viktor orban", "Viktor Orbán"),
        ("Orban", "Viktor Orbán"),
        ("Prime Minister Orbán", "Viktor Orbán"),
        ("Attorney General Jeff Sessions", "Jeff Sessions"),
        ("Mervyn King", "Mervyn"),
        ("Viktor", "Viktor Orbán"),  # a given name alone, when no surname is spelt so
    ]:
        found = store.find_person(typed)
        assert found is not None and found.name == name, typed
    assert [(p.name, p.count) for p in store.find_people("sessions")] == [
        ("Jeff Sessions", 1),
        ("Pete Sessions", 1),
    ]
    assert store.find_people("Hillary Clinton") == []


def test_search_and_tag_rules_take_variants_too(store: Store) -> None:
    from reader.search_query import parse_query

    feed = store.local_source("Wire")
    ids = store.upsert_articles(
        feed, [story("o1", "2026-03-01", "Viktor Orbán"), story("o2", "2026-03-02", "Viktor Orban")]
    ).new
    hits = store.search(parse_query('person:"viktor orban"'))
    assert sorted(hit.id for hit in hits) == sorted(ids)
    assert store.ids_mentioning("Prime Minister Viktor Orban") == set(ids)
    w, hw = store.upsert_articles(
        feed, [story("w", "2004-01-01", "George W. Bush"), story("hw", "1991-01-01", "George H. W. Bush")]
    ).new
    assert store.ids_mentioning("george w bush") == {w}
    assert store.ids_mentioning("George Bush") == {w, hw}  # either of them
    assert [hit.id for hit in store.search(parse_query('person:"George H. W. Bush"'))] == [hw]


# --- the command line -------------------------------------------------------------------------

STORIES = {
    "orban-1": (
        "2026-03-01",
        "Hungarian Prime Minister Viktor Orbán met officials. Orbán said the talks went well.",
    ),
    "orban-2": ("2026-03-02", "Viktor Orban, the Hungarian leader, spoke in Budapest. Orban said little."),
    "orban-3": ("2026-03-03", "Viktor Orban said on Tuesday that the budget would pass."),
    "bush-1": ("2004-05-01", "President George W. Bush spoke in Texas. Bush said the economy was strong."),
    "bush-2": ("2004-05-02", "George Bush addressed the nation. Bush was calm."),
    "navalny-1": ("2021-02-01", "Opposition leader Alexei Navalny was jailed. Navalny appealed."),
    "navalny-2": ("2021-02-05", "Alexey Navalny said from prison that he would not give up."),
    "blair-1": ("2005-03-01", "Prime Minister Tony Blair visited Leeds. Blair said he was pleased."),
    "blair-2": ("2005-03-08", "Tony Blair spoke to MPs. Blair was firm."),
    "blair-3": ("2005-03-15", "Mr Blair said on Tuesday that the plan was sound."),
    "miliband-1": (
        "2008-03-01",
        "David Miliband met Ed Miliband in London. David Miliband said they agreed.",
    ),
    "miliband-2": ("2008-03-02", "Mr Miliband said the party must change."),
    "king-1": ("2005-06-01", "Bank of England governor Mervyn King said rates would hold."),
}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stories")
    for name, (when, text) in STORIES.items():
        title = name.replace("-", " ").title()
        (folder / f"{name}.md").write_text(
            f'+++\ntitle = "{title}"\ndate = {when}T12:00:00Z\n+++\n\n{text}\n'
        )
    home = tmp_path_factory.mktemp("home")
    imported = byline(home, "import", str(folder))
    assert imported.returncode == 0, imported.stderr
    return home


def test_people_lists_each_person_once(home: Path) -> None:
    people = {p["name"]: p["stories"] for p in json.loads(byline(home, "people", "--json").stdout)}
    assert people["Viktor Orbán"] == 3 and "Viktor Orban" not in people
    assert people["Alexei Navalny"] == 2 and "Alexey Navalny" not in people
    assert people["Tony Blair"] == 3 and "Blair" not in people
    assert people["David Miliband"] == 1 and people["Ed Miliband"] == 1 and people["Miliband"] == 1
    assert sum(1 for name in people if fold(name).endswith("bush")) == 1


@pytest.mark.parametrize(
    ("typed", "name", "stories"),
    [
        ("george w bush", None, 2),
        ("George Bush", None, 2),
        ("viktor orban", "Viktor Orbán", 3),
        ("ORBÁN", "Viktor Orbán", 3),
        ("Alexey Navalny", "Alexei Navalny", 2),
        ("Mr Blair", "Tony Blair", 3),
        ("prime minister tony blair", "Tony Blair", 3),
        ("Mervyn King", None, 1),
    ],
)
def test_person_takes_any_variant(home: Path, typed: str, name: str | None, stories: int) -> None:
    result = byline(home, "person", typed, "--json")
    assert result.returncode == 0, result.stderr
    person = json.loads(result.stdout)
    assert len(person["stories"]) == stories
    if name is not None:
        assert person["name"] == name
    else:
        assert fold(typed).split()[0] in fold(person["name"])


def test_person_lists_the_candidates_of_an_ambiguous_name_and_exits_2(home: Path) -> None:
    result = byline(home, "person", "Miliband")
    assert result.returncode == 2 and "ambiguous" in result.stderr
    assert sorted(line.split(maxsplit=1)[1] for line in result.stdout.splitlines()) == [
        "David Miliband",
        "Ed Miliband",
        "Miliband",
    ]
    as_json = json.loads(byline(home, "person", "miliband", "--json").stdout)
    assert {c["name"]: c["stories"] for c in as_json["candidates"]} == {
        "David Miliband": 1,
        "Ed Miliband": 1,
        "Miliband": 1,
    }


def test_person_says_no_one_only_when_no_variant_exists(home: Path) -> None:
    result = byline(home, "person", "Angela Merkel")
    assert result.returncode == 1 and "no one called 'Angela Merkel'" in result.stderr


# --- the TUI ---------------------------------------------------------------------------------


async def test_the_tui_finds_a_person_by_any_variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.tui.screens.person import PersonChooser, PersonScreen

    library = Library(Paths.resolve(tmp_path / "home"))
    feed = library.store.local_source("Wire")
    names = ["George W. Bush", "George Bush", "David Miliband", "David Miliband", "Ed Miliband"]
    library.store.upsert_articles(
        feed,
        [
            ArticleIn(
                guid=str(i),
                title=name,
                plain=name,
                published=1_200_000_000 + i,
                people=(Found(name, 1, 0, ()),),
            )
            for i, name in enumerate(names)
        ],
    )
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        said = record_notifications(app, monkeypatch)
        await settle(pilot)
        await pilot.press("P", *"president george w bush", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        shown = str(app.screen.query_one("#person-name").content)  # type: ignore[attr-defined]
        assert shown.startswith("George Bush  (f to follow)  · also George W. Bush")
        await pilot.press("escape", "P", *"miliband", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonChooser)
        choices = app.screen.query_one(OptionList)
        assert [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)] == [
            "David Miliband  (2 stories)",
            "Ed Miliband  (1 story)",
        ]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert str(app.screen.query_one("#person-name").content).startswith("Ed Miliband")  # type: ignore[attr-defined]
        await pilot.press("escape", "P", *"Angela Merkel", "enter")
        await settle(pilot)
        assert said[-1] == "No one called 'Angela Merkel' in the library."
    library.close()
