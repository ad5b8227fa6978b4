"""axe-core, the pinned npm copy, in the test browser.

A page that is checked many times gets axe from its context as each document opens (one copy
sent to the browser), not as a script tag sent over again after every load: sending the half
megabyte each time cost about 0.4 s of CPU per check. Either way axe sits in the top document
only and is the same file.
"""

from __future__ import annotations

import functools
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@functools.cache
def _top_document_script() -> str:
    # like a <script> tag added to the page: the top document only, not its frames
    return "if (window === window.top) {\n" + AXE.read_text("utf-8") + "\n}\n"


def preload(context) -> None:
    """Every document the context's pages open from now on has window.axe."""
    context.add_init_script(script=_top_document_script())


def ensure(page) -> None:
    """window.axe in the page's current document: there already if its context was preloaded,
    otherwise added as a script tag, as the tests always did."""
    if not page.evaluate("typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.add_script_tag(path=str(AXE))
