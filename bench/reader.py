"""Reader-side figures for built pages: asset weight, requests, Lighthouse scores.

`python bench/reader.py [--runs N] [SITE]` runs Lighthouse (mobile preset, gzip server) N times
(default 3) on the home page in both languages and a checklist page of a built site (default:
builds the repository's into a temporary folder) and prints the median performance,
accessibility and best-practices scores against the goals (98, 100, 100), each run's scores and
the load average when it started. `lighthouse_pages()` is what `bench/run.py` calls.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
# Our JS and CSS that a checklist page loads: the checklist script and its style sheet (the
# 5 KB goal), then the site-wide style sheet and script every page loads, then the run tools,
# fetched only when a reader opens the toolbar's "More" menu.
CHECKLIST_ASSETS = ("assets/checklist.js", "assets/checklist.css")
SITE_ASSETS = ("assets/playbook.css", "assets/playbook.js")
ON_DEMAND_ASSETS = ("assets/checklist-runs.js",)
OWN_ASSETS = CHECKLIST_ASSETS + SITE_ASSETS + ON_DEMAND_ASSETS
# Lighthouse goals for the pages readers open most (mobile preset, served gzipped): the home
# page in both languages and a checklist page.
LIGHTHOUSE_PAGES = {"home": "", "home-zh": "zh/", "checklist": "checklists/pitch-prep/"}
LIGHTHOUSE_GOALS = {"performance": 98, "accessibility": 100, "best_practices": 100}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LIGHTHOUSE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "account-playbook" / "lighthouse"


def asset_weight(site: Path) -> dict[str, int]:
    """Gzipped bytes (level 9) of the project's own JS and CSS as built (minified) into `site`."""
    return {rel: len(gzip.compress((site / rel).read_bytes(), 9)) for rel in OWN_ASSETS if (site / rel).is_file()}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


_COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class _Gzip(_Quiet):
    """Like any production static server: text files gzipped when the browser accepts it.
    Each file is compressed once and kept (as nginx's gzip_static or a CDN cache would serve
    it): compressing the 0.4-0.6 MB search index on every request took ~15 ms of CPU on the
    machine that also runs the browser under test, in the middle of the page's start-up."""

    cache: ClassVar[dict[tuple[str, int, int], bytes]] = {}

    def do_GET(self) -> None:
        url_path = self.path.split("?", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().do_GET()  # the directory redirect
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in _COMPRESSIBLE or not path.is_file():
            return super().do_GET()
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        body = self.cache.get(key)
        if body is None:
            body = self.cache[key] = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve_folder(folder: Path, *, compress: bool = False) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (free port) in a thread; yield its base URL."""
    handler = _Gzip if compress else _Quiet
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def requests_of(url: str) -> dict[str, Any]:
    """Load the page in Debian's Chromium; count requests and those to other hosts."""
    from playwright.sync_api import sync_playwright

    seen: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda r: seen.append(r.url))
            page.goto(url, wait_until="networkidle")
            page.wait_for_timeout(500)
        finally:
            browser.close()
    host = urlsplit(url).netloc
    other = [u for u in seen if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != host]
    return {"requests": len(seen), "other_host_requests": len(other), "other_hosts": sorted({urlsplit(u).netloc for u in other})}


def lighthouse_bin() -> Path:
    """Lighthouse 12 from npm, installed once into a cache folder outside the repository."""
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if shutil.which("npm") is None:
            raise RuntimeError("npm is not installed: Lighthouse cannot be installed")
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(LIGHTHOUSE_DIR), "--no-audit", "--no-fund", "--loglevel=error", "lighthouse@12"],
            check=True,
            timeout=600,
        )
    return binary


