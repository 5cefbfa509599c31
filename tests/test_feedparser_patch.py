"""The fenced feedparser shortcuts (`reader.ingest.saxdriver`): only on the pinned release, only
where asked, and giving exactly what feedparser gives without them on every file of the shared
corpora (../shared/corpora; that comparison is skipped with a message when they are absent)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import feedparser
import pytest

from reader.config import FetchSettings
from reader.ingest import saxdriver
from reader.ingest.parse import FeedparserInput, feedparser_input, run_feedparser
from reader.ingest.refresh import _Runner
from reader.store import Store
from tests.feedserver import FeedServer, rss
from tests.test_corpora import CORPORA, corpus_files

REPO = Path(__file__).resolve().parents[1]
MISSING = object()
# The names feedparser 6.0.14's lookups treat specially, listed here so that the comparison does
# not take them from the code under test.
SPECIAL = ("category", "enclosures", "license", "updated", "updated_parsed")
# Looked up in every dict besides its own keys: those names, the aliases, the most looked-up plain
# key, and one that is nowhere.
PROBES = (*SPECIAL, *feedparser.FeedParserDict.keymap, "type", "no such key")
OTHER_VERSION = "6.0.15"
REFUSAL = (
    f"byline: feedparser {OTHER_VERSION} is not {saxdriver.FEEDPARSER_VERSION}, the release Byline's"
    " parsing shortcuts were written for; feeds are read without them (more slowly)"
)


def run_python(code: str, *args: str) -> subprocess.CompletedProcess:
    """`code` in a fresh interpreter (nothing installed by this test session), from the repo."""
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True, timeout=60
    )


def test_pyproject_pins_the_release_the_shortcuts_were_written_for() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    pins = [d for d in pyproject["project"]["dependencies"] if d.startswith("feedparser")]
    assert pins == [f"feedparser=={saxdriver.FEEDPARSER_VERSION}"]
    assert feedparser.__version__ == saxdriver.FEEDPARSER_VERSION


def test_special_keys_are_read_from_feedparser() -> None:
    """The names 6.0.14's lookups treat specially and its aliases are all among those found in its code."""
    saxdriver.uninstall()  # feedparser's own lookups, not the shortcuts'
    try:
        found = saxdriver.special_keys(feedparser.FeedParserDict)
    finally:
        saxdriver.install()
    assert set(SPECIAL) <= found
    assert set(feedparser.FeedParserDict.keymap) <= found
    assert not {"type", "value", "title", "link", "summary", "base64"} & found  # the hot plain keys


STATE = """
import copy, json
import feedparser.api, feedparser.mixin, feedparser.urls
from feedparser.util import FeedParserDict

def state():
    return {
        "parsers": list(feedparser.api.PREFERRED_XML_PARSERS),
        "join": id(feedparser.mixin.make_safe_absolute_uri),
        "copy": id(feedparser.mixin.copy),
        "class": {name: id(value) for name, value in vars(FeedParserDict).items()},
    }

fresh = state()
assert fresh["join"] == id(feedparser.urls.make_safe_absolute_uri) and fresh["copy"] == id(copy)
import reader.ingest.parse, reader.ingest.refresh
from reader.ingest import saxdriver
after_import = state()
first = saxdriver.install()
patched = state()
again = saxdriver.install()
patched_again = state()
saxdriver.uninstall()
print(json.dumps({
    "import_changed_nothing": after_import == fresh,
    "install": [first, again],
    "patched": all(patched[part] != fresh[part] for part in fresh),
    "driver_first": patched["parsers"][0] == saxdriver.NAME,
    "idempotent": patched_again == patched,
    "restored": state() == fresh and not saxdriver.installed(),
}))
"""


def test_importing_patches_nothing_and_uninstall_restores_exactly() -> None:
    done = run_python(STATE)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "import_changed_nothing": True,
        "install": [True, True],
        "patched": True,
        "driver_first": True,
        "idempotent": True,
        "restored": True,
    }
    assert done.stderr == ""


REFUSED = """
import copy, json, sys
import feedparser, feedparser.mixin
feedparser.__version__ = sys.argv[1]
from reader.ingest import saxdriver
from reader.ingest.parse import parse_body

tries = [saxdriver.install(), saxdriver.install(), saxdriver.supported()]
untouched = (
    "reader.ingest.saxdriver" not in feedparser.api.PREFERRED_XML_PARSERS
    and feedparser.mixin.copy is copy and not saxdriver.installed()
)
feed = parse_body(sys.argv[2].encode(), "https://example.com/feed.xml")
print(json.dumps({"tries": tries, "untouched": untouched, "error": feed.error,
                  "titles": [a.title for a in feed.articles]}))
"""


def test_another_feedparser_is_refused_once_and_feeds_still_parse() -> None:
    done = run_python(REFUSED, OTHER_VERSION, rss(2, title="Refused").decode())
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["tries"] == [False, False, False] and result["untouched"]
    assert result["error"] is None and len(result["titles"]) == 2 and all(result["titles"])
    assert done.stderr.splitlines() == [REFUSAL]


REFRESH = """
import sys
import feedparser
feedparser.__version__ = sys.argv[1]
from reader.cli import main
raise SystemExit(main(sys.argv[2:]))
"""


