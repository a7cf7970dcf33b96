#!/usr/bin/env python3
"""A small OAuth 1.0a provider built on oauthlib (not on AuthActors code) for the AuthActors tests.

    OAUTHLIB_INSECURE_TRANSPORT=1 python3 server.py [PORT] [--callback URL]...

Listens on 127.0.0.1:PORT (0 or absent: a free port) and prints the chosen port as the first stdout line.

Endpoints (RFC 5849):
    POST /request_token   temporary credentials
    GET  /authorize       approves at once for the user "alice" and redirects to the oauth_callback
                          with oauth_token and oauth_verifier
    POST /access_token    token credentials
    GET  /user            protected resource: {"id_str": "...", "screen_name": "..."}

One client is registered (CLIENT_KEY / CLIENT_SECRET below). Everything is kept in memory. The validator
checks for real: client key, signature (oauthlib), nonce/timestamp replay, registered callbacks, request
token ownership and single use, verifier. oauthlib's own format checks stay on: keys, tokens, verifiers and
nonces must be 20..30 characters of [A-Za-z0-9].
"""

import hmac
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from oauthlib.oauth1 import (
    SIGNATURE_HMAC_SHA1,
    SIGNATURE_HMAC_SHA256,
    SIGNATURE_PLAINTEXT,
    RequestValidator,
    WebApplicationServer,
)
from oauthlib.oauth1.rfc5849 import errors

CLIENT_KEY = "authactorsconsumerkey01"  # 23 characters: oauthlib wants 20..30 of [A-Za-z0-9]
CLIENT_SECRET = "authactors-consumer-secret"
USER = {"id_str": "4242", "screen_name": "alice"}
DEFAULT_CALLBACKS = ["http://127.0.0.1:9/auth"]


class Store:
    def __init__(self, callbacks):
        self.lock = threading.Lock()
        self.clients = {CLIENT_KEY: {"secret": CLIENT_SECRET, "callbacks": set(callbacks)}}
        self.request_tokens = {}  # token -> {client_key, secret, callback, realms, verifier, user}
        self.access_tokens = {}  # token -> {client_key, secret, realms, user}
        self.nonces = set()  # (client_key, timestamp, nonce, token)


class Validator(RequestValidator):
    """An in-memory RequestValidator; every check is real."""

    def __init__(self, store):
        super().__init__()
        self.store = store

    # --- policy -----------------------------------------------------------------------------------------
    @property
    def enforce_ssl(self):
        # oauthlib's OAuth 1 code has no switch for this; follow the OAuth 2 convention for loopback tests.
        return not os.environ.get("OAUTHLIB_INSECURE_TRANSPORT")

    @property
    def allowed_signature_methods(self):
        return (SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256, SIGNATURE_PLAINTEXT)

    @property
    def realms(self):
        return ["profile"]

    @property
    def dummy_client(self):
        return "dummyclientkeydummyclient"

    @property
    def dummy_request_token(self):
        return "dummyrequesttokendummyrequest"

    @property
    def dummy_access_token(self):
        return "dummyaccesstokendummyaccess"

    # --- secrets ----------------------------------------------------------------------------------------
    def get_client_secret(self, client_key, request):
        client = self.store.clients.get(client_key)
        return client["secret"] if client else "dummy-secret"

    def get_request_token_secret(self, client_key, token, request):
        record = self.store.request_tokens.get(token)
        return record["secret"] if record and record["client_key"] == client_key else "dummy-secret"

    def get_access_token_secret(self, client_key, token, request):
        record = self.store.access_tokens.get(token)
        return record["secret"] if record and record["client_key"] == client_key else "dummy-secret"

    # --- clients, callbacks, realms ---------------------------------------------------------------------
    def validate_client_key(self, client_key, request):
        return client_key in self.store.clients

    def validate_redirect_uri(self, client_key, redirect_uri, request):
        # A registered callback matches with any query string added (as X allows), so a client may carry
        # per-login data in it; scheme, host, port and path must be exactly a registered one.
        client = self.store.clients.get(client_key)
        base = redirect_uri.split("?", 1)[0]
        return client is not None and (redirect_uri == "oob" or base in client["callbacks"])

    def get_default_realms(self, client_key, request):
        return ["profile"]

    def validate_requested_realms(self, client_key, realms, request):
        return all(r in self.realms for r in realms)

    def get_realms(self, token, request):
        record = self.store.request_tokens.get(token)
        return record["realms"] if record else []

    def verify_realms(self, token, realms, request):
        record = self.store.request_tokens.get(token)
        return record is not None and all(r in record["realms"] for r in realms)

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        record = self.store.access_tokens.get(token)
        return record is not None and record["client_key"] == client_key and all(r in record["realms"] for r in (realms or []))

    # --- replay -----------------------------------------------------------------------------------------
    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None, access_token=None):
        key = (client_key, timestamp, nonce, request_token or access_token)
        with self.store.lock:
            if key in self.store.nonces:
                log("replayed nonce %r from %r" % (nonce, client_key))
                return False
            self.store.nonces.add(key)
            return True

    # --- request tokens ---------------------------------------------------------------------------------
    def save_request_token(self, token, request):
        with self.store.lock:
            self.store.request_tokens[token["oauth_token"]] = {
                "client_key": request.client_key,
                "secret": token["oauth_token_secret"],
                "callback": request.redirect_uri,
                "realms": list(request.realms or []),
                "verifier": None,
                "user": None,
            }

    def verify_request_token(self, token, request):
        # The authorization step: the token must exist and not be authorized yet.
        record = self.store.request_tokens.get(token)
        return record is not None and record["verifier"] is None

    def get_redirect_uri(self, token, request):
        return self.store.request_tokens[token]["callback"]

    def save_verifier(self, token, verifier, request):
        with self.store.lock:
            record = self.store.request_tokens[token]
            record["verifier"] = verifier["oauth_verifier"]
            record["user"] = USER

    def validate_request_token(self, client_key, token, request):
        record = self.store.request_tokens.get(token)
        return record is not None and record["client_key"] == client_key

    def validate_verifier(self, client_key, token, verifier, request):
        record = self.store.request_tokens.get(token)
        if record is None or record["client_key"] != client_key or record["verifier"] is None:
            return False
        if not hmac.compare_digest(record["verifier"].encode(), verifier.encode()):
            return False
        request.user = record["user"]
        return True

    def invalidate_request_token(self, client_key, request_token, request):
        with self.store.lock:
            self.store.request_tokens.pop(request_token, None)

    # --- access tokens ----------------------------------------------------------------------------------
    def save_access_token(self, token, request):
        record = self.store.request_tokens.get(request.resource_owner_key)
        with self.store.lock:
            self.store.access_tokens[token["oauth_token"]] = {
                "client_key": request.client_key,
                "secret": token["oauth_token_secret"],
                "realms": token.get("oauth_authorized_realms", "").split(),
                "user": record["user"] if record else getattr(request, "user", None),
            }

    def validate_access_token(self, client_key, token, request):
        record = self.store.access_tokens.get(token)
        return record is not None and record["client_key"] == client_key


