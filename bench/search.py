"""Search latency over a synthetic library: `python bench/search.py --articles 100000 --json`.

Builds N news-like articles (Zipf-distributed vocabulary, people named in the text, tags, read
state, five years of dates) under a temporary home, or under `--home DIR`, where a library of the
same size is reused. Then times a fixed mix of queries through the store (`search`, 50 hits with
snippets) and pages through a tag filter with keyset pages. Prints the figures (or JSON).

The store is filled through `upsert_articles` and `tag_articles`; only people and mentions are
written with SQL here, as fixtures (their storage belongs to the people extractor).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.config import Paths
from reader.search_query import parse_query
from reader.store import ArticleFilter, ArticleIn, Store

SEED = 20170609
BATCH = 5000
FEEDS = 40
EPOCH = 1420070400.0  # 2015-01-01 UTC
SPAN = 5 * 365 * 86400.0
TAGS = (
    "politics justice russia immigration courts congress senate white-house economy media fbi"
    " elections health climate technology business sport culture science education defense"
    " europe asia labor housing"
).split()
FAMOUS = (
    "James Comey", "Jeff Sessions", "Sean Spicer", "Donald Trump", "Robert Mueller", "Sally Yates",
    "Rod Rosenstein", "Andrew McCabe", "Michael Flynn", "Sergey Kislyak", "Paul Ryan", "Mitch McConnell",
    "Chuck Schumer", "Nancy Pelosi", "Hillary Clinton", "Jared Kushner", "Reince Priebus", "Steve Bannon",
)
FIRST = (
    "Anna Ben Carla David Elena Frank Grace Henry Irene Jack Karen Liam Maria Noah Olivia Peter"
    " Rosa Samuel Teresa Victor Wendy Yusuf Zoe Omar Priya Chen Aiko Lars Ines Mateo"
).split()
LAST = (
    "Alvarez Brennan Castillo Dunmore Eklund Fairbanks Galloway Hartley Ibarra Jansen Kowalski"
    " Lindqvist Moreau Novak Okafor Petrov Quinlan Rasmussen Sato Thorne Underwood Vasquez"
    " Whitfield Yamada Zielinski Abernathy Becker Calloway Delacroix Esposito"
).split()
COMMON = (
    "the of and to a in that is was he for it with as his on be at by i this had not are but from or"
    " have an they which one you were her all she there would their we him been has when who will"
    " more no if out so said what up its about into than them can only other new some could time"
    " these two may then do first any my now such like our over man me even most made after also"
    " did many before must through back years where much your way well down should because each"
    " just those people how too little state good very make world still own see men work long get"
    " here between both life being under never day same another know while last might us great old"
    " year off come since against go came right used take three"
).split()
NEWS = (
    "president administration senate committee testimony investigation inquiry election campaign"
    " russian ambassador attorney general justice department director fbi white house spokesman"
    " press secretary briefing order travel ban court judge ruling appeals refugees immigration"
    " border policy congress republican democrat vote bill law hearing intelligence memo special"
    " counsel recused recusal recuse fired dismissed resigned interview statement officials report"
    " reporters allegations evidence classified documents security nominee confirmed lawmakers"
    " governor mayor council budget economy jobs market trade tariffs health insurance reform"
    " climate energy protest rally supporters critics voters poll survey analysis sources"
    " résumé café naïve"
).split()
PHRASES = (
    "travel ban", "special counsel", "executive order", "press briefing", "national security",
    "health care", "supreme court", "tax cuts", "trade war", "climate change",
)
QUERIES = (
    "comey",
    "testimony",
    "senate testimony",
    "president",
    "recused",
    "recus*",
    '"travel ban"',
    '"special counsel" mueller',
    'person:"James Comey"',
    'person:"James Comey" testimony',
    "person:sessions recusal",
    "tag:politics",
    "tag:courts judge",
    "tag:immigration is:unread",
    "is:unread comey",
    "is:starred",
    "after:2017-06-01 before:2018-01-01 senate",
    "after:2018 tag:politics is:unread",
    "comey OR mueller",
    "senate -trump",
    "title:comey",
    "feed:wire-7 court",
    "résumé",
    "zzzzunmatched",
)


def pseudo_words(rng: random.Random, count: int) -> list[str]:
    """A long tail of pronounceable made-up words."""
    onsets = "b c d f g h k l m n p r s t v w z br ch cl dr fl gr pl st tr".split()
    vowels, codas = "aeiou", "nrstlmk"
    words: set[str] = set()
    while len(words) < count:
        syllables = rng.randint(2, 4)
        stem = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables))
        words.add(stem + rng.choice(codas))
    return sorted(words)


class Corpus:
    """Random news-like text with a Zipf-distributed vocabulary."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.vocab = COMMON + NEWS + pseudo_words(rng, 6000)
        weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(self.vocab))]
        total, self.cum = 0.0, []
        for weight in weights:
            total += weight
            self.cum.append(total)
        self.people = list(FAMOUS) + [f"{f} {s}" for f in FIRST for s in LAST]
        self.people_cum = _cum([1.0 / (rank + 1) ** 0.9 for rank in range(len(self.people))])
        self.tags_cum = _cum([1.0 / (rank + 1) for rank in range(len(TAGS))])

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=count)

    def article(self, number: int) -> tuple[ArticleIn, list[str], list[str]]:
        rng = self.rng
        people = sorted(set(rng.choices(self.people, cum_weights=self.people_cum, k=rng.randint(1, 4))))
        tags = sorted(set(rng.choices(TAGS, cum_weights=self.tags_cum, k=rng.randint(0, 2))))
        title_words = self.words(rng.randint(5, 9))
        title_words.insert(rng.randrange(len(title_words)), people[0].split()[-1])
        title = " ".join(title_words).capitalize()
        body = self.words(rng.randint(150, 350))
        for phrase in rng.sample(PHRASES, rng.choice((0, 0, 0, 1, 2))):
            body.insert(rng.randrange(len(body)), phrase)
        for person in people:  # full name at first mention, surname after
            body.insert(rng.randrange(len(body) // 3), person)
            body.insert(rng.randrange(len(body) // 3, len(body)), person.split()[-1])
        sentences = [" ".join(body[i : i + 18]).capitalize() + "." for i in range(0, len(body), 18)]
        plain = title + "\n\n" + " ".join(sentences)
        published = EPOCH + rng.random() * SPAN
        item = ArticleIn(guid=f"bench:{number}", title=title, published=published, content=plain, plain=plain)
        return item, people, tags


def _cum(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def build(store: Store, count: int, rng: random.Random) -> float:
    """Fill the store with `count` articles; returns seconds taken."""
    started = time.perf_counter()
    corpus = Corpus(rng)
    feeds = [store.local_source(f"wire-{n} News") for n in range(FEEDS)]
    by_tag: dict[str, list[int]] = {}
    mentions: list[tuple[int, str, int]] = []
    for start in range(0, count, BATCH):
        batch = [corpus.article(n) for n in range(start, min(count, start + BATCH))]
        per_feed: dict[int, list[int]] = {}
        for position, _ in enumerate(batch):
            per_feed.setdefault(feeds[(start + position) % FEEDS], []).append(position)
        for feed_id, positions in per_feed.items():
            result = store.upsert_articles(feed_id, [batch[p][0] for p in positions])
            for article_id, position in zip(result.new, positions, strict=True):
                _, people, tags = batch[position]
                mentions += [(article_id, name, 2) for name in people]
                for tag in tags:
                    by_tag.setdefault(tag, []).append(article_id)
    _insert_people(store, corpus.people, mentions)
    for tag, ids in by_tag.items():
        store.tag_articles(ids, [tag])
    ids = list(range(1, count + 1))
    store.set_read(rng.sample(ids, count * 6 // 10))
    store.set_starred(rng.sample(ids, max(1, count // 50)))
    with store.db.transaction() as conn:
        conn.execute("ANALYZE")
    return time.perf_counter() - started


def _insert_people(store: Store, names: list[str], mentions: list[tuple[int, str, int]]) -> None:
    """Fixture rows for people and mentions (SQL here only: another module owns people)."""
    with store.db.transaction() as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO people (name, surname) VALUES (?, ?)",
            [(name, name.split()[-1]) for name in names],
        )
        ids = dict(conn.execute("SELECT name, id FROM people"))
        conn.executemany(
            "INSERT OR IGNORE INTO mentions (article_id, person_id, count, first_offset, forms)"
            " VALUES (?, ?, ?, 0, '')",
            [(article_id, ids[name], n) for article_id, name, n in mentions],
        )
    store.fill_name_keys()  # what `person:` looks up by


def time_queries(store: Store, repeats: int) -> tuple[list[float], dict[str, float], dict[str, int]]:
    """Milliseconds of every timed run, each query's median, and its hit count."""
    timings: list[float] = []
    medians: dict[str, float] = {}
    hits: dict[str, int] = {}
    for text in QUERIES:
        query = parse_query(text)
        hits[text] = len(store.search(query, 50))  # warm-up
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            store.search(query, 50)
            runs.append((time.perf_counter() - started) * 1000)
        timings += runs
        medians[text] = round(statistics.median(runs), 2)
    return timings, medians, hits


def time_tag_pages(store: Store, tag: str) -> dict[str, float]:
    """Page through a tag filter 50 rows at a time, as the article list does."""
    flt = ArticleFilter(tags=(tag,))
    pages: list[float] = []
    after = None
    rows = 0
    started_all = time.perf_counter()
    while True:
        started = time.perf_counter()
        page = store.page_after(flt, after, 50)
        pages.append((time.perf_counter() - started) * 1000)
        if not page:
            break
        rows += len(page)
        after = (page[-1].sort_ts, page[-1].id)
    total = (time.perf_counter() - started_all) * 1000
    return {
        "tag_page_ms": round(statistics.mean(pages), 3),
        "tag_page_p95_ms": round(percentile(pages, 95), 3),
        "tag_pages": len(pages),
        "tag_rows": rows,
        "tag_total_ms": round(total, 1),
    }


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def run(home: Path, count: int, repeats: int) -> dict[str, object]:
    store = Store(Paths.resolve(home).database)
    try:
        existing = store.stats().articles
        build_s = None
        if existing != count:
            if existing:
                raise SystemExit(f"{home} holds {existing} articles, not {count}: use another --home")
            build_s = round(build(store, count, random.Random(SEED)), 1)
        timings, medians, hits = time_queries(store, repeats)
        figures: dict[str, object] = {
            "articles": count,
            "queries": len(QUERIES),
            "runs": len(timings),
            "p50_ms": round(percentile(timings, 50), 2),
            "p95_ms": round(percentile(timings, 95), 2),
            "max_ms": round(max(timings), 2),
        }
        figures.update(time_tag_pages(store, "politics"))
        figures["build_s"] = build_s
        figures["per_query_ms"] = medians
        figures["hits"] = hits
        return figures
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=7, help="timed runs of each query")
    parser.add_argument("--home", type=Path, help="build (or reuse) the library here instead of a temp dir")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.home is not None:
        figures = run(args.home, args.articles, args.repeats)
    else:
        with tempfile.TemporaryDirectory(prefix="byline-bench-") as tmp:
            figures = run(Path(tmp), args.articles, args.repeats)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            if isinstance(value, dict):
                print(f"{key}:")
                for name, item in value.items():
                    print(f"  {item:>10}  {name}")
            else:
                print(f"{key:>16}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
