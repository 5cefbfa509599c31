"""People extraction: find the people named in an article and resolve their mentions.

The extractor loads on first use (`extract_people`), so the store can use
`reader.people.names` without paying for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.people.names import NAMES_VERSION

if TYPE_CHECKING:
    from reader.people.extract import Mention, extract_people

# Bump when extraction finds different people in the same text, or what a library keeps of them
# changes: libraries stored with another version find the people of every article again, once,
# in the background.
PEOPLE_MODEL_VERSION = 16
# What a library records: the extractor's version and that of the name keys (reader.people.names).
PEOPLE_VERSION = f"model {PEOPLE_MODEL_VERSION}, names {NAMES_VERSION}"

__all__ = ["PEOPLE_MODEL_VERSION", "PEOPLE_VERSION", "Mention", "extract_people"]


def __getattr__(name: str) -> Any:
    if name in ("Mention", "extract_people"):
        from reader.people import extract

        return getattr(extract, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
