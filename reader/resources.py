"""Files shipped with Byline: styles and the bundled sample articles."""

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
