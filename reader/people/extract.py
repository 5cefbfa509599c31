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
_REGNAL = frozenset({"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"})
_POST_NOMINALS = _REGNAL | frozenset({"Jr", "Jr.", "Sr", "Sr.", "QC", "KC", "FRS", "DBE", "RA"})
_PLACE_PREFIX = frozenset({"St.", "St", "Ste.", "Mt.", "Mt", "Fort", "Lake", "Port", "Cape"})
_GROUP_AFTER = frozenset({"family", "families", "brothers", "sisters", "twins", "clan", "dynasty"})
_LEADER_AFTER = frozenset({"government", "administration", "presidency", "cabinet", "regime"})
_WEAK = lx.COMMON | lx.PLACE_ORG
_STRONG_NEXT = frozenset({"said", "says", "told", "tells", "who", "whose", "added", "wrote"})


def _is_initial(word: str) -> bool:
    return len(word) == 2 and word[1] == "."


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


def _name_tokens(words: list[str], flags: list[int], lex: lx.Lexicon) -> list[bool]:
    """Which tokens of a run may belong to a person's name."""
    n = len(words)
    has_phrase = any(f & lx.PHRASE_START for f in flags)
    covered = _phrase_mask(words, flags, lex) if has_phrase else None
    ok = [False] * n
    for i, f in enumerate(flags):
        w = words[i]
        if (covered is not None and covered[i]) or w in _POST_NOMINALS:
            continue
        if i > 0 and words[i - 1] in _PLACE_PREFIX:
            continue  # "St. Louis", "Fort Worth"
        if _is_initial(w):
            ok[i] = True  # kept only inside a name
        elif f & lx.TITLE and f & lx.GIVEN:
            # "Dean Kamen" (a name) vs "Bishop Desmond Tutu" (a title)
            nxt = flags[i + 1] if i + 1 < n else 0
            ok[i] = (
                i + 1 < n
                and not (f & lx.HONORIFIC and nxt & lx.GIVEN)
                and not nxt & lx.TITLE
                and _is_nameish(nxt)
            )
        elif f & lx.SUFFIX and not f & lx.GIVEN:
            # "Hall" ends "Arsenio Hall" but not "Refugee Council Enver Solomon"
            ok[i] = i > 0 and ok[i - 1] and not flags[i - 1] & lx.SUFFIX and _is_nameish(f)
        elif _is_nameish(f):
            ok[i] = True
        elif (
            i > 0
            and ok[i - 1]
            and flags[i - 1] & lx.GIVEN
            and not f & (lx.STOP | lx.PLACE_ORG | lx.TITLE | lx.SUFFIX | lx.ACRONYM)
            and (i + 1 == n or not _is_nameish(flags[i + 1]))
        ):
            ok[i] = True  # a common word as surname after a given name: "Mark Twain"
    return ok


