"""Stripe test servers on loopback: localstripe, and a "Stripe test front" before it.

localstripe (a stateful Stripe test server, run as a subprocess) serves the calls it
supports: PaymentIntents, PaymentMethods, charges... It has no Checkout Sessions, so
the front serves those itself, with Stripe's documented request and response shapes,
and passes every other /v1/ request to localstripe unchanged:

- POST /v1/checkout/sessions (form-encoded as the stripe library sends it, honouring
  the Idempotency-Key header), GET /v1/checkout/sessions/ID, POST .../ID/expire;
- the hosted payment page at the session's url (/c/pay/ID): "Pay" confirms the
  session's PaymentIntent in localstripe with the test card pm_card_visa, completes the
  session, sends a signed checkout.session.completed event to the webhook URL, then
  redirects to success_url;
- switches for failure tests: ``failing`` (every API call answers 500),
  ``fail_next(n)``, ``stalling_seconds`` (API calls answer late), and ``stop()`` (the
  port closes: connection refused).
"""

from __future__ import annotations

import copy
import html
import http.client
import json
import re
import secrets
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.paylinks.stripe_parts import (
    API_KEY,
    LocalStripe,
    QuietServer,
    event_payload,
    form_to_params,
    signature_header,
    stripe_error,
)

SHORTEST_SESSION, LONGEST_SESSION = 30 * 60, 24 * 60 * 60


