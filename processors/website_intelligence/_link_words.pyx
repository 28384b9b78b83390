# cython: language_level=3, boundscheck=False, wraparound=False
"""Native word rules of link classification (``links``): what the words of a path or anchor text say.

The words of a lower-cased text are what ``links._words`` gives (the text split on ``links``' separators
and on whitespace as ``str.split`` sees it). ``configure(kinds, never, joined, ranks, separators)`` is
called once by ``links`` with its tables: keyword word -> kind, never-fetch words, joined keywords
("getintouch") -> kind, the kinds by priority, and the ASCII separators. Then, for a lower-cased text:

- ``names_nothing(text)``: no keyword word and no joined keyword in the words written together;
- ``words_verdict(text)``: ``links._segment``'s (holds a never-fetch word, kind by ``_kind_of_wordlist``);
- ``path_words_verdict(path)``: ``links.path_verdict``'s answer from a path's words: (True, None) when a
  segment holds a never-fetch word, else (False, the kind of the last segment naming one);
- ``anchor_words_verdict(text)``: ``links._anchor_info``'s answer for a text that names something: (a
  whitespace-separated token is a never-fetch word, kind).

~0.1-0.3 µs a call instead of ~1-5 µs of Python; tests compare every function with the Python rules on
generated and real texts. A text whose UTF-8 holds lone surrogates, or whose words are longer than
``BUFFER`` bytes together, is answered None: the caller uses the Python rules.
"""

from cpython.unicode cimport PyUnicode_AsUTF8AndSize
from libc.stdlib cimport malloc
from libc.string cimport memcmp, memcpy

DEF TABLE_SIZE = 1024  # a power of two, several times the number of keyword words
DEF MAX_JOINED = 64
DEF BUFFER = 1024  # bytes of words written together that are searched for joined keywords
DEF NO_KIND = 255
DEF NEVER = 1  # flag of a never-fetch word

cdef struct Key:
    char *data
    Py_ssize_t length
    unsigned char rank  # the kind's priority (0 first), or NO_KIND
    unsigned char flags

cdef Key _table[TABLE_SIZE]
cdef Key _joined[MAX_JOINED]
cdef int _joined_count = 0
cdef Py_ssize_t _shortest_joined = 1 << 30
cdef bint _configured = False
cdef unsigned char _ascii_boundary[128]
cdef tuple _KINDS = ()


cdef inline size_t _hash(const char *data, Py_ssize_t length) noexcept nogil:
    cdef size_t h = <size_t> 1469598103934665603ULL
    cdef size_t prime = <size_t> 1099511628211ULL
    cdef Py_ssize_t i
    for i in range(length):
        h = (h ^ <unsigned char> data[i]) * prime
    return h


cdef Key _key(str text, unsigned char rank, unsigned char flags) except *:
    cdef Py_ssize_t length
    cdef const char *data = PyUnicode_AsUTF8AndSize(text, &length)
    cdef Key key
    key.data = <char *> malloc(length + 1)
    if key.data == NULL:
        raise MemoryError()
    memcpy(key.data, data, length)
    key.length, key.rank, key.flags = length, rank, flags
    return key


cdef Key *_find(const char *data, Py_ssize_t length) noexcept nogil:
    cdef size_t slot = _hash(data, length) & (TABLE_SIZE - 1)
    while _table[slot].data != NULL:
        if _table[slot].length == length and memcmp(_table[slot].data, data, length) == 0:
            return &_table[slot]
        slot = (slot + 1) & (TABLE_SIZE - 1)
    return NULL


def configure(dict kinds, never, dict joined, tuple ranks, str separators):
    """Keep ``links``' tables (called once, at import; see the module docstring)."""
    global _joined_count, _shortest_joined, _configured, _KINDS
    cdef Key key
    cdef size_t slot
    cdef int i
    if _configured:
        return
    _KINDS = ranks
    for i in range(128):
        _ascii_boundary[i] = 1 if (9 <= i <= 13 or 28 <= i <= 32 or chr(i) in separators) else 0
    words = set(kinds) | set(never)
    if len(words) * 3 > TABLE_SIZE or len(joined) > MAX_JOINED:
        raise ValueError("keyword tables too large")
    for word in words:
        key = _key(word, ranks.index(kinds[word]) if word in kinds else NO_KIND, NEVER if word in never else 0)
        slot = _hash(key.data, key.length) & (TABLE_SIZE - 1)
        while _table[slot].data != NULL:
            slot = (slot + 1) & (TABLE_SIZE - 1)
        _table[slot] = key
    for word, kind in joined.items():
        _joined[_joined_count] = _key(word, ranks.index(kind), 0)
        _shortest_joined = min(_shortest_joined, _joined[_joined_count].length)
        _joined_count += 1
    _configured = True


cdef inline int _space(const unsigned char *d, Py_ssize_t n) noexcept nogil:
    """Byte length of the character at ``d`` if ``str.split`` splits on it, else 0 (valid UTF-8)."""
    cdef unsigned char c = d[0]
    if c < 0x80:
        return 1 if (9 <= c <= 13 or 28 <= c <= 32) else 0
    if n < 2:
        return 0
    if c == 0xC2:
        return 2 if (d[1] == 0x85 or d[1] == 0xA0) else 0
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


