"""Atom (RFC 4287) feeds of the amendments in force: /updates.xml and /en/updates.xml."""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape  # XML-safe (& < > " ')

from policy.sitefiles import FEED_FILE

from .history import cited, entries, entry_id
from .text import DEFAULT_LANG, LANGS, strings


def atom(programs: list[dict], lang: str, words: dict, *, base: str, as_of: str) -> str:
    """An Atom (RFC 4287) feed of the amendments in force. Links are relative to the feed's
    own address (``base`` is the site-relative folder of the language's pages), so the feed
    works on any host without a configured site URL. ``words`` is strings(lang)["updates"]."""

    def quoteattr(value: str) -> str:
        return f'"{escape(value)}"'

    items = entries(programs)
    updated = max([str(e["amendment"]["date"]) for e in items] or [as_of])
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{"zh-CN" if lang == "zh" else "en"}">',
        f"  <title>{escape(words['feed_title'])}</title>",
        f"  <id>{entry_id('site', 'updates-' + lang)}</id>",
        f"  <updated>{updated}T00:00:00Z</updated>",
        f"  <author><name>{escape(words['feed_author'])}</name></author>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(base + "updates/")}/>',
        f'  <link rel="self" type="application/atom+xml" href="{FEED_FILE}"/>',
    ]
    for e in items:
        p, a = e["program"], e["amendment"]
        title = words["feed_entry"].format(
            program=_text(p["notice"]["short_title"], lang),
            document=_text(cited(p, a.get("document_number")), lang),
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
