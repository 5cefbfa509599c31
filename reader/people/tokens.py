"""Compiled patterns and cheap context look-ups around capitalised runs."""

from __future__ import annotations

import re


def _upper_class() -> str:
    """A regex character class of every upper- or title-case letter in the BMP."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x10000):
        ch = chr(cp)
        if ch.isupper() or ch.istitle():
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    parts = []
    for lo, hi in ranges:
        parts.append(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
    return "[" + "".join(parts) + "]"


U = _upper_class()
# One token: a capitalised word, with O'Brien / Jean-Luc / U.S. shapes and a final dot that
# may be an abbreviation, an initial or the end of a sentence (sorted out in Python).
TOKEN = rf"{U}\w*(?:['’]{U}\w*)?(?:[-‐]\w+)*(?:\.{U})*\.?"
# Written with a capital, these open an Arab name, whatever the next word means in English
# ("Bin Laden", "Abu Hamza"); "Al" and "El" also open organisations ("Al Qaeda", "El País").
# Those of SURNAME_PARTICLES make a surname ("Bin Laden" of "Osama bin Laden"); "Abu Hamza" is
# a name of its own.
SURNAME_PARTICLES = frozenset({"Bin", "Ibn", "Bint"})
NAME_PARTICLES = SURNAME_PARTICLES | {"Abu"}
PARTICLES = frozenset("de da di du del della der den van von le la bin ibn al el dos das ter ten zu".split())
_PART = "|".join(sorted(PARTICLES))
_PREFIX = r"(?:[dl]['’]|[ae]l-)"
# the lookahead on the particles' first letters fails fast on the usual capital after a space
_PART_FIRST = "".join(sorted({p[0] for p in PARTICLES}))
_SEP = rf" (?:(?=[{_PART_FIRST}])(?:{_PART}) ){{0,2}}(?:[\"“]{U}\w+[\"”] )?{_PREFIX}?"
# The pattern starts with a character class, so the regex engine skips non-capitals fast.
RUN_RE = re.compile(rf"{TOKEN}(?:{_SEP}{TOKEN})*")
ABBREVIATIONS = frozenset(
    """Mr Mrs Ms Dr Prof Sen Rep Gov Gen Lt Col Capt Sgt St Jr Sr Rev Hon Pres Det Adm Maj
    Cpl Pvt Fr Mt Supt Insp Cmdr Messrs Ste""".split()
)
_LONG_WORD_RE = re.compile(r"[^\W\d_]{4,}")

_OPENERS = frozenset("\"“‘'([«")
ENDERS = frozenset(".!?:\n•|")


def is_sentence_start(text: str, pos: int) -> bool:
    """True if only spaces/openers stand between ``pos`` and a sentence boundary."""
    i = pos - 1
    while i >= 0 and (text[i] == " " or text[i] in _OPENERS):
        i -= 1
    if i < 0:
        return True
    ch = text[i]
    if ch in ENDERS:
        return True
    return ch in "—–-" and i > 0 and text[i - 1] in "\n "


def prev_word(text: str, pos: int) -> str:
    """The lower-case word just before ``pos`` (a comma may stand between), or ''."""
    chunk = text[max(0, pos - 32) : pos].rstrip(" ,")
    if not chunk or not (chunk[-1].isalpha() or chunk[-1] == "-"):
        return ""
    parts = chunk.rsplit(None, 1)
    return parts[-1].lower() if parts else ""


def next_word(text: str, pos: int) -> str:
    """The word just after ``pos`` (a comma may stand between), lower-cased, or ''."""
    chunk = text[pos : pos + 32].lstrip(" ,")
    if not chunk or not chunk[0].isalpha():
        return ""
    word = chunk.split(None, 1)[0]
    return word.rstrip(".,;:!?\"”’'").lower()


def headline_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines in Title Case, where capitals carry no signal, in text order."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        n = len(line)
        if 12 <= n <= 160 and line.rstrip()[-1:] != ".":
            words = _LONG_WORD_RE.findall(line)
            if 3 <= len(words) <= 16:
                caps = sum(1 for w in words if w[0].isupper())
                if caps >= 0.75 * len(words):
                    spans.append((pos, pos + n))
        pos += n + 1
    return spans


Token = tuple[int, int, str]


def split_run(text: str, start: int, end: int) -> list[list[Token]]:
    """Tokens (start, end, word) of a capitalised run, cut into sentence-bounded pieces.

    Particles ("de", "van") are skipped, a quoted nickname keeps its quotes out, a final dot
    stays on abbreviations and initials ("Mr.", "J.", "U.S.") and otherwise ends a piece.
    """
    pieces: list[list[Token]] = []
    cur: list[Token] = []
    pos = start
    for part in text[start:end].split(" "):
        p_start = pos
        pos += len(part) + 1
        if not part:
            continue
        c = part[0]
        if c.islower() and part in PARTICLES:
            continue
        if c in '"“':
            part = part.strip('"“”')
            p_start += 1
        if part[-1] == ".":
            base = part[:-1]
            if len(base) > 1 and "." not in base and base not in ABBREVIATIONS:
                cur.append((p_start, p_start + len(base), base))
                pieces.append(cur)
                cur = []
                continue
        cur.append((p_start, p_start + len(part), part))
    if cur:
        pieces.append(cur)
    return pieces
