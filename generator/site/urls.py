"""Where pages and assets live, and the relative links between them.

Pages are written as Markdown sources (``a.md`` in Chinese, ``a.en.md`` in English: the i18n
step maps a link to a source onto its twin in the other language) and served as directory URLs.
Every link is relative, so the site works from any folder of any static host.
"""

from __future__ import annotations

from .text import DEFAULT_LANG


def page_file(path: str, lang: str) -> str:
    """Suffix layout: the default language has no suffix (``a.md``), others ``a.en.md``."""
    return f"{path}.md" if lang == DEFAULT_LANG else f"{path}.{lang}.md"


def relative_link(from_path: str, to_path: str) -> str:
    """A Markdown link from one page source to another; the i18n step maps it to the twin."""
    depth = page_file(from_path, DEFAULT_LANG).count("/")
    return "../" * depth + page_file(to_path, DEFAULT_LANG)


def _dir_parts(path: str) -> list[str]:
    parts = path.split("/")
    return parts[:-1] if parts[-1] == "index" else parts


def page_url(from_path: str, to_path: str) -> str:
    """A relative URL between two pages of the same language (directory URLs), for scripts
    and raw HTML, where the i18n step does not rewrite links."""
    target = "/".join(_dir_parts(to_path))
    return "../" * len(_dir_parts(from_path)) + (target + "/" if target else "")


def asset_url(from_path: str, lang: str, asset: str) -> str:
    """Assets live once at the site root; other languages sit one folder deeper."""
    depth = len(_dir_parts(from_path)) + (0 if lang == DEFAULT_LANG else 1)
    return "../" * depth + asset
