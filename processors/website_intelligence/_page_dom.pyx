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
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from libc.string cimport memchr, memcmp, memcpy
from selectolax.lexbor cimport LexborHTMLParser

SELECTOLAX_VERSION = "1.0.2"  # the release whose lexbor headers this module was compiled against


cdef extern from "string.h":
    void *memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length)


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


# ---------------------------------------------------------------------------------------------------------
# text

cdef struct Buffer:  # one per read, reused by every text read from it
    char *data
    size_t size
    size_t capacity
    size_t parts  # text nodes appended (raw texts: a separator goes before the next one)
    bint pending  # clean texts: whitespace seen since the last word (a space goes before the next one)


# How a text is joined: its text nodes as they are, with "" or " " between them (selectolax ``text``), or
# clean, i.e. what Python's ``" ".join(text.split())`` gives for that text, built without the raw string.
DEF JOINED = 0
DEF SPACED = 1
DEF CLEAN_JOINED = 2
DEF CLEAN_SPACED = 3


cdef struct Skips:  # the boilerplate roots left out of the main text: disjoint, in document order
    Node **nodes
    size_t count


cdef int _append(Buffer *buf, const unsigned char *data, size_t length) except -1:
    """Append one text node's data, a space before it when ``buf.parts`` counts earlier ones."""
    _ensure(buf, length + 1)
    if buf.parts:
        buf.data[buf.size] = 32
        buf.size += 1
    memcpy(buf.data + buf.size, data, length)
    buf.size += length
    return 0


cdef inline bint _ensure(Buffer *buf, size_t extra) except 0:
    cdef size_t need = buf.size + extra + 1
    cdef char *grown
    if need > buf.capacity:
        grown = <char *> realloc(buf.data, need * 2 + 256)
        if grown == NULL:
            raise MemoryError()
        buf.data, buf.capacity = grown, need * 2 + 256
    return True


cdef inline size_t _python_space(const unsigned char *d, size_t n) noexcept:
    """Byte length of the code point at ``d`` if ``str.isspace`` holds for it (what ``str.split`` splits
    on), else 0. ``d`` is valid UTF-8 with ``n`` bytes left."""
    cdef unsigned char c = d[0]
    if c < 0x80:
        return 1 if (9 <= c <= 13 or 28 <= c <= 32) else 0
    if c == 0xC2:
        return 2 if n >= 2 and (d[1] == 0x85 or d[1] == 0xA0) else 0
    if n < 3:
        return 0
    if c == 0xE1:
        return 3 if d[1] == 0x9A and d[2] == 0x80 else 0
    if c == 0xE2:
        if d[1] == 0x80:
            return 3 if (0x80 <= d[2] <= 0x8A or d[2] == 0xA8 or d[2] == 0xA9 or d[2] == 0xAF) else 0
        return 3 if d[1] == 0x81 and d[2] == 0x9F else 0
    if c == 0xE3:
        return 3 if d[1] == 0x80 and d[2] == 0x80 else 0
    return 0


# byte -> 1 for an ASCII byte str.split splits on, 2 for a lead byte that may start a non-ASCII one, else 0
cdef unsigned char _SPACE_BYTE[256]
for _byte in range(256):
    _SPACE_BYTE[_byte] = 1 if (9 <= _byte <= 13 or 28 <= _byte <= 32) else 2 if _byte in (0xC2, 0xE1, 0xE2, 0xE3) else 0


cdef int _append_clean(Buffer *buf, const unsigned char *d, size_t n) except -1:
    """Append a text node's words: whitespace runs become one space, none at either end of the text."""
    cdef size_t i = 0, start, space
    cdef unsigned char kind
    _ensure(buf, n + 1)
    while i < n:
        space = _python_space(d + i, n - i)
        if space:
            buf.pending = buf.size > 0
            i += space
            continue
        start = i  # a run of non-space bytes, copied at once
        while i < n:
            kind = _SPACE_BYTE[d[i]]
            if kind == 1 or (kind == 2 and _python_space(d + i, n - i)):
                break
            i += 1
        if buf.pending:
            buf.data[buf.size] = 32
            buf.size += 1
            buf.pending = False
        memcpy(buf.data + buf.size, d + start, i - start)
        buf.size += i - start
    return 0


cdef inline bint _invisible(size_t tag) noexcept:
    return (tag == LXB_TAG_SCRIPT or tag == LXB_TAG_STYLE or tag == LXB_TAG_NOSCRIPT or tag == LXB_TAG_SVG
            or tag == LXB_TAG_IFRAME or tag == LXB_TAG_OBJECT)


