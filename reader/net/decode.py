"""Bounded decompression of HTTP bodies: the size cap holds on the decoded bytes.

A gzip bomb is a few KB on the wire and gigabytes decoded; zlib's `max_length` lets us stop
as soon as the decoded size passes the cap, without ever holding more than the cap in memory.
"""

from __future__ import annotations

import zlib

try:  # br only when a decoder is already installed; Byline adds no dependency for it
    import brotli as _brotli  # type: ignore[import-not-found]
except ImportError:
    _brotli = None

SUPPORTED = ("gzip", "deflate", "br") if _brotli is not None else ("gzip", "deflate")


class DecodeError(Exception):
    """The body cannot be decoded within the rules; the message says why."""


class TooLarge(DecodeError):
    """The decoded body passed the size cap."""


def accept_encoding() -> str:
    """The Accept-Encoding header value for what this module can decode."""
    return ", ".join(SUPPORTED)


def parse_encodings(header: str | None) -> list[str]:
    """The content-codings of a response, in order, without `identity`."""
    if not header:
        return []
    parts = (part.strip().lower() for part in header.split(","))
    return [part for part in parts if part not in ("", "identity")]


class BoundedDecoder:
    """Feeds raw chunks in, returns decoded chunks out; raises `TooLarge` past `limit` bytes."""

    def __init__(self, encoding: str | None, limit: int) -> None:
        if encoding is not None and encoding not in SUPPORTED:
            raise DecodeError(f"unsupported content encoding {encoding!r}")
        self.encoding = encoding
        self.limit = limit
        self.size = 0
        self._raw_head = b""  # the first bytes of a deflate body, kept to retry as raw deflate
        self._tried_raw = False
        self._z = self._new()

    def _new(self):  # a zlib or brotli decompressor object
        if self.encoding == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.encoding == "deflate":
            return zlib.decompressobj(zlib.MAX_WBITS)
        if self.encoding == "br":
            return _brotli.Decompressor()
        return None

    def feed(self, chunk: bytes) -> bytes:
        """Decode one raw chunk."""
        if self._z is None:
            return self._count(chunk)
        if self.encoding == "br":
            return self._count(self._z.process(chunk))  # br output is bounded per input chunk
        if self.encoding == "deflate" and not self._tried_raw and len(self._raw_head) < 64:
            self._raw_head += chunk
        try:
            return self._inflate(chunk)
        except zlib.error as error:
            if self.encoding == "deflate" and not self._tried_raw and self.size == 0:
                self._tried_raw = True  # some servers send raw deflate without the zlib header
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                try:
                    return self._inflate(self._raw_head)
                except zlib.error as again:
                    raise DecodeError(f"bad {self.encoding} data: {again}") from again
            raise DecodeError(f"bad {self.encoding} data: {error}") from error

    def finish(self) -> bytes:
        """Flush what is left; a truncated stream is accepted as far as it goes."""
        if self._z is None or self.encoding == "br":
            return b""
        return self._count(self._z.flush())

    def _inflate(self, data: bytes) -> bytes:
        out: list[bytes] = []
        while data:
            piece = self._z.decompress(data, self.limit - self.size + 1)
            out.append(self._count(piece))
            data = self._z.unconsumed_tail
            if self._z.eof:
                data = self._z.unused_data
                if self.encoding != "gzip" or not data.strip(b"\0"):
                    break
                self._z = self._new()  # a multi-member gzip stream
        return b"".join(out)

    def _count(self, piece: bytes) -> bytes:
        self.size += len(piece)
        if self.size > self.limit:
            raise TooLarge(f"body larger than {self.limit} bytes after decoding")
        return piece
