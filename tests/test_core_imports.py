"""The core (everything outside reader.tui) imports without Textual, module by module."""

import pkgutil
import subprocess
import sys

import reader

CORE = sorted(
    module.name
    for module in pkgutil.walk_packages(reader.__path__, "reader.")
    if not module.name.startswith("reader.tui") and module.name != "reader.__main__"
)


def test_there_is_a_core_to_check() -> None:
    assert {"reader.store", "reader.ingest.refresh", "reader.people.extract", "reader.cli"} <= set(CORE)


def test_no_core_module_imports_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "    loaded = [m for m in ('textual', 'rich') if m in sys.modules]\n"
        "    if loaded:\n"
        "        sys.exit(f'{name} imports {loaded}')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr or result.stdout
