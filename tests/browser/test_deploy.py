"""deploy/nginx.conf, run for real: Debian's nginx in front of the built site.

TLS and single sign-on are swapped for a local port (they need a certificate and an SSO
proxy); everything else — headers, the CSP, the per-language 404s, caching — is the file
as shipped. Chromium then loads pages under that CSP: nothing may be blocked and the
checklists must still tick and save.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitebuild import ROOT, free_port
from test_search import search

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
CONF = ROOT / "deploy" / "nginx.conf"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)

pytestmark = pytest.mark.browser


def harness(conf: str, *, root: Path, port: int) -> str:
    """The shipped server block on a local port, without TLS and SSO."""
    conf = conf.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    conf = re.sub(r"\n\s*ssl_certificate(_key)?\s[^\n]*", "", conf)
    conf = conf.replace("    auth_request /oauth2/auth;", "    # auth_request: needs the SSO proxy")
    conf = re.sub(r"root [^;]+;", f"root {root};", conf, count=1)
    conf = re.sub(r"\nserver \{\n    listen 80;.*?\n\}\n", "\n", conf, flags=re.S)
    assert f"127.0.0.1:{port}" in conf and "ssl_certificate" not in conf
    return conf


@pytest.fixture(scope="module")
def nginx(real_site: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if NGINX is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("nginx is not installed (CI=true): run `make system-deps`")
        pytest.skip("nginx is not installed: run `make system-deps`")
    work = tmp_path_factory.mktemp("nginx")
    port = free_port()
    (work / "site.conf").write_text(harness(CONF.read_text(encoding="utf-8"), root=real_site.site, port=port), encoding="utf-8")
    temp = " ".join(f"{kind}_temp_path {work};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (work / "nginx.conf").write_text(
        # Workers run as the test's own user: pytest's tmp folders are private to it.
        ("user root; " if os.geteuid() == 0 else "")
        + f"daemon off; pid {work}/nginx.pid; error_log {work}/error.log;\nevents {{}}\n"
        + f"http {{ include /etc/nginx/mime.types; access_log off; {temp} include {work}/site.conf; }}\n",
        encoding="utf-8",
    )
    check = subprocess.run([NGINX, "-t", "-c", str(work / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-c", str(work / "nginx.conf")], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.05)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8", "replace")


def csp_of(conf: str) -> str:
    match = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', conf)
    assert match, "deploy/nginx.conf has no Content-Security-Policy"
    return match.group(1)


def test_every_inline_script_of_the_site_is_allowed_by_the_csp(real_site: Any):
    policy = csp_of(CONF.read_text(encoding="utf-8"))
    missing = {}
    for page in real_site.site.rglob("*.html"):
        for attrs, body in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            if "application/json" in attrs:
                continue  # data, never executed
            digest = "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
            if digest not in policy:
                missing.setdefault(digest, page.relative_to(real_site.site).as_posix())
    assert missing == {}, f"add these hashes to script-src in deploy/nginx.conf: {missing}"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


@pytest.mark.parametrize(
    "path, status, lang",
    [("", 200, "en"), ("zh/pitching/", 200, "zh"), ("no-such-page/", 404, "en"), ("zh/no-such-page/", 404, "zh")],
)
def test_nginx_serves_pages_and_each_languages_404_with_security_headers(nginx: str, path: str, status: int, lang: str):
    code, headers, body = fetch(nginx + path)
    assert code == status
    assert f'<html lang="{lang}"' in body
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Robots-Tag"] == "noindex, nofollow"


def test_nginx_caches_hashed_bundles_and_revalidates_pages(nginx: str, real_site: Any):
    bundle = next((real_site.site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    _, headers, _ = fetch(f"{nginx}assets/javascripts/{bundle}")
    assert headers["Cache-Control"] == "max-age=2592000"
    assert headers["Content-Security-Policy"]  # security headers survive the cache rule
    _, headers, _ = fetch(nginx + "checklists/pitch-prep/")
    assert headers["Cache-Control"] == "no-cache"


CSP_WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.mark.parametrize("path", ["", "zh/", "pitching/", "checklists/", "checklists/pitch-prep/", "zh/checklists/pitch-pack/"])
def test_site_works_under_the_csp(nginx: str, page: Any, path: str):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.add_init_script(CSP_WATCH)
    page.goto(nginx + path, wait_until="networkidle")
    assert page.evaluate("window.__csp") == []
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []


def test_checklist_ticks_and_saves_under_the_csp(nginx: str, page: Any):
    page.add_init_script(CSP_WATCH)
    page.goto(nginx + "checklists/pitch-prep/")
    box = page.locator('input.ap-box[data-item="rehearse"]')
    box.check()
    page.reload()
    assert page.locator('input.ap-box[data-item="rehearse"]').is_checked()
    assert page.evaluate("window.__csp") == []


def test_search_works_under_the_csp(nginx: str, page: Any):
    page.add_init_script(CSP_WATCH)
    paths = search(page, nginx + "zh/", "彩排")
    assert paths and all(p.startswith("/zh/") for p in paths)
    assert page.evaluate("window.__csp") == []
