"""Rules that judge capitalised tokens and name segments (used by :mod:`extract`)."""

from __future__ import annotations

from reader.people import lexicon as lx
from reader.people.cues import common_cue, context_cue, flag_is_org, in_firm_name
from reader.people.lexicon import (
    ACRONYM,
    COMMON,
    GIVEN,
    HONORIFIC,
    PHRASE_START,
    PLACE_ORG,
    STOP,
    SUFFIX,
    SURNAME,
    TITLE,
)
from reader.people.resolve import Candidate
from reader.people.tokens import (
    NAME_PARTICLES,
    Token,
    is_sentence_start,
    next_word,
    prev_word,
)

_NOT_NAME = ACRONYM | TITLE | PLACE_ORG | COMMON
_NAME_LISTS = GIVEN | SURNAME
_TITLE_NAME = TITLE | GIVEN | SURNAME  # "King", "Major": titles that are names too
_REGNAL = frozenset(
    "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX XXI XXII XXIII".split()
)
_POST_NOMINALS = frozenset({"Jr", "Jr.", "Sr", "Sr.", "QC", "KC", "FRS", "DBE", "RA"})
_PLACE_PREFIX = frozenset({"St.", "St", "Ste.", "Mt.", "Mt", "Fort", "Lake", "Port", "Cape"})
_NO_SURNAME = STOP | PLACE_ORG | TITLE | ACRONYM
_GROUP_AFTER = frozenset(
    "family families brothers sisters twins clan dynasty couple collection estate".split()
)
_LEADER_AFTER = frozenset({"government", "administration", "presidency", "cabinet", "regime"})
_ACRONYMS = frozenset({"U.S.", "U.K.", "U.N.", "E.U.", "D.C.", "L.A.", "N.Y.", "U.S.A."})
_WEAK = COMMON | PLACE_ORG
_NOT_COMMON_NAME = PLACE_ORG | TITLE | SUFFIX | STOP | ACRONYM
# given names that, standing alone, name a product or a model far more often than a person
_PRODUCT_NAMES = frozenset({"claude", "alexa", "siri", "cortana", "mac", "jarvis", "watson"})
_QUOTE_MARKS = frozenset("'‘’")
_LOCATIVE = frozenset(
    "in from at near across outside inside into throughout around via toward towards".split()
)
_PLACE_BEFORE = _LOCATIVE | {"to"}  # before a place word: the place ("to Washington")
_ARTICLES = frozenset({"a", "an"})  # "a Baker has no business": anyone called Baker
_OPENING = "\"“‘'(["
_STRONG_NEXT = frozenset({"said", "says", "told", "tells", "who", "whose", "added", "wrote"})
# nouns that name a thing, not a person, when a bare name follows ("the whaling ship Constance")
_THING_BEFORE = frozenset(
    """ship vessel yacht boat ferry liner tanker steamer schooner frigate submarine hurricane
    storm typhoon cyclone horse racehorse colt mare filly""".split()
)


def _nameish_table() -> tuple[bool, ...]:
    """_is_nameish for every flag value, plus title-given words ("Dean"), for the fast path."""
    return tuple(_is_nameish(f) or bool(f & TITLE and f & GIVEN) for f in range(2 * STOP))


def is_initial(word: str) -> bool:
    """ "J." or "H.W." (but not "U.S.")."""
    n = len(word)
    if n == 2:
        return word[1] == "."
    return n in (4, 6) and word.count(".") * 2 == n and word not in _ACRONYMS


def _is_nameish(f: int) -> bool:
    """Can a token with flags ``f`` be part of a person's name?"""
    if f & (ACRONYM | STOP):
        return False
    if f & _NOT_NAME:
        return bool(f & _NAME_LISTS) and not (f & TITLE and not f & GIVEN)
    return True


NAMEISH = _nameish_table()
_STRICT = tuple(_is_nameish(f) for f in range(2 * STOP))
# flags that need more than the table: titles, suffixes, common words (surname after a name)
_SPECIAL = TITLE | SUFFIX | COMMON | STOP | PLACE_ORG | ACRONYM


def _phrase_mask(words: list[str], flags: list[int], lex: lx.Lexicon) -> list[bool]:
    """Tokens covered by a listed multi-word non-person phrase ("New York Times")."""
    covered = [False] * len(words)
    lows = [w.lower() for w in words]
    for i, f in enumerate(flags):
        if not f & PHRASE_START:
            continue
        for seq in lex.phrases[lows[i]]:
            if tuple(lows[i : i + len(seq)]) == seq:
                for j in range(i, i + len(seq)):
                    covered[j] = True
                break
    return covered


