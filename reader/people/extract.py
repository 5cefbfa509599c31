"""Find the people named in a news text and resolve each mention to one canonical name.

Pipeline: one regex finds runs of capitalised words; each run is cut into name segments using
the word lists (titles and place/organisation words break a run, titles count as evidence);
each segment is judged on its words and its context (title before, role noun before, verb of
saying after, sentence start, headline line); :mod:`reader.people.resolve` then links
surnames and first names to the full names of the same document.

Work per document is bounded: only the first ``MAX_TEXT_CHARS`` characters are read, at most
``MAX_CANDIDATES`` name segments are collected (later ones are ignored), and a segment of more
than ``MAX_NAME_WORDS`` words is no name. Real articles come nowhere near these limits; they
keep one hostile feed item from stalling a refresh. Every step is linear in the text.
"""

from __future__ import annotations

from typing import NamedTuple

from reader.people import lexicon as lx
from reader.people.cues import caps_label
from reader.people.language import is_english
from reader.people.model import Model, shipped
from reader.people.resolve import Candidate, resolve
from reader.people.rules import NAMEISH, is_initial, judge, judge_single, name_tokens
from reader.people.tokens import (
    ABBREVIATIONS,
    NAME_PARTICLES,
    RUN_RE,
    Token,
    headline_spans,
    split_run,
)


class Mention(NamedTuple):
    """One mention of a person: the name's span in the text and the person it resolves to."""

    start: int
    end: int
    text: str
    canonical: str


_SKIP_BEFORE = frozenset("#@/_'’-")

MAX_TEXT_CHARS = 1_000_000  # characters of a text looked at (a novel; an article is ~5,000)
MAX_CANDIDATES = 20_000  # name segments collected per text (an article has < 200)
MAX_NAME_WORDS = 10  # longest segment taken for a name ("Mohammed Hadid Muhammad al-Hajj ...")


def candidates(text: str) -> list[Candidate]:
    """Name segments with their evidence, before resolution."""
    lex = lx.lexicon()
    flag_of = lex.flags
    cache = lex.cache
    nameish = NAMEISH
    heads = headline_spans(text)
    h, n_heads = 0, len(heads)  # runs come in text order: a cursor walks the headline lines
    out: list[Candidate] = []
    limit = MAX_CANDIDATES
    for run in RUN_RE.finditer(text):
        word = run.group()
        f = cache.get(word)
        if f is not None and not nameish[f] and not word.isupper():
            continue  # the usual capitalised word ("The", "In", "September"), already looked up
        if word.isupper() and text[run.end() : run.end() + 1] == ":":
            label = caps_label(text, run.start(), run.end(), flag_of)
            if label is not None:
                s, w, level = label
                out.append(Candidate(s, s + len(w), w, (w,), level, True))
                if len(out) >= limit:
                    break
            continue  # "MR. SMITH: ..." (a transcript), "UPDATE: ..."
        single = " " not in word
        word_flags = 0  # a single word's flags
        if single:
            word_flags = f if f is not None else flag_of(word)
            if not nameish[word_flags]:
                continue
        r_start, r_end = run.span()
        if r_start and text[r_start - 1] in _SKIP_BEFORE:
            if text[r_start - 1] in "#@/_":
                continue  # hashtags, handles, paths
            r_start = _extend_prefix(text, r_start)
        while h < n_heads and heads[h][1] <= r_start:
            h += 1
        head = h < n_heads and heads[h][0] <= r_start
        if single:
            if word[-1] == ".":
                word = word[:-1]
                if len(word) < 2 or "." in word or word in ABBREVIATIONS:
                    continue
                r_end -= 1
                word_flags = flag_of(word)
            if r_start != run.start():
                word = text[r_start:r_end]
            cand = judge_single(text, r_start, r_end, word, word_flags, head, lex)
            if cand is not None:
                out.append(cand)
                if len(out) >= limit:
                    break
            continue
        key = text[r_start:r_end]
        plan = _PLANS.get(key)
        if plan is None:
            plan = _plan(key, lex)
            if len(key) <= _PLAN_MAX_RUN:
                if len(_PLANS) >= _PLAN_CACHE_SIZE:
                    _PLANS.clear()
                _PLANS[key] = plan
        for toks, flags, segs in plan:
            for i, k in segs:
                cand = judge(text, r_start, toks, flags, i, k, head, lex)
                if cand is not None:
                    out.append(cand)
                    if len(out) >= limit:
                        return out  # one huge run may hold many segments
    return out