def log(message):
    print(message, file=sys.stderr, flush=True)


class Handler(BaseHTTPRequestHandler):
    server_version = "oauthlib-provider/1"
    # Keep-alive (every response has a Content-Length): no connection churn, so no client ever races a close.
    protocol_version = "HTTP/1.1"
    endpoint = None  # WebApplicationServer, set in main
    store = None

    def log_message(self, fmt, *args):
        if os.environ.get("OAUTHLIB_PROVIDER_VERBOSE"):
            log(fmt % args)

    def _uri(self):
        return "http://%s%s" % (self.headers.get("Host"), self.path)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode("utf-8") if length else ""

    def _send(self, status, headers, body):
        payload = (body or "").encode("utf-8")
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _route(self, method):
        path = urlsplit(self.path).path
        body = self._body()
        headers = dict(self.headers.items())
        uri = self._uri()
        try:
            if method == "POST" and path == "/request_token":
                h, b, s = self.endpoint.create_request_token_response(uri, method, body, headers)
            elif method == "GET" and path == "/authorize":
                # The user ("alice") approves at once.
                realms, _ = self.endpoint.get_realms_and_credentials(uri, method, body, headers)
                h, b, s = self.endpoint.create_authorization_response(uri, method, body, headers, realms=realms)
            elif method == "POST" and path == "/access_token":
                h, b, s = self.endpoint.create_access_token_response(uri, method, body, headers)
            elif path == "/user":
                valid, request = self.endpoint.validate_protected_resource_request(uri, method, body, headers, realms=["profile"])
                if valid:
                    user = self.store.access_tokens[request.resource_owner_key]["user"]
                    h, b, s = {"Content-Type": "application/json"}, json.dumps(user), 200
                else:
                    log("refused %s %s: %r" % (method, path, request.validator_log))
                    h, b, s = {"Content-Type": "application/json", "WWW-Authenticate": "OAuth"}, '{"error":"invalid_token"}', 401
            else:
                h, b, s = {"Content-Type": "text/plain"}, "not found", 404
        except errors.OAuth1Error as e:  # raised by get_realms_and_credentials / create_authorization_response
            h, b, s = {"Content-Type": "application/x-www-form-urlencoded"}, e.urlencoded, e.status_code
        if s >= 400:
            log("%s %s -> %d %s" % (method, path, s, b or ""))
        self._send(s, h, b)

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")


def main(argv):
    port = 0
    callbacks = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--callback":
            callbacks.append(args.pop(0))
        else:
            port = int(arg)
    store = Store(callbacks or DEFAULT_CALLBACKS)
    Handler.store = store
    Handler.endpoint = WebApplicationServer(Validator(store))
    ThreadingHTTPServer.request_queue_size = 128
    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main(sys.argv[1:])