def name_tokens(words: list[str], flags: list[int], lex: lx.Lexicon) -> list[bool]:
    """Which tokens of a run may belong to a person's name."""
    n = len(words)
    strict = _STRICT
    covered = None
    for f in flags:
        if f & PHRASE_START:
            covered = _phrase_mask(words, flags, lex)
            break
    ok = [False] * n
    prev_w = ""
    after_particle = False

    def ok_next(i: int) -> bool:
        return bool(strict[flags[i + 1]])

    for i, f in enumerate(flags):
        w = words[i]
        if w in _REGNAL and i and ok[i - 1] and (w != "I" or (i > 1 and flags[i - 2] & TITLE)):
            # a regnal number ends the name: "Henry VIII", "Benedict XVI", "Malcolm X", and "I"
            # after a title only ("Queen Elizabeth I"; not "Tom I think")
            ok[i] = True
            prev_w, after_particle = w, False
            continue
        if prev_w in _PLACE_PREFIX or w in _POST_NOMINALS or (covered and covered[i]):
            prev_w, after_particle = w, False
            continue  # "St. Louis", "Fort Worth", "Jr.", "New York"
        prev_w = w
        if after_particle:
            after_particle = False
            if not f & _NO_SURNAME:
                ok[i] = True  # the surname a particle opens: "Laden" of "Bin Laden"
                continue
        if w in NAME_PARTICLES and i + 1 < n and not flags[i + 1] & _NO_SURNAME:
            ok[i] = after_particle = True
        elif w[-1] == "." and is_initial(w):
            ok[i] = True  # an initial, kept only inside a name
        elif len(w) == 1 and i and ok[i - 1] and flags[i - 1] & GIVEN and i + 1 < n and strict[flags[i + 1]]:
            ok[i] = True  # an initial written without its dot: "George W Bush", "Michael J Fox"
        elif not f & _SPECIAL:
            ok[i] = strict[f]
        elif (
            f & _TITLE_NAME == _TITLE_NAME
            and i
            and flags[i - 1] & HONORIFIC
            and (i + 1 == n or not ok_next(i))
        ):
            # a name that is also a title, after an honorific: "Mr King", "Mr Major" (a title
            # that is no given name is an address there: "Mr Speaker", "Mr Mayor")
            ok[i] = True
        elif f & TITLE and f & GIVEN and not (f & SURNAME and i + 1 == n and i and ok[i - 1]):
            # "Dean Kamen" (a name) vs "Bishop Desmond Tutu" (a title); "Mervyn King" ends
            # with a surname (next branch)
            nxt = flags[i + 1] if i + 1 < n else 0
            ok[i] = i + 1 < n and not (f & HONORIFIC and nxt & GIVEN) and not nxt & TITLE and strict[nxt]
        elif f & TITLE and f & SURNAME and i and ok[i - 1] and (i + 1 == n or not ok_next(i)):
            ok[i] = True  # "Coretta Scott King", "Elaine Duke"
        elif f & SUFFIX and not f & GIVEN:
            # "Hall" ends "Arsenio Hall" but not "Refugee Council Enver Solomon"
            ok[i] = i > 0 and ok[i - 1] and not flags[i - 1] & SUFFIX and strict[f]
        elif strict[f]:
            ok[i] = True
        elif (
            i > 0
            and ok[i - 1]
            and flags[i - 1] & GIVEN
            and not f & (STOP | PLACE_ORG | TITLE | SUFFIX | ACRONYM)
            and (i + 1 == n or not strict[flags[i + 1]])
        ):
            ok[i] = True  # a common word as surname after a given name: "Mark Twain"
    return ok


