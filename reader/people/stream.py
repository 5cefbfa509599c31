"""Streaming JSON lines: ``{"id", "text"}`` in, ``{"id", "people": [...]}`` out, one per line.

A line that cannot be handled (bad JSON, not an object, no string ``text``) yields
``{"id": <id or null>, "error": "..."}`` and the stream goes on. Blank lines are skipped.
Each output line is flushed as soon as it is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from reader.people.extract import extract_people


def process_line(line: str) -> dict[str, Any]:
    """The output object for one input line."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"invalid JSON: {exc.msg} at column {exc.colno}"}
    if not isinstance(obj, dict):
        return {"id": None, "error": "expected a JSON object"}
    doc_id = obj.get("id")
    text = obj.get("text")
    if not isinstance(text, str):
        return {"id": doc_id, "error": "missing or non-string 'text'"}
    people = [
        {"start": m.start, "end": m.end, "text": m.text, "canonical": m.canonical}
        for m in extract_people(text)
    ]
    return {"id": doc_id, "people": people}


def extract_stream(lines: Iterable[str], out: TextIO) -> None:
    """Read JSON lines from ``lines`` and write one result line per input line to ``out``."""
    for line in lines:
        if not line.strip():
            continue
        out.write(json.dumps(process_line(line), ensure_ascii=False) + "\n")
        out.flush()
