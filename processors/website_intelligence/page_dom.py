"""What extraction reads from a parsed page's tree, read in one go: ``read_page_dom(tree) -> PageDom``.

Two readers give the same ``PageDom`` (tests compare them on every test page and on generated markup):

- the native one (``_page_dom``, Cython, built at install when a C compiler is present): one C walk over
  lexbor's tree, ~0.1 ms a page instead of ~0.55 ms through selectolax's per-node Python wrappers. It
  reads lexbor's structs directly, so it is used only with the selectolax release it was compiled against
  (``pyproject.toml`` pins it); otherwise, or when it was not built, ``NATIVE`` is False and
- the pure-Python one (``read_page_dom_python``) reads the same through selectolax's API. It unlinks the
  invisible elements and the boilerplate from the tree as it goes; the native reader skips them instead.

Everything the rules need from the tree is here; nothing after this reads the tree (but microdata, which
is read through selectolax's CSS engine before anything is unlinked, only on pages that have it).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import selectolax

from processors.website_intelligence.organization import organization_from_microdata
from processors.website_intelligence.page_text import (
    BLOCK_CHARS,
    BLOCKS,
    ENOUGH_CHARS,
    ITEM_CHARS,
    main_root,
    qualifies,
    remove_boilerplate,
)
from processors.website_intelligence.tech import CODE_CHARS_PER_SCRIPT

try:
    from processors.website_intelligence import _page_dom  # type: ignore[attr-defined]
except ImportError:  # not built (no C compiler at install): the pure-Python reader
    _page_dom = None

NATIVE = _page_dom is not None and selectolax.__version__ == _page_dom.SELECTOLAX_VERSION

INVISIBLE = ("script", "style", "noscript", "svg", "iframe", "object")
_BLOCK_LIMITS = (BLOCK_CHARS, ITEM_CHARS, ENOUGH_CHARS)


class PageDom(NamedTuple):
    """A page's tree as extraction reads it. "Clean" texts have their whitespace collapsed as
    ``" ".join(text.split())`` does; the others are as written."""

    lang: str | None  # <html lang>
    wf_page: bool  # <html data-wf-page> (Webflow)
    metas: list[tuple[str | None, str | None, str]]  # (name, property, content) of each <meta> with content
    title: str | None  # clean text of the first <title> not inside <svg>
    h1: str | None  # clean text of the first <h1> (parts joined by " ")
    scripts: list[tuple[str | None, str | None, str | None, str]]  # (type, src, id, text) of each <script>;
    # the text is whole for a type naming JSON, "" with a src, else its first CODE_CHARS_PER_SCRIPT characters
    link_hrefs: list[str]  # href of each <link> that has one ("" when written without a value)
    iframe_srcs: list[str]  # src of each <iframe> ("" when absent)
    base_href: str | None  # href of the first <base> that has a value
    anchors: list[tuple[str | None, bool, str | None, str, bool]]  # every <a>, then every <area>:
    # (href value, has an href attribute, data-cfemail, text joined by " ", inside an embedded post)
    microdata: dict[str, Any] | None  # the microdata Organization (organization_from_microdata)
    visible: str  # the body's visible text, clean: invisible elements left out
    blocks: list[tuple[bool, str]]  # main content blocks (page_text.BLOCKS) in document order, (is <li>, clean
    # text), up to the one at which the blocks that qualify (page_text.qualifies) exceed ENOUGH_CHARS
    main_text: str  # the main content root's whole clean text when no block qualifies, else ""


def read_page_dom(tree: Any) -> PageDom:
    """Read ``tree`` (a selectolax ``LexborHTMLParser``); the native reader when it is usable."""
    if NATIVE:
        fields = _page_dom.read_page_dom(tree, CODE_CHARS_PER_SCRIPT, _BLOCK_LIMITS)
        microdata = organization_from_microdata(tree) if fields[10] else None
        return PageDom(*fields[:10], microdata, *fields[11:])  # type: ignore[call-arg]
    return read_page_dom_python(tree)


def _text(node: Any, separator: str = "") -> str:
    return node.text(deep=True, separator=separator)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _script(node: Any) -> tuple[str | None, str | None, str | None, str]:
    attrs = node.attributes
    kind, src = attrs.get("type"), attrs.get("src")
    if kind and "json" in kind.lower():
        text = _text(node)
    else:
        text = "" if src else _text(node)[:CODE_CHARS_PER_SCRIPT]
    return kind, src, attrs.get("id"), text


def _inside_embedded_post(node: Any) -> bool:
    parent = node.parent
    depth = 0
    while parent is not None and depth < 8:
        if parent.tag == "blockquote":
            cls = parent.attributes.get("class") or ""
            if "twitter-tweet" in cls or "instagram-media" in cls:
                return True
        parent = parent.parent
        depth += 1
    return False


def _anchor(node: Any) -> tuple[str | None, bool, str | None, str, bool]:
    attrs = node.attrs
    return (attrs.get("href"), "href" in attrs, attrs.get("data-cfemail"), _text(node, " "),
            _inside_embedded_post(node))


def _title(nodes: list[Any]) -> str | None:
    for node in nodes:
        parent = node.parent
        while parent is not None and parent.tag != "svg":
            parent = parent.parent
        if parent is None:
            return _clean(_text(node))
    return None


def read_page_dom_python(tree: Any) -> PageDom:
    """The pure-Python reader (see the module docstring); unlinks invisible elements and boilerplate."""
    tags = tree.tags
    metas = []
    for node in tags("meta"):
        attrs = node.attributes
        if attrs.get("content") is not None:
            metas.append((attrs.get("name"), attrs.get("property"), attrs["content"]))
    root = tree.root
    html_attrs = root.attributes if root is not None and root.tag == "html" else {}
    h1_nodes = tags("h1")
    base_href = next((href for node in tags("base") if (href := node.attrs.get("href")) is not None), None)
    link_hrefs = [node.attrs.get("href") or "" for node in tags("link") if "href" in node.attrs]
    microdata = organization_from_microdata(tree)
    head = PageDom(
        lang=html_attrs.get("lang"),
        wf_page="data-wf-page" in html_attrs,
        metas=metas,
        title=_title(tags("title")),
        h1=_clean(_text(h1_nodes[0], " ")) if h1_nodes else None,
        scripts=[_script(node) for node in tags("script")],
        link_hrefs=link_hrefs,
        iframe_srcs=[node.attrs.get("src") or "" for node in tags("iframe")],
        base_href=base_href,
        anchors=[_anchor(node) for node in tags("a") + tags("area")],
        microdata=microdata,
        visible="",
        blocks=[],
        main_text="",
    )
    for name in INVISIBLE:  # unlinking only detaches: nested invisible elements stay safe to touch
        for node in tags(name):
            node.decompose(recursive=False)
    body = tree.body
    visible = _clean(body.text(deep=True, separator=" ", skip_empty=True)) if body is not None else ""
    main = main_root(tree, body)
    if main is None:
        return head._replace(visible=visible)
    remove_boilerplate(main)
    blocks = []
    size = 0
    for node in main.css(BLOCKS):
        block = (node.tag == "li", _clean(node.text(deep=True, separator=" ", skip_empty=True)))
        blocks.append(block)
        if qualifies(block[1], block[0]):
            size += len(block[1]) + 1
            if size > ENOUGH_CHARS:
                break
    main_text = "" if size else _clean(_text(main, " "))
    return head._replace(visible=visible, blocks=blocks, main_text=main_text)
