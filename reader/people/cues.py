"""Context cues for a lone name outside plain news prose (used by :mod:`rules`).

Each cue looks at a few characters around one word, so the cost per word is constant:

- a speaker label at a line start ("Haddad: Well, ..."; "MR. SMITH: We object.");
- a dialogue tag before the name, the name then ending the clause ('"Why?" asked Tom.');
- a vocative after a greeting or thanks ("Thank you, Mary."; "Dear Margaret,");
- an appositive: an age or a role noun phrase ("Neymar, the Brazilian forward,"; "Lee, 45,");
- an academic citation ("Croft (2004)"; "(Langacker 1987)"; "Halliday et al.").

And one cue against a name: joined by "&" to a capitalised word, it names a firm
(:func:`in_firm_name`).

Words that are also dictionary words ("Tom", "Will", "Smith", "Baker") take only the stronger
cues (:func:`common_cue`): a speech verb right after, or one of the cues above but a speaker
label ("Host:", "Price:" head lines of a page as often as they name a speaker). A label in
capitals names a person when its word is a listed name and no dictionary word ("HADDAD:"), or
follows an honorific ("MR. SMITH:"); see :func:`caps_label`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reader.people.lexicon import (
    ACRONYM,
    COMMON,
    GIVEN,
    HONORIFIC,
    PLACE_ORG,
    STOP,
    SUFFIX,
    SURNAME,
    TITLE,
    Lexicon,
)
from reader.people.tokens import prev_word

# verbs of saying that stand before the name in a dialogue tag ("said Anna.")
_TAG_BEFORE = frozenset(
    """said says asked asks replied replies answered answers whispered shouted cried added
    continued muttered murmured yelled laughed sighed insisted explained repeated
    snapped demanded agreed protested""".split()
)
_TAG_LAST = frozenset(w[-1] for w in _TAG_BEFORE)
_CLAUSE_END = frozenset(".,!?;")
_GREETING_RE = re.compile(
    r"(?:\b(?:[Tt]hank you|[Tt]hanks|THANK YOU)[,!]? "
    r"|(?:^|\n|[.!?\"“] )(?:Dear|Hello,?|Hi,?|Hey,?|Goodbye,?) )$"
)
_GREETING_LAST = frozenset(",!sUroiye")  # last characters of the greetings
_GREETING_SPAN = 14  # characters before a name searched for a greeting
_APPOSITION_OPENERS = frozenset({"the", "a", "an", "his", "her", "their"})
_AGE_RE = re.compile(r", \d{1,3},")
_YEAR = r"(?:1[5-9]|20)\d\d[a-z]?"
_ET_AL_RE = re.compile(r" et al\.")
_CITED_YEAR_RE = re.compile(rf" \({_YEAR}[),;:]")  # "Croft (2004)", after "by", "and" ...
_IN_PARENS_RE = re.compile(rf",? {_YEAR}[);,]")  # "(Langacker 1987)", "(Croft, 2004;"
# after "X & Y": a year after a comma or a bracket, or before a closing mark, or "[7]"
_PAIR_CITED_RE = re.compile(rf"(?:[,;]\s*|\s*[(\[]){_YEAR}|\s+{_YEAR}[;,)\]]|\s*\[\d")
_WORD_RE = re.compile(r"[\w'’.-]+")
# lower-case words before "Name (2004)" that make it a citation, not a film ("Stoker (2013)")
_CITED_AFTER = frozenset({"by", "and", "&", "see", "cf."})
# determiners before a capitalised dictionary word mean the word ("the bill said")
_DETERMINERS = frozenset(
    "the this that these those his her its their our my your every each no any some".split()
)
_NOT_LABEL = PLACE_ORG | TITLE | STOP | SUFFIX | ACRONYM
_HONORIFIC_CAPS = frozenset({"MR", "MR.", "MRS", "MRS.", "MS", "MS.", "DR", "DR.", "MISS"})


def at_line_start(text: str, pos: int) -> bool:
    """Only spaces or tabs between ``pos`` and the start of its line."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] == "\n"


def _label(text: str, start: int, end: int) -> bool:
    """A speaker label: the word ends with ": " and starts its line."""
    return (
        text[end : end + 1] == ":" and text[end + 1 : end + 2] in (" ", "\t") and at_line_start(text, start)
    )


def _appositive(text: str, end: int, roles: frozenset[str]) -> bool:
    """ ", 45," or ", the Brazilian forward," right after the name."""
    if _AGE_RE.match(text, end):
        return True
    chunk = text[end + 2 : end + 60]
    if not chunk:
        return False
    words = []
    for w in chunk.split(" "):
        stop = w[-1:] in ",.;:" if w else False
        words.append(w.rstrip(",.;:"))
        if stop or len(words) > 6:
            break
    else:
        return False
    return len(words) >= 2 and words[0] in _APPOSITION_OPENERS and words[-1] in roles


def context_cue(text: str, start: int, end: int, roles: frozenset[str], label: bool = True) -> bool:
    """Does the context mark the word at ``start:end`` as a person's name? (See module doc.)

    ``label``: may a speaker label count (not for dictionary words: "Host:", "Price:").
    """
    after = text[end : end + 1]
    if after == " ":  # the usual case: only a citation can follow
        nxt = text[end + 1 : end + 2]
        return (nxt == "(" or nxt == "e" or nxt.isdigit()) and _citation(text, start, end)
    if after == ":":
        return label and _label(text, start, end)
    if after in _CLAUSE_END or not after:
        before = text[start - 2 : start - 1]  # cheap filters: last letters of the cue words
        if before in _TAG_LAST and prev_word(text, start) in _TAG_BEFORE:
            return True
        if before in _GREETING_LAST and _GREETING_RE.search(text, max(0, start - _GREETING_SPAN), start):
            return True
        if after == "," and _appositive(text, end, roles):
            return True
    return after == "," and _citation(text, start, end)


