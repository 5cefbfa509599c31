"""Benchmark: full article text — extraction quality and speed, and a refresh that fetches pages.

    python bench/fulltext.py [--feeds 100] [--items 20] [--origins 25] [--json]

- `f1`, `precision`, `recall`: Byline's extractor on ../shared/corpora/article-pages, scored as the
  corpus README says (multisets of 4-word shingles; precision and recall averaged over pages, then
  their harmonic mean). The extractor is given the page and its address only, as the held-out
  check gives it: the page's own description stands in for a feed's teaser. What is scored is the
  plain text Byline stores (after its HTML -> Markdown -> sanitised conversion).
- `pages_per_s`: extraction of all those pages, warm (a second pass), in this one process;
  `pages_per_cpu_s` counts CPU time instead of wall time (per core, whatever else the machine runs).
- `refresh_s`: `byline refresh` of `--feeds` feeds of `--items` one-sentence teasers each, whose
  links point at those pages, all served from loopback (0 ms); `refresh_s_no_fulltext`: the same
  with every feed set to `full_text = "never"` in config.toml.
- `--baseline` adds the same extraction figures for trafilatura alone (`trafilatura_f1`, ...).
- `max_rss_mb`: peak memory of the full-text refresh: the byline process and its workers together
  (each one's proportional set size, so pages shared through fork count once), sampled every
  20 ms from /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import multiprocessing
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from loopback import serve_origins  # bench/loopback.py, beside this file

PAGES = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "article-pages"
_TOKEN = re.compile(r"\w+")


def load_pages(limit: int | None = None, folder: Path = PAGES) -> list[tuple[str, str, str, str]]:
    """(id, html, url, gold body) of each page, sorted by id."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        html = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8")
        pages.append((page_id, html, truth[page_id]["url"], truth[page_id]["articleBody"]))
    return pages


def shingles(text: str) -> Counter:
    tokens = _TOKEN.findall(text)
    if len(tokens) < 4:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def score(predicted: list[str], gold: list[str]) -> dict[str, float]:
    """Mean precision over pages that gave shingles, mean recall over pages whose gold has some."""
    precisions, recalls = [], []
    for found, truth in zip(predicted, gold, strict=True):
        ours, theirs = shingles(found), shingles(truth)
        if _TOKEN.findall(found) == _TOKEN.findall(truth):
            precision = recall = 1.0
        else:
            shared = sum((ours & theirs).values())
            precision = shared / sum(ours.values()) if ours else 0.0
            recall = shared / sum(theirs.values()) if theirs else 0.0
        if ours:
            precisions.append(precision)
        if theirs:
            recalls.append(recall)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"f1": round(f1, 4), "precision": round(p, 4), "recall": round(r, 4)}


def extract_all(pages: list[tuple[str, str, str, str]]) -> list[str]:
    from reader.fulltext.extract import ExtractError, extract_article

    texts = []
    for _page_id, html, url, _gold in pages:
        try:
            texts.append(extract_article(html, url).plain)
        except ExtractError:
            texts.append("")
    return texts


def trafilatura_alone(pages: list[tuple[str, str, str, str]]) -> list[str]:
    """The reference: trafilatura's own text, favouring precision, as the issue measured it."""
    import trafilatura

    return [trafilatura.extract(html, url=url, favor_precision=True) or "" for _id, html, url, _gold in pages]


def measure_extraction(
    pages: list[tuple[str, str, str, str]], extract: Callable[[list[tuple[str, str, str, str]]], list[str]]
) -> dict[str, float]:
    texts = extract(pages)  # also the warm-up: imports, caches
    started, cpu = time.perf_counter(), time.process_time()
    extract(pages)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {**score(texts, [gold for *_rest, gold in pages]), "pages": len(pages),
            "pages_per_s": round(len(pages) / seconds, 1), "pages_per_cpu_s": round(len(pages) / cpu, 1)}


