# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Native reader of a parsed page: one C walk over lexbor's tree instead of selectolax's per-node wrappers.

``read_page_dom(parser, code_chars) -> tuple`` returns the fields of ``page_dom.PageDom`` in order (see
there for their meaning), exactly what ``page_dom.read_page_dom_python`` computes through selectolax's
Python API; tests compare the two page for page. It reads lexbor's structs directly (no lexbor function is
called), so it must be built against the lexbor headers of the selectolax release it runs with
(``native/lexbor``; ``page_dom`` refuses this module when the versions differ). The tree is not changed:
invisible and boilerplate subtrees are skipped instead of unlinked.
"""

from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memcmp, memcpy
from selectolax.lexbor cimport LexborHTMLParser

SELECTOLAX_VERSION = "1.0.2"  # the release whose lexbor headers this module was compiled against


cdef extern from "lexbor/html/html.h":
    ctypedef struct Str "lexbor_str_t":
        unsigned char *data
        size_t length

    ctypedef struct Node "lxb_dom_node_t":
        size_t local_name
        Node *next
        Node *parent
        Node *first_child
        int type

    ctypedef struct CharData "lxb_dom_character_data_t":
        Str data

    ctypedef struct HashEntry "lexbor_hash_entry_t":
        size_t length

    unsigned char *lexbor_hash_entry_str(const HashEntry *entry)

    ctypedef struct AttrData "lxb_dom_attr_data_t":
        HashEntry entry

    ctypedef struct Attr "lxb_dom_attr_t":
        Node node
        Str *value
        Attr *next

    ctypedef struct Element "lxb_dom_element_t":
        Attr *first_attr
        Attr *attr_id
        Attr *attr_class

    ctypedef struct DomDocument "lxb_dom_document_t":
        Node node
        int compat_mode
        Element *element

    ctypedef struct HtmlDocument "lxb_html_document_t":
        DomDocument dom_document
        void *body

    enum:
        LXB_DOM_NODE_TYPE_ELEMENT
        LXB_DOM_DOCUMENT_CMODE_QUIRKS
        LXB_DOM_ATTR__LAST_ENTRY
        LXB_DOM_ATTR_CLASS
        LXB_DOM_ATTR_CONTENT
        LXB_DOM_ATTR_HREF
        LXB_DOM_ATTR_ID
        LXB_DOM_ATTR_LANG
        LXB_DOM_ATTR_SRC
        LXB_DOM_ATTR_TYPE
        LXB_TAG__TEXT
        LXB_TAG_A
        LXB_TAG_AREA
        LXB_TAG_ARTICLE
        LXB_TAG_ASIDE
        LXB_TAG_BASE
        LXB_TAG_BLOCKQUOTE
        LXB_TAG_FOOTER
        LXB_TAG_FORM
        LXB_TAG_H1
        LXB_TAG_H2
        LXB_TAG_H3
        LXB_TAG_HEADER
        LXB_TAG_IFRAME
        LXB_TAG_LI
        LXB_TAG_LINK
        LXB_TAG_MAIN
        LXB_TAG_META
        LXB_TAG_NAV
        LXB_TAG_NOSCRIPT
        LXB_TAG_OBJECT
        LXB_TAG_P
        LXB_TAG_SCRIPT
        LXB_TAG_SELECT
        LXB_TAG_STYLE
        LXB_TAG_SVG
        LXB_TAG_TD
        LXB_TAG_TITLE


# ---------------------------------------------------------------------------------------------------------
# attributes

cdef Attr *_attr(Node *node, size_t static_id) noexcept:
    """The attribute with a name lexbor knows statically (href, class, id, ...), or NULL."""
    cdef Attr *attr = (<Element *> node).first_attr
    while attr != NULL:
        if attr.node.local_name == static_id:
            return attr
        attr = attr.next
    return NULL


cdef Attr *_named(Node *node, const char *name, size_t length) noexcept:
    """The attribute with a dynamic (not statically known) lower-case name, or NULL."""
    cdef Attr *attr = (<Element *> node).first_attr
    cdef AttrData *data
    while attr != NULL:
        if attr.node.local_name >= LXB_DOM_ATTR__LAST_ENTRY:
            data = <AttrData *> attr.node.local_name
            if data.entry.length == length and memcmp(lexbor_hash_entry_str(&data.entry), name, length) == 0:
                return attr
        attr = attr.next
    return NULL


cdef inline object _value(Attr *attr):
    """An attribute's value as selectolax reads it: None when absent or written without a value."""
    if attr == NULL or attr.value == NULL or attr.value.data == NULL:
        return None
    return PyUnicode_DecodeUTF8(<char *> attr.value.data, attr.value.length, "replace")


