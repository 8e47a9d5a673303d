"""One crawl of every page of the built site (both languages, both 404 pages), at desktop
(1280 px) and phone (390 px) widths, that checks two things on every page:
- axe in the light and dark palettes: no violation of any impact;
- every request the page makes: none fails (status >= 400, or no answer) and none leaves
  127.0.0.1. Material asks for `sitemap.xml` next to each `<link rel="alternate">` and the
  search worker loads its index: both must be there (mkdocs-material #6582).

Pages are many, so the crawl shares one browser and one tab per width, loads each page once
per width (until the network is idle, so that late requests are seen) and injects axe once per
load: the light palette gets every axe rule, then the page switches to the dark palette in
place (Material's palettes differ only in colour) and axe runs its colour rules again.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import axe_playwright_python
import pytest

pytestmark = pytest.mark.browser

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# Transitions would let axe measure a colour half-way between the two palettes.
STILL = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def site_urls(site: Path) -> list[str]:
    """Every page the sitemaps list (both languages), every other HTML file, and the 404 pages."""
    urls: set[str] = set()
    for sitemap in (site / "sitemap.xml", site / "zh" / "sitemap.xml"):
        for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8")):
            urls.add(re.sub(r"^https?://[^/]+/", "", loc))
    urls |= {path.relative_to(site).as_posix().removesuffix("index.html") for path in site.rglob("*.html")}
    return sorted(urls)


def test_the_crawl_covers_both_languages(real_site: Any) -> None:
    urls = site_urls(real_site.site)
    assert len([u for u in urls if u.startswith("zh/")]) >= 30 and len(urls) >= 60
    assert {"", "zh/", "checklists/pitch-prep/", "zh/checklists/", "pitching/", "zh/pitching/"} <= set(urls)


async def _check(browser: Any, base_url: str, urls: list[str], width: str, found: list[str], seen: set[str]) -> None:
    """One tab at one width: every page, its requests, light palette with every rule, then dark colours."""
    w, h = WIDTHS[width]
    phone = width == "phone"
    context = await browser.new_context(viewport={"width": w, "height": h}, is_mobile=phone, has_touch=phone)
    page = await context.new_page()
    current = {"url": ""}

    def response(r: Any) -> None:
        seen.add(urlsplit(r.url).path)
        if r.status >= 400:
            found.append(f"/{current['url']} [{width}] request: {r.status} {r.url}")

    def request(r: Any) -> None:
        parts = urlsplit(r.url)
        if parts.scheme not in ("data", "blob", "about") and parts.hostname != "127.0.0.1":
            found.append(f"/{current['url']} [{width}] request outside the site: {r.url}")

    page.on("response", response)
    page.on("requestfailed", lambda r: found.append(f"/{current['url']} [{width}] request failed: {r.url} ({r.failure})"))
    context.on("request", request)
    try:
        for url in urls:
            current["url"] = url
            await page.goto(base_url + url, wait_until="networkidle")
            await page.wait_for_function("window.apEnhanced === true")  # docs/assets/playbook.js has run
            if await page.locator(".ap-items").count():
                await page.wait_for_selector("html[data-ap-ready]", state="attached")
            await page.add_style_tag(content=STILL)
            await page.evaluate(AXE)
            for scheme, options in (
                ("default", {"resultTypes": ["violations"]}),
                ("slate", {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": COLOUR_RULES}}),
            ):
                await page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
                result = await page.evaluate("options => axe.run(document, options)", options)
                for v in result["violations"]:
                    targets = [n["target"] for n in v["nodes"]][:3]
                    found.append(f"/{url} [{width}, {scheme}] {v['id']} ({v['impact']}): {targets}")
    finally:
        await context.close()


async def _crawl(launch: dict[str, Any], base_url: str, urls: list[str], seen: set[str]) -> list[str]:
    from playwright.async_api import async_playwright

    found: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(**launch)
        try:
            # The two widths run side by side: one tab each, on the machine's two cores.
            await asyncio.gather(*(_check(browser, base_url, urls, width, found, seen) for width in WIDTHS))
        finally:
            await browser.close()
    return found


def test_no_page_has_an_axe_finding_or_a_failed_or_outside_request(
    browser_type_launch_args: dict[str, Any], base_url: str, real_site: Any
) -> None:
    urls = site_urls(real_site.site)
    result: dict[str, Any] = {}
    seen: set[str] = set()
    started = time.monotonic()
    # Playwright's sync API owns this thread's event loop: run the async crawl in its own.
    crawl = _crawl(browser_type_launch_args, base_url, urls, seen)
    worker = threading.Thread(target=lambda: result.update(found=asyncio.run(crawl)))
    worker.start()
    worker.join()
    assert "found" in result, "the crawl stopped with an error (see the output above)"
    assert result["found"] == [], "\n".join(sorted(result["found"]))
    assert {"/sitemap.xml", "/zh/sitemap.xml", "/search/search_index.json", "/zh/search/search_index.json"} <= seen
    print(f"{len(urls)} pages x {len(WIDTHS)} widths x 2 palettes in {time.monotonic() - started:.0f} s")
