"""Pieces of the Stripe test servers: localstripe as a subprocess, Stripe's error and
event shapes and signatures, and a webhook endpoint that keeps what it receives."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.processes import free_port

API_KEY = "sk_test_salonkeep"
# localstripe saves its objects to /tmp/localstripe.pickle after every change and binds
# every interface: a test run uses neither (its state is in memory, on loopback only).
LAUNCH_LOCALSTRIPE = """
import sys
import localstripe.resources
from aiohttp import web
from localstripe.server import app
localstripe.resources.Store.dump_to_disk = lambda store: None
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
"""


class QuietServer(ThreadingHTTPServer):
    """Says nothing of clients that hang up (a timeout test's client gives up)."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalStripe:
    """localstripe as a subprocess on a free loopback port."""

    def __init__(self, wait_seconds: float = 30) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Open for as long as the process runs, to say why it stopped if it does.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH_LOCALSTRIPE, str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                self.call("GET", "/v1/events")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self._log.seek(0)
                    output = self._log.read().decode(errors="replace")
                    self.stop()
                    raise RuntimeError(f"localstripe did not start: {output}") from None
                time.sleep(0.2)

    def call(self, method: str, path: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
        request = urllib.request.Request(
            self.url + path,
            data=urllib.parse.urlencode(fields).encode() if fields is not None else None,
            method=method,
            headers={"Authorization": f"Bearer {API_KEY}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            answer = response.read()
            return json.loads(answer) if answer else {}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


def form_to_params(body: str) -> dict[str, Any]:
    """``a[b][0][c]=1`` (the stripe library's encoding) into nested dicts and lists."""
    params: dict[str, Any] = {}
    for key, value in urllib.parse.parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key) or [key]
        node = params
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def lists(node):
        if isinstance(node, dict):
            node = {key: lists(value) for key, value in node.items()}
            if node and all(key.isdigit() for key in node):
                return [node[key] for key in sorted(node, key=int)]
        return node

    nested: dict[str, Any] = lists(params)
    return nested


def stripe_error(status: int, kind: str, message: str, **extra: str) -> tuple[int, dict[str, Any]]:
    return status, {"error": {"type": kind, "message": message, **extra}}


def signature_header(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """Stripe-Signature as Stripe computes it: HMAC-SHA256 of "TIMESTAMP.PAYLOAD"."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event_payload(kind: str, data_object: dict[str, Any]) -> bytes:
    event = {
        "id": "evt_test_" + secrets.token_hex(12),
        "object": "event",
        "api_version": "2025-09-30.clover",
        "created": int(time.time()),
        "data": {"object": data_object},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
    }
    return json.dumps(event).encode()


class WebhookInbox:
    """A webhook endpoint on loopback that keeps what it receives (payload, signature)."""

    def __init__(self) -> None:
        self.received: list[tuple[bytes, str]] = []
        inbox = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                inbox.received.append((body, self.headers.get("Stripe-Signature", "")))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/pay/stripe/webhook/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def of_type(self, kind: str) -> list[tuple[bytes, str]]:
        return [item for item in self.received if json.loads(item[0])["type"] == kind]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)