def judge(
    text: str,
    base: int,
    toks: list[Token],
    flags: list[int],
    i: int,
    k: int,
    head: bool,
    lex: lx.Lexicon,
) -> Candidate | None:
    """Decide what the segment ``toks[i..k]`` is worth (level 2 sure, 1 cued, 0 if linked).

    Token offsets are relative to ``base``, the offset of their run in ``text``.

    Context (previous and next words, sentence start) is looked at only when needed.
    """
    f0 = flags[i]
    if k > i and toks[i][2] not in NAME_PARTICLES:
        f1 = flags[i + 1]
        if (
            not f0 & _NAME_LISTS
            and f1 & GIVEN
            and not f1 & PLACE_ORG
            and not is_initial(toks[i][2])
            and toks[i + 1][2][0].isupper()
            and lx.fold_accents(toks[i][2].lower()) not in lex.world_given
        ):
            # "Scientologist Tom Cruise", "Brampton Spider-Gwen": drop the modifier (but not
            # a given name of the world lists: "Mervyn King")
            return judge(text, base, toks, flags, i + 1, k, head, lex)
        if (
            f0 & COMMON
            and not f0 & GIVEN
            and i == 0
            and not is_initial(toks[0][2])
            and is_sentence_start(text, base + toks[0][0])
        ):
            # "Yesterday Mohamed ...": a capitalised sentence opener is not part of the name
            return judge(text, base, toks, flags, i + 1, k, head, lex)
    last = len(toks) - 1
    after = toks[k + 1][2] if k < last else ""
    if after and flag_is_org(lex.flags(after)):
        return None  # "Chiang Kai Shek Memorial", "Webber Douglas Academy"
    start, end = base + toks[i][0], base + toks[k][1]
    if in_firm_name(text, start, end, lex):
        return None  # "Dow Jones & Co", "Marks & Spencer"
    if k > i:
        return _judge_multi(text, base, toks, flags, i, k, head, lex)
    prev = prev_word(text, start)
    if prev.lstrip(_OPENING) in _ARTICLES or (f0 & PLACE_ORG and prev in _PLACE_BEFORE):
        return None  # "a Baker has no business", "in Washington"
    if head:
        return Candidate(start, end, toks[i][2], (toks[i][2],), 0, False)
    word = toks[i][2]
    plain = not f0 & _WEAK or bool(f0 & _NAME_LISTS and not f0 & PLACE_ORG)
    prev_f = flags[i - 1] if i else 0
    if prev_f & HONORIFIC:
        level = 0 if f0 & PLACE_ORG and not f0 & GIVEN else 1
        return Candidate(start, end, word, (word,), level, plain)
    if not plain or f0 & COMMON:
        # "Smith said", but not "Alibaba Cloud posted"
        level = _common_level(text, start, end, f0, plain, lex) if i == 0 and k == last else 0
        return Candidate(start, end, word, (word,), level, plain or _place_given(f0))
    if prev_f & TITLE or after in _REGNAL:
        return Candidate(start, end, word, (word,), 1, plain)
    if k == last:
        return _judge_bare(text, start, end, word, f0, lex, i == 0, prev)
    role = i == 0 and prev in lex.roles
    return Candidate(start, end, word, (word,), 1 if role else 0, plain)


def _judge_multi(
    text: str,
    base: int,
    toks: list[Token],
    flags: list[int],
    i: int,
    k: int,
    head: bool,
    lex: lx.Lexicon,
) -> Candidate | None:
    """A segment of two words or more."""
    start, end = base + toks[i][0], base + toks[k][1]
    words = tuple(t[2] for t in toks[i : k + 1])
    span = text[start:end]
    seg = flags[i : k + 1]
    f0 = seg[0]
    if head:
        sure = f0 & GIVEN and not f0 & (COMMON | PLACE_ORG)
        sure = sure and all(f & _NAME_LISTS or not f & COMMON for f in seg[1:])
        if sure:
            return Candidate(start, end, span, words, 2, False)
        # "Venezuela’s Machado Isn’t": the whole, or else one word, may name a known person
        return Candidate(start, end, span, words, 0, False, _head_parts(base, toks, flags, i, k))
    if seg[-1] & SUFFIX and (not f0 & GIVEN or f0 & _WEAK):
        return None  # "Norton Bridge", "Grant Park"
    if (
        f0 & GIVEN
        and (
            not f0 & PLACE_ORG
            # "Paris Hilton", "Chad Michael Murray" but not "Les Amants", "Houston Astros"
            or all(f & _NAME_LISTS and not f & _WEAK for f in seg[1:])
        )
    ):
        return Candidate(start, end, span, words, 2, False)
    # "Hamdullah Mohib", "Condoleezza Rice": an unknown word, then surname-like words
    plain = not f0 & _WEAK and not any(f & PLACE_ORG for f in seg)
    if plain:
        plain = all(not f & COMMON for f in seg[1:-1]) and (not seg[-1] & COMMON or bool(seg[-1] & SURNAME))
    if plain or any(is_initial(w) for w in words) or (i and flags[i - 1] & TITLE):
        return Candidate(start, end, span, words, 2, False)
    if k == i + 1 and _surname_pair(f0, seg[1]) and not is_sentence_start(text, start):
        return Candidate(start, end, span, words, 2, False)  # "with Tucker Carlson of"
    cue = False
    if i == 0:
        cue = prev_word(text, start) in lex.roles
    if not cue and k == len(toks) - 1:
        nxt = next_word(text, end)
        cue = nxt in _STRONG_NEXT if text[end : end + 1] == "," else nxt in lex.speech
    return Candidate(start, end, span, words, 2 if cue else 0, False)


