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

COPY = ["mkdocs.yml", "docs", "checklists", "quizzes", "terms.yml", "hooks", "overrides", "schema"]


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


class Served:
    """A real `mkdocs serve` of a copy of the repository, with its log in a file."""

    def __init__(self, root: Path) -> None:
        for name in COPY:
            source = ROOT / name
            if source.exists():
                (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
        self.root, self.port, self.log = root, free_port(), root / "serve.log"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        with open(self.log, "w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
                cwd=root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def test_editing_a_checklist_under_serve_rebuilds_it(tmp_path: Path):
    served = Served(tmp_path)
    try:
        url = served.url("zh/checklists/pitch-prep/")
        assert _wait_for(url, "ap-checklist", 120), "mkdocs serve did not come up"
        path = tmp_path / "checklists" / "pitch-prep.yml"
        text = path.read_text(encoding="utf-8")
        marker = "彩排一遍（已编辑）"
        edited = text.replace("zh: ", f"zh: {marker}", 1)
        assert edited != text
        path.write_text(edited, encoding="utf-8")
        assert _wait_for(url, marker, 120), "the served page did not change after the checklist was saved"
    finally:
        served.stop()


def test_serve_survives_hostile_files_and_recovers(tmp_path: Path):
    """Each hostile edit is reported with its file and line; the server keeps answering and
    picks up the fixed file. No traceback reaches the log."""
    served = Served(tmp_path)
    path = tmp_path / "checklists" / "pitch-prep.yml"
    good = path.read_text(encoding="utf-8")
    hostile = {
        "deep": "id: " + "[" * 50_000 + "\n",
        "int-tag": good.replace("owner: ", "owner: !!int ", 1),
        "bad-date": good.replace("last_reviewed: ", "last_reviewed: 2026-02-30 #", 1),
    }
    try:
        url = served.url("checklists/pitch-prep/")
        assert _wait_for(url, "ap-checklist", 120), "mkdocs serve did not come up"
        (tmp_path / "checklists" / ".#pitch-prep.yml").symlink_to(tmp_path / "nowhere")
        for name, text in hostile.items():
            path.write_text(text, encoding="utf-8")
            assert _wait_for_log(served.log, "checklists/pitch-prep.yml:", 120, skip=name), f"{name}: no message"
            assert _wait_for(served.url(""), "</html>", 60), f"{name}: the server stopped answering"
        marker = "Recovered after hostile edits"
        path.write_text(good.replace("en: ", f"en: {marker} ", 1), encoding="utf-8")
        assert _wait_for(url, marker, 120), "the server did not recover when the file was fixed"
        log = served.log.read_text(encoding="utf-8")
        assert "Traceback" not in log
        assert "checklists/.#pitch-prep.yml:1: cannot read: not a regular file" in log
        assert "checklists/pitch-prep.yml:1: nested more than 32 levels deep" in log
    finally:
        served.stop()


_seen: dict[str, int] = {}


def _wait_for_log(log: Path, text: str, seconds: float, *, skip: str) -> bool:
    """Wait until `text` appears in the log after what was there before this step."""
    start = _seen.get(str(log), 0)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        content = log.read_text(encoding="utf-8")
        found = content.find(text, start)
        if found >= 0:
            _seen[str(log)] = found + len(text)
            return True
        time.sleep(0.2)
    return False
