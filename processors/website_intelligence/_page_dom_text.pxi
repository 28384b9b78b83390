# Included by _page_dom.pyx (shares its declarations): reading the text of a subtree (raw or whitespace-
# collapsed, leaving out invisible and boilerplate subtrees) and page_text's main-content rules (the main
# root, its boilerplate, its blocks).

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
        space = _utf8_space(d + i, n - i)
        if space:
            buf.pending = buf.size > 0
            i += space
            continue
        start = i  # a run of non-space bytes, copied at once
        while i < n:
            kind = _SPACE_BYTE[d[i]]
            if kind == 1 or (kind == 2 and _utf8_space(d + i, n - i)):
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


cdef inline bint _at_skip(Skips *skips, size_t *next_skip, Node *node) noexcept:
    """Whether ``node`` is the next of ``skips`` (walks meet them in document order): then step past it."""
    if skips != NULL and next_skip[0] < skips.count and node == skips.nodes[next_skip[0]]:
        next_skip[0] += 1
        return True
    return False


cdef inline size_t _utf8_chars(const unsigned char *data, size_t length) noexcept:
    """Code points in valid UTF-8 (its bytes that are not continuation bytes)."""
    cdef size_t i, chars = 0
    for i in range(length):
        if (data[i] & 0xC0) != 0x80:
            chars += 1
    return chars


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
                (invisible and _invisible(node.local_name)) or _at_skip(skips, &next_skip, node)):
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
    cdef size_t chars = 0, parts = 0
    while node != NULL:
        if node.local_name == LXB_TAG__TEXT:
            text = &(<CharData *> node).data
            if text.data != NULL:
                chars += _utf8_chars(text.data, text.length)
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

cdef int _main_rank(Node *node, Attr *role) noexcept:
    """``page_text._rank`` (``role``: the element's role attribute): role=main 2, #content 3, #main 4,
    .content 5, .main 6, else 99."""
    if _equals(role, "main", 4, False):
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
            if _invisible(node.local_name) or _at_skip(&skips, &next_skip, node):
                node = _next_element(node, root, False)
                continue
            if _block(node.local_name):
                item = node.local_name == LXB_TAG_LI
                blocks.append((item, _text(node, buf, CLEAN_SPACED, True, True, &skips, next_skip)))
                chars = _utf8_chars(<const unsigned char *> buf.data, buf.size)
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
