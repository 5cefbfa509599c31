"""Benchmark: `byline refresh` of many feeds from a synthetic loopback server, end to end.

    python bench/refresh.py --feeds 200 --items 50 [--latency-ms 50] [--latency-model tcp] [--json]

A feed server runs in a child process on 127.0.0.1 (realistic items with a few paragraphs of HTML,
about 60 KB per feed, ETag and Last-Modified, optional latency). A fresh temporary home subscribes
through OPML; then `byline refresh` is timed as a subprocess: a first pass, and a second pass that
should be all 304s. Then the TUI does the same first pass in another fresh home (`tui_s`): the app
runs headless in a subprocess, R is pressed, and the clock stops when the screen hears
`RefreshFinished` (the CLI's figure includes its process start; the TUI's does not include the
app's). If `newsboat` is on PATH it reloads the same feeds too.

`--latency-ms L` puts the server a round trip of L away. The `tcp` model (the default) charges
what TCP does on such a path: one round trip for the handshake of a new connection, one per
request, and one more for each doubling of the congestion window that a body needs beyond the
initial window of 10 segments (slow start; a 60 KB feed on a new connection needs two). A kept-alive
connection keeps its window. The `request` model charges one round trip per request and nothing
else, as if connections and bandwidth were free.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import multiprocessing
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from email.utils import formatdate
from pathlib import Path
from xml.sax.saxutils import escape

from loopback import serve_origins  # bench/loopback.py, beside this file

WORDS = (
    "government minister said report election policy market city council week plan budget court"
    " official statement public president senator campaign vote state agency investigation hearing"
    " committee federal local international economy trade workers health school police community"
    " program director company deal talks region security energy climate water housing record"
).split()
PEOPLE = (
    "Jeff Sessions", "James Comey", "Sean Spicer", "Angela Merkel", "Emmanuel Macron",
    "Theresa May", "Justin Trudeau", "Sally Yates", "Rod Rosenstein", "Nancy Pelosi",
)


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 22))]
    if rng.random() < 0.5:
        words.insert(rng.randint(0, len(words)), rng.choice(PEOPLE))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _item_html(rng: random.Random, feed: int, item: int) -> str:
    paras = []
    for p in range(rng.randint(3, 4)):
        text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 2)))
        if p == 0:
            text = f"<strong>{text[:40]}</strong>{text[40:]}"
        if rng.random() < 0.6:
            text += f' See <a href="https://news.example/{feed}/{item}/{p}">the full <em>report</em></a>.'
        paras.append(f"<p>{text}</p>")
    if rng.random() < 0.3:
        paras.append(f'<p><img src="https://img.example/{feed}/{item}.jpg" alt="A photo"></p>')
    return "".join(paras)


def make_feed(feed: int, items: int, base: str) -> bytes:
    """One RSS 2.0 document, deterministic for a feed number."""
    rng = random.Random(feed)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>',
        f"<title>Synthetic news {feed}</title><link>https://news.example/{feed}/</link>",
        f"<description>Feed {feed}</description><ttl>60</ttl>",
    ]
    for item in range(items):
        title = escape(_sentence(rng)[:90])
        stamp = formatdate(1_700_000_000 - item * 3600 - feed, usegmt=True)
        out.append(
            f"<item><title>{title}</title><link>https://news.example/{feed}/{item}</link>"
            f'<guid isPermaLink="false">feed{feed}-item{item}</guid><pubDate>{stamp}</pubDate>'
            f"<dc:creator>{rng.choice(PEOPLE)}</dc:creator>"
            f"<description>{escape(_item_html(rng, feed, item))}</description></item>"
        )
    out.append(f"</channel></rss><!-- {base} -->\n")
    return "".join(out).encode()


SEGMENT = 1460  # bytes of payload in one TCP segment on an Ethernet path
INITIAL_WINDOW = 10  # segments sent before the first acknowledgement (RFC 6928)


def serve(
    feeds: int, items: int, latency_ms: float, port_queue: multiprocessing.Queue, origins: int = 1,
    model: str = "tcp",
) -> None:
    """The feed server (child process): pre-built bodies, keep-alive, conditional GET.

    It listens on `origins` ports of 127.0.0.1, each a separate origin for the per-host limit, as
    200 real subscriptions come from many sites; every port serves every feed.
    """
    bodies = {f"/feed/{i}.xml": make_feed(i, items, "bench") for i in range(feeds)}
    etags = {path: '"' + hashlib.sha1(body).hexdigest()[:16] + '"' for path, body in bodies.items()}
    modified = formatdate(1_700_000_000, usegmt=True)
    rtt = latency_ms / 1000
    tcp = model == "tcp" and rtt > 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        window = INITIAL_WINDOW * SEGMENT
        try:
            if tcp:
                await asyncio.sleep(rtt)  # the handshake
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 1 else "/"
                pairs = (h.partition(":") for h in lines[1:] if h)
                headers = {k.strip().lower(): v.strip() for k, _, v in pairs}
                if rtt:
                    await asyncio.sleep(rtt)
                body = bodies.get(path)
                if body is None:
                    status, body, extra = "404 Not Found", b"", ""
                elif etags[path] == headers.get("if-none-match") or modified == headers.get(
                    "if-modified-since"
                ):
                    status, body, extra = "304 Not Modified", b"", f"ETag: {etags[path]}\r\n"
                else:
                    status = "200 OK"
                    extra = (f"ETag: {etags[path]}\r\nLast-Modified: {modified}\r\n"
                             "Content-Type: application/rss+xml; charset=utf-8\r\n")
                head = f"HTTP/1.1 {status}\r\n{extra}Content-Length: {len(body)}\r\n\r\n"
                data = head.encode() + body
                if not tcp:
                    writer.write(data)
                    await writer.drain()
                    continue
                sent = 0
                while True:  # slow start: a window per round trip, doubling
                    writer.write(data[sent : sent + window])
                    await writer.drain()
                    sent += window
                    if sent >= len(data):
                        break
                    window *= 2
                    await asyncio.sleep(rtt)
        except (asyncio.IncompleteReadError, ConnectionError):
            return  # the client closed its connection: nothing more to answer on it
        finally:
            writer.close()

    size = sum(len(b) for b in bodies.values())
    serve_origins(handle, origins, lambda ports: port_queue.put((ports, size)))


def byline_command() -> list[str]:
    script = Path(sys.executable).with_name("byline")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reader"]


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, subprocess.CompletedProcess]:
    """Wall time of a command; its CPU time (with its children) goes to `timed.cpu`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    timed.cpu = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 3)
    return seconds, done