cdef inline int _boundary(const unsigned char *d, Py_ssize_t n) noexcept nogil:
    """Byte length of the character at ``d`` when it separates words (a separator of ``links`` or
    whitespace), else 0."""
    cdef unsigned char c = d[0]
    if c < 0x80:
        return _ascii_boundary[c]
    if n >= 2 and c == 0xC2 and (d[1] == 0xAB or d[1] == 0xBB or d[1] == 0xB7):  # « » ·
        return 2
    if n >= 3 and c == 0xE2 and d[1] == 0x80 and (d[2] == 0x93 or d[2] == 0x94 or 0x9C <= d[2] <= 0x9E
                                                  or d[2] == 0xA2):  # – — “ ” „ •
        return 3
    return _space(d, n)


cdef struct Words:  # what the words of a text (or of one path segment) say
    int count
    int rank  # best kind priority of a keyword word, or NO_KIND
    bint never  # a never-fetch word
    bint any_word  # a keyword or never-fetch word
    Py_ssize_t size  # bytes of the words written together in ``squeezed``
    char squeezed[BUFFER]


cdef bint _read_words(const char *data, Py_ssize_t n, Words *words) noexcept nogil:
    """Fill ``words`` from ``data[:n]``; False when the words do not fit ``BUFFER``."""
    cdef Py_ssize_t i = 0, start, step
    cdef Key *key
    words.count, words.rank, words.never, words.any_word, words.size = 0, NO_KIND, False, False, 0
    while i < n:
        step = _boundary(<const unsigned char *> data + i, n - i)
        if step:
            i += step
            continue
        start = i
        while i < n and not _boundary(<const unsigned char *> data + i, n - i):
            i += 1
        words.count += 1
        key = _find(data + start, i - start)
        if key != NULL:
            words.any_word = True
            if key.flags & NEVER:
                words.never = True
            if key.rank < words.rank:
                words.rank = key.rank
        if words.size + i - start > BUFFER:
            return False
        memcpy(words.squeezed + words.size, data + start, i - start)
        words.size += i - start
    return True


cdef inline bint _contains(const char *haystack, Py_ssize_t length, Key *needle) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(length - needle.length + 1):
        if haystack[i] == needle.data[0] and memcmp(haystack + i, needle.data, needle.length) == 0:
            return True
    return False


cdef int _joined_rank(Words *words) noexcept nogil:
    """Best kind priority of the joined keywords inside the words written together, or NO_KIND."""
    cdef int j, rank = NO_KIND
    if words.size >= _shortest_joined:
        for j in range(_joined_count):
            if _joined[j].rank < rank and _contains(words.squeezed, words.size, &_joined[j]):
                rank = _joined[j].rank
    return rank


cdef int _kind_rank(Words *words) noexcept nogil:
    """``links._kind_of_wordlist``: a keyword word's kind, else (several words) a joined keyword's."""
    if words.rank != NO_KIND:
        return words.rank
    if words.count > 1:
        return _joined_rank(words)
    return NO_KIND


cdef inline object _kind(int rank):
    return None if rank == NO_KIND else _KINDS[rank]


cdef const char *_utf8(str text, Py_ssize_t *length):
    if not _configured:
        raise RuntimeError("configure() first")
    try:
        return PyUnicode_AsUTF8AndSize(text, length)
    except UnicodeEncodeError:  # lone surrogates: the Python rules decide
        return NULL


def names_nothing(str lowered):
    """True when ``lowered`` holds no keyword word and no joined keyword; None: ask the Python rules."""
    cdef Py_ssize_t n
    cdef const char *data = _utf8(lowered, &n)
    cdef Words words
    if data == NULL or not _read_words(data, n, &words):
        return None
    return not words.any_word and _joined_rank(&words) == NO_KIND


def words_verdict(str lowered):
    """``links._segment``'s (holds a never-fetch word, kind) of a lower-cased text; None: ask Python."""
    cdef Py_ssize_t n
    cdef const char *data = _utf8(lowered, &n)
    cdef Words words
    if data == NULL or not _read_words(data, n, &words):
        return None
    return words.never, _kind(_kind_rank(&words))


def path_words_verdict(str path):
    """``links.path_verdict``'s answer from a lower-cased, unquoted path; None: ask Python."""
    cdef Py_ssize_t n, start = 0, end
    cdef const char *data = _utf8(path, &n)
    cdef Words words
    cdef int rank, kind = NO_KIND
    cdef bint excluded = False
    if data == NULL:
        return None
    while start <= n:
        end = start
        while end < n and data[end] != 47:  # "/"
            end += 1
        if end > start:
            if not _read_words(data + start, end - start, &words):
                return None
            if words.never:
                excluded = True
            else:
                rank = _kind_rank(&words)
                if rank != NO_KIND:
                    kind = rank
        start = end + 1
    return (True, None) if excluded else (False, _kind(kind))


def anchor_words_verdict(str lowered):
    """``links._anchor_info``'s answer for a lower-cased anchor text; None: ask Python."""
    cdef Py_ssize_t n, i = 0, start, step
    cdef const char *data = _utf8(lowered, &n)
    cdef Words words
    cdef Key *key
    cdef bint never = False
    if data == NULL or not _read_words(data, n, &words):
        return None
    if not words.any_word and (words.count < 2 or _joined_rank(&words) == NO_KIND):
        return False, None
    while i < n:  # never-fetch words count only as whole whitespace-separated tokens here
        step = _space(<const unsigned char *> data + i, n - i)
        if step:
            i += step
            continue
        start = i
        while i < n and not _space(<const unsigned char *> data + i, n - i):
            i += 1
        key = _find(data + start, i - start)
        if key != NULL and key.flags & NEVER:
            never = True
            break
    return never, _kind(_kind_rank(&words))