def _extend_prefix(text: str, pos: int) -> int:
    """Start of a name that opens with a lower-case particle ("d'Alembert", "al-Sabunji")."""
    for pre in ("d'", "d’", "l'", "l’", "al-", "el-"):
        s = pos - len(pre)
        if s >= 0 and text.startswith(pre, s) and (s == 0 or not text[s - 1].isalpha()):
            return s
    return pos


Plan = list[tuple[list[Token], list[int], list[tuple[int, int]]]]
_PLANS: dict[str, Plan] = {}
_PLAN_CACHE_SIZE = 50_000  # entries; emptied when full
_PLAN_MAX_RUN = 200  # longer runs (never a name) are planned afresh, not kept


def _plan(run: str, lex: lx.Lexicon) -> Plan:
    """Context-free analysis of a run of several words (cached by its text).

    One entry per sentence-bounded piece: its tokens (offsets relative to the run), their
    flags, and the (first, last) token index of each name segment in it.
    """
    plan: Plan = []
    for toks in _without_modifiers(split_run(run, 0, len(run)), lex):
        words = [t[2] for t in toks]
        flags = [lex.flags(w) for w in words]
        if not any(NAMEISH[f] for f in flags) and NAME_PARTICLES.isdisjoint(words):
            continue
        ok = name_tokens(words, flags, lex)
        n = len(toks)
        segs = []
        i = 0
        while i < n:
            if not ok[i]:
                i += 1
                continue
            j = i
            while j + 1 < n and ok[j + 1]:
                j += 1
            k = j
            while k >= i and words[k][-1] == "." and is_initial(words[k]):
                k -= 1  # "Washington D."
            if i <= k < i + MAX_NAME_WORDS:
                segs.append((i, k))
            i = j + 1
        if segs:
            plan.append((toks, flags, segs))
    return plan


def _without_modifiers(pieces: list[list[Token]], lex: lx.Lexicon) -> list[list[Token]]:
    """Pieces of a run with the adjectives made of a name taken out: a word joined by a hyphen
    to a dictionary word in lower case is no name's part ("Paris-based Euronext" -> "Euronext",
    "George Bush-style" -> "George Bush")."""
    out = []
    for toks in pieces:
        cur: list[Token] = []
        for s, e, w in toks:
            head, _, tail = w.rpartition("-")
            if not head or not tail.islower() or not _modifier_tail(tail, lex):
                cur.append((s, e, w))
                continue
            if cur:
                if not lex.flags(cur[-1][2]) & lx.STOP:  # not "The Bush-style Republicans"
                    cur.append((s, s + len(head), head))  # the name ends here
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
    return out


def _modifier_tail(tail: str, lex: lx.Lexicon) -> bool:
    """A dictionary word that is no name syllable ("style", "based"; not the "bin" of "Hau
    Lung-bin", the "in" of "Moon Jae-in")."""
    return tail in lex.common and not (
        tail in lex.given or tail in lex.surnames or tail in lex.world_given or tail in lex.world_family
    )


def extract_people(text: str, model: Model | None = None) -> list[Mention]:
    """All person mentions in ``text``, sorted by start offset.

    ``model``: the trained decision to use (the shipped one by default).
    """
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
    decided = (model or shipped()).decide(candidates(text), text, is_english(text))
    resolved = resolve(decided, text)
    return [Mention(s, e, text[s:e], canon) for s, e, canon in resolved]