cdef inline bint _whitespace_only(Str *text) noexcept:
    cdef size_t i
    for i in range(text.length):
        if not _ascii_space(text.data[i]):
            return False
    return True


cdef inline Node *_after(Node *node, Node *root) noexcept:
    """The next node of ``root``'s subtree after ``node`` and its descendants, or NULL."""
    while node != root and node.next == NULL:
        node = node.parent
    return NULL if node == root else node.next


cdef int _collect(Node *root, Buffer *buf, int mode, bint skip_empty, bint invisible, Skips *skips,
                  size_t first) except -1:
    """Append the text of ``root``'s descendants in document order (selectolax ``text(deep=True)``, joined
    as ``mode`` says), leaving out invisible subtrees (if asked) and ``skips`` from index ``first``."""
    cdef Node *node = root.first_child
    cdef Str *text
    cdef size_t next_skip = first
    while node != NULL:
        if node.local_name == LXB_TAG__TEXT:
            text = &(<CharData *> node).data
            if text.data != NULL and not (skip_empty and _whitespace_only(text)):
                if mode == CLEAN_SPACED:
                    buf.pending = buf.size > 0
                    _append_clean(buf, text.data, text.length)
                elif mode == CLEAN_JOINED:
                    _append_clean(buf, text.data, text.length)
                else:
                    if mode == JOINED:
                        buf.parts = 0
                    _append(buf, text.data, text.length)
                    buf.parts += 1
        elif node.type == LXB_DOM_NODE_TYPE_ELEMENT and (
                (invisible and _invisible(node.local_name))
                or (skips != NULL and next_skip < skips.count and node == skips.nodes[next_skip])):
            if skips != NULL and next_skip < skips.count and node == skips.nodes[next_skip]:
                next_skip += 1
            node = _after(node, root)
            continue
        if node.first_child != NULL:
            node = node.first_child
        else:
            node = _after(node, root)
    return 0


cdef object _decoded(Buffer *buf):
    if buf.size == 0:
        return ""
    return PyUnicode_DecodeUTF8(buf.data, buf.size, "replace")


cdef object _text(Node *root, Buffer *buf, int mode, bint skip_empty=False, bint invisible=False,
                  Skips *skips=NULL, size_t first=0):
    buf.size = buf.parts = 0
    buf.pending = False
    _collect(root, buf, mode, skip_empty, invisible, skips, first)
    return _decoded(buf)


cdef object _text_prefix(Node *root, Buffer *buf, size_t max_chars):
    """The first ``max_chars`` code points of ``root``'s text (a script's code needs no more)."""
    cdef size_t i, chars = 0
    buf.size = buf.parts = 0
    _collect(root, buf, JOINED, False, False, NULL, 0)
    for i in range(buf.size):
        if (<unsigned char> buf.data[i] & 0xC0) != 0x80:
            if chars == max_chars:
                buf.size = i
                break
            chars += 1
    return _decoded(buf)


cdef size_t _chars(Node *root, bint spaced) noexcept:
    """``len(text(deep=True, separator=" " if spaced else ""))`` of ``root`` without its invisible subtrees,
    counted without copying."""
    cdef Node *node = root.first_child
    cdef Str *text
    cdef size_t i, chars = 0, parts = 0
    while node != NULL:
        if node.local_name == LXB_TAG__TEXT:
            text = &(<CharData *> node).data
            if text.data != NULL:
                for i in range(text.length):
                    if (text.data[i] & 0xC0) != 0x80:
                        chars += 1
                parts += 1
        elif node.type == LXB_DOM_NODE_TYPE_ELEMENT and _invisible(node.local_name):
            node = _after(node, root)
            continue
        if node.first_child != NULL:
            node = node.first_child
        else:
            node = _after(node, root)
    return chars + (parts - 1 if spaced and parts else 0)


# ---------------------------------------------------------------------------------------------------------
# main content (page_text's rules: main_root, remove_boilerplate, the blocks)

cdef int _main_rank(Node *node) noexcept:
    """``page_text._rank``: role=main 2, #content 3, #main 4, .content 5, .main 6, else 99."""
    if _equals(_named(node, "role", 4), "main", 4, False):
        return 2
    cdef Attr *ident = (<Element *> node).attr_id
    if _equals(ident, "content", 7, False):
        return 3
    if _equals(ident, "main", 4, False):
        return 4
    cdef int classes = _main_classes((<Element *> node).attr_class, False)
    if classes & 1:
        return 5
    if classes & 2:
        return 6
    return 99