class StripeFront:
    """The Stripe test front (see the module's docstring), in a thread of the tests."""

    def __init__(self, localstripe: LocalStripe) -> None:
        self.localstripe = localstripe
        self.api_key = API_KEY
        self.webhook_secret = "whsec_test_" + secrets.token_hex(16)
        self.webhook_url = ""
        self.sessions: dict[str, dict[str, Any]] = {}
        self.deliveries: list[tuple[str, int]] = []  # (event type, HTTP status or 0)
        self.failing = False
        self.stalling_seconds = 0.0  # API calls wait this long before answering
        self._fail_count = 0
        self._intents: dict[str, str] = {}  # session id -> PaymentIntent id
        self._replays: dict[str, tuple[dict[str, Any], int, bytes]] = {}
        # Events wait here until the lock is released: the webhook's receiver may well
        # call this server back (to retrieve the session) before it answers.
        self._outbox: list[tuple[str, dict[str, Any]]] = []
        self._lock = threading.RLock()
        self.server = QuietServer(("127.0.0.1", 0), _handler_for(self))
        self.port = self.server.server_address[1]
        self.api_base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def set_webhook_url(self, url: str, localstripe_events: bool = False) -> None:
        """Where to send the signed checkout events (e.g. live_server.url + the path).
        ``localstripe_events``: localstripe's own events (payment_intent.succeeded...,
        signed with the same secret) go there too, as a real Stripe account sends events
        the app does not use. They are sent a second late and stamped with the real
        clock, so a test under time_machine sees them as too old."""
        self.webhook_url = url
        self.localstripe.call(
            "POST",
            "/_config/webhooks/salonkeep",
            {
                "url": url if url and localstripe_events else f"{self.api_base}/_nowhere",
                "secret": self.webhook_secret,
            },
        )

    def fail_next(self, count: int = 1) -> None:
        """The next ``count`` API calls answer 500 (the stripe library retries twice)."""
        self._fail_count = count

    def reset(self) -> None:
        self.failing, self._fail_count, self.stalling_seconds = False, 0, 0.0
        self.set_webhook_url("")
        self.deliveries.clear()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    def _should_fail(self) -> bool:
        with self._lock:
            if self._fail_count > 0:
                self._fail_count -= 1
                return True
            return self.failing

    # The API calls served here: they return (HTTP status, JSON body).

    def create_session(
        self, params: dict[str, Any], idempotency_key: str
    ) -> tuple[int, dict[str, Any]]:
        with self._lock:
            if idempotency_key in self._replays:
                first_params, status, replay = self._replays[idempotency_key]
                if first_params != params:
                    return stripe_error(
                        400,
                        "idempotency_error",
                        "Keys for idempotent requests can only be used with the same "
                        f"parameters they were first used with. Try using a key other than "
                        f"'{idempotency_key}' if you meant to execute a different request.",
                    )
                return status, json.loads(replay)
            status, body = self._new_session(params)
            if idempotency_key:
                self._replays[idempotency_key] = (params, status, json.dumps(body).encode())
            return status, body

    def _new_session(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        items = params.get("line_items")
        if params.get("mode") != "payment" or not isinstance(items, list) or len(items) != 1:
            return stripe_error(
                400,
                "invalid_request_error",
                "This test server takes one line item in payment mode.",
            )
        price = items[0].get("price_data", {})
        name = price.get("product_data", {}).get("name", "")
        currency, amount = price.get("currency", ""), price.get("unit_amount", "")
        if not (re.fullmatch(r"[a-z]{3}", currency) and amount.isdigit() and name):
            return stripe_error(
                400,
                "invalid_request_error",
                "Missing or invalid price_data.",
                param="line_items[0][price_data]",
            )
        if not params.get("success_url"):
            return stripe_error(
                400,
                "invalid_request_error",
                "Missing required param: success_url.",
                param="success_url",
            )
        now = int(time.time())
        expires_at = int(params.get("expires_at") or now + LONGEST_SESSION)
        if not now + SHORTEST_SESSION <= expires_at <= now + LONGEST_SESSION:
            return stripe_error(
                400,
                "invalid_request_error",
                "The `expires_at` timestamp must be between 30 minutes and 24 hours "
                "from Checkout Session creation.",
                param="expires_at",
            )
        quantity = int(items[0].get("quantity", "1"))
        metadata = params.get("payment_intent_data", {}).get("metadata", {})
        intent = self.localstripe.call(
            "POST",
            "/v1/payment_intents",
            {
                "amount": str(int(amount) * quantity),
                "currency": currency,
                **{f"metadata[{key}]": value for key, value in metadata.items()},
            },
        )
        session_id = "cs_test_" + secrets.token_urlsafe(42).replace("-", "a").replace("_", "b")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": int(amount) * quantity,
            "amount_total": int(amount) * quantity,
            "cancel_url": params.get("cancel_url"),
            "client_reference_id": params.get("client_reference_id"),
            "created": now,
            "currency": currency,
            "customer": None,
            "customer_email": params.get("customer_email"),
            "expires_at": expires_at,
            "livemode": False,
            "metadata": params.get("metadata", {}),
            "mode": "payment",
            # As Stripe (API versions since 2022-08-01): set once the client has paid.
            "payment_intent": None,
            "payment_method_types": ["card"],
            "payment_status": "unpaid",
            "status": "open",
            "success_url": params["success_url"],
            "ui_mode": "hosted",
            "url": f"{self.api_base}/c/pay/{session_id}",
        }
        self.sessions[session_id] = session
        self._intents[session_id] = intent["id"]
        return 200, session

    def get_session(self, session_id: str, expire: bool = False) -> tuple[int, dict[str, Any]]:
        with self._lock:
            session = self.sessions.get(session_id)
            if session is None:
                return stripe_error(
                    404,
                    "invalid_request_error",
                    f"No such checkout.session: '{session_id}'",
                    code="resource_missing",
                    param="session",
                )
            if session["status"] == "open" and time.time() > session["expires_at"]:
                self._expire(session)
            elif expire and session["status"] != "open":
                return stripe_error(
                    400,
                    "invalid_request_error",
                    'Only Checkout Sessions with a status in ["open"] can be expired.',
                )
            elif expire:
                self._expire(session)
            answer = copy.deepcopy(session)
        self._send_events()
        return 200, answer

    def expire_session(self, session_id: str) -> tuple[int, dict[str, Any]]:
        return self.get_session(session_id, expire=True)

    def _expire(self, session: dict[str, Any]) -> None:
        session["status"] = "expired"
        self.localstripe.call("POST", f"/v1/payment_intents/{self._intents[session['id']]}/cancel")
        self._outbox.append(("checkout.session.expired", copy.deepcopy(session)))

    def _send_events(self) -> None:
        with self._lock:
            events, self._outbox = self._outbox, []
        for kind, data_object in events:
            self.send_event(kind, data_object)

    def pay(self, session_id: str) -> str | None:
        """The client pays with the test card; returns where Stripe sends them next
        (None: no such session, or it is paid or expired already)."""
        status, _ = self.get_session(session_id)  # expires it if its time is up
        with self._lock:
            session = self.sessions.get(session_id)
            if status != 200 or session is None or session["status"] != "open":
                return None
            intent_id = self._intents[session_id]
            # localstripe refuses payment_method on confirm ("Not implemented"): set it first.
            self.localstripe.call(
                "POST", f"/v1/payment_intents/{intent_id}", {"payment_method": "pm_card_visa"}
            )
            intent = self.localstripe.call("POST", f"/v1/payment_intents/{intent_id}/confirm", {})
            if intent["status"] != "succeeded":
                raise RuntimeError(f"localstripe did not take the payment: {intent}")
            session.update(status="complete", payment_status="paid", payment_intent=intent_id)
            self._outbox.append(("checkout.session.completed", copy.deepcopy(session)))
        self._send_events()
        return str(session["success_url"]).replace("{CHECKOUT_SESSION_ID}", session_id)

    def send_event(self, kind: str, data_object: dict[str, Any]) -> None:
        if not self.webhook_url:
            return
        payload = event_payload(kind, data_object)
        request = urllib.request.Request(
            self.webhook_url,
            data=payload,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Stripe-Signature": signature_header(payload, self.webhook_secret),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                self.deliveries.append((kind, response.status))
        except urllib.error.HTTPError as error:
            self.deliveries.append((kind, error.code))
        except OSError:
            self.deliveries.append((kind, 0))

    def hosted_page(self, session_id: str) -> tuple[int, str]:
        status, session = self.get_session(session_id)
        if status != 200:
            return 404, "<h1>This payment page does not exist.</h1>"
        if session["status"] != "open":
            state = "has been paid" if session["status"] == "complete" else "has expired"
            return 410, f"<h1>This checkout session {state}.</h1>"
        amount = f"{session['amount_total'] / 100:.2f} {session['currency'].upper()}"
        cancel = html.escape(session["cancel_url"] or "")
        return 200, (
            f"<h1>Pay <span id='amount'>{amount}</span></h1>"
            f"<form method='post'><button id='pay' type='submit'>Pay</button></form>"
            f"<a id='cancel' href='{cancel}'>Cancel</a>"
        )

    def proxy(self, method: str, path: str, headers: dict[str, str], body: bytes):
        connection = http.client.HTTPConnection("127.0.0.1", self.localstripe.port, timeout=10)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type", ""), response.read()
        finally:
            connection.close()


def _handler_for(front: StripeFront) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def do_GET(self):
            self._serve("GET")

        def do_POST(self):
            self._serve("POST")

        def do_DELETE(self):
            self._serve("DELETE")

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path = urllib.parse.urlsplit(self.path).path
            if path.startswith("/c/pay/"):
                self._page(method, path.removeprefix("/c/pay/"))
            elif path.startswith("/v1/"):
                self._api(method, path, body)
            else:
                self._send(200 if path == "/_nowhere" else 404, b"", "text/plain")

        def _page(self, method: str, session_id: str) -> None:
            next_page = front.pay(session_id) if method == "POST" else None
            if next_page:
                self.send_response(303)
                self.send_header("Location", next_page)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status, text = front.hosted_page(session_id)
            page = f"<!doctype html><title>Stripe test checkout</title>{text}"
            self._send(status, page.encode(), "text/html; charset=utf-8")

        def _api(self, method: str, path: str, body: bytes) -> None:
            if self.headers.get("Authorization") != f"Bearer {front.api_key}":
                key = self.headers.get("Authorization", "").removeprefix("Bearer ")
                shown = key[:8] + "*" * max(len(key) - 12, 0) + key[-4:]
                self._json(
                    *stripe_error(
                        401, "invalid_request_error", f"Invalid API Key provided: {shown}"
                    )
                )
                return
            if front.stalling_seconds:
                # A Stripe that never answers: the client gives up first.
                time.sleep(front.stalling_seconds)
                self.close_connection = True
                return
            if front._should_fail():
                self._json(*stripe_error(500, "api_error", "Something went wrong on Stripe's end."))
                return
            found = re.fullmatch(r"/v1/checkout/sessions(?:/([^/]+)(/expire)?)?", path)
            if found is None:
                skip = {"host", "content-length", "connection", "accept-encoding"}
                headers = {k: v for k, v in self.headers.items() if k.lower() not in skip}
                status, kind, answer = front.proxy(method, self.path, headers, body)
                self._send(status, answer, kind or "application/json")
                return
            session_id, expire = found.groups()
            if method == "POST" and session_id is None:
                params = form_to_params(body.decode())
                key = self.headers.get("Idempotency-Key", "")
                self._json(*front.create_session(params, key))
            elif method == "GET" and session_id and not expire:
                self._json(*front.get_session(session_id))
            elif method == "POST" and session_id and expire:
                self._json(*front.expire_session(session_id))
            else:
                self._json(
                    *stripe_error(
                        404,
                        "invalid_request_error",
                        f"Unrecognized request URL ({method}: {path}).",
                    )
                )

        def _json(self, status: int, body: dict[str, Any]) -> None:
            self._send(status, json.dumps(body).encode(), "application/json")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Request-Id", "req_test_" + secrets.token_hex(7))
            self.end_headers()
            self.wfile.write(body)

    return Handler
