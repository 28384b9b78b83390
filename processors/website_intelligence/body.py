"""Read a response body within limits: raw size cap, bounded decompression, one content-coding only.

``BodyReader(content_encoding, cap)``: ``feed(chunk)`` raw bytes as they arrive, ``finish()`` -> decoded
bytes. Raises ``BodyTooLarge`` as soon as the raw or the decoded size passes ``cap`` (a gzip bomb stops at
the cap, it is never inflated in full) and ``BadEncoding`` for stacked or unknown codings
(``Content-Encoding: gzip, gzip``) or corrupt compressed data.
"""

from __future__ import annotations

import zlib

from processors.errors import TerminalError


class BodyTooLarge(TerminalError):
    """The body (raw or decoded) is larger than LEADPIPE_MAX_PAGE_BYTES."""


class BadEncoding(TerminalError):
    """Unsupported, stacked or corrupt Content-Encoding."""


class BodyReader:
    def __init__(self, content_encoding: str | None, cap: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise BadEncoding(f"stacked content encodings refused: {content_encoding}")
        coding = codings[0] if codings else ""
        if coding in ("gzip", "x-gzip"):
            self._decoder: zlib._Decompress | None = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        elif coding == "deflate" or coding == "":
            self._decoder = None
        else:
            raise BadEncoding(f"unsupported content encoding: {coding}")
        self._deflate = coding == "deflate"
        self.cap = cap
        self.raw_size = 0
        self._out: list[bytes] = []
        self._size = 0

    def _inflate(self, data: bytes) -> None:
        if self._decoder is None and self._deflate:
            # "deflate" is zlib-wrapped per the RFC, raw deflate in practice: sniff the first byte
            wbits = zlib.MAX_WBITS if data[:1] and (data[0] & 0x0F) == 8 else -zlib.MAX_WBITS
            self._decoder = zlib.decompressobj(wbits=wbits)
        assert self._decoder is not None
        while data:
            try:
                piece = self._decoder.decompress(data, self.cap + 1 - self._size)
            except zlib.error as exc:
                raise BadEncoding(f"corrupt compressed body: {exc}") from None
            self._append(piece)
            data = self._decoder.unconsumed_tail
            if not piece and data:
                break

    def _append(self, piece: bytes) -> None:
        self._size += len(piece)
        if self._size > self.cap:
            raise BodyTooLarge(f"page body larger than {self.cap} bytes (decoded)")
        if piece:
            self._out.append(piece)

    def feed(self, chunk: bytes) -> None:
        self.raw_size += len(chunk)
        if self.raw_size > self.cap:
            raise BodyTooLarge(f"page body larger than {self.cap} bytes")
        if self._decoder is not None or self._deflate:
            self._inflate(chunk)
        else:
            self._append(chunk)

    def finish(self) -> bytes:
        if self._decoder is not None:
            try:
                self._append(self._decoder.flush(self.cap + 1 - self._size))
            except zlib.error as exc:
                raise BadEncoding(f"corrupt compressed body: {exc}") from None
        return b"".join(self._out)
