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
_ABBR = (
    r"(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St|Jr|Sr|Rev|Hon|Pres|Det|Adm|Maj"
    r"|Cpl|Pvt|Fr|Mt|Supt|Insp|Cmdr|Messrs)\."
)
_INITIAL = rf"{U}\.(?:{U}\.)*"
_WORD = rf"(?:[dl]['’]|[ae]l-)?{U}\w*(?:['’]{U}\w*)?(?:[-‐]\w+)*"
TOKEN = f"(?:{_ABBR}|{_INITIAL}|{_WORD})"
PARTICLES = "de|da|di|du|del|della|der|den|van|von|le|la|bin|ibn|al|el|dos|das|ter|ten|zu"
_SEP = rf" (?:(?:{PARTICLES}) ){{0,2}}(?:[\"“]{U}\w+[\"”] )?"

RUN_RE = re.compile(rf"{TOKEN}(?:{_SEP}{TOKEN})*")
TOKEN_RE = re.compile(TOKEN)
_LONG_WORD_RE = re.compile(r"[^\W\d_]{4,}")

_OPENERS = frozenset("\"“‘'([«")
_ENDERS = frozenset(".!?:\n•|")


def is_sentence_start(text: str, pos: int) -> bool:
    """True if only spaces/openers stand between ``pos`` and a sentence boundary."""
    i = pos - 1
    while i >= 0 and (text[i] == " " or text[i] in _OPENERS):
        i -= 1
    if i < 0:
        return True
    ch = text[i]
    if ch in _ENDERS:
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


def is_headline(text: str, pos: int, cache: dict[int, bool]) -> bool:
    """True if the line holding ``pos`` is in Title Case (capitals carry no signal there)."""
    start = text.rfind("\n", 0, pos) + 1
    got = cache.get(start)
    if got is None:
        end = text.find("\n", pos)
        line = text[start : end if end >= 0 else len(text)]
        words = _LONG_WORD_RE.findall(line)
        caps = sum(1 for w in words if w[0].isupper())
        got = 3 <= len(words) <= 16 and caps >= 0.75 * len(words) and line.rstrip()[-1:] != "."
        cache[start] = got
    return got

