"""Browser fixtures: Debian's Chromium through Playwright, and the built site on 127.0.0.1.

Never `playwright install`: the tests drive the system browser (`make system-deps`).
Without it the browser tests are skipped, except under CI (CI=true), where they fail.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = next((p for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if Path(p).is_file()), None)
ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if CHROMIUM is None:
        _missing("Debian's chromium is not installed (/usr/bin/chromium): run `make system-deps`")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


class _Quiet(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        # Sites are rebuilt under a running server: never let the browser reuse an old page.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Server:
    """A static file server for one folder, on 127.0.0.1 and a free port."""

    def __init__(self, root: Path) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def site_server(real_site: Any) -> Iterator[Server]:
    server = Server(real_site.site)
    yield server
    server.close()


@pytest.fixture(scope="session")
def base_url(site_server: Server) -> str:
    return site_server.url


@pytest.fixture
def serve() -> Iterator[Any]:
    """Serve another folder (a small site built in a test): `serve(path) -> url`."""
    servers: list[Server] = []

    def start(root: Path) -> str:
        servers.append(Server(root))
        return servers[-1].url

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def outside(context: Any) -> list[str]:
    """Every request of the test that leaves 127.0.0.1 (http, https, ws)."""
    urls: list[str] = []

    def record(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and parts.hostname != "127.0.0.1":
            urls.append(request.url)

    context.on("request", record)
    return urls


@pytest.fixture
def errors(page: Any) -> list[str]:
    """Uncaught errors thrown by the page's scripts."""
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(f"{error.name}: {error.message}\n{error.stack}"))
    return found


@pytest.fixture(scope="session")
def poppler() -> None:
    import shutil

    if not shutil.which("pdfinfo"):
        _missing("poppler-utils (pdfinfo, pdftotext) is not installed: run `make system-deps`")
