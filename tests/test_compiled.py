"""The people extractor compiled with mypyc (pyproject.toml, ``hooks.mypyc``): the compiled
modules are the ones that run, they were built from the sources beside them, and they find
exactly what the same sources find as plain Python."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from reader.people import extract
from reader.people.compiled import compiled_modules, is_compiled, stale_modules

ROOT = Path(__file__).resolve().parents[1]
HOOK = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]
LISTED = HOOK["targets"]["wheel"]["hooks"]["mypyc"]["include"]
PLAIN = bool(os.environ.get("HATCH_BUILD_NO_HOOKS"))  # the switch that installs them as plain Python


def _module(source: str) -> str:
    return source.removesuffix(".py").replace("/", ".")


def test_the_listed_modules_are_the_extractors_own() -> None:
    listed = {(ROOT / path).name for path in LISTED}
    assert listed >= {"extract.py", "features.py", "model.py", "rules.py", "resolve.py", "tokens.py"}
    assert all((ROOT / path).is_file() for path in LISTED)


@pytest.mark.skipif(PLAIN, reason="installed as plain Python (HATCH_BUILD_NO_HOOKS)")
def test_every_listed_module_runs_compiled_and_is_newer_than_its_source() -> None:
    for path in LISTED:
        module = importlib.import_module(_module(path))
        assert is_compiled(module), f"{path} runs as plain Python: install again (make test does)"
    assert {source.relative_to(ROOT).as_posix() for source in compiled_modules()} == set(LISTED)
    assert stale_modules() == [], "changed after they were compiled: install again (make test does)"


def test_a_source_edited_after_it_was_compiled_is_stale(tmp_path: Path) -> None:
    """What keeps the trainer and the bench from running code that is not the source's."""
    for name in ("rules", "tokens"):
        (tmp_path / f"{name}.py").write_text("", encoding="utf-8")
        (tmp_path / f"{name}.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    (tmp_path / "rules__mypyc.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    (tmp_path / "orphan.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")  # no source beside it
    assert {source.name for source in compiled_modules(tmp_path)} == {"rules.py", "tokens.py"}
    assert stale_modules(tmp_path) == []
    later = (tmp_path / "tokens.py").stat().st_mtime + 10
    os.utime(tmp_path / "tokens.py", (later, later))  # edited after the build
    assert stale_modules(tmp_path) == ["tokens.py"]


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "sample_articles").iterdir())]
    news = json.loads((ROOT / "tests" / "data" / "news_people.json").read_text(encoding="utf-8"))
    texts += [doc["text"] for doc in news]
    texts += [
        "MR. SMITH: Thank you. \n É É Mr. \n",
        "Dear Katherine:\nPresident Émile Zola-Bénard’s aide, al-Sabunji, met d'Alembert.",
        "ÉDITION: Ein Blick auf die Corte Nacional da Espanha, sagte Angela Merkel.",
        "\x00\u202e" + "Xx " * 500,
    ]
    return texts


@pytest.mark.skipif(PLAIN, reason="installed as plain Python (HATCH_BUILD_NO_HOOKS)")
def test_compiled_and_plain_python_find_the_same_people(tmp_path: Path) -> None:
    """The same sources, copied without their compiled modules, run in a process of their own."""
    sources_only = shutil.ignore_patterns("*.so", "*.pyd", "__pycache__")
    shutil.copytree(ROOT / "reader", tmp_path / "reader", ignore=sources_only)
    texts = _texts()
    (tmp_path / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    script = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "from reader.people import extract\n"
        "texts = json.load(open(sys.argv[1], encoding='utf-8'))\n"
        "print(json.dumps([extract.__file__, [extract.extract_people(t) for t in texts]]))\n"
    )
    command = [sys.executable, "-c", script, str(tmp_path / "texts.json")]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    plain_file, plain = json.loads(done.stdout)
    assert plain_file.endswith(".py")
    assert is_compiled(extract)  # else this compares plain Python with itself
    compiled = [[list(m) for m in extract.extract_people(t)] for t in texts]
    assert sum(map(len, compiled)) > 100
    assert compiled == plain