cdef bint _main_candidate(Node *node, Attr *role, bint quirks) noexcept:
    """``[role=main], #content, #main, .content, .main`` (ids and classes fold case in quirks mode)."""
    if _equals(role, "main", 4, False):
        return True
    cdef Attr *ident = (<Element *> node).attr_id
    if _equals(ident, "content", 7, quirks) or _equals(ident, "main", 4, quirks):
        return True
    return _main_classes((<Element *> node).attr_class, quirks) != 0


cdef inline bint _never_wraps(size_t tag) noexcept:
    return (tag == LXB_TAG_NAV or tag == LXB_TAG_HEADER or tag == LXB_TAG_FOOTER or tag == LXB_TAG_ASIDE
            or tag == LXB_TAG_SELECT)


cdef bint _boilerplate(Node *node) noexcept:
    """``page_text._BOILERPLATE``: layout tags, landmark roles, cookie/consent/menu/footer ids and classes."""
    cdef size_t tag = node.local_name
    if _never_wraps(tag) or tag == LXB_TAG_FORM:
        return True
    if (<Element *> node).first_attr == NULL:
        return False
    cdef Attr *role = _named(node, "role", 4)
    if (_equals(role, "navigation", 10, False) or _equals(role, "banner", 6, False)
            or _equals(role, "contentinfo", 11, False)):
        return True
    cdef Attr *cls = (<Element *> node).attr_class
    if (_contains(cls, "cookie", 6) or _contains(cls, "consent", 7) or _contains(cls, "menu", 4)
            or _contains(cls, "footer", 6)):
        return True
    cdef Attr *ident = (<Element *> node).attr_id
    return _contains(ident, "cookie", 6) or _contains(ident, "menu", 4) or _contains(ident, "footer", 6)


cdef inline bint _block(size_t tag) noexcept:
    return (tag == LXB_TAG_H1 or tag == LXB_TAG_H2 or tag == LXB_TAG_H3 or tag == LXB_TAG_P or tag == LXB_TAG_LI
            or tag == LXB_TAG_TD or tag == LXB_TAG_BLOCKQUOTE)


cdef Node *_next_element(Node *node, Node *root, bint descend) noexcept:
    """The next element of ``root``'s subtree after ``node`` in document order (into ``node`` if ``descend``)."""
    if descend and node.first_child != NULL:
        node = node.first_child
    else:
        node = _after(node, root)
    while node != NULL and node.type != LXB_DOM_NODE_TYPE_ELEMENT:
        node = node.next if node.next != NULL else _after(node, root)
    return node


def _rank_of(pair):
    return pair[0]


cdef Node *_main_root(list mains, list articles, list others, Node *body):
    cdef size_t address
    for group in (mains, articles):
        for address in group:
            if _chars(<Node *> address, True) > 200:
                return <Node *> address
    for _, address in sorted(others, key=_rank_of):
        if _chars(<Node *> address, True) > 200:
            return <Node *> address
    return body


cdef int _doomed(Node *root, Skips *skips) except -1:
    """``page_text.remove_boilerplate``'s verdicts: the outermost boilerplate roots under ``root`` to leave
    out (a match inside one already left out changes nothing, so it is not looked at)."""
    cdef Node *node = root
    cdef long half = -1
    cdef size_t capacity = 0
    cdef Node **grown
    while node != NULL:
        if _invisible(node.local_name):
            node = _next_element(node, root, False)
            continue
        if node != root and _boilerplate(node):
            if not _never_wraps(node.local_name):
                if half < 0:
                    half = (<long> _chars(root, False) or 1) // 2
                if <long> _chars(node, False) > half:  # a page wrapper (an ASP.NET <form>): kept
                    node = _next_element(node, root, True)
                    continue
            if skips.count == capacity:
                capacity = capacity * 2 + 16
                grown = <Node **> realloc(skips.nodes, capacity * sizeof(Node *))
                if grown == NULL:
                    raise MemoryError()
                skips.nodes = grown
            skips.nodes[skips.count] = node
            skips.count += 1
            node = _next_element(node, root, False)
            continue
        node = _next_element(node, root, True)
    return 0


cdef size_t _buffer_chars(Buffer *buf) noexcept:
    cdef size_t i, chars = 0
    for i in range(buf.size):
        if (<unsigned char> buf.data[i] & 0xC0) != 0x80:
            chars += 1
    return chars


