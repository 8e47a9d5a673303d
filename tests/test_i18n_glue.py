"""The internals of mkdocs-static-i18n that hooks/apbook/i18n.py depends on still exist.

If an upgrade renames one of them, this fails and names it (instead of a language switcher
or sitemap that silently breaks)."""

from __future__ import annotations

from pathlib import Path

from apbook import i18n
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs_static_i18n.folder import create_i18n_file
from sitebuild import build_site, site_config


def _config(tmp_path: Path):
    (tmp_path / "docs" / "zh").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "docs" / "zh" / "index.md").write_text("# 首页\n", encoding="utf-8")
    config = site_config(tmp_path, nav=["index.md"])
    config["hooks"] = []
    build_site(tmp_path, config)  # writes mkdocs.yml
    return load_config(str(tmp_path / "mkdocs.yml"))


def test_plugin_has_the_attributes_the_glue_reads(tmp_path: Path):
    config = _config(tmp_path)
    plugin = config.plugins["i18n"]
    plugin.on_config(config)
    missing = [name for name in i18n.PLUGIN_ATTRIBUTES if not hasattr(plugin, name)]
    assert missing == []
    langs = i18n.languages(config)
    assert (langs.current, langs.default, langs.all) == ("en", "en", ("en", "zh"))
    assert i18n.is_final_build(config)


def test_real_files_get_the_attributes_the_glue_gives_generated_pages(tmp_path: Path):
    config = _config(tmp_path)
    file = File("zh/index.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    made = create_i18n_file(file, "zh", "en", ["en", "zh"], config)
    missing = [name for name in i18n.FILE_ATTRIBUTES if not hasattr(made, name)]
    assert missing == []
    assert made.locale == "zh" and made.norm_src_uri == "index.md"