def test_refresh_with_another_feedparser_says_so_once_and_reads_the_feeds(
    server: FeedServer, tmp_path: Path
) -> None:
    """Workers forked from the command line see the same release: they stay quiet and unpatched."""
    home = ["--home", str(tmp_path)]
    for i in range(4):
        url = server.route(f"/f{i}", rss(3, title=f"Feed {i}"))
        assert run_python(REFRESH, OTHER_VERSION, *home, "add", url).returncode == 0
    done = run_python(REFRESH, OTHER_VERSION, *home, "refresh")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [REFUSAL]
    feeds = json.loads(run_python(REFRESH, OTHER_VERSION, *home, "feeds", "--json").stdout)
    assert sorted((f["title"], f["articles"], f["last_error"]) for f in feeds) == [
        (f"Feed {i}", 3, None) for i in range(4)
    ]


def test_parser_pool_workers_install_the_shortcuts(tmp_path: Path) -> None:
    """Even when the process that makes the pool has none (a forked worker would inherit them)."""
    store = Store(tmp_path / "library.db")
    runner = _Runner(store, FetchSettings(workers=1))
    saxdriver.uninstall()
    try:
        assert runner.pool().submit(saxdriver.installed).result(timeout=60)
        assert not saxdriver.installed()
    finally:
        saxdriver.install()
        runner.close()
        store.close()


def snapshot(value: Any) -> Any:
    """`value` as plain data to compare; a dict also records what lookups in it give."""
    if isinstance(value, dict):
        items = {key: snapshot(item) for key, item in dict.items(value)}
        return {"type": type(value).__name__, "items": items, "lookups": lookups(value)}
    if isinstance(value, list | tuple):  # time.struct_time included
        return {type(value).__name__: [snapshot(item) for item in value]}
    if isinstance(value, BaseException):
        return {"raised": f"{type(value).__name__}: {value}"}
    if isinstance(value, float):
        return {"float": repr(value)}  # NaN equals itself as text
    if value is None or isinstance(value, str | bytes | int):
        return value
    return {type(value).__name__: repr(value)}


def lookups(mapping: dict) -> dict[str, Any]:
    """`key in`, `.get` and `[key]` for the dict's own keys and the probes."""
    own = {id(item): key for key, item in dict.items(mapping)}
    found: dict[str, Any] = {}
    for key in (*dict.keys(mapping), *PROBES):
        outcomes: list[Any] = [key in mapping]
        for look in (mapping.get, mapping.__getitem__):
            try:
                value = look(key)
            except Exception as error:
                outcomes.append({"raised": f"{type(error).__name__}: {error}"})
                continue
            origin = own.get(id(value), MISSING)
            if origin is not MISSING and dict.__getitem__(mapping, origin) is value:
                outcomes.append({"value of": origin})
            else:
                outcomes.append(snapshot(value))
        found[key] = dict(zip(("in", "get", "[]"), outcomes, strict=True))
    return found


def parsed(given: FeedparserInput) -> Any:
    try:
        result = run_feedparser(given)
    except Exception as error:  # the same failure both ways is equivalence too
        return {"raised": f"{type(error).__name__}: {error}"}
    return snapshot(result)


def first_difference(patched: Any, plain: Any, where: str = "") -> str:
    """Where two snapshots first differ, and how."""
    if type(patched) is type(plain) and isinstance(patched, dict) and list(patched) == list(plain):
        pairs = [(f"{where}[{key!r}]", patched[key], plain[key]) for key in patched]
    elif type(patched) is type(plain) and isinstance(patched, list | tuple) and len(patched) == len(plain):
        pairs = [(f"{where}[{i}]", a, b) for i, (a, b) in enumerate(zip(patched, plain, strict=True))]
    else:
        return f"{where or 'result'}: {patched!r:.300} with the shortcuts, {plain!r:.300} without"
    return next(first_difference(a, b, at) for at, a, b in pairs if a != b)


def compare_file(path: Path) -> tuple[str, bool, str | None]:
    """Parse one corpus file as Byline hands it to feedparser, with and without the shortcuts:
    (path, whether feedparser had a part, the first difference if any)."""
    given = feedparser_input(path.read_bytes(), f"https://corpus.example/{path.name}", {})
    if not isinstance(given, FeedparserInput):
        return str(path), False, None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # feedparser's DeprecationWarning for 'updated'
        assert saxdriver.install()
        try:
            patched = parsed(given)
        finally:
            saxdriver.uninstall()
        try:
            plain = parsed(given)
        finally:
            saxdriver.install()
    return str(path), True, None if patched == plain else first_difference(patched, plain)


@pytest.mark.skipif(not CORPORA.is_dir(), reason=f"feed corpora not found at {CORPORA}; comparison skipped")
def test_shortcuts_change_nothing_on_the_shared_corpora() -> None:
    files = sorted(corpus_files(), key=lambda path: -path.stat().st_size)  # the largest first
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(compare_file, files, chunksize=8))
    assert sum(fed for _, fed, _ in results) > 4000
    differences = [(path, difference) for path, _, difference in results if difference]
    assert not differences, differences[:5]