timed.cpu = 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--latency-model", choices=("tcp", "request"), default="tcp",
                        help="what a round trip is charged for (see the module docstring)")
    parser.add_argument("--origins", type=int, default=25, help="server ports (origins) to spread feeds over")
    parser.add_argument("--full-text", choices=("auto", "always", "never"), default="never",
                        help="the feeds' full-text setting (never, like Newsboat, by default; the "
                             "pages of these feeds' links do not exist)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--tui-home", type=Path, help=argparse.SUPPRESS)  # the TUI's run, in a child
    args = parser.parse_args()
    if args.tui_home:
        print(json.dumps(asyncio.run(drive_tui(args.tui_home))))
        return 0

    ports: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(
        target=serve, daemon=True,
        args=(args.feeds, args.items, args.latency_ms, ports, max(1, args.origins), args.latency_model),
    )
    server.start()
    port_list, total_bytes = ports.get(timeout=120)
    urls = [f"http://127.0.0.1:{port_list[i % len(port_list)]}/feed/{i}.xml" for i in range(args.feeds)]
    figures: dict[str, object] = {
        "feeds": args.feeds, "items": args.items, "latency_ms": args.latency_ms,
        "latency_model": args.latency_model, "origins": len(port_list),
        "mb_served": round(total_bytes / 1e6, 2),
    }
    try:
        with tempfile.TemporaryDirectory(prefix="byline-bench-") as tmp:
            figures.update(run_byline(Path(tmp), urls, args.full_text))
            figures.update(run_tui(Path(tmp), urls, args.full_text))
            if shutil.which("newsboat"):
                figures.update(run_newsboat(Path(tmp), urls, args.latency_ms))
            add_ratio(figures)
    finally:
        server.terminate()
        server.join(5)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>16}  {value}")
    return 0


