"""What the trained decision sees of a name candidate: its words, context, rule cues, document.

The rules in :mod:`reader.people.rules` propose candidates; each becomes one or more *options*
(the candidate itself and, for three words or more, the candidate without a doubtful first or
last word, so the model can fix a boundary: "Monday Tony Blair"). An option's features are
strings, grouped so that extraction can memoise the summed weight of each group:

- the words, each at its position (``S`` a single word, ``F`` first, ``M`` middle, ``E`` last):
  the word itself, its shape, suffix, list memberships (:func:`word_features`);
- the context's *signature*: the rule's verdict, punctuation and capitalised neighbours around,
  sentence start, document evidence (:func:`contexts`, :func:`signature_features`);
- the word before and the word after.

Training (``reader/people/data/train.py``) and extraction use these same functions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import NamedTuple

from reader.people import lexicon as lx
from reader.people.resolve import Candidate
from reader.people.tokens import ENDERS, PARTICLES, is_sentence_start

_FLAG_NAMES = (
    (lx.GIVEN, "G"),
    (lx.SURNAME, "S"),
    (lx.COMMON, "C"),
    (lx.PLACE_ORG, "P"),
    (lx.TITLE, "T"),
    (lx.SUFFIX, "X"),
    (lx.ACRONYM, "A"),
    (lx.HONORIFIC, "H"),
    (lx.STOP, "W"),
)
_COMBO_MASK = lx.GIVEN | lx.SURNAME | lx.COMMON | lx.PLACE_ORG | lx.TITLE | lx.SUFFIX
_SENTENCE_END = frozenset(".!?:\n")
_DIGIT_RE = re.compile(r"\d")
_DOUBTFUL_LAST = lx.COMMON | lx.PLACE_ORG | lx.TITLE | lx.SUFFIX | lx.ACRONYM
_STRIP = ".,;:!?\"“”‘’'()[]«»—–-*"


class Option(NamedTuple):
    """One span the model may accept: a rule candidate or a trimmed version of it."""

    start: int
    end: int
    words: tuple[str, ...]
    cand: Candidate
    variant: int  # 0 the candidate, 1 without its first word, 2 without its last


class DocInfo(NamedTuple):
    """Evidence gathered once per document."""

    full_last: frozenset[str]  # last words of sure several-word candidates
    full_first: frozenset[str]  # first words of the same
    counts: dict[str, int]  # candidate words -> how many candidates they end
    cued: dict[str, int]  # bare words -> how many of their candidates a rule cue marks


def scan(cands: list[Candidate], text: str) -> tuple[list[Option], DocInfo]:
    """The options of a document and its evidence.

    Options: every candidate, and each candidate of three words or more without a first word
    that is no given name or a last word that may be no name ("Monday Tony Blair").
    """
    lex = lx.lexicon()
    out: list[Option] = []
    full_last: set[str] = set()
    full_first: set[str] = set()
    counts: dict[str, int] = {}
    cued: dict[str, int] = {}
    new = tuple.__new__  # Option(...) without the generated __new__: this runs per candidate
    # candidates never overlap, so no two options of different candidates share a span
    for c in cands:
        words = c.words
        low_last = words[-1].lower()
        counts[low_last] = counts.get(low_last, 0) + 1
        if c.level == 2 and len(words) > 1:
            full_last.add(low_last)
            full_first.add(words[0].lower())
        elif c.level == 1 and len(words) == 1:
            cued[low_last] = cued.get(low_last, 0) + 1
        out.append(new(Option, (c.start, c.end, words, c, 0)))
        if len(words) < 3 or c.parts:
            continue  # a two-word name cut to one word is never the better reading
        first, last = words[0], words[-1]
        # never a trimmed name that opens or ends with a particle ("Marine Le" of "Marine Le Pen")
        if not lex.flags(first) & lx.GIVEN and words[1].lower() not in PARTICLES:
            second = text.find(words[1], c.start + len(first), c.end)
            if second > 0:
                out.append(Option(second, c.end, words[1:], c, 1))
        if lex.flags(last) & _DOUBTFUL_LAST and words[-2].lower() not in PARTICLES:
            before_last = text.rfind(words[-2], c.start, c.end - len(last))
            if before_last >= 0:
                out.append(Option(c.start, before_last + len(words[-2]), words[:-1], c, 2))
    return out, DocInfo(frozenset(full_last), frozenset(full_first), counts, cued)


def shape(word: str) -> str:
    """Letters as X/x, digits as d, runs collapsed: "McDonald" -> "XxXx", "J." -> "X."."""
    out = []
    prev = ""
    for ch in word:
        k = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if k != prev:
            out.append(k)
            prev = k
    return "".join(out)


def word_features(word: str, lex: lx.Lexicon) -> list[str]:
    """Features of one word, independent of where it stands."""
    low = word.lower()
    folded = lx.fold_accents(low) if not low.isascii() else low
    key = folded.rstrip(".")
    f = lex.flags(word)
    feats = [f"w={low}", f"sh={shape(word)}", f"s3={folded[-3:]}", f"fc={f & _COMBO_MASK}"]
    feats.extend(f"f={name}" for bit, name in _FLAG_NAMES if f & bit)
    weight = lex.world_given.get(key)
    if weight is not None:
        feats.append(f"wg={min(int(math.log10(weight)), 4)}")
    if key in lex.world_family:
        feats.append("wf")
    if not low.isascii():
        feats.append("na")
    if low in PARTICLES:
        feats.append("part")  # "De" of "Kevin De Bruyne", "Di" of "Luigi Di Maio"
    if "-" in word:
        # "Bush-style", "Paris-based": a modifier made of a name
        feats.append("hyl" if word.rsplit("-", 1)[1].islower() else "hy")
    feats.append(f"len={min(len(key), 12)}")
    return feats


# An option's context: everything but the neighbouring words as one hashable signature (few
# distinct values, so the model memoises its summed weight), then the word before and the word
# after as feature values. A plain tuple: this is built for every option.
Context = tuple[tuple, str, str]

_NEIGHBOUR_CHARS = 30  # characters looked at on each side for the neighbouring words
_OPENERS_AND_SPACE = " \"“‘'([«"


def contexts(text: str, opts: list[Option], doc: DocInfo, lex: lx.Lexicon) -> list[Context]:
    """What the options' context features are made of (see :func:`signature_features`).

    One loop over all options with everything inlined: this runs for every candidate of every
    story, so it does its look-ups by hand rather than through small helpers.
    """
    flags_of = lex.flags
    places = lex.places
    words_of = _CONTEXT_WORDS
    full_last, full_first, counts, cued = doc
    size = len(text)
    span = _NEIGHBOUR_CHARS
    out: list[Context] = []
    for opt in opts:
        s, e, words, c, variant = opt
        n = len(words)
        # the raw token before the option, and the character right before it
        chunk = text[s - span if s > span else 0 : s]
        if chunk:
            before = chunk[-1]
            parts = chunk.rsplit(None, 2)
            if not parts:
                prev = ""
            elif before.isspace():
                prev = parts[-1]
            else:
                prev = parts[-2] if len(parts) >= 2 else ""  # glued: "(John", "“John"
            # sentence start: only spaces and openers between a boundary and the option
            bare = chunk.rstrip(_OPENERS_AND_SPACE)
            if bare and len(bare) > 1:
                ch = bare[-1]
                start = ch in ENDERS or (ch in "—–-" and bare[-2] in "\n ")
            else:
                start = is_sentence_start(text, s)
        else:
            before = prev = ""
            start = True
        # the raw token after the option, and the character right after it
        chunk = text[e : e + span] if e < size else ""
        if chunk:
            after = chunk[0]
            parts = chunk.split(None, 2)
            if not parts:
                nxt = ""
            elif after.isspace():
                nxt = parts[0]
            else:
                nxt = parts[1] if len(parts) >= 2 else ""
        else:
            after = nxt = ""
        # a capitalised neighbour in the same sentence ("Lib Dem MPs", "Douglas & Lomason")
        pcap = ncap = None
        if prev[:1].isupper() and prev[-1:] not in _SENTENCE_END:
            pcap = ("U" if prev.isupper() else "") + (prev[-1:] if prev[-1:] in ",;" else "")
        if nxt[:1].isupper() and after not in _SENTENCE_END:
            ncap = ("U" if nxt.isupper() else "") + (after if after in ",;" else "")
        first = flags_of(words[0]) & _COMBO_MASK
        low = words[-1].lower()
        if n > 1:
            shape_ = (first, flags_of(words[-1]) & _COMBO_MASK, all(w.isupper() for w in words))
            evidence: tuple | bool = low in full_last and counts.get(low, 0) > 1
        else:
            shape_ = None
            count = counts.get(low, 0)
            evidence = (
                first,
                low in full_last,
                low in full_first,
                count if count < 3 else 3,
                cued.get(low, 0) > (c.level == 1),  # cued elsewhere in the story ("Pag said")
                places.get((low if low.isascii() else lx.fold_accents(low)).rstrip(".")),
            )
        signature = (
            c.level,
            n if n < 3 else 3,
            1 if c.parts else 0,
            1 if c.plain else 0,
            variant,
            before if before and not before.isspace() else "_",
            after if after and not after.isspace() else "_",
            pcap,
            ncap,
            shape_,
            after in "'’" and text[e + 1 : e + 2] == "s",
            first if start else None,
            evidence,
            _trimmed(opt, flags_of) if variant else None,
        )
        pw = words_of.get(prev)
        if pw is None:
            pw = _context_word(prev)
        nw = words_of.get(nxt)
        if nw is None:
            nw = _context_word(nxt)
        out.append((signature, pw, nw))
    return out


def _trimmed(opt: Option, flags_of: Callable[[str], int]) -> int:
    """The list flags of the word a trimmed option leaves out."""
    word = opt.cand.words[0] if opt.variant == 1 else opt.cand.words[-1]
    return flags_of(word) & _COMBO_MASK


def signature_features(signature: tuple) -> list[str]:
    """The context features of a signature: rule verdict, punctuation and capitalised
    neighbours around, name shape, possessive, sentence start, document evidence."""
    level, n, parts, plain, variant, before, after, pcap, ncap, shape_, poss, start = signature[:12]
    evidence, trimmed = signature[12:]
    feats = [f"R={level}:{n}:{parts}:{plain}:{variant}", f"pb={before}", f"na={after}"]
    if pcap is not None:
        feats.append(f"pcap{pcap}")
    if ncap is not None:
        feats.append(f"ncap{ncap}")
    if shape_ is not None:
        first, last, allcaps = shape_
        feats.append(f"P={first}:{last}")
        if allcaps:
            feats.append("allcaps")
    if poss:
        feats.append("poss")
    if start is not None:
        feats.append(f"ss:{start}")
    if n == 1:
        first, last_elsewhere, first_elsewhere, count, cued_elsewhere, place = evidence
        feats.append(f"R1={level}:{first}")
        if place is not None:
            feats.append(f"geo={place}")  # a lone place name; a name's first word often is one
            if poss:
                feats.append(f"geoposs={place}")  # "Greenland's sovereignty", "Lincoln's mayor"
        if last_elsewhere:
            feats.append("dlast")
        if first_elsewhere:
            feats.append("dfirst")
        if cued_elsewhere:
            feats.append("dcue")
        feats.append(f"dc={count}")
    elif evidence:
        feats.append("drep")
    if trimmed is not None:
        feats.append(f"trim={variant}:{trimmed}")  # what the word cut off was ("Monday", "Commons")
    return feats


def context_features(text: str, opt: Option, doc: DocInfo, lex: lx.Lexicon) -> list[str]:
    """Features of an option's context, rule verdict and document evidence."""
    [(signature, prev, nxt)] = contexts(text, [opt], doc, lex)
    return [*signature_features(signature), f"pw={prev}", f"nw={nxt}"]


_CONTEXT_WORDS: dict[str, str] = {}
_CONTEXT_CACHE_SIZE = 100_000  # entries; emptied when full


def _context_word(token: str) -> str:
    """A neighbouring word as a feature value: lower case, numbers as one value (cached)."""
    got = _CONTEXT_WORDS.get(token)
    if got is None:
        word = token.strip(_STRIP).lower()
        got = "<num>" if _DIGIT_RE.search(word) else word
        if len(_CONTEXT_WORDS) >= _CONTEXT_CACHE_SIZE:
            _CONTEXT_WORDS.clear()
        _CONTEXT_WORDS[token] = got
    return got


def position(n: int, i: int) -> str:
    """The position prefix of word ``i`` of ``n``."""
    if n == 1:
        return "S"
    if i == 0:
        return "F"
    return "E" if i == n - 1 else "M"
