"""Hostile texts: people extraction stays (near) linear in the size of its input.

Extraction runs in the feed parser on every item, so one crafted item must not stall a
refresh. Each input here is large enough (~100 KB - 1 MB) that a quadratic step would take
minutes; the bound (CPU time of the one call) is loose enough not to flake on a loaded machine.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import pytest

from reader.people import extract, extract_people
from reader.people import resolve as rs

_SYLLABLES = "ba ko ri zu fe la mo ti vu ne xa qui dro gar pel sun tor vik yul zen".split()


def made_up(n: int, seed: int = 1) -> list[str]:
    """``n`` distinct capitalised made-up words ("Korizu", "Bafeta" ...)."""
    rnd = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        w = "".join(rnd.choice(_SYLLABLES) for _ in range(rnd.randint(2, 4))).capitalize()
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def comma_list() -> str:
    """16k bare made-up names in one comma list ending with a sure name (~180 KB)."""
    return "They met " + ", ".join(made_up(16_000)) + " and John Smith."


def and_list() -> str:
    """16k bare made-up names joined by 'and', then a sure name."""
    return "They met " + " and ".join(made_up(16_000)) + " and John Smith."


def capital_megabyte() -> str:
    """About 1 MB of capitalised made-up words in sentences of ten."""
    words = made_up(4_000)
    rnd = random.Random(2)
    parts = []
    size = 0
    while size < 1_000_000:
        s = " ".join(rnd.choice(words) for _ in range(10)) + ". "
        parts.append(s)
        size += len(s)
    return "".join(parts)


def long_run() -> str:
    """100k capitalised words with no punctuation at all: one run."""
    words = ["John", "Mary", "Smith", "Jones", "Taylor", "Brown", "Anne", "Peter"]
    rnd = random.Random(3)
    return " ".join(rnd.choice(words) for _ in range(100_000))


def odd_words(n: int) -> list[str]:
    """``n`` capitalised words that are in no word list ("Qxbaa", "Qxbab" ...)."""
    out = []
    for i in range(n):
        tail = ""
        for _ in range(4):
            i, r = divmod(i, 26)
            tail += chr(97 + r)
        out.append("Qx" + tail)
    return out


def two_long_names() -> str:
    """Two 30k-word 'names' with the same words in opposite orders (given-name matching)."""
    words = odd_words(30_000)
    a = "John " + " ".join(words)
    b = "John " + " ".join(reversed(words))
    return f"Yesterday {a} Qxsmith said no. Today {b} Qxsmith said yes. Qxsmith left."


def many_titles() -> str:
    """20k title words in a row, then a name."""
    titles = ["President", "Senator", "Governor", "General", "Professor", "Minister", "Dr"]
    rnd = random.Random(5)
    return " ".join(rnd.choice(titles) for _ in range(20_000)) + " John Smith said."


def mister_run() -> str:
    """'Mr. ' 50k times (~200 KB), then a surname."""
    return "Mr. " * 50_000 + "Smith said."


def distinct_surnames() -> str:
    """50k distinct people, each mentioned once by full name."""
    return " ".join(f"John {w} said it." for w in made_up(50_000, seed=6))


def shared_surname() -> str:
    """8k people sharing one surname, then the bare surname 8k times."""
    people = " ".join(f"{w} Smith said it." for w in made_up(8_000, seed=7))
    return people + " Smith said so." * 8_000


def shared_given() -> str:
    """8k people sharing one given name, then the bare given name 8k times."""
    people = " ".join(f"John {w} said it." for w in made_up(8_000, seed=8))
    return people + " John said so." * 8_000


def stopword_flood() -> str:
    """2 MB of capitalised function words (no candidates at all), past the length cap."""
    return "The " * 500_000


def headline_lines() -> str:
    """30k short Title Case lines (each a 'headline'), ~1 MB."""
    words = made_up(3_000, seed=9)
    rnd = random.Random(9)
    return "\n".join(" ".join(rnd.choice(words) for _ in range(4)) for _ in range(30_000))


def quote_runs() -> str:
    """Capitalised words each behind a long run of openers and spaces."""
    return "".join(f' (((((" " " {w} said' for w in made_up(20_000, seed=10))


def phrase_starts() -> str:
    """100k words that each open a listed phrase ("New", "San") but finish none."""
    return "Then " + " ".join(["New", "San", "South", "Santa"] * 25_000) + " said."


def mixed_article_flood() -> str:
    """A realistic article repeated to ~1 MB: many distinct sentences, few distinct names."""
    article = (
        "Attorney General Jeff Sessions said on Tuesday that he would stay. Sessions, who met "
        "President Donald Trump, told Maggie Haberman of The New York Times that Mr. Trump and "
        "James Comey, Spicer and Haberman had spoken. In Washington, Comey said nothing.\n"
    )
    return article * (1_000_000 // len(article))


def inline_labels() -> str:
    """Name-and-colon pairs on one endless line: each looks like a speaker label, none is."""
    return "Ann Lee: yes " * 40_000


SHAPES: dict[str, Callable[[], str]] = {
    "inline_labels": inline_labels,
    "comma_list": comma_list,
    "and_list": and_list,
    "capital_megabyte": capital_megabyte,
    "long_run": long_run,
    "two_long_names": two_long_names,
    "many_titles": many_titles,
    "mister_run": mister_run,
    "distinct_surnames": distinct_surnames,
    "shared_surname": shared_surname,
    "shared_given": shared_given,
    "headline_lines": headline_lines,
    "quote_runs": quote_runs,
    "phrase_starts": phrase_starts,
    "stopword_flood": stopword_flood,
    "mixed_article_flood": mixed_article_flood,
}

# CPU seconds allowed for one call; linear code takes a small fraction of this.
LIMIT = 2.0


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_hostile_text_is_fast(shape: str) -> None:
    text = SHAPES[shape]()
    extract_people("Warm up John Smith.")
    t0 = time.process_time()
    mentions = extract_people(text)
    took = time.process_time() - t0
    assert took < LIMIT, f"{shape}: {len(text)} chars took {took:.2f} s"
    for m in mentions[:1000]:
        assert text[m.start : m.end] == m.text


def test_comma_list_still_finds_the_listed_names() -> None:
    text = comma_list()
    found = {m.text for m in extract_people(text)}
    assert "John Smith" in found
    # the list fills in leftwards from the sure name, all the way
    words = text[len("They met ") : text.index(" and John Smith")].split(", ")
    assert words[-1] in found


def test_list_spreading_is_unchanged_for_normal_lists() -> None:
    text = "The book is by Christopher Moore, Morris and Goscinny, Uderzo, Dargaud."
    got = [m.text for m in extract_people(text)]
    assert got == ["Christopher Moore", "Morris", "Goscinny", "Uderzo"]
    # the first item has no list glue on its left: only its right-hand neighbours spread
    text = "Fans of Ezgeru, Lumbrak, Tovinel and Marcus Aurelio Pell came."
    assert [m.text for m in extract_people(text)] == ["Lumbrak", "Tovinel", "Marcus Aurelio Pell"]


def test_in_lists_matches_fixed_point() -> None:
    """The linear spreading equals the original repeat-until-stable loop on random lists."""
    rnd = random.Random(11)
    glues = [", ", " and ", ", and ", " & ", " or ", " with ", "; ", ", "]
    for _ in range(300):
        n = rnd.randint(1, 12)
        cands = []
        pos = 0
        text = ""
        for i in range(n):
            w = rnd.choice(["Aba", "Kor", "Zen", "Vik"])
            cands.append(rs.Candidate(pos, pos + 3, w, (w,), 0, rnd.random() < 0.8))
            text += w
            pos += 3
            if i + 1 < n:
                g = rnd.choice(glues)
                text += g
                pos += len(g)
        accepted = {i for i in range(n) if rnd.random() < 0.25}
        assert rs._in_lists(cands, accepted, text) == _in_lists_reference(cands, accepted, text)


def _in_lists_reference(cands: list[rs.Candidate], accepted: set[int], text: str) -> set[int]:
    """The original quadratic definition (repeat passes until nothing changes)."""
    found: set[int] = set()
    n = len(cands)

    def glue(a: int, b: int) -> str:
        return text[cands[a].end : cands[b].start]

    changed = True
    while changed:
        changed = False
        for i, c in enumerate(cands):
            if i in accepted or i in found or not c.plain:
                continue
            left = glue(i - 1, i) if i else ""
            right = glue(i, i + 1) if i + 1 < n else ""
            named_l = i > 0 and (i - 1 in accepted or i - 1 in found)
            named_r = i + 1 < n and (i + 1 in accepted or i + 1 in found)
            ok = (named_l and left in rs._AND_GLUE) or (named_r and right in rs._AND_GLUE)
            if not ok and left in rs._COMMA and named_l:
                ok = right in rs._LIST_GLUE and (named_r or cands[i + 1].plain)
            if not ok and right in rs._COMMA and named_r:
                ok = left in rs._LIST_GLUE and (named_l or cands[i - 1].plain)
            if ok:
                found.add(i)
                changed = True
    return found


def test_module_caches_stay_bounded() -> None:
    """Memo caches do not grow without bound over many distinct inputs."""
    words = made_up(30_000, seed=12)
    for k in range(0, len(words), 3):
        extract_people(f"Then {words[k]} {words[k + 1]} {words[k + 2]} Jr said it.")
    assert len(extract._PLANS) <= extract._PLAN_CACHE_SIZE
    assert len(rs._NORM) <= rs._NORM_CACHE_SIZE
