"""Files shipped with Byline: styles, the bundled sample articles and the people data."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder `name`, inside an installed wheel or at the top of a source checkout."""
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def samples_dir() -> Path:
    return resource_dir("sample_articles")


def styles_dir() -> Path:
    return resource_dir("styles")


def people_data_dir() -> Path:
    """The word lists and weights of the people extractor (``reader/people/data``).

    Found from here, not from the extractor's own modules: compiled, their ``__file__`` need
    not name the source tree.
    """
    return _PACKAGE / "people" / "data"
