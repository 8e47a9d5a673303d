"""Build real MkDocs sites (the repository's, or small ones) into a folder: shared by the
tests, the fixtures in conftest.py and the benchmark. Import it as `sitebuild`."""

from __future__ import annotations

import logging
import os
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass
class BuildResult:
    ok: bool
    site: Path
    messages: list[str]
    error: str | None = None

    def warnings(self) -> list[str]:
        return [m for m in self.messages if m.startswith("WARNING")]

    def page(self, url: str) -> str:
        """HTML of a built page by URL path: "checklists/pitch-prep/" or "zh/"."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (for servers the tests and the benchmark start)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class WarningCollector(logging.Handler):
    """Keeps every warning (and worse) logged under a logger, as "LEVEL: message"."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs would with no environment variables set: `!ENV [NAME,
    default]` is its default (tests build what `make build` builds)."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])  # type: ignore[arg-type,attr-defined]


def read_config() -> dict[str, Any]:
    """The repository's mkdocs.yml as data."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        config: dict[str, Any] = yaml.load(f, Loader=_ConfigLoader)
    return config


def site_config(root: Path, *, nav: list[Any] | None = None) -> dict[str, Any]:
    """The repository's mkdocs.yml, with every path made absolute so it builds from `root`."""
    config = read_config()
    config["docs_dir"] = str(root / "docs")
    config["site_dir"] = str(root / "site")
    config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["watch"] = []
    if nav is not None:
        config["nav"] = nav
    return config


def build_site(root: Path, config: dict[str, Any] | None = None, *, strict: bool = True) -> BuildResult:
    """Build the site described by `config` (default: the repository's) from `root`."""
    config = config if config is not None else site_config(root)
    config_path = root / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    handler = WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        build(load_config(str(config_path), strict=strict))
        return BuildResult(True, Path(config["site_dir"]), handler.messages)
    except (Abort, PluginError) as e:
        return BuildResult(False, Path(config["site_dir"]), handler.messages, str(e))
    finally:
        logger.removeHandler(handler)


def build_mini(
    root: Path, *, pages: dict[str, str], checklists: dict[str, str] | None = None, strict: bool = True
) -> BuildResult:
    """Build a small bilingual site in `root`: pages maps a docs-relative path ("pitching.md",
    "zh/pitching.md") to Markdown, checklists a file name to YAML. The nav lists every
    English page (and the checklists index when there are checklists)."""
    for rel, text in pages.items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    folder = root / "checklists"
    folder.mkdir(exist_ok=True)
    for name, text in (checklists or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    nav: list[Any] = sorted(rel for rel in pages if not rel.startswith("zh/"))
    if checklists:
        nav.append({"Checklists": "checklists/index.md"})
    return build_site(root, site_config(root, nav=nav), strict=strict)


def copy_repo_sources(root: Path, *, checklists: bool = True) -> None:
    """Copy the repository's docs, term base, knowledge checks (and checklists) under
    `root`, to build or mutate them."""
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copy(ROOT / "terms.yml", root / "terms.yml")
    shutil.copytree(ROOT / "quizzes", root / "quizzes")
    if checklists:
        shutil.copytree(ROOT / "checklists", root / "checklists")
    else:
        (root / "checklists").mkdir()
