"""The trained decision: which name candidates are people, and where each name starts and ends.

A logistic regression over the features of :mod:`reader.people.features`, trained by
``reader/people/data/train.py`` and shipped as ``data/people_model.json.gz``. Options are
accepted best first while they score above the threshold, one per rule candidate (the options of
a candidate all overlap it; candidates never overlap each other).
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

from reader.people import lexicon as lx
from reader.people.features import (
    DocInfo,
    Option,
    contexts,
    position,
    scan,
    signature_features,
    word_features,
)
from reader.people.resolve import Candidate
from reader.resources import people_data_dir

MODEL_PATH = people_data_dir() / "people_model.json.gz"
LINK_MARGIN = 4.0  # log-odds under the cut-off below which not even a link makes a name
STRICT_MARGIN = 1.0  # log-odds above the cut-off a name needs in a text that is not English
_MEMO_SIZE = 200_000  # entries of each score memo; emptied when full


class Model:
    """Feature weights, a bias and the cut-off chosen on held-out newswire."""

    def __init__(
        self, weights: dict[str, float], bias: float, threshold: float, meta: dict | None = None
    ) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.meta = meta or {}  # how it was trained and what it scored (see the training script)
        self._words_memo: dict[tuple[str, ...], float] = {}
        self._signature_memo: dict[tuple, float] = {}
        self._prev_words = _neighbour_weights(weights, "pw=")
        self._next_words = _neighbour_weights(weights, "nw=")

    @classmethod
    def from_dict(cls, data: dict) -> Model:
        return cls(data["weights"], data["bias"], data["threshold"], data.get("meta"))

    def words_part(self, words: tuple[str, ...], lex: lx.Lexicon) -> float:
        """Summed weight of the features of a name's words, each at its position (cached)."""
        got = self._words_memo.get(words)
        if got is None:
            n = len(words)
            w = self.weights
            got = sum(
                w.get(f"{position(n, i)}{f}", 0.0)
                for i, word in enumerate(words)
                for f in word_features(word, lex)
            )
            if len(self._words_memo) >= _MEMO_SIZE:
                self._words_memo.clear()
            self._words_memo[words] = got
        return got

    def scores(self, text: str, opts: list[Option], doc: DocInfo, lex: lx.Lexicon) -> list[float]:
        """Each option's score (a log-odds): above ``threshold`` it is a person's name.

        The words' part and the context signature's part are memoised.
        """
        words_memo, memo = self._words_memo, self._signature_memo
        prev_words, next_words = self._prev_words, self._next_words
        bias = self.bias
        out = []
        for opt, (signature, prev, nxt) in zip(opts, contexts(text, opts, doc, lex), strict=True):
            in_context = memo.get(signature)
            if in_context is None:
                in_context = self._signature_part(signature)
            own = words_memo.get(opt.words)
            if own is None:
                own = self.words_part(opt.words, lex)
            out.append(bias + own + in_context + prev_words.get(prev, 0.0) + next_words.get(nxt, 0.0))
        return out

    def _signature_part(self, signature: tuple) -> float:
        """Summed weight of a context signature's features (memoised by ``scores``)."""
        w = self.weights
        got = sum(w.get(f, 0.0) for f in signature_features(signature))
        if len(self._signature_memo) >= _MEMO_SIZE:
            self._signature_memo.clear()
        self._signature_memo[signature] = got
        return got

    def decide(self, cands: list[Candidate], text: str, english: bool = True) -> list[Candidate]:
        """The candidates to resolve: accepted names (level 2 or 1), bare words that only a link
        to a name accepted in full makes names (0), list items that only their list makes names
        (-1), and speaker labels at the level the rules gave them.

        In a text that is not ``english`` only strong evidence counts: a name of two words or
        more that opens with a listed given name and scores ``STRICT_MARGIN`` above the cut-off.
        """
        if not cands:
            return []
        lex = lx.lexicon()
        opts, doc = scan(cands, text)
        threshold = self.threshold
        scores = self.scores(text, opts, doc, lex)
        taken: set[int] = set()
        out: list[Candidate] = []
        wholes: list[tuple[float, Option]] = []  # each candidate with its own score
        n = len(opts)
        for i, o in enumerate(opts):
            if o.variant:
                continue  # a trimmed option: ranked with its candidate, which stands just before it
            score = scores[i]
            wholes.append((score, o))
            c = o.cand
            if english and text.startswith(":", c.end) and _labels_line(text, c):
                # a speaker label ("HADDAD:", "Okonkwo:"): no training text is a transcript,
                # so the rules' verdict stands
                taken.add(c.start)
                out.append(c)
                continue
            k = i + 1
            while k < n and opts[k].variant:
                k += 1
            if k > i + 1:  # best first; the earlier, then the shorter span wins a tie
                ranked = sorted((-scores[j], opts[j].start, opts[j].end, j) for j in range(i, k))
                options = [(-neg, opts[j]) for neg, _, _, j in ranked]
            else:
                options = [(score, o)]
            for best, option in options:
                if best < threshold:
                    break
                if english or _strong(option, best - threshold, lex):
                    taken.add(c.start)
                    out.append(_as_candidate(option, text, 2 if len(option.words) > 1 else 1))
                    break
        # a bare word or a Title Case headline run the model doubts may still name someone
        # accepted in full: resolution links it, or drops it
        known: set[str] = set()
        known_given: set[str] = set()
        pairs: set[tuple[str, str]] = set()  # (given name, surname) of each
        for c in out:
            if len(c.words) > 1:
                first, last = c.words[0].lower(), c.words[-1].lower()
                known.add(last)
                known_given.add(first)
                pairs.add((first, last))
        for score, o in wholes:
            if score < threshold - LINK_MARGIN or o.cand.start in taken:
                continue  # the model is sure this is no name ("in Greenland"), whatever shares it
            if english and o.cand.parts:
                level: int | None = 0
            elif len(o.words) == 1:
                level = _link_level(text, o, known, known_given, english)
            else:
                level = None
            if level is not None:
                taken.add(o.cand.start)
                out.append(_as_candidate(o, text, level))
        if known:
            out.extend(_in_capitals(text, known, pairs, out))
        out.sort(key=_START)
        return out