def _citation(text: str, start: int, end: int) -> bool:
    """ "Halliday et al.", "(Langacker 1987)", "by Cruse and Croft (2004)"."""
    if _ET_AL_RE.match(text, end):
        return True
    if text[start - 1 : start] == "(":
        return _IN_PARENS_RE.match(text, end) is not None
    if _CITED_YEAR_RE.match(text, end) is None:
        return False
    before = text[max(0, start - 8) : start].rsplit(None, 1)
    return bool(before) and before[-1] in _CITED_AFTER and text[start - 1 : start] == " "


def common_cue(text: str, start: int, end: int, speech: frozenset[str], roles: frozenset[str]) -> bool:
    """A name that is also a dictionary word ("Tom", "Smith"): a strong cue only."""
    cued = False
    if text[end : end + 1] == " ":
        nxt = text[end + 1 : end + 14].split(" ", 1)[0].rstrip(".,;:!?\"”’'")
        cued = nxt in speech and nxt not in ("who", "whose")
    cued = cued or context_cue(text, start, end, roles, label=False)
    return cued and prev_word(text, start) not in _DETERMINERS


def caps_label(text: str, start: int, end: int, flags: Callable[[str], int]) -> tuple[int, str, int] | None:
    """A speaker label in capitals ("HADDAD:", "MR. SMITH:"): (start, word, level), or None.

    ``flags`` gives the lexicon flags of a word (looked up title-cased: "Smith").
    """
    if not _label(text, start, end):
        return None
    parts = text[start:end].split(" ")
    honorific = len(parts) == 2 and parts[0] in _HONORIFIC_CAPS
    if len(parts) > 2 or (len(parts) == 2 and not honorific):
        return None
    word = parts[-1]
    if len(word) < 3 or not word.isalpha():
        return None
    f = flags(word.title())
    if f & _NOT_LABEL or not (honorific or f & (GIVEN | SURNAME)):
        return None
    sure = honorific or not f & COMMON  # else ("SMITH:") only a name met elsewhere
    return end - len(word), word, 1 if sure else 0


def in_firm_name(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """Is the span joined by "&" to a capitalised word ("Marks & Spencer", "Merrill Lynch & Co")?
    In news that names a firm, people being joined by "and"; but not two full names, where a given
    name stands across the "&" ("Karl Langdon & Harvey Deegan", a duo), nor a citation, which a
    year or a reference follows ("Dye & Bavelier, 2010", "Carrano & Biewener [7]")."""
    if text.startswith(" & ", end) and text[end + 3 : end + 4].isupper():
        other = _WORD_RE.match(text, end + 3)
        if other is None or _PAIR_CITED_RE.match(text, other.end()):
            return False
        nxt = text[other.end() + 1 : other.end() + 2]
        duo = text[other.end() : other.end() + 1] == " " and nxt.isupper()
        return not (duo and _given_name(other.group(), lex))  # not "& Harvey Deegan"
    if start >= 4 and text.startswith(" & ", start - 3) and text[start - 4].isalpha():
        if _PAIR_CITED_RE.match(text, end):
            return False
        before = text[max(0, start - 40) : start - 3].split()
        return len(before) < 2 or not _given_name(before[-2], lex)  # not "Karl Langdon & Harvey"
    return False


def flag_is_org(f: int) -> bool:
    """A token that, right after a name, makes it part of an organisation or place name."""
    return bool(f & SUFFIX) and not f & (STOP | TITLE | GIVEN)


def _given_name(word: str, lex: Lexicon) -> bool:
    """A capitalised given name that is no function, place or title word ("Harvey"; not "The")."""
    return word[:1].isupper() and not lex.flags(word) & (STOP | PLACE_ORG | TITLE) and lex.is_given(word)


# After a name, words that only a person takes: "Erdogan, who", "Rihanna said she", "Lorde's
# mother", "Xi himself". Products and firms take "which", "it" and "its".
_PERSON_AFTER = re.compile(
    r"(?:,? who\b| (?:said|says|told|added|wrote|thinks|believes|insisted|admitted) (?:he|she)\b"
    r"|['’]s (?:wife|husband|son|daughter|mother|father|brother|sister|parents|children|family"
    r"|boyfriend|girlfriend|partner)\b| (?:himself|herself)\b)"
)


def vouched(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """Does the story vouch that the name at ``start:end`` is a person's: a title or an
    honorific before it ("Mr. Erdogan", "President Erdogan", "Sheikh Hasina"), or words only a
    person takes after it ("Rihanna, who", "Lorde said she")? What confirms someone named by one
    word only across a library."""
    if _PERSON_AFTER.match(text, end):
        return True
    chunk = text[max(0, start - 24) : start].rstrip()
    parts = chunk.removesuffix(".").rsplit(None, 1)
    word = parts[-1] if parts else ""
    # a capital: "the first Claude model" has an adjective, not a title, before its name
    return word.isalpha() and word[0].isupper() and bool(lex.flags(word) & (HONORIFIC | TITLE))
