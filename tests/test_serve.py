"""Under `mkdocs serve`, saving a checklist file rebuilds the page that is served."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from sitebuild import ROOT, free_port

COPY = ["mkdocs.yml", "docs", "checklists", "hooks", "overrides", "includes", "schema"]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _get(url)
        if page is not None and text in page:
            return True
        time.sleep(0.2)
    return False


def test_editing_a_checklist_under_serve_rebuilds_it(tmp_path: Path):
    for name in COPY:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/zh/checklists/pitch-prep/"
        assert _wait_for(url, "ap-checklist", 120), "mkdocs serve did not come up"
        path = tmp_path / "checklists" / "pitch-prep.yml"
        text = path.read_text(encoding="utf-8")
        marker = "彩排一遍（已编辑）"
        edited = text.replace("zh: ", f"zh: {marker}", 1)
        assert edited != text
        path.write_text(edited, encoding="utf-8")
        assert _wait_for(url, marker, 120), "the served page did not change after the checklist was saved"
    finally:
        server.terminate()
        server.wait(timeout=20)
