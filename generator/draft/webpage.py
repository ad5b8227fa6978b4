"""A saved web page's notice as text: the block holding the article, not the site's menus.

lxml's HTML parser (libxml2) is used: it reads the broken markup government sites publish the
way browsers do and gives a tree to find the article in, which the standard library's
html.parser, an event stream without a tree, would make us rebuild by hand.
"""

from __future__ import annotations

import re

BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "main", "blockquote", "pre", "center", "dd", "dt", "dl", "hr",
}  # fmt: skip
DROP = ("script", "style", "noscript", "iframe", "nav", "header", "footer", "form", "select")
CONTAINERS = ("div", "article", "section", "main", "td", "body", "center")


def charset(data: bytes) -> str | None:
    found = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", data[:4096])
    return found.group(1).decode("ascii").lower() if found else None


def decode_page(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    declared = charset(data)
    if declared in ("gb2312", "gbk", "gb18030", "x-gbk"):
        return data.decode("gb18030", errors="replace")
    try:
        return data.decode(declared or "utf-8")
    except (UnicodeDecodeError, LookupError):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("gb18030", errors="replace")


def page_text(data: bytes) -> str:
    import lxml.html  # cold start: only saved web pages need it

    markup = re.sub(r"^\s*<\?xml[^>]*>", "", decode_page(data))
    root = lxml.html.document_fromstring(markup)
    heading = next((h.text_content().strip() for h in root.iter("h1", "h2")), "")
    for el in list(root.iter(*DROP, "head")):
        el.drop_tree()
    for el in [el for el in root.iter() if isinstance(el.tag, str) and hidden(el)]:
        if el.getparent() is not None:
            el.drop_tree()  # a reader does not see it: it is not the notice's text
    article = _article(root)
    text = _lines(article)
    if heading and heading.replace(" ", "") not in text.replace(" ", ""):
        text = heading + "\n" + text
    return text


HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|opacity\s*:\s*0(?![.\d]*[1-9])"
)


def hidden(el) -> bool:
    """An element a browser does not show: hidden, aria-hidden, display:none and the like."""
    style = (el.get("style") or "").lower()
    return (
        el.get("hidden") is not None
        or (el.get("aria-hidden") or "").lower() == "true"
        or (el.get("type") or "").lower() == "hidden"
        or bool(HIDDEN_STYLE.search(style))
    )


def _own_text(el) -> int:
    """Characters of text standing directly in el (not in links, not in its children)."""
    if el.tag == "a":
        return 0
    parts = [el.text or ""] + [child.tail or "" for child in el]
    return len(re.sub(r"\s+", "", "".join(parts)))


def _article(root):
    """The container that holds the most running text through its children and grandchildren
    (a simple form of the usual readability score: menus are links, and links do not count)."""
    score: dict = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        own = _own_text(el)
        if not own:
            continue
        parent = el.getparent()
        if parent is not None:
            score[parent] = score.get(parent, 0) + own
            grand = parent.getparent()
            if grand is not None:
                score[grand] = score.get(grand, 0) + own / 2
        if el.tag in CONTAINERS:
            score[el] = score.get(el, 0) + own
    best = max((el for el in score if el.tag in CONTAINERS), key=lambda el: score[el], default=None)
    body = root.find("body")
    return best if best is not None else (body if body is not None else root)


def _lines(el) -> str:
    out: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "tr":
            cells = [re.sub(r"\s+", "", c.text_content()) for c in node if c.tag in ("td", "th")]
            out.append("\n" + "\t".join(cells) + "\n")
        else:
            if tag in BLOCKS:
                out.append("\n")
            if node.text and tag:
                out.append(node.text)
            for child in node:
                walk(child)
                if child.tail:
                    out.append(child.tail)
            if tag in BLOCKS:
                out.append("\n")

    walk(el)
    text = "".join(out).replace("\xa0", " ")
    lines = (line.strip(" ") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)  # a paragraph is a line, as in the text
