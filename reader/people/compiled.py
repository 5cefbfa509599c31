"""Which modules of the extractor run compiled (mypyc, `hooks.mypyc` in pyproject.toml), and
whether one is older than its source: Python imports a compiled module before its source, so an
edit to a compiled module's source does nothing until Byline is installed again."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
_SUFFIXES = (".so", ".pyd")


def compiled_modules(folder: Path = HERE) -> dict[Path, Path]:
    """Each source in ``folder`` (this package) with a compiled module beside it -> that module."""
    found = {}
    for path in folder.iterdir():
        stem = path.name.split(".", 1)[0]
        if path.suffix in _SUFFIXES and not stem.endswith("__mypyc"):
            source = folder / f"{stem}.py"
            if source.exists():
                found[source] = path
    return found


def stale_modules(folder: Path = HERE) -> list[str]:
    """The sources edited after they were compiled (by name), which their compiled module hides."""
    return sorted(
        source.name
        for source, built in compiled_modules(folder).items()
        if source.stat().st_mtime > built.stat().st_mtime
    )


def is_compiled(module: ModuleType) -> bool:
    """Does this module run compiled (its file a shared library, not its source)?"""
    return str(getattr(module, "__file__", "")).endswith(_SUFFIXES)
