"""The JSON-lines stream: one output line per input line, errors reported in-line."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from reader.people.stream import extract_stream


class FlushCounter(io.StringIO):
    """A text sink that records how many lines had been written at each flush."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed_at: list[int] = []

    def flush(self) -> None:
        self.flushed_at.append(self.getvalue().count("\n"))
        super().flush()


def run(lines: list[str]) -> tuple[list[dict], FlushCounter]:
    out = FlushCounter()
    extract_stream(iter(lines), out)
    return [json.loads(x) for x in out.getvalue().splitlines()], out


def test_people_with_offsets_into_text() -> None:
    text = "Sen. Jeff Sessions said no. “Sessions’ view is clear,” said Maggie Haberman."
    rows, _ = run([json.dumps({"id": "a1", "text": text}) + "\n"])
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == "a1"
    people = row["people"]
    assert [p["text"] for p in people] == ["Jeff Sessions", "Sessions", "Maggie Haberman"]
    for p in people:
        assert text[p["start"] : p["end"]] == p["text"]
        assert set(p) == {"start", "end", "text", "canonical"}
    assert people[1]["canonical"] == "Jeff Sessions"


def test_non_ascii_offsets_are_str_indices() -> None:
    text = "Zoë — ★ — Gérald Darmanin said so."
    rows, _ = run([json.dumps({"id": 7, "text": text}, ensure_ascii=False)])
    people = rows[0]["people"]
    assert [p["text"] for p in people] == ["Zoë", "Gérald Darmanin"]
    for p in people:
        assert text[p["start"] : p["end"]] == p["text"]


def test_malformed_lines_report_errors_and_stream_continues() -> None:
    lines = [
        "{not json\n",
        "[1, 2]\n",
        json.dumps({"id": 3}) + "\n",
        json.dumps({"id": 4, "text": 5}) + "\n",
        "\n",
        json.dumps({"id": 5, "text": "Donald Trump spoke."}) + "\n",
    ]
    rows, _ = run(lines)
    assert len(rows) == 5  # the blank line is skipped
    assert rows[0]["id"] is None and "invalid JSON" in rows[0]["error"]
    assert rows[1] == {"id": None, "error": "expected a JSON object"}
    assert rows[2]["id"] == 3 and "text" in rows[2]["error"]
    assert rows[3]["id"] == 4 and "error" in rows[3]
    assert rows[4]["id"] == 5
    assert [p["canonical"] for p in rows[4]["people"]] == ["Donald Trump"]


def test_each_line_is_flushed_before_the_next_is_read() -> None:
    out = FlushCounter()
    seen: list[int] = []

    def lines() -> Iterator[str]:
        for i in range(3):
            seen.append(out.getvalue().count("\n"))
            yield json.dumps({"id": i, "text": "Nothing here."})

    extract_stream(lines(), out)
    assert seen == [0, 1, 2]
    assert out.flushed_at == [1, 2, 3]
