"""A page's main text: the main content root, minus navigation, headers, footers, forms and cookie banners.

``main_root(tree, body)`` and ``remove_boilerplate(root)`` (called after scripts, styles and other
invisible elements were unlinked from the tree; ``page_dom``'s native reader applies the same rules in C)
pick the main root (``<main>``, ``<article>``, ``[role=main]``,
``#content``, ``#main``, ``.content``, ``.main`` in that order of preference, the first holding more than
200 characters of text, looked up in the tree as it is then; else ``<body>``) and remove the boilerplate
under it; ``about_text(blocks, root_text)`` joins its headings, paragraphs, list items, cells and quotes (at most ``ABOUT_CHARS``
characters, cut at a word).

``defuse_nesting(html)`` cuts pathological nesting before parsing; ``scan_window(text)`` bounds the
visible text scanned for contacts on huge pages.
"""

from __future__ import annotations

from typing import Any

ABOUT_CHARS = 1500
BLOCK_CHARS = 25  # characters a block needs to count as main text
ITEM_CHARS = 60  # ... and a list item
ENOUGH_CHARS = ABOUT_CHARS * 2  # blocks are read until their text exceeds this
MAX_SCAN_CHARS = 300_000  # visible text scanned for contacts: the first 200K and the last 100K characters
MAX_DEPTH_GUARD = 3000  # lexbor's parse time grows with the square of the nesting depth
MAIN_SELECTOR = "main, article, [role=main], #content, #main, .content, .main"
_MAIN_ATTRS = MAIN_SELECTOR.split(", ", 2)[2]
_MAIN_ORDER = ("main", "article", "role", "#content", "#main", ".content", ".main")
_BOILERPLATE = (
    "nav, header, footer, aside, form, select, [role=navigation], [role=banner], [role=contentinfo], "
    "[class*=cookie], [id*=cookie], [class*=consent], [class*=menu], [id*=menu], [class*=footer], [id*=footer]"
)
_NEVER_WRAPS = frozenset({"nav", "header", "footer", "aside", "select"})
BLOCKS = "h1, h2, h3, p, li, td, blockquote"
_CONTAINERS = ("div", "span", "section", "table", "ul", "ol", "font", "b", "i", "a", "em", "strong", "blockquote",
               "form", "dl", "center", "small", "big", "u", "s", "sub", "sup", "label", "button", "q", "nobr")


def _rank(node: Any) -> int:
    attrs = node.attributes
    keys = [node.tag, "role" if attrs.get("role") == "main" else "", "#" + (attrs.get("id") or "")]
    keys += ["." + c for c in (attrs.get("class") or "").split()]
    return min((_MAIN_ORDER.index(k) for k in keys if k in _MAIN_ORDER), default=99)


def main_root(tree: Any, body: Any) -> Any:
    """The best main-content candidate with more than 200 characters of text, else ``body``.

    Candidates are looked up in ``tree`` as it is now (unlinked subtrees are not searched), best rank
    first, document order within a rank; the attribute selectors (one CSS query, the costly part) are
    queried only when no ``<main>`` / ``<article>`` qualifies.
    """
    for tag in ("main", "article"):
        for node in tree.tags(tag):
            if len(node.text(deep=True, separator=" ")) > 200:
                return node
    others = [node for node in tree.css(_MAIN_ATTRS) if node.tag not in ("main", "article")]
    for _, node in sorted(((_rank(n), n) for n in others), key=lambda c: c[0]):
        if len(node.text(deep=True, separator=" ")) > 200:
            return node
    return body


def remove_boilerplate(root: Any) -> None:
    """Unlink navigation, headers, footers, forms and cookie banners under ``root``.

    A match holding most of the text (ASP.NET wraps whole pages in one ``<form>``) is kept: it is the
    page, not boilerplate. Every other match is unlinked, in document order: a match nested in one
    already unlinked is detached from a detached subtree, which changes nothing (so no ancestor walk is
    needed to find the outermost matches). The text of the root is measured once, and only when a
    candidate that could be a page wrapper is met; all are measured before any is unlinked.
    """
    candidates = root.css(_BOILERPLATE)
    if not candidates:
        return
    half = -1
    doomed = []
    last = 0
    for node in candidates:  # measured on the intact tree, then unlinked
        node_id = node.mem_id
        if node_id == last:  # a node matching several selectors is listed once for each, in a row
            continue
        last = node_id
        if node.tag not in _NEVER_WRAPS:
            if half < 0:
                half = (len(root.text(deep=True)) or 1) // 2
            if len(node.text(deep=True)) > half:
                continue
        doomed.append(node)
    for node in doomed:
        node.decompose(recursive=False)


def qualifies(text: str, is_item: bool) -> bool:
    """Whether a block's clean text is long enough to be main text (list items need more: menus)."""
    return len(text) >= (ITEM_CHARS if is_item else BLOCK_CHARS)


def about_text(blocks: list[tuple[bool, str]], root_text: str) -> str:
    """The page's main text from the main root's ``blocks`` ((is ``<li>``, clean text) in document order,
    boilerplate left out) and its whole clean text (``page_dom.PageDom``): see the module docstring."""
    parts = []
    size = 0
    for is_item, text in blocks:
        if not qualifies(text, is_item):
            continue
        parts.append(text)
        size += len(text) + 1
        if size > ENOUGH_CHARS:
            break
    text = " ".join(dict.fromkeys(parts)) or root_text
    if len(text) > ABOUT_CHARS:
        cut = text.rfind(" ", 0, ABOUT_CHARS)
        text = text[: cut if cut > ABOUT_CHARS // 2 else ABOUT_CHARS] + "…"
    return text


def defuse_nesting(html: str) -> str:
    """Cut a document whose unclosed container tags would nest thousands deep (hostile or broken HTML).

    Lexbor's parse time grows with the square of the nesting depth (100,000 nested ``<div>`` take
    ~25 s); real pages nest a few dozen deep, so a page with more than ``MAX_DEPTH_GUARD`` unclosed
    containers is parsed only up to its first 50,000 characters.
    """
    if html.count("<") < MAX_DEPTH_GUARD:
        return html
    lowered = html.lower()
    unclosed = sum(lowered.count(f"<{tag}>") + lowered.count(f"<{tag} ") - lowered.count(f"</{tag}") for tag in _CONTAINERS)
    return html[:50_000] if unclosed > MAX_DEPTH_GUARD else html


def scan_window(text: str) -> str:
    """``text`` itself, or its first 200K and last 100K characters when it is longer than that."""
    if len(text) <= MAX_SCAN_CHARS:
        return text
    head = MAX_SCAN_CHARS * 2 // 3
    return text[:head] + " … " + text[-(MAX_SCAN_CHARS - head) :]
