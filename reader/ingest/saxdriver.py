"""A SAX driver for feedparser's strict parser and shortcuts for feedparser's hot spots, fenced to
the one feedparser release they were written against.

feedparser asks `xml.sax.make_parser` for a driver from `feedparser.api.PREFERRED_XML_PARSERS`;
`install()` puts this module first. Buffering joins character data into one callback per text
node instead of one per entity or line (escaped HTML in a description is hundreds of them), which
saves about a fifth of feedparser's time. External parameter entities are never read.

`install()` also gives feedparser two exact shortcuts for work it repeats per element: the base
URI of every start tag is re-joined with itself (`make_safe_absolute_uri`, a fifth of its time),
and the content parameters of every text element are deep-copied (flat dicts of strings).
It also lets `FeedParserDict` look up ordinary keys as a plain dict does: its lookup only differs
for a few legacy aliases, yet it runs the alias logic for each of ~600 lookups per item.

These reach into feedparser's internals, so they go in only on `FEEDPARSER_VERSION` (pyproject.toml
pins it), and only where asked: the parser pool's initializer (`reader.ingest.parse.start_worker`)
installs them, importing this module changes nothing. On any other release Byline says so once
and parses with feedparser as it is. `uninstall()` puts feedparser back exactly as it was.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable, Iterator
from types import CodeType
from typing import Any
from xml.parsers import expat
from xml.sax import expatreader

NAME = __name__
# The release the shortcuts were written for and checked against, field by field, on the shared
# feed corpora (tests/test_feedparser_patch.py). pyproject.toml pins the same version.
FEEDPARSER_VERSION = "6.0.14"

_MISSING = object()
_undo: list[tuple[Any, str, Any]] | None = None  # (owner, attribute, original) while installed
_refusal_said = False


class BufferedExpatParser(expatreader.ExpatParser):
    """The standard expat reader with `buffer_text` on."""

    def reset(self) -> None:
        super().reset()
        self._parser.buffer_text = True
        self._parser.buffer_size = 1 << 16
        self._parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)


def create_parser(*args: object, **kwargs: object) -> BufferedExpatParser:
    """The entry point `xml.sax.make_parser` looks for."""
    return BufferedExpatParser(*args, **kwargs)  # type: ignore[arg-type]


def supported(*, say: bool = True) -> bool:
    """Whether the installed feedparser is `FEEDPARSER_VERSION`. When it is not and `say`, one
    line on stderr says so (once per process)."""
    global _refusal_said
    import feedparser

    version = getattr(feedparser, "__version__", "of unknown version")
    if version == FEEDPARSER_VERSION:
        return True
    if say and not _refusal_said:
        _refusal_said = True
        print(
            f"byline: feedparser {version} is not {FEEDPARSER_VERSION}, the release Byline's parsing"
            " shortcuts were written for; feeds are read without them (more slowly)",
            file=sys.stderr,
        )
    return False


def install(*, say: bool = True) -> bool:
    """Make feedparser use this driver and the shortcuts below if it is `FEEDPARSER_VERSION`;
    otherwise leave it as it is and (if `say`) say so once. Whether they are in (idempotent)."""
    global _undo
    if _undo is not None:
        return True
    if not supported(say=say):
        return False
    import feedparser.api
    import feedparser.mixin
    import feedparser.util

    api, mixin, cls = feedparser.api, feedparser.mixin, feedparser.util.FeedParserDict
    undo: list[tuple[Any, str, Any]] = []
    _replace(undo, api, "PREFERRED_XML_PARSERS", [NAME, *api.PREFERRED_XML_PARSERS])
    _replace(undo, mixin, "make_safe_absolute_uri", _last_call_memo(mixin.make_safe_absolute_uri))
    _replace(undo, mixin, "copy", _FlatCopy(cls))
    for name, method in _plain_lookups(cls).items():
        _replace(undo, cls, name, method)
    _undo = undo
    return True


def uninstall() -> None:
    """Put back everything `install()` replaced, as it was (nothing to do when not installed)."""
    global _undo
    for owner, name, original in reversed(_undo or ()):
        if original is _MISSING:
            delattr(owner, name)
        else:
            setattr(owner, name, original)
    _undo = None


def installed() -> bool:
    """Whether feedparser runs with the driver and shortcuts in this process."""
    return _undo is not None


def _replace(undo: list[tuple[Any, str, Any]], owner: Any, name: str, value: Any) -> None:
    undo.append((owner, name, vars(owner).get(name, _MISSING)))
    setattr(owner, name, value)


def _plain_lookups(cls: Any) -> dict[str, Callable[..., Any]]:
    """`cls[key]`, `cls.get` and `in` as dict's for keys `cls` gives no special meaning; those
    keep the original path."""
    special = special_keys(cls)
    getitem, get, contains = cls.__getitem__, cls.get, cls.__contains__
    dict_getitem, dict_get, dict_contains = dict.__getitem__, dict.get, dict.__contains__

    def __getitem__(self: dict, key: Any) -> Any:
        return getitem(self, key) if key in special else dict_getitem(self, key)

    def get_(self: dict, key: Any, default: Any = None) -> Any:
        return get(self, key, default) if key in special else dict_get(self, key, default)

    def __contains__(self: dict, key: Any) -> bool:
        return contains(self, key) if key in special else dict_contains(self, key)

    return {"__getitem__": __getitem__, "get": get_, "__contains__": __contains__, "has_key": __contains__}


def special_keys(cls: Any) -> frozenset[str]:
    """Every key whose lookup in `cls` may differ from dict's: its aliases (`keymap`) and each
    string its `__getitem__` and `__contains__` mention. Those are a superset of the names they
    treat specially ('category', 'enclosures', 'license', 'updated', 'updated_parsed' in 6.0.14),
    read from feedparser's code rather than listed here; a plain key among them only runs slower."""
    code = (cls.__getitem__.__code__, cls.__contains__.__code__)
    return frozenset((*cls.keymap, *(text for one in code for text in _strings(one.co_consts))))


def _strings(constants: tuple[Any, ...]) -> Iterator[str]:
    """The strings among compiled constants, inside tuples and nested functions too."""
    for constant in constants:
        if isinstance(constant, str):
            yield constant
        elif isinstance(constant, tuple):
            yield from _strings(constant)
        elif isinstance(constant, CodeType):
            yield from _strings(constant.co_consts)


def _last_call_memo(function: Callable[[str, str | None], str]) -> Callable[[str, str | None], str]:
    """`function` (pure) remembering its last call: the same (base, rel) gives the same answer."""
    unset = object()
    last: list[Any] = [unset, unset, None]

    def memo(base: str, rel: str | None = None) -> str:
        if base == last[0] and rel == last[1]:  # str == is an identity check first
            return last[2]
        result = function(base, rel)
        last[:] = base, rel, result
        return result

    return memo


class _FlatCopy:
    """Stands in for the `copy` module in feedparser.mixin: a flat dict of immutable values is
    copied shallowly (the same result as `deepcopy`); anything else goes to `copy.deepcopy`."""

    _ATOMS = (str, int, float, bool, type(None))

    def __init__(self, dict_type: type[dict]) -> None:
        self.dict_type = dict_type

    def deepcopy(self, value: Any) -> Any:
        if (
            type(value) is self.dict_type
            and not value.__dict__
            and all(type(v) in self._ATOMS for v in value.values())
        ):
            flat = self.dict_type()
            for key, item in value.items():
                flat[key] = item  # through __setitem__, as deepcopy does
            return flat
        return copy.deepcopy(value)