def _surname_pair(f0: int, f1: int) -> bool:
    """Two surnames, the first also a word, the second not: "Tucker Carlson", "Hunter Biden"."""
    return bool(
        f0 & SURNAME
        and not f0 & (PLACE_ORG | TITLE | STOP | SUFFIX)
        and f1 & SURNAME
        and not f1 & (_WEAK | TITLE | SUFFIX)
    )


def _place_given(f: int) -> bool:
    """A given name that is also a place ("Jordan", "Madison"): may stand for a first name."""
    return bool(f & GIVEN and f & PLACE_ORG and not f & COMMON)


def _head_parts(base: int, toks: list[Token], flags: list[int], i: int, k: int) -> tuple[Token, ...]:
    """Words of a Title Case segment that may be a known person's surname on their own."""
    return tuple(
        (base + s, base + e, w)
        for j, (s, e, w) in enumerate(toks[i : k + 1], i)
        if not flags[j] & (COMMON | PLACE_ORG | TITLE | STOP | ACRONYM)
    )


def _judge_bare(
    text: str, start: int, end: int, word: str, f: int, lex: lx.Lexicon, first: bool, prev: str
) -> Candidate | None:
    """A plain bare name at the end of its run: cued by the words around it, or not.

    ``first``: the name opens its run; ``prev``: the word before it (:func:`prev_word`).
    """
    nxt = next_word(text, end)
    if nxt in _GROUP_AFTER:
        return None
    if nxt in _LEADER_AFTER:
        return Candidate(start, end, word, (word,), 1, True)  # "the Monti government"
    if not first:
        prev = ""
    if prev in _THING_BEFORE:
        return None  # "the ship Constance"
    if prev == "the":
        return Candidate(start, end, word, (word,), 0, True)  # "the Constance"
    if prev in _LOCATIVE and text[end : end + 1] not in ("'", "’"):
        return Candidate(start, end, word, (word,), 0, False)  # "a company in Calder has"
    if text[end : end + 1] == ",":
        cued = nxt in _STRONG_NEXT
    else:
        cued = nxt in lex.speech
        if not cued and nxt in lex.follow and f & _NAME_LISTS:
            cued = not (first and is_sentence_start(text, start))
    if not cued and first:
        cued = prev in lex.roles
    if not cued:
        cued = context_cue(text, start, end, lex.roles)
    if not cued and first:
        cued = _lone_given(text, end, word, f, lex)
    return Candidate(start, end, word, (word,), 1 if cued else 0, True)


def _lone_given(text: str, end: int, word: str, f: int, lex: lx.Lexicon) -> bool:
    """A given name that is no word or place, alone: "Greta opened the door."

    Not a hyphenated word unless its last part is a listed name ("Alexander-Arnold", not
    "Oscar-winning", "Asia-Pacific"), a product named like a person ("Claude", "Alexa"), the
    first word of a possessive title ("Angie's List") or of a word cut at a quote mark
    ("Shari‘a").
    """
    if not f & GIVEN or f & _NOT_COMMON_NAME or word.lower() in _PRODUCT_NAMES:
        return False
    if "-" in word:
        last = word.rsplit("-", 1)[1]
        if not last[:1].isupper() or not lex.flags(last) & _NAME_LISTS:
            return False
    nxt = text[end : end + 1]
    if nxt in _QUOTE_MARKS:
        return text[end + 1 : end + 3] == "s " and not text[end + 3 : end + 4].isupper()
    return True


def _common_level(text: str, start: int, end: int, f: int, plain: bool, lex: lx.Lexicon) -> int:
    """1 for a name that is also a dictionary word ("Smith said"), given a strong cue; else 0."""
    if plain and f & _NAME_LISTS and not f & _NOT_COMMON_NAME:
        return 1 if common_cue(text, start, end, lex.speech, lex.roles) else 0
    return 0


def judge_single(
    text: str, start: int, end: int, word: str, f: int, head: bool, lex: lx.Lexicon
) -> Candidate | None:
    """A lone capitalised word (a run of one): a bare name or nothing."""
    prev = prev_word(text, start)
    if prev.lstrip(_OPENING) in _ARTICLES or (f & PLACE_ORG and prev in _PLACE_BEFORE):
        return None  # "a Baker has no business", "in Washington", "Findings to Washington"
    if in_firm_name(text, start, end, lex):
        return None  # "Marks & Spencer"
    if head:
        return Candidate(start, end, word, (word,), 0, False)
    plain = not f & _WEAK or bool(f & _NAME_LISTS and not f & PLACE_ORG)
    if not plain or f & COMMON:
        level = _common_level(text, start, end, f, plain, lex)
        return Candidate(start, end, word, (word,), level, plain or _place_given(f))
    return _judge_bare(text, start, end, word, f, lex, True, prev)