def _candidates(text: str) -> list[Candidate]:
    """Name segments with their evidence, before resolution."""
    lex = lx.lexicon()
    flag_of = lex.flags
    heads: dict[int, bool] = {}
    out: list[Candidate] = []
    for run in RUN_RE.finditer(text):
        r_start, r_end = run.span()
        if r_start and text[r_start - 1] in "#@/_":
            continue  # hashtags, handles, paths
        toks = [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text, r_start, r_end)]
        words = [t[2] for t in toks]
        flags = [flag_of(w) for w in words]
        ok = _name_tokens(words, flags, lex)
        n = len(toks)
        i = 0
        while i < n:
            if not ok[i]:
                i += 1
                continue
            j = i
            while j + 1 < n and ok[j + 1]:
                j += 1
            k = j
            while k >= i and _is_initial(words[k]):
                k -= 1  # "Washington D."
            if k >= i:
                head = is_headline(text, r_start, heads)
                cand = _judge(text, toks, flags, i, k, (r_start, r_end), head, lex)
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
    run: tuple[int, int],
    head: bool,
    lex: lx.Lexicon,
) -> Candidate | None:
    """Decide what the segment ``toks[i..k]`` is worth (level 2 sure, 1 cued, 0 if linked)."""
    r_start, r_end = run
    n_run = len(toks)
    words = tuple(t[2] for t in toks[i : k + 1])
    seg = flags[i : k + 1]
    f0 = seg[0]
    sent = i == 0 and is_sentence_start(text, r_start)
    if (
        len(words) > 1
        and not f0 & _NAME_LISTS
        and not _is_initial(words[0])
        and seg[1] & lx.GIVEN
        and not seg[1] & lx.PLACE_ORG
    ):
        # "Scientologist Tom Cruise", "Brampton Spider-Gwen": drop the modifier
        return _judge(text, toks, flags, i + 1, k, run, head, lex)
    if sent and f0 & lx.COMMON and not f0 & lx.GIVEN and len(words) > 1:
        # "Yesterday Mohamed ...": a capitalised sentence opener is not part of the name
        return _judge(text, toks, flags, i + 1, k, run, head, lex)
    after = toks[k + 1][2] if k + 1 < n_run else ""
    if after and flag_is_org(lex.flags(after)):
        return None  # "Chiang Kai Shek Memorial", "Webber Douglas Academy"
    hon_before = i > 0 and bool(flags[i - 1] & lx.HONORIFIC)
    title_before = i > 0 and bool(flags[i - 1] & lx.TITLE)
    role_before = i == 0 and prev_word(text, r_start) in lex.roles
    nxt = next_word(text, r_end) if k == n_run - 1 else ""
    if nxt in _GROUP_AFTER:
        return None
    comma = k == n_run - 1 and text[r_end : r_end + 1] == ","
    speech = nxt in _STRONG_NEXT if comma else nxt in lex.speech
    follow = not comma and nxt in lex.follow
    regnal = after in _REGNAL
    start, end = toks[i][0], toks[k][1]
    span = text[start:end]
    if len(words) >= 2:
        if head:
            sure = f0 & lx.GIVEN and not f0 & lx.COMMON
            return Candidate(start, end, span, words, 2 if sure else 0, False)
        if seg[-1] & lx.SUFFIX and (not f0 & lx.GIVEN or f0 & _WEAK):
            return None  # "Norton Bridge", "Grant Park"
        rest_plain = not any(f & _WEAK for f in seg[1:])
        if f0 & lx.GIVEN and (not f0 & lx.PLACE_ORG or rest_plain):
            return Candidate(start, end, span, words, 2, False)
        cue = hon_before or title_before or role_before or speech
        plain = not any(f & _WEAK for f in seg)
        initials = any(_is_initial(w) for w in words)
        if plain or cue or initials:
            return Candidate(start, end, span, words, 2, False)
        return Candidate(start, end, span, words, 0, False)
    plain = not f0 & _WEAK or bool(f0 & _NAME_LISTS and not f0 & lx.PLACE_ORG)
    if head:
        return Candidate(start, end, span, words, 0, False)
    level = 0
    if (hon_before and not (f0 & lx.PLACE_ORG and not f0 & lx.GIVEN)) or (plain and not f0 & lx.COMMON and (
        role_before
        or speech
        or title_before
        or regnal
        or (follow and not sent)
        or nxt in _LEADER_AFTER
    )):
        level = 1
    return Candidate(start, end, span, words, level, plain)


def flag_is_org(f: int) -> bool:
    """A token that, right after a name, makes it part of an organisation or place name."""
    return bool(f & lx.SUFFIX) and not f & (lx.STOP | lx.TITLE | lx.GIVEN)


def extract_people(text: str) -> list[Mention]:
    """All person mentions in ``text``, sorted by start offset."""
    resolved = resolve(_candidates(text), text)
    return [Mention(s, e, text[s:e], canon) for s, e, canon in resolved]