cdef tuple _main_text(Node *root, Buffer *buf, tuple limits):
    """(blocks, root text) with the boilerplate left out; see ``page_dom.PageDom`` and ``read_page_dom``."""
    cdef Skips skips
    cdef list blocks = []
    cdef Node *node = root
    cdef size_t next_skip = 0, chars, size = 0
    cdef size_t block_chars = limits[0], item_chars = limits[1], enough = limits[2]
    cdef bint item
    skips.nodes, skips.count = NULL, 0
    try:
        _doomed(root, &skips)
        while node != NULL:
            if _invisible(node.local_name) or (next_skip < skips.count and node == skips.nodes[next_skip]):
                if next_skip < skips.count and node == skips.nodes[next_skip]:
                    next_skip += 1
                node = _next_element(node, root, False)
                continue
            if _block(node.local_name):
                item = node.local_name == LXB_TAG_LI
                blocks.append((item, _text(node, buf, CLEAN_SPACED, True, True, &skips, next_skip)))
                chars = _buffer_chars(buf)
                if chars >= (item_chars if item else block_chars):
                    size += chars + 1
                    if size > enough:
                        break
            node = _next_element(node, root, True)
        if size:
            return blocks, ""
        return blocks, _text(root, buf, CLEAN_SPACED, False, True, &skips, 0)
    finally:
        free(skips.nodes)


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


def read_page_dom(LexborHTMLParser parser, size_t code_chars, tuple block_limits):
    """The ``PageDom`` fields of ``parser``'s document, as a tuple (see the module docstring).

    ``code_chars``: characters kept of an inline script; ``block_limits``: (characters a block needs,
    characters an ``<li>`` needs, characters of such blocks after which no more are read)."""
    cdef Buffer buf
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
                others.append((_main_rank(node), <size_t> node))
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


def count_at_least(bytes data, int byte, size_t limit):
    """``min(data.count(bytes([byte])), limit)``, stopping at ``limit`` (a guard needs no exact count)."""
    cdef const unsigned char *start = <const unsigned char *> PyBytes_AS_STRING(data)
    cdef const unsigned char *end = start + PyBytes_GET_SIZE(data)
    cdef const unsigned char *at = start
    cdef size_t count = 0
    while count < limit and at < end:
        at = <const unsigned char *> memchr(at, byte, end - at)
        if at == NULL:
            break
        count += 1
        at += 1
    return count


def contains(bytes data, bytes needle):
    """``needle in data`` by glibc's memmem (~3x faster than CPython's search on ~50 KB pages)."""
    return memmem(PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data), PyBytes_AS_STRING(needle),
                  PyBytes_GET_SIZE(needle)) != NULL


def utf8_valid(bytes data):
    """Whether ``data`` decodes as strict UTF-8 (what ``data.decode("utf-8")`` accepts: no overlong forms,
    surrogates or code points above U+10FFFF), without building the text; ASCII runs 8 bytes at a time."""
    cdef const unsigned char *d = <const unsigned char *> PyBytes_AS_STRING(data)
    cdef Py_ssize_t n = PyBytes_GET_SIZE(data), i = 0
    cdef unsigned char c, c1
    cdef unsigned long long word
    while i < n:
        if i + 8 <= n:
            memcpy(&word, d + i, 8)
            if (word & 0x8080808080808080ULL) == 0:
                i += 8
                continue
        c = d[i]
        if c < 0x80:
            i += 1
        elif 0xC2 <= c <= 0xDF:
            if i + 1 >= n or (d[i + 1] & 0xC0) != 0x80:
                return False
            i += 2
        elif 0xE0 <= c <= 0xEF:
            if i + 2 >= n or (d[i + 2] & 0xC0) != 0x80:
                return False
            c1 = d[i + 1]
            if (c == 0xE0 and not 0xA0 <= c1 <= 0xBF) or (c == 0xED and not 0x80 <= c1 <= 0x9F) or (
                    c != 0xE0 and c != 0xED and (c1 & 0xC0) != 0x80):
                return False
            i += 3
        elif 0xF0 <= c <= 0xF4:
            if i + 3 >= n or (d[i + 2] & 0xC0) != 0x80 or (d[i + 3] & 0xC0) != 0x80:
                return False
            c1 = d[i + 1]
            if (c == 0xF0 and not 0x90 <= c1 <= 0xBF) or (c == 0xF4 and not 0x80 <= c1 <= 0x8F) or (
                    c != 0xF0 and c != 0xF4 and (c1 & 0xC0) != 0x80):
                return False
            i += 4
        else:
            return False
    return True
