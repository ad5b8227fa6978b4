"""Helpers that put a finding in the program format: texts, quotes, ids."""

from __future__ import annotations

import re

from .emit import Todo
from .text import quote

EN = "TODO English"  # the placeholder for English the glossary cannot give


def text(zh: str, en: str | None = None, sure: bool = True) -> dict:
    """{zh, en}: zh is the notice's words (a to-do when not sure); en only from the glossary
    or the phrase table, else a to-do. No words at all: a placeholder to do."""
    if not zh.strip(" 。；;，,"):
        return {"zh": Todo("TODO"), "en": Todo(EN)}
    return {"zh": zh if sure else Todo(zh), "en": en if en else Todo(EN)}


def said(words: str, clause: str | None = None) -> str:
    """A comment quoting the notice: 「…」."""
    where = f"{clause} " if clause else ""
    return f"{where}「{quote(words)}」"


def unique(ident: str, taken: set) -> str:
    ident = re.sub(r"[^a-z0-9]+", "-", ident.lower()).strip("-") or "item"
    out, k = ident, 2
    while out in taken:
        out, k = f"{ident}-{k}", k + 1
    taken.add(out)
    return out


def value(v):
    """A value without its to-do mark."""
    return v.value if isinstance(v, Todo) else v
