"""The core (store, ingest, people, text, library, CLI helpers) imports without Textual."""

import subprocess
import sys

import pytest

CORE = [
    "reader.store",
    "reader.config",
    "reader.library",
    "reader.indexing",
    "reader.ingest.local",
    "reader.text",
    "reader.people",
    "reader.cli",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules or 'rich' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
