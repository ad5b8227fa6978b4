"""Split the shared search index into one index per language.

mkdocs-static-i18n builds every language into one site and stacks all pages into a single
search index, so a reader searching the English site gets Chinese pages and vice versa. After
the whole build this hook writes the default language's pages to ``search/search_index.json``
and each other language's pages to ``<lang>/search/search_index.json``, with locations made
relative to that language's root (overrides/main.html points those pages' search there).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from mkdocs.plugins import event_priority

# English pages need no Chinese tokenizer, and Chinese pages keep English for "PDF", "JPG"...
_INDEX_LANGS = {"en": ["en"]}


def _languages(config) -> tuple[str | None, list[str]]:
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return None, []
    default = None
    others = []
    for language in plugin.config.languages:
        if not language.build or language.locale == "null":
            continue
        if language.default:
            default = language.locale
        else:
            others.append(language.locale)
    return default, others


def split_index(site_dir: Path, default: str | None, others: list[str]) -> None:
    path = site_dir / "search" / "search_index.json"
    if not path.is_file() or not others:
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    per_language: dict[str, list[dict]] = {locale: [] for locale in others}
    own: list[dict] = []
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        prefix = location.split("/", 1)[0]
        if prefix in per_language:
            per_language[prefix].append({**doc, "location": location[len(prefix) + 1 :]})
        else:
            own.append(doc)
    _write(path, index["config"], own, _INDEX_LANGS.get(default or ""))
    for locale, docs in per_language.items():
        target = site_dir / locale / "search" / "search_index.json"
        _write(target, index["config"], docs, _INDEX_LANGS.get(locale))
        # The theme looks up the sitemap next to its search base (language switch check).
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if (site_dir / name).is_file():
                shutil.copyfile(site_dir / name, site_dir / locale / name)


def _write(path: Path, config: dict, docs: list[dict], langs: list[str] | None) -> None:
    config = dict(config)
    if langs:
        config["lang"] = langs
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":"))
    path.write_text(data, encoding="utf-8")


@event_priority(-200)  # after mkdocs-static-i18n (-100) has stacked every language's pages
def on_post_build(config, **kwargs) -> None:
    default, others = _languages(config)
    split_index(Path(config.site_dir), default, others)
