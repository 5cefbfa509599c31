"""People extraction: find the people named in an article and resolve their mentions."""

from reader.people.extract import Mention, extract_people

# Bump when extraction finds different people in the same text: libraries stored with another
# version find the people of every article again, once, in the background.
PEOPLE_MODEL_VERSION = 1

__all__ = ["PEOPLE_MODEL_VERSION", "Mention", "extract_people"]