def subscribed_home(tmp: Path, name: str, urls: list[str], full_text: str) -> list[str]:
    """A fresh home subscribed to `urls` through OPML; the byline command line for it."""
    home = tmp / name
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(
        "".join(f'[[feeds]]\nurl = "{url}"\nfull_text = "{full_text}"\n' for url in urls)
    )
    opml = tmp / "feeds.opml"
    outlines = "".join(f'<outline type="rss" text="f{i}" xmlUrl="{url}"/>' for i, url in enumerate(urls))
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><head/><body>{outlines}</body></opml>')
    base = [*byline_command(), "--home", str(home)]
    done = subprocess.run([*base, "import-opml", str(opml)], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"import-opml failed: {done.stderr}")
    return base


def run_byline(tmp: Path, urls: list[str], full_text: str) -> dict[str, object]:
    base = subscribed_home(tmp, "home", urls, full_text)
    first, done = timed([*base, "refresh"])
    first_cpu = timed.cpu
    failed_first = done.stderr.count("\n")
    second, done = timed([*base, "refresh"])
    stats = json.loads(subprocess.run([*base, "stats", "--json"], capture_output=True, text=True).stdout)
    return {
        "byline_s": round(first, 3), "byline_304_s": round(second, 3), "items_stored": stats["articles"],
        "failed_feeds": failed_first + done.stderr.count("\n"),
        "byline_cpu_s": first_cpu, "byline_304_cpu_s": timed.cpu,
    }


def run_tui(tmp: Path, urls: list[str], full_text: str) -> dict[str, object]:
    """The first pass again, through the TUI (in a subprocess, as a user would run it)."""
    subscribed_home(tmp, "tui-home", urls, full_text)
    command = [sys.executable, str(Path(__file__).resolve()), "--tui-home", str(tmp / "tui-home")]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"the TUI's refresh failed: {done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


async def drive_tui(home: Path) -> dict[str, object]:
    """Press R in the app, headless, and time it until the screen hears `RefreshFinished`."""
    from reader.config import Paths
    from reader.library import Library
    from reader.tui.app import make_app
    from reader.tui.screens.main_feeds import RefreshFinished

    library = Library(Paths.resolve(home))
    finished = asyncio.Event()
    report = None

    def hear(message: object) -> None:
        nonlocal report
        if isinstance(message, RefreshFinished) and not finished.is_set():
            report = message.report
            finished.set()

    app = make_app(library)
    try:
        async with app.run_test(size=(160, 45), message_hook=hear) as pilot:
            while not all(worker.is_finished for worker in pilot.app.workers):
                await asyncio.sleep(0.01)  # start-up's own work first (a cancelled sidebar count too)
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press("R")
            await finished.wait()
            seconds = time.perf_counter() - started
        items = library.store.stats().articles
    finally:
        library.close()
    if report is None:
        sys.exit("the TUI's refresh ended without a report")
    return {"tui_s": round(seconds, 3), "tui_items_stored": items, "tui_failed_feeds": len(report.failed)}


def run_newsboat(tmp: Path, urls: list[str], latency_ms: float) -> dict[str, object]:
    threads = 1 if not latency_ms else 8
    folder = tmp / "newsboat"
    folder.mkdir()
    (folder / "urls").write_text("\n".join(urls) + "\n")
    (folder / "config").write_text(f"reload-threads {threads}\n")
    command = ["newsboat", "-u", str(folder / "urls"), "-c", str(folder / "cache.db"),
               "-C", str(folder / "config"), "-x", "reload"]
    env = {**os.environ, "HOME": str(folder)}
    seconds, _done = timed(command, env)
    return {"newsboat_s": round(seconds, 3), "newsboat_threads": threads}


def add_ratio(figures: dict[str, object]) -> None:
    figures["tui_vs_byline"] = round(float(figures["tui_s"]) / float(figures["byline_s"]), 3)
    if "newsboat_s" in figures:
        figures["ratio"] = round(float(figures["byline_s"]) / float(figures["newsboat_s"]), 3)


if __name__ == "__main__":
    sys.exit(main())
