"""One 404 page for both languages: the Chinese build's.

A static host serves a single 404.html, and the i18n plugin renders it once per language into
the same file, so the last language (English) used to win: an English-only page in <html
lang="en">. overrides/404.html speaks both languages (Chinese first, the English part marked
lang="en"), so the page the Chinese build rendered is kept for the whole site.
"""

from __future__ import annotations

_DEFAULT_LANGUAGE = "zh-CN"
_rendered: dict[str, str] = {}  # site_dir -> the default language's 404 page


def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    if template_name != "404.html":
        return output_content
    key = str(config.site_dir)
    if str(config.theme.get("language")) == _DEFAULT_LANGUAGE:
        _rendered[key] = output_content
        return output_content
    return _rendered.get(key, output_content)
