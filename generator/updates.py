"""What changed and when: every program's amendments as one list, and as Atom feeds.

Readers who follow a notice want to hear when a follow-up notice moves a date or a fee; the
updates page and its feed list each amendment in force (newest first) with its document number
and a link to the program. Pure functions over the in-force programs (amend.in_force), plus
one writer at the edge.
"""

from __future__ import annotations

import uuid
from pathlib import Path

# A fixed namespace so an entry keeps its Atom id across builds and hosts.
_NAMESPACE = uuid.UUID("6f1c2a52-7d1e-4f4b-9a57-2f0c5d1f8e31")
FEED_FILE = "updates.xml"


def last_changed(program: dict) -> str:
    """The later of the YAML's last_changed and the newest amendment in force."""
    dates = [str(program["last_changed"])]
    in_force = set(program.get("amendments_in_force") or [])
    dates += [str(a["date"]) for a in program.get("amendments") or [] if a["id"] in in_force]
    return max(dates)


def last_date(program: dict) -> str | None:
    """The last date the program's timeline names (its end, or its start when open-ended)."""
    days = [str(t[k]) for t in program.get("timeline") or [] for k in ("start", "end") if k in t]
    return max(days) if days else None


def is_archived(program: dict, as_of: str) -> bool:
    """Past programs: their last timeline date is before the day the site is built for."""
    last = last_date(program)
    return last is not None and last < as_of


def entries(programs: list[dict], *, upcoming: bool = False) -> list[dict]:
    """Every amendment in force (or, with upcoming, not yet), newest first, with its program."""
    out = []
    for program in programs:
        chosen = set(program.get("amendments_upcoming" if upcoming else "amendments_in_force", []))
        for amendment in program.get("amendments") or []:
            if amendment["id"] in chosen:
                out.append({"program": program, "amendment": amendment})
    out.sort(key=lambda e: (str(e["amendment"]["date"]), e["program"]["id"], e["amendment"]["id"]))
    out.reverse()
    return out


def entry_id(program_id: str, amendment_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{program_id}/{amendment_id}')}"


def atom(programs: list[dict], lang: str, strings: dict, *, base: str, as_of: str) -> str:
    """An Atom (RFC 4287) feed of the amendments in force. Links are relative to the feed's
    own address (``base`` is the site-relative folder of the language's pages), so the feed
    works on any host without a configured site URL."""
    from markupsafe import escape  # already loaded by the templates; XML-safe (& < > " ')

    def quoteattr(value: str) -> str:
        return f'"{escape(value)}"'

    items = entries(programs)
    updated = max([str(e["amendment"]["date"]) for e in items] or [as_of])
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{"zh-CN" if lang == "zh" else "en"}">',
        f"  <title>{escape(strings['feed_title'])}</title>",
        f"  <id>{entry_id('site', 'updates-' + lang)}</id>",
        f"  <updated>{updated}T00:00:00Z</updated>",
        f"  <author><name>{escape(strings['feed_author'])}</name></author>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(base + "updates/")}/>',
        f'  <link rel="self" type="application/atom+xml" href="{FEED_FILE}"/>',
    ]
    for e in items:
        p, a = e["program"], e["amendment"]
        title = strings["feed_entry"].format(
            program=_text(p["notice"]["short_title"], lang), document=a["document_number"]
        )
        out += [
            "  <entry>",
            f"    <title>{escape(title)}</title>",
            f"    <id>{entry_id(p['id'], a['id'])}</id>",
            f"    <updated>{a['date']}T00:00:00Z</updated>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(base + "programs/" + p["id"] + "/")}/>',
            f"    <summary>{escape(_text(a['summary'], lang))}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def write_feeds(programs: list[dict], site_dir: Path, as_of: str) -> list[Path]:
    """/updates.xml (Chinese) and /en/updates.xml (English) beside the built pages."""
    from .render import DEFAULT_LANG, LANGS, strings

    written = []
    for lang in LANGS:
        folder = Path(site_dir) if lang == DEFAULT_LANG else Path(site_dir) / lang
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / FEED_FILE
        path.write_text(
            atom(programs, lang, strings(lang)["updates"], base="", as_of=as_of), "utf-8"
        )
        written.append(path)
    return written


def _text(value, lang: str) -> str:
    return value.get(lang, value.get("zh", "")) if isinstance(value, dict) else str(value)


def page_context(page_type, program, programs, lang) -> dict:
    """For the updates page (render.py's registry): amendments in force and announced."""
    return {"entries": entries(programs), "upcoming_entries": entries(programs, upcoming=True)}


def value_history(program: dict, path: str) -> dict | None:
    """For a value some amendment changes: the values it had (oldest first), the one in force,
    and the ones announced but not yet in force. None when the value never changed."""
    steps = (program.get("history") or {}).get(path)
    if not steps:
        return None
    done = [s for s in steps if s.get("in_force", True)]
    later = [s for s in steps if s.get("in_force") is False]
    return {"past": done[:-1], "current": done[-1], "upcoming": later}


def value_label(program: dict, path: str) -> dict | None:
    """A reader's name for a changed value: the label of the nearest item on its path (a fee's
    or a timeline entry's), so the history reads "Skills retake" rather than a dotted path."""
    from .amend import PathError, get

    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        try:
            node = get(program, ".".join(parts[:end]))
        except PathError:
            return None
        if isinstance(node, dict):
            for key in ("label", "name", "heading"):
                if isinstance(node.get(key), dict):
                    return node[key]
    return None
