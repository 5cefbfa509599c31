"""People extraction: find the people named in an article and resolve their mentions."""

from reader.people.extract import Mention, extract_people

__all__ = ["Mention", "extract_people"]