def serve(feeds: int, items: int, origins: int, port_queue: multiprocessing.Queue) -> None:
    """Feeds of teasers and the pages they link to (child process, keep-alive, 0 ms)."""
    from reader.fulltext.extract import page_meta

    pages = load_pages()
    bodies = [html.encode() for _id, html, _url, _gold in pages]
    teasers = []
    for _id, html, _url, _gold in pages:
        meta = page_meta(html)
        teasers.append((meta.get("og:title") or meta.get("title") or "A story",
                        meta.get("og:description") or meta.get("description") or "A story."))

    def feed(number: int, host: str) -> bytes:
        out = [f'<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers {number}</title>'
               f"<link>http://{host}/</link>"]
        for item in range(items):
            page = (number * items + item) % len(bodies)
            title, teaser = teasers[page]
            link = f"http://{host}/page/{page}/{number}-{item}"
            out.append(f"<item><title>{escape(title[:200])}</title><link>{link}</link><guid>{link}</guid>"
                       f"<description>{escape(teaser[:400])}</description></item>")
        return ("".join(out) + "</channel></rss>").encode()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        port = writer.get_extra_info("sockname")[1]
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
                path = head.split(" ", 2)[1]
                kind = "text/html; charset=utf-8"
                if path.startswith("/feed/"):
                    body, kind = feed(int(path[6:].split(".")[0]), f"127.0.0.1:{port}"), "application/rss+xml"
                elif path.startswith("/page/"):
                    body = bodies[int(path.split("/")[2])]
                else:
                    body = b""
                status = "200 OK" if body else "404 Not Found"
                head = f"HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n\r\n"
                writer.write(head.encode() + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            return  # the client closed its connection: nothing more to answer on it
        finally:
            writer.close()

    serve_origins(handle, origins, port_queue.put)


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc: each one's proportional
    share (Pss), so the pages forked workers share with their parent count once, not per worker
    (summed VmRSS counts them in every process: 30 to 60 MB more here)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup")
            lines = (rollup if rollup.exists() else Path(f"/proc/{current}/status")).read_text().splitlines()
            total += sum(int(line.split()[1]) for line in lines if line.startswith(("Pss:", "VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 1024


def timed_refresh(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall time and peak memory (process tree) of one refresh."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    return seconds, peak[0], subprocess.CompletedProcess(command, process.returncode, out, err)


def run_refresh(tmp: Path, urls: list[str], *, full_text: bool) -> tuple[float, float, int, int]:
    """(seconds, peak MB, articles, articles with full text) of a first refresh in a fresh home."""
    home = tmp / ("with" if full_text else "without")
    opml = tmp / "feeds.opml"
    outlines = "".join(f'<outline type="rss" text="f{i}" xmlUrl="{url}"/>' for i, url in enumerate(urls))
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><head/><body>{outlines}</body></opml>')
    if not full_text:
        (home / "config").mkdir(parents=True)
        entries = "".join(f'[[feeds]]\nurl = "{url}"\nfull_text = "never"\n\n' for url in urls)
        (home / "config" / "config.toml").write_text(entries)
    base = [sys.executable, "-m", "reader", "--home", str(home)]
    done = subprocess.run([*base, "import-opml", str(opml)], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"import-opml failed: {done.stderr}")
    seconds, peak, done = timed_refresh([*base, "refresh"])
    if done.returncode:
        sys.exit(f"refresh failed: {done.stderr}")
    conn = sqlite3.connect(home / "data" / "byline.db")
    try:
        articles, full = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE page_status = 'ok') FROM articles"
        ).fetchone()
    finally:
        conn.close()
    return seconds, peak, articles, full


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--origins", type=int, default=25, help="server ports (origins) to spread feeds over")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument("--pages", type=Path, default=PAGES,
                        help="a folder laid out as the shared article pages (html/, ground-truth.json)")
    parser.add_argument("--baseline", action="store_true",
                        help="also score trafilatura alone (trafilatura_f1, trafilatura_pages_per_s, ...)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not (args.pages / "ground-truth.json").exists():
        sys.exit(f"no article pages at {args.pages} (see ../shared/corpora)")

    pages = load_pages(args.limit, args.pages)
    figures: dict[str, object] = measure_extraction(pages, extract_all)
    if args.baseline:
        alone = measure_extraction(pages, trafilatura_alone)
        figures.update({f"trafilatura_{key}": value for key, value in alone.items() if key != "pages"})
    ports: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, daemon=True,
                                     args=(args.feeds, args.items, max(1, args.origins), ports))
    server.start()
    port_list = ports.get(timeout=120)
    urls = [f"http://127.0.0.1:{port_list[i % len(port_list)]}/feed/{i}.xml" for i in range(args.feeds)]
    try:
        with tempfile.TemporaryDirectory(prefix="byline-bench-") as tmp:
            seconds, peak, articles, full = run_refresh(Path(tmp), urls, full_text=True)
            plain_seconds, plain_peak, _articles, _full = run_refresh(Path(tmp), urls, full_text=False)
    finally:
        server.terminate()
        server.join(5)
    figures.update({
        "feeds": args.feeds, "items": args.items, "origins": len(port_list),
        "refresh_s": round(seconds, 3), "refresh_s_no_fulltext": round(plain_seconds, 3),
        "articles": articles, "articles_with_full_text": full,
        "max_rss_mb": round(peak, 1), "max_rss_mb_no_fulltext": round(plain_peak, 1),
    })
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>24}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