cdef inline bint _contains(Attr *attr, const char *needle, size_t length) noexcept:
    """Case-sensitive substring test on an attribute value (CSS ``[attr*=needle]``)."""
    cdef size_t i
    if attr == NULL or attr.value == NULL or attr.value.data == NULL or attr.value.length < length:
        return False
    for i in range(attr.value.length - length + 1):
        if memcmp(attr.value.data + i, needle, length) == 0:
            return True
    return False


cdef inline bint _equals(Attr *attr, const char *word, size_t length, bint fold) noexcept:
    """Whole-value equality (CSS ``[attr=word]``; ``#word`` with ``fold`` in quirks mode)."""
    if attr == NULL or attr.value == NULL or attr.value.data == NULL or attr.value.length != length:
        return False
    return _same(attr.value.data, <const unsigned char *> word, length, fold)


cdef inline bint _same(const unsigned char *a, const unsigned char *b, size_t length, bint fold) noexcept:
    cdef size_t i
    cdef unsigned char x, y
    if not fold:
        return memcmp(a, b, length) == 0
    for i in range(length):
        x, y = a[i], b[i]
        if 65 <= x <= 90:
            x += 32
        if x != y:
            return False
    return True


cdef inline bint _ascii_space(unsigned char c) noexcept:
    return c == 32 or c == 9 or c == 10 or c == 12 or c == 13


cdef int _main_classes(Attr *attr, bint fold) noexcept:
    """CSS ``.content`` (1) and ``.main`` (2) on one class attribute, as a bit mask."""
    cdef size_t i = 0, start, n
    cdef const unsigned char *data
    cdef int found = 0
    if attr == NULL or attr.value == NULL or attr.value.data == NULL:
        return 0
    data, n = attr.value.data, attr.value.length
    while i < n:
        while i < n and _ascii_space(data[i]):
            i += 1
        start = i
        while i < n and not _ascii_space(data[i]):
            i += 1
        if i - start == 7 and _same(data + start, <const unsigned char *> "content", 7, fold):
            found |= 1
        elif i - start == 4 and _same(data + start, <const unsigned char *> "main", 4, fold):
            found |= 2
    return found


cdef Attr *_dynamic_marks(Node *node, bint *itemscope, bint *itemtype) noexcept:
    """One pass over an element's attributes: its ``role`` attribute (returned) and whether it has
    ``itemscope`` and ``itemtype``."""
    cdef Attr *attr = (<Element *> node).first_attr
    cdef Attr *role = NULL
    cdef AttrData *data
    cdef size_t length
    cdef const unsigned char *name
    itemscope[0] = itemtype[0] = False
    while attr != NULL:
        if attr.node.local_name >= LXB_DOM_ATTR__LAST_ENTRY:
            data = <AttrData *> attr.node.local_name
            length = data.entry.length
            if length == 4 or length == 8 or length == 9:
                name = lexbor_hash_entry_str(&data.entry)
                if length == 4 and role == NULL and memcmp(name, "role", 4) == 0:
                    role = attr
                elif length == 8 and memcmp(name, "itemtype", 8) == 0:
                    itemtype[0] = True
                elif length == 9 and memcmp(name, "itemscope", 9) == 0:
                    itemscope[0] = True
        attr = attr.next
    return role


include "_utf8_space.pxi"
include "_page_dom_text.pxi"  # texts of subtrees, and the main content (page_text's rules)


# ---------------------------------------------------------------------------------------------------------
# the page

cdef bint _in_embedded_post(Node *node) noexcept:
    """``page_links._inside_embedded_post``: a blockquote of an embedded tweet / Instagram post within 8 levels."""
    cdef Node *parent = node.parent
    cdef int depth = 0
    cdef Attr *cls
    while parent != NULL and depth < 8:
        if parent.type == LXB_DOM_NODE_TYPE_ELEMENT and parent.local_name == LXB_TAG_BLOCKQUOTE:
            cls = (<Element *> parent).attr_class
            if _contains(cls, "twitter-tweet", 13) or _contains(cls, "instagram-media", 15):
                return True
        parent = parent.parent
        depth += 1
    return False


cdef bint _under(Node *node, size_t tag, bint invisible) noexcept:
    """Whether an ancestor of ``node`` is a ``tag`` element (or, with ``invisible``, an invisible one)."""
    cdef Node *parent = node.parent
    while parent != NULL:
        if parent.type == LXB_DOM_NODE_TYPE_ELEMENT and (
                _invisible(parent.local_name) if invisible else parent.local_name == tag):
            return True
        parent = parent.parent
    return False


cdef tuple _anchor(Node *node, Buffer *buf):
    cdef Attr *href = _attr(node, LXB_DOM_ATTR_HREF)
    return (_value(href), href != NULL, _value(_named(node, "data-cfemail", 12)), _text(node, buf, SPACED),
            _in_embedded_post(node))


