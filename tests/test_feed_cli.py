"""The feed commands end to end, as subprocesses with a temporary --home."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reader.config import Paths
from reader.store import Store
from tests.feedserver import FeedServer, rss


def byline(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_add_refresh_feeds_export(server: FeedServer, tmp_path: Path) -> None:
    good = server.route("/good", rss(3), etag='"e"')
    bad = server.route("/bad", b"x", status=404)
    assert byline(tmp_path, "add", good, "--tag", "news", "--tag", "daily").returncode == 0
    assert "already subscribed" in byline(tmp_path, "add", good).stdout
    assert byline(tmp_path, "add", bad).returncode == 0
    bad_scheme = byline(tmp_path, "add", "file:///etc/passwd")
    assert bad_scheme.returncode == 2 and "only http and https" in bad_scheme.stderr

    done = byline(tmp_path, "refresh")
    assert done.returncode == 0 and done.stdout == ""  # quiet when not on a terminal
    assert done.stderr.strip().splitlines() == [f"byline: {bad}: HTTP 404 Not Found"]

    feeds = {f["url"]: f for f in json.loads(byline(tmp_path, "feeds", "--json").stdout)}
    assert feeds[good]["articles"] == 3 and feeds[good]["tags"] == ["daily", "news"]
    assert feeds[good]["last_fetch"] and feeds[good]["next_fetch"] and feeds[good]["last_error"] is None
    assert feeds[bad]["last_error"] == "HTTP 404 Not Found" and feeds[bad]["failures"] == 1
    assert feeds[good]["failures"] == 0 and feeds[good]["last_warning"] is None
    assert "HTTP 404" in byline(tmp_path, "feeds").stdout

    server.route("/good", rss(3).replace(b"</channel>", b"<oops></channel>"))  # bad XML, still read
    assert byline(tmp_path, "refresh", good).returncode == 0
    assert "read anyway: malformed feed" in byline(tmp_path, "feeds").stdout

    out = tmp_path / "out.opml"
    assert byline(tmp_path, "export-opml", str(out)).returncode == 0
    text = out.read_text()
    assert good in text and bad in text and 'text="news"' in text
    assert byline(tmp_path, "export-opml").stdout == text

    assert byline(tmp_path, "refresh", good).returncode == 0
    assert byline(tmp_path, "remove", bad).returncode == 0
    assert byline(tmp_path, "remove", bad).returncode == 1
    assert [f["url"] for f in json.loads(byline(tmp_path, "feeds", "--json").stdout)] == [good]


def test_import_opml_then_refresh(server: FeedServer, tmp_path: Path) -> None:
    urls = [server.route(f"/f{i}", rss(2, title=f"Feed {i}")) for i in range(3)]
    outlines = "".join(f'<outline text="F{i}" xmlUrl="{u}"/>' for i, u in enumerate(urls))
    opml = tmp_path / "in.opml"
    opml.write_text(f'<opml version="2.0"><body><outline text="Group">{outlines}</outline></body></opml>')
    done = byline(tmp_path, "import-opml", str(opml))
    assert done.returncode == 0 and "3 new" in done.stdout
    assert "0 new" in byline(tmp_path, "import-opml", str(opml)).stdout
    assert byline(tmp_path, "refresh").returncode == 0
    feeds = json.loads(byline(tmp_path, "feeds", "--json").stdout)
    assert sorted(f["title"] for f in feeds) == ["Feed 0", "Feed 1", "Feed 2"]
    assert all(f["articles"] == 2 and f["tags"] == ["Group"] for f in feeds)


def test_broken_opml_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body>")
    done = byline(tmp_path, "import-opml", str(bad))
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "not well-formed" in done.stderr
    assert "Traceback" not in done.stderr


def test_refresh_does_not_load_textual(tmp_path: Path) -> None:
    code = (
        "import sys; from reader.cli import main; "
        f"main(['--home', {str(tmp_path)!r}, 'refresh']); "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_output_cut_short_by_a_pipe_is_no_error(tmp_path: Path) -> None:
    store = Store(Paths.resolve(tmp_path).database)
    store.add_feeds((f"https://feeds.example/{i}.xml", f"Feed {i}", ()) for i in range(1500))
    store.close()
    command = [sys.executable, "-m", "reader", "--home", str(tmp_path), "feeds"]
    reader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None and reader.stdout.readline().startswith(b"ok")
    reader.stdout.close()  # as `| head -1` does
    _, errors = reader.communicate(timeout=60)
    assert errors == b"" and reader.returncode in (0, 141)
