"""Authoring latency: edit a checklist YAML under `mkdocs serve`, wait for the served pages to change.

Both languages (the default), or one (`only_lang`, the config says static-i18n's
`build_only_locale`, as `AP_ONLY_LANG=zh mkdocs serve` does): that language is then the
only one built and lives at the site root.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml
from sites import free_port  # sites puts tests/ on sys.path; free_port is sitebuild's

_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _first_item_texts(path: Path) -> tuple[str, str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    item = data["pause_points"][0]["items"][0]
    return data["id"], item["text"]["en"], item["text"]["zh"]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def latency(
    root: Path, config: Path, *, attempts: int, only_lang: str | None = None, args: tuple[str, ...] = (), timeout: float = 90.0
) -> dict[str, Any]:
    """Start `mkdocs serve` (normal livereload) on a copy of the site; edit, poll, repeat.
    Each run: seconds until each language's page shows the edit, the server process's CPU
    seconds over that time (the rebuild's cost, not inflated by other work on the machine)
    and the build times MkDocs logged."""
    yml = sorted((root / "checklists").glob("*.yml"))[0]
    cid, en, zh = _first_item_texts(yml)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log_path = root / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}  # build times in the log at once
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}", *args],
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    if only_lang:
        pages = {only_lang: f"{base}checklists/{cid}/"}
    else:
        pages = {"en": f"{base}checklists/{cid}/", "zh": f"{base}zh/checklists/{cid}/"}
    last = list(pages)[-1]
    runs = []
    try:
        t0 = time.perf_counter()
        while _get(pages[last]) is None:
            if proc.poll() is not None or time.perf_counter() - t0 > timeout:
                raise RuntimeError(f"mkdocs serve did not come up: see {log_path}\n" + log_path.read_text()[-2000:])
            time.sleep(0.2)
        startup = time.perf_counter() - t0
        time.sleep(1.0)
        text = yml.read_text(encoding="utf-8")
        for n in range(attempts):
            token_en, token_zh = f"Bench edit {n} {time.time_ns()}", f"基准修改 {n} {time.time_ns()}"
            new = text.replace(en, token_en, 1).replace(zh, token_zh, 1)
            if new == text:
                raise RuntimeError(f"could not find the first item's text in {yml}")
            built_before = len(_BUILT.findall(log_path.read_text(encoding="utf-8")))
            staged = root / f".{yml.name}.tmp"  # as editors save: write aside (unwatched), rename over
            staged.write_text(new, encoding="utf-8")
            load = os.getloadavg()[0]
            cpu0 = _cpu_seconds(proc.pid)
            os.replace(staged, yml)
            start = time.perf_counter()
            seen: dict[str, float] = {}
            while len(seen) < len(pages):
                for lang, url in pages.items():
                    token = token_en if lang == "en" else token_zh
                    if lang not in seen and token in (_get(url) or ""):
                        seen[lang] = time.perf_counter() - start
                if time.perf_counter() - start > timeout:
                    raise RuntimeError(f"edit not served after {timeout} s: see {log_path}")
                time.sleep(0.02)
            cpu = _cpu_seconds(proc.pid) - cpu0
            time.sleep(1.5)  # let the rebuild finish and the server settle
            builds = [float(x) for x in _BUILT.findall(log_path.read_text(encoding="utf-8"))[built_before:]]
            runs.append(
                {
                    **{f"{lang}_s": secs for lang, secs in seen.items()},
                    "server_cpu_s": cpu,
                    "mkdocs_reported_build_s": builds,
                    "load_before": load,
                }
            )
            text, en, zh = new, token_en, token_zh
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return {"startup_s": startup, "runs": runs, "page": f"checklists/{cid}/", "edited": yml.name, "languages": list(pages)}