def lighthouse(url: str, out: Path) -> dict[str, Any]:
    """One Lighthouse run (default mobile preset): performance, accessibility and best
    practices scores (best practices drops for any console error, a failed request included)."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    cmd = [
        str(lighthouse_bin()),
        url,
        "--quiet",
        "--only-categories=performance,accessibility,best-practices",
        "--output=json",
        f"--output-path={out}",
        "--chrome-flags=--headless --no-sandbox --disable-gpu",
    ]
    subprocess.run(cmd, env=env, check=True, timeout=300, capture_output=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    cats = report["categories"]
    audits = report["audits"]
    failing = sorted(
        k for k, a in audits.items() if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"
    )
    return {
        "performance": round(cats["performance"]["score"] * 100),
        "accessibility": round(cats["accessibility"]["score"] * 100),
        "best_practices": round(cats["best-practices"]["score"] * 100),
        "fcp_ms": audits.get("first-contentful-paint", {}).get("numericValue"),
        "lcp_ms": audits.get("largest-contentful-paint", {}).get("numericValue"),
        "tbt_ms": audits.get("total-blocking-time", {}).get("numericValue"),
        "cls": audits.get("cumulative-layout-shift", {}).get("numericValue"),
        "failing_binary_audits": failing,
        "opportunities_ms": {
            k: round(a["details"]["overallSavingsMs"])
            for k, a in audits.items()
            if (a.get("details") or {}).get("type") == "opportunity" and (a["details"].get("overallSavingsMs") or 0) > 0
        },
        "resources": [
            (urlsplit(r["url"]).path, r.get("resourceType"), r.get("transferSize"))
            for r in (audits.get("network-requests", {}).get("details") or {}).get("items", [])
        ],
        "version": report.get("lighthouseVersion"),
    }


def lighthouse_pages(site: Path, out_dir: Path, runs: int = 3) -> dict[str, dict[str, Any]]:
    """Lighthouse on each of LIGHTHOUSE_PAGES of a built site, served gzipped.

    Args:
        site: the built site folder.
        out_dir: where each run's JSON report is written (`lighthouse-<page>-<run>.json`).
        runs: runs per page; scores are the median per category (Lighthouse's simulated
            throttling scales the main thread's wall time by 4, so a busy machine costs points).

    Returns:
        Per page name: `url`, the median score of each category in LIGHTHOUSE_GOALS,
        `goals_met`, every run's scores and the 1-minute load average when it started
        (`runs`), the median LCP, TBT, FCP (ms) and CLS, and the last run's failing audits.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, Any]] = {}
    with serve_folder(site, compress=True) as base:
        for name, path in LIGHTHOUSE_PAGES.items():
            reports = []
            for i in range(runs):
                load = os.getloadavg()[0]
                reports.append(
                    {**lighthouse(base + path, out_dir / f"lighthouse-{name}-{i + 1}.json"), "load_average": round(load, 2)}
                )
            scores = {k: _median([r[k] for r in reports]) for k in LIGHTHOUSE_GOALS}
            results[name] = {
                "url": "/" + path,
                **scores,
                "goals_met": all(scores[k] >= goal for k, goal in LIGHTHOUSE_GOALS.items()),
                "runs": [{k: r[k] for k in (*LIGHTHOUSE_GOALS, "load_average", "tbt_ms", "fcp_ms")} for r in reports],
                **{k: _median([r[k] for r in reports if r[k] is not None]) for k in ("lcp_ms", "tbt_ms", "fcp_ms", "cls")},
                "failing_binary_audits": reports[-1]["failing_binary_audits"],
            }
    return results


def _median(values: list[Any]) -> Any:
    """The middle value (the lower middle for an even count); None for no values."""
    return sorted(values)[(len(values) - 1) // 2] if values else None


def main(argv: list[str]) -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(prog="bench/reader.py", description="Lighthouse on the pages of LIGHTHOUSE_PAGES")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is judged (default 3)")
    parser.add_argument("site", nargs="?", help="a built site (default: build the repository's)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.site:
            site = Path(args.site)
        else:
            import sys

            sys.path.insert(0, str(ROOT / "tests"))
            from sitebuild import build_site, copy_repo_sources

            root = Path(tmp) / "repo"
            copy_repo_sources(root)
            built = build_site(root)
            if not built.ok:
                print(f"build failed: {built.error}")
                return 1
            site = built.site
        results = lighthouse_pages(site, Path(tmp) / "lighthouse", runs=args.runs)
    for name, r in results.items():
        scores = ", ".join(f"{k.replace('_', ' ')} {r[k]} (goal {goal})" for k, goal in LIGHTHOUSE_GOALS.items())
        print(f"{name} {r['url']}: {scores} (median of {args.runs}); {'met' if r['goals_met'] else 'MISSED'}")
        for i, run in enumerate(r["runs"], 1):
            print(
                f"  run {i}: {' / '.join(str(run[k]) for k in LIGHTHOUSE_GOALS)}, TBT {run['tbt_ms']:.0f} ms, "
                f"FCP {run['fcp_ms']:.0f} ms, load average {run['load_average']}"
            )
        if r["failing_binary_audits"]:
            print(f"  failing audits: {', '.join(r['failing_binary_audits'])}")
    return 0 if all(r["goals_met"] for r in results.values()) else 1


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
