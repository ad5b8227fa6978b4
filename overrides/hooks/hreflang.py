"""Absolute hreflang alternates for every page, for search engines.

The i18n plugin gives the theme's language menu page-relative links to each page's twin (right
for a menu, invalid as hreflang, which must be absolute). This hook turns the same links into
absolute ones against site_url (CERTNOTICE_SITE_URL at publish time) with full language tags and
an x-default (the Chinese page, the notices' own language); overrides/main.html writes them.
"""

from __future__ import annotations

from urllib.parse import urljoin

from mkdocs.plugins import event_priority

# The i18n plugin's locales -> BCP 47 tags as in <html lang> (overrides/partials/languages).
_TAGS = {"zh": "zh-CN", "en": "en"}
_DEFAULT = "zh"


@event_priority(-100)  # after the i18n plugin has pointed extra.alternate at this page's twins
def on_page_context(context, page, config, nav, **kwargs):
    site_url = config.site_url
    # The plugin sets the per-page links as an attribute of config.extra (which templates read
    # first), leaving the mapping's item at the language roots.
    alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
    links = []
    if site_url and page.canonical_url:
        for alt in alternates:
            # Home links are host-absolute ("/en/", with site_url's path already in them);
            # the others are relative to the site root ("en/programs/x/"): urljoin takes both.
            href = urljoin(site_url, str(alt.get("link", "")))
            tag = _TAGS.get(alt.get("lang"), alt.get("lang"))
            links.append((tag, href))
            if alt.get("lang") == _DEFAULT:
                links.append(("x-default", href))
    context["hreflang_alternates"] = links
    return context