cdef tuple _script(Node *node, Buffer *buf, size_t code_chars):
    kind = _value(_attr(node, LXB_DOM_ATTR_TYPE))
    src = _value(_attr(node, LXB_DOM_ATTR_SRC))
    ident = _value(_attr(node, LXB_DOM_ATTR_ID))
    if kind and "json" in kind.lower():
        text = _text(node, buf, JOINED)
    elif src:
        text = ""
    else:
        text = _text_prefix(node, buf, code_chars)
    return kind, src, ident, text


def read_page_dom(LexborHTMLParser parser not None, size_t code_chars, tuple block_limits):
    """The ``PageDom`` fields of ``parser``'s document, as a tuple (see the module docstring).

    ``code_chars``: characters kept of an inline script; ``block_limits``: (characters a block needs,
    characters an ``<li>`` needs, characters of such blocks after which no more are read)."""
    cdef Buffer buf
    if parser.document == NULL:
        raise ValueError("the parser holds no document")
    buf.data, buf.size, buf.capacity, buf.parts = NULL, 0, 0, 0
    try:
        return _read(parser, &buf, code_chars, block_limits)
    finally:
        free(buf.data)


cdef tuple _read(LexborHTMLParser parser, Buffer *buf, size_t code_chars, tuple block_limits):
    cdef HtmlDocument *document = <HtmlDocument *> parser.document
    cdef Node *start = <Node *> document
    cdef Node *html = <Node *> document.dom_document.element
    cdef Node *body = <Node *> document.body
    cdef bint quirks = document.dom_document.compat_mode == LXB_DOM_DOCUMENT_CMODE_QUIRKS
    cdef Node *node
    cdef Node *title = NULL
    cdef Attr *role
    cdef bint itemscope, itemtype
    cdef Node *h1 = NULL
    cdef size_t tag
    cdef Attr *attr
    cdef list metas = [], scripts = [], link_hrefs = [], iframe_srcs = [], a_nodes = [], area_nodes = []
    cdef list mains = [], articles = [], others = []
    base_href = None
    microdata = False

    node = _next_element(start, start, True)
    while node != NULL:
        tag = node.local_name
        if tag == LXB_TAG_META:
            content = _value(_attr(node, LXB_DOM_ATTR_CONTENT))
            if content is not None:
                metas.append((_value(_named(node, "name", 4)), _value(_named(node, "property", 8)), content))
        elif tag == LXB_TAG_SCRIPT:
            scripts.append(_script(node, buf, code_chars))
        elif tag == LXB_TAG_LINK:
            attr = _attr(node, LXB_DOM_ATTR_HREF)
            if attr != NULL:
                link_hrefs.append(_value(attr) or "")
        elif tag == LXB_TAG_IFRAME:
            iframe_srcs.append(_value(_attr(node, LXB_DOM_ATTR_SRC)) or "")
        elif tag == LXB_TAG_A:
            a_nodes.append(<size_t> node)
        elif tag == LXB_TAG_AREA:
            area_nodes.append(<size_t> node)
        elif tag == LXB_TAG_TITLE:
            if title == NULL and not _under(node, LXB_TAG_SVG, False):
                title = node
        elif tag == LXB_TAG_H1:
            if h1 == NULL:
                h1 = node
        elif tag == LXB_TAG_BASE:
            if base_href is None:
                base_href = _value(_attr(node, LXB_DOM_ATTR_HREF))
        elif tag == LXB_TAG_MAIN:
            if not _under(node, 0, True):
                mains.append(<size_t> node)
        elif tag == LXB_TAG_ARTICLE:
            if not _under(node, 0, True):
                articles.append(<size_t> node)
        if (<Element *> node).first_attr != NULL:
            role = _dynamic_marks(node, &itemscope, &itemtype)
            if itemscope and itemtype:
                microdata = True
            if (tag != LXB_TAG_MAIN and tag != LXB_TAG_ARTICLE and not _invisible(tag)
                    and _main_candidate(node, role, quirks) and not _under(node, 0, True)):
                others.append((_main_rank(node, role), <size_t> node))
        node = _next_element(node, start, True)

    lang = None
    wf_page = False
    if html != NULL:
        lang = _value(_attr(<Node *> html, LXB_DOM_ATTR_LANG))
        wf_page = _named(<Node *> html, "data-wf-page", 12) != NULL
    anchors = [_anchor(<Node *> <size_t> address, buf) for address in a_nodes]
    anchors += [_anchor(<Node *> <size_t> address, buf) for address in area_nodes]
    visible = _text(body, buf, CLEAN_SPACED, True, True) if body != NULL else ""
    root = _main_root(mains, articles, others, body)
    blocks, main_text = _main_text(root, buf, block_limits) if root != NULL else ([], "")
    return (lang, wf_page, metas, _text(title, buf, CLEAN_JOINED) if title != NULL else None,
            _text(h1, buf, CLEAN_SPACED) if h1 != NULL else None, scripts, link_hrefs, iframe_srcs, base_href, anchors,
            microdata, visible, blocks, main_text)

