"""What the local fake servers (E-utilities, ClinicalTrials.gov) share: a threaded HTTP server on
127.0.0.1, a request log with per-key counts that decide when an injected fault fires, and the
faults both answer the same way (an HTTP error status, a hang, a connection reset, an empty or a
truncated body).
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlparse


@dataclass
class FakeServer:
    """A fake's serving state; subclasses answer requests in `_handle(handler, path, params)`."""

    hang_seconds: float = 3.0
    faults: list = field(default_factory=list)
    log: list = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base_url: str = ""
    _server: ThreadingHTTPServer | None = None

    BASE_PATH: ClassVar[str] = "/"
    CONTENT_TYPE: ClassVar[str] = "application/octet-stream"
    ERROR_CONTENT_TYPE: ClassVar[str] = "text/html"
    ACCEPTS_POST: ClassVar[bool] = False

    def inject(self, *faults: Any) -> None:
        """Add faults; their `nth` counts requests from now on."""
        with self.lock:
            self.counters.clear()
            self.faults.extend(faults)

    # -- lifecycle ------------------------------------------------------------------------
    def start(self):
        """Listen on a free port of 127.0.0.1 in a background thread."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                self._serve(parse_qs(urlparse(self.path).query))

            def do_POST(self) -> None:
                if not fake.ACCEPTS_POST:
                    return self.send_error(HTTPStatus.NOT_IMPLEMENTED, f"Unsupported method ({self.command!r})")
                length = int(self.headers.get("Content-Length") or 0)
                params = parse_qs(urlparse(self.path).query)
                params.update(parse_qs(self.rfile.read(length).decode("utf-8")))
                return self._serve(params)

            def _serve(self, raw: dict[str, list[str]]) -> None:
                fake._handle(self, urlparse(self.path).path, {k: v[-1] for k, v in raw.items()})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}{self.BASE_PATH}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    # -- request handling -----------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler, path: str, params: dict) -> None:
        raise NotImplementedError

    def _next_fault(self, key: str, entry: Any) -> Any:
        """Log a request and count it under `key`; the fault it must suffer, if any."""
        with self.lock:
            self.log.append(entry)
            self.counters[key] = n = self.counters.get(key, 0) + 1
            for fault in self.faults:
                if getattr(fault, "endpoint", "*") in (key, "*") and fault.nth <= n < fault.nth + fault.times:
                    return fault
        return None

    def _answered_fault(self, handler: BaseHTTPRequestHandler, fault: Any) -> bool:
        """Suffer the faults every fake shares; True when the request is answered (or dropped)."""
        if fault is None:
            return False
        if fault.kind.isdigit():  # an HTTP error status: 429, 500, 502, 503 ...
            headers = {"Retry-After": fault.retry_after} if fault.kind == "429" else {}
            self._send(handler, int(fault.kind), b"<html><body>Error</body></html>", headers,
                       self.ERROR_CONTENT_TYPE)
            return True
        if fault.kind == "hang":
            time.sleep(self.hang_seconds)
        if fault.kind == "reset":
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
            handler.connection.close()
            handler.close_connection = True
            return True
        if fault.kind == "empty":
            self._send(handler, 200, b"")
            return True
        return False

    def _send(self, handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None,
              content_type: str | None = None, fault: Any = None) -> None:
        """Answer with a body (cut to two thirds under a "truncate" fault)."""
        if fault is not None and fault.kind == "truncate":
            body = body[: max(1, len(body) * 2 // 3)]
        handler.send_response(status)
        handler.send_header("Content-Type", content_type or self.CONTENT_TYPE)
        handler.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        try:
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
