"""What the self-check pages (one program's, and the all-programs one) add to their context."""

from __future__ import annotations

from ...questions import ENGINE_FILE, page_data, strings, words_file

LINKED_PAGES = ("eligibility", "materials", "apply", "exam", "subsidies", "builder")


def page_context(place, program: dict | None, programs: list[dict]) -> dict:
    lang = place.lang
    shown = [program] if program else list(programs)
    links = {}
    for p in shown:
        pages = {
            name: {"href": place.url(name, p["id"]), "title": place.titles[name][lang]}
            for name in LINKED_PAGES
            if name in place.paths
        }
        links[p["id"]] = {"pages": pages, "selfcheck": place.url("selfcheck", p["id"])}
    return {
        "sc": strings()[lang],
        "selfcheck_data": page_data(shown, lang, links),
        "engine_file": ENGINE_FILE,
        "words_file": words_file(lang),
        "asset": place.asset,
        "page_url": lambda to: place.url_to(to),
    }
