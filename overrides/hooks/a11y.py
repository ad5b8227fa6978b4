"""Small accessibility fixes to the theme's markup that its templates offer no block for.

The search panel is a dialog without a name (axe: aria-dialog-name); it gets one in the
page's own language.
"""

from __future__ import annotations

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_LABELS = {"zh": "搜索", "en": "Search"}


def on_post_page(output: str, page, config, **kwargs) -> str:
    language = str(config.theme.get("language", "en")).split("-")[0]
    label = _LABELS.get(language, _LABELS["en"])
    return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1)


def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    """The 404 page is a static template, not a page: it gets the same named dialog."""
    if template_name != "404.html":
        return output_content
    return on_post_page(output_content, None, config)
