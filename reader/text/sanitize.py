"""One sanitiser for every string that comes from outside (feeds, files, servers).

It removes what could drive a terminal or reorder text on screen: escape sequences
(CSI, OSC, DCS and friends), C0 controls other than newline and tab, DEL, C1 controls,
bidirectional overrides/isolates, and lone surrogates (undecodable bytes smuggled in by
`surrogateescape`, which neither SQLite nor a terminal accepts); line and paragraph
separators become newlines. Markup is not handled here: the UI never parses outside text
as markup, it renders it as plain `Text`.
"""

import re

_ESCAPES = (
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI ... final byte
    r"|\x1b[\]P^_X].*?(?:\x07|\x1b\\|\x9c|$)"  # OSC/DCS/PM/APC/SOS up to their terminator
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    r"|[\x9d\x90\x9e\x9f].*?(?:\x07|\x1b\\|\x9c|$)"  # 8-bit OSC/DCS/PM/APC
    r"|\x1b[ -/]*[0-~]?"  # other two/three-byte escapes
)
_CONTROLS = (
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb\ud800-\udfff]"
)
_UNSAFE = re.compile(f"{_ESCAPES}|{_CONTROLS}", re.DOTALL)
_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """Return `text` without escape sequences and control characters (keeps \\n and \\t)."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _UNSAFE.sub("", text)


def clean_line(text: str | None) -> str:
    """Like `clean`, folded to one line: every run of whitespace becomes one space."""
    return clean_run(text).strip()


def clean_run(text: str | None) -> str:
    """`clean_line` for a piece of a line (a search hit and the words around it): the spaces at
    its ends stay, folded to one, so the pieces read right when drawn side by side."""
    return _SPACES.sub(" ", clean(text))