_START = attrgetter("start")
_LIST_GLUE = (", ", "; ", " and ", " or ", " & ")
_LIST_GLUE_BEFORE = (*_LIST_GLUE, ",\n")


def _link_level(text: str, o: Option, known: set[str], known_given: set[str], english: bool) -> int | None:
    """How a doubted bare word may still become a name: 0 as the surname of a name accepted in
    full (or its given name, for a word that is no dictionary or place word), -1 as an item of
    a list of names ("Moore, Morris and Goscinny"; resolution decides); None not at all."""
    word = o.words[0].lower()
    if word in known or (o.cand.plain and word in known_given):
        return 0
    if english and o.cand.plain and _listed(text, o):
        return -1
    return None


def _listed(text: str, o: Option) -> bool:
    """Is the word joined to a neighbour as in a list?"""
    before = text[max(0, o.start - 5) : o.start]
    return text.startswith(_LIST_GLUE, o.end) or before.endswith(_LIST_GLUE_BEFORE)


_LABEL_LEAD = 12  # characters an honorific may take before a speaker label ("MRS. ")


def _labels_line(text: str, c: Candidate) -> bool:
    """Does the candidate open its line, after at most an honorific ("MR. SMITH:")?"""
    lead_start = max(0, c.start - _LABEL_LEAD)
    line_start = text.rfind("\n", lead_start, c.start) + 1
    if not line_start and lead_start:
        return False  # no line break close before: the word is inside a line
    lead = text[line_start : c.start].split()
    if not lead:
        return True
    # "MR. SMITH:", "Dr Okonkwo:"; not a salutation ("Dear Katherine:")
    return len(lead) == 1 and bool(lx.lexicon().flags(lead[0].rstrip(".").title()) & lx.HONORIFIC)


def _strong(o: Option, margin: float, lex: lx.Lexicon) -> bool:
    """Evidence enough in a language the model was not trained on (see `Model.decide`)."""
    if len(o.words) < 2 or margin < STRICT_MARGIN:
        return False
    return lex.is_given(o.words[0])


_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_WORD_BEFORE_RE = re.compile(r"(?<!\S)([^\W\d_]+)\s+$")  # a whole word: not "FOOTBALL-RANDALL"


def _in_capitals(
    text: str, known: set[str], pairs: set[tuple[str, str]], taken: list[Candidate]
) -> list[Candidate]:
    """Surnames of names accepted in full, met again in a line of capitals ("EDBERG REFUSES"),
    with their given name when it stands before them ("KEVIN BROWN LOWERS ERA"), outside the
    candidates already ``taken``.

    The rules pass over words in capitals (most are acronyms); resolution links these.
    """
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.isupper():
            for m in _WORD_RE.finditer(line):
                surname = m.group().lower()
                if surname not in known:
                    continue
                s = m.start()
                before = _WORD_BEFORE_RE.search(line, 0, s)
                if before and (before.group(1).lower(), surname) in pairs:
                    s = before.start(1)
                start = pos + s
                if not any(c.start < pos + m.end() and start < c.end for c in taken):
                    name = line[s : m.end()]
                    out.append(Candidate(start, pos + m.end(), name, tuple(name.split()), 0, False))
        pos += len(line) + 1
    return out


def _as_candidate(o: Option, text: str, level: int) -> Candidate:
    """The candidate to resolve for an option, at ``level``."""
    c = o.cand
    if o.variant:
        return Candidate(o.start, o.end, text[o.start : o.end], o.words, level, c.plain)
    if c.level == level:
        return c
    return Candidate(c.start, c.end, c.text, c.words, level, c.plain, c.parts)


def _neighbour_weights(weights: dict[str, float], prefix: str) -> dict[str, float]:
    """The weights of one neighbouring-word feature, by word ("pw=said" -> {"said": w})."""
    return {k[len(prefix) :]: v for k, v in weights.items() if k.startswith(prefix)}


def load(path: Path = MODEL_PATH) -> Model:
    """Read a model file."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return Model.from_dict(json.load(fh))


@lru_cache(maxsize=1)
def shipped() -> Model:
    """The model that ships with Byline (read on first use)."""
    return load()
