"""Find the people named in a news text and resolve each mention to one canonical name.

Pipeline: one regex finds runs of capitalised words; each run is cut into name segments using
the word lists (titles and place/organisation words break a run, titles count as evidence);
each segment is judged on its words and its context (title before, role noun before, verb of
saying after, sentence start, headline line); :mod:`reader.people.resolve` then links
surnames and first names to the full names of the same document.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.people import lexicon as lx
from reader.people.resolve import Candidate, resolve
from reader.people.tokens import (
    RUN_RE,
    TOKEN_RE,
    is_headline,
    is_sentence_start,
    next_word,
    prev_word,
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a person: the name's span in the text and the person it resolves to."""

    start: int
    end: int
    text: str
    canonical: str


_NOT_NAME = lx.ACRONYM | lx.TITLE | lx.PLACE_ORG | lx.COMMON
_NAME_LISTS = lx.GIVEN | lx.SURNAME
_POST_NOMINALS = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "QC", "KC", "FRS"})


def _is_nameish(f: int) -> bool:
    """Can a token with flags ``f`` be part of a person's name?"""
    if f & (lx.ACRONYM | lx.STOP):
        return False
    if f & _NOT_NAME:
        return bool(f & _NAME_LISTS) and not (f & lx.TITLE and not f & lx.GIVEN)
    return True


def _phrase_mask(words: list[str], flags: list[int], lex: lx.Lexicon) -> list[bool]:
    """Tokens covered by a listed multi-word non-person phrase ("New York Times")."""
    covered = [False] * len(words)
    lows = [w.lower() for w in words]
    for i, f in enumerate(flags):
        if not f & lx.PHRASE_START:
            continue
        for seq in lex.phrases[lows[i]]:
            if tuple(lows[i : i + len(seq)]) == seq:
                for j in range(i, i + len(seq)):
                    covered[j] = True
                break
    return covered


def _candidates(text: str) -> list[Candidate]:
    """Name segments with their evidence, before resolution."""
    lex = lx.lexicon()
    flag_of = lex.flags
    heads: dict[int, bool] = {}
    out: list[Candidate] = []
    for run in RUN_RE.finditer(text):
        r_start, r_end = run.span()
        toks = [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text, r_start, r_end)]
        words = [t[2] for t in toks]
        flags = [flag_of(w) for w in words]
        has_phrase = any(f & lx.PHRASE_START for f in flags)
        covered = _phrase_mask(words, flags, lex) if has_phrase else None
        n = len(toks)
        ok = [False] * n
        for i, f in enumerate(flags):
            if covered is not None and covered[i]:
                continue
            w = words[i]
            if w in _POST_NOMINALS:
                continue
            if len(w) == 2 and w[1] == ".":
                ok[i] = True  # an initial; kept only inside a name
                continue
            if f & lx.TITLE and f & lx.GIVEN:
                # "Dean Kamen" (a name) vs "Bishop Desmond Tutu" (a title)
                nxt = flags[i + 1] if i + 1 < n else 0
                ok[i] = not (f & lx.HONORIFIC and nxt & lx.GIVEN) and (
                    i + 1 < n and not nxt & lx.TITLE
                )
                continue
            ok[i] = _is_nameish(f)
        i = 0
        head = None
        while i < n:
            if not ok[i]:
                i += 1
                continue
            j = i
            while j + 1 < n and ok[j + 1]:
                j += 1
            # trim initials from the end ("Washington D.")
            k = j
            while k >= i and len(words[k]) == 2 and words[k][1] == ".":
                k -= 1
            if k >= i:
                if head is None:
                    head = is_headline(text, r_start, heads)
                cand = _judge(text, toks, flags, i, k, r_start, r_end, head, lex)
                if cand is not None:
                    out.append(cand)
            i = j + 1
    return out


def _judge(
    text: str,
    toks: list[tuple[int, int, str]],
    flags: list[int],
    i: int,
    k: int,
    r_start: int,
    r_end: int,
    head: bool,
    lex: lx.Lexicon,
) -> Candidate | None:
    """Decide what the segment ``toks[i..k]`` is worth (level 2 sure, 1 cued, 0 if linked)."""
    start, end = toks[i][0], toks[k][1]
    at_run_start = i == 0
    hon_before = i > 0 and bool(flags[i - 1] & lx.HONORIFIC)
    title_before = i > 0 and bool(flags[i - 1] & lx.TITLE)
    sent = at_run_start and is_sentence_start(text, r_start)
    role_before = at_run_start and prev_word(text, r_start) in lex.roles
    verb_after = k == len(toks) - 1 and next_word(text, r_end) in lex.speech
    words = tuple(t[2] for t in toks[i : k + 1])
    seg_flags = flags[i : k + 1]
    f0 = seg_flags[0]
    if sent and f0 & lx.COMMON and not f0 & lx.GIVEN and len(words) > 1:
        # "Yesterday Mohamed ...": a capitalised sentence opener is not part of the name
        return _judge(text, toks, flags, i + 1, k, r_start, r_end, head, lex)
    cue = hon_before or title_before or role_before or verb_after
    names = [w for w in words if not (len(w) == 2 and w[1] == ".")]
    if len(names) >= 2 or len(words) >= 2:
        if head:
            sure = f0 & lx.GIVEN and not f0 & lx.COMMON
            return Candidate(start, end, words, 2 if sure else 0)
        last = seg_flags[-1]
        if f0 & lx.GIVEN and not f0 & lx.PLACE_ORG:
            return Candidate(start, end, words, 2)
        if last & lx.SUFFIX and not cue:
            return None
        plain = not any(f & (lx.COMMON | lx.PLACE_ORG) for f in seg_flags)
        if plain or f0 & lx.GIVEN or cue:
            return Candidate(start, end, words, 2)
        return Candidate(start, end, words, 0)
    w = words[0]
    if len(w) == 2 and w[1] == ".":
        return None
    if head:
        return Candidate(start, end, words, 0)
    level = 0
    if hon_before or (
        (role_before or verb_after or title_before)
        and not f0 & (lx.COMMON | lx.PLACE_ORG)
    ):
        level = 1
    return Candidate(start, end, words, level)


def extract_people(text: str) -> list[Mention]:
    """All person mentions in ``text``, sorted by start offset."""
    resolved = resolve(_candidates(text))
    return [Mention(s, e, text[s:e], canon) for s, e, canon in resolved]
