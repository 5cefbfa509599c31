"""A real HTTP server on 127.0.0.1 for the feed tests: routes with bodies, statuses and misbehaviour."""

from __future__ import annotations

import gzip
import ssl
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TLS = Path(__file__).resolve().parent / "fixtures" / "tls"
TLS_CERT = TLS / "cert.pem"  # self-signed for 127.0.0.1, made with openssl req -x509 (100 years)


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answer 304 to a matching If-None-Match
    last_modified: str | None = None  # answer 304 to a matching If-Modified-Since
    drip_s: float = 0.0  # seconds between single bytes of the body
    delay_s: float = 0.0  # before the status line
    content_length: bool = True


def rss(items: int = 3, title: str = "Test feed", *, link: str = "https://example.com/",
        extra: str = "", item_extra: str = "") -> bytes:
    """A small valid RSS 2.0 feed."""
    entries = "".join(
        f"<item><title>Item {i}</title><link>https://example.invalid/{i}</link><guid>id-{i}</guid>"
        f"<pubDate>{formatdate(1_700_000_000 + i * 60, usegmt=True)}</pubDate>"
        f"<description>&lt;p&gt;Body of item {i}.&lt;/p&gt;</description>{item_extra}</item>"
        for i in range(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>{link}</link>{extra}{entries}</channel></rss>"
    ).encode()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9)


class FeedServer:
    """A threaded server; `route()` sets answers, `url()` builds addresses, `hits` counts requests."""

    def __init__(self, *, tls: bool = False) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.request_headers: dict[str, dict[str, str]] = {}
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.active = 0
        self.max_active = 0  # most requests in progress at once
        self.client_ports: set[int] = set()  # one per connection the clients opened
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.scheme = "https" if tls else "http"
        if tls:  # a self-signed certificate for 127.0.0.1: clients trust it only when told to
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(TLS_CERT, TLS / "key.pem")
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def route(self, path: str, body: bytes = b"", **kwargs: object) -> str:
        self.routes[path] = Route(body=body, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

        def handle(self) -> None:
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # a client that gave up, between or during requests

        def do_GET(self) -> None:
            with server.lock:
                server.active += 1
                server.max_active = max(server.max_active, server.active)
                server.client_ports.add(self.client_address[1])
            try:
                self._answer()
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up (timeouts, deadlines): expected here
            finally:
                with server.lock:
                    server.active -= 1

        def _answer(self) -> None:
            path = self.path.split("?")[0]
            server.hits[path] = server.hits.get(path, 0) + 1
            server.request_headers[path] = {k.lower(): v for k, v in self.headers.items()}
            route = server.routes.get(path) or Route(b"not found", status=404)
            if route.delay_s:
                server.stopping.wait(route.delay_s)
            fresh = (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
            )
            status = 304 if fresh else route.status
            body = b"" if status == 304 else route.body
            self.send_response(status)
            for key, value in route.headers.items():
                self.send_header(key, value)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            if route.content_length or status == 304:
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            self._send(body, route)

        def _send(self, body: bytes, route: Route) -> None:
            if not route.drip_s:
                self.wfile.write(body)
                return
            for i in range(len(body)):
                if server.stopping.is_set():
                    return
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
                time.sleep(route.drip_s)

    return Handler
