"""axe over every page of the built site: both languages, light and dark palettes, desktop
(1280 px) and phone (390 px) widths. No violation of any impact is allowed.

Pages are many, so the crawl shares one browser and one tab per width, loads each page once
per width and injects axe once per load: the light palette gets every axe rule, then the
page switches to the dark palette in place (Material's palettes differ only in colour) and
axe runs its colour rules again.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest

pytestmark = pytest.mark.browser

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# Transitions would let axe measure a colour half-way between the two palettes.
STILL = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def site_urls(site: Path) -> list[str]:
    """Every page the sitemaps list (both languages), and each language's 404 page."""
    urls: set[str] = set()
    for sitemap in (site / "sitemap.xml", site / "zh" / "sitemap.xml"):
        for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8")):
            urls.add(re.sub(r"^https?://[^/]+/", "", loc))
    return [*sorted(urls), "404.html", "zh/404.html"]


def test_the_crawl_covers_both_languages(real_site: Any) -> None:
    urls = site_urls(real_site.site)
    assert len([u for u in urls if u.startswith("zh/")]) >= 30 and len(urls) >= 60
    assert {"", "zh/", "checklists/pitch-prep/", "zh/checklists/", "pitching/", "zh/pitching/"} <= set(urls)


async def _check(browser: Any, base_url: str, urls: list[str], width: str, found: list[str]) -> None:
    """One tab at one width: every page, light palette with every rule, then dark colours."""
    w, h = WIDTHS[width]
    phone = width == "phone"
    context = await browser.new_context(viewport={"width": w, "height": h}, is_mobile=phone, has_touch=phone)
    page = await context.new_page()
    try:
        for url in urls:
            await page.goto(base_url + url, wait_until="load")
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


async def _crawl(launch: dict[str, Any], base_url: str, urls: list[str]) -> list[str]:
    from playwright.async_api import async_playwright

    found: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(**launch)
        try:
            # The two widths run side by side: one tab each, on the machine's two cores.
            await asyncio.gather(*(_check(browser, base_url, urls, width, found) for width in WIDTHS))
        finally:
            await browser.close()
    return found


def test_axe_finds_nothing_on_any_page_in_either_palette_or_width(
    browser_type_launch_args: dict[str, Any], base_url: str, real_site: Any
) -> None:
    urls = site_urls(real_site.site)
    result: dict[str, Any] = {}
    started = time.monotonic()
    # Playwright's sync API owns this thread's event loop: run the async crawl in its own.
    worker = threading.Thread(target=lambda: result.update(found=asyncio.run(_crawl(browser_type_launch_args, base_url, urls))))
    worker.start()
    worker.join()
    elapsed = time.monotonic() - started
    assert "found" in result, "the crawl stopped with an error (see the output above)"
    assert result["found"] == [], "\n".join(sorted(result["found"]))
    print(f"axe: {len(urls)} pages x {len(WIDTHS)} widths x 2 palettes in {elapsed:.0f} s")
    # About 3 minutes on an idle 2-core machine; far more only under heavy load from elsewhere.
    assert elapsed < 1200, f"the axe crawl took {elapsed:.0f} s: keep it within a few minutes"
