# cython: language_level=3, boundscheck=False, wraparound=False
"""Native word tables: the words of a lower-cased text looked up in C instead of split and looked up in Python.

The words of a text are what ``separated(text).split()`` gives in the Python modules: the text split on a
table's separator characters and on whitespace as ``str.split`` sees it. Two tables use this:

- ``WordTable(words, separators)``: ``count(text)`` -> (index in ``words``, count) of the table's words in
  the text, in order of first appearance (``language``'s stop words);
- ``LinkWords(words, separators, kinds, never, joined, ranks)``: the word rules of ``links`` (keyword
  words -> kind, never-fetch words, joined keywords such as "getintouch" -> kind, kinds by priority): ``names_nothing``, ``words_verdict``,
  ``path_words_verdict``, ``anchor_words_verdict`` (see there).

~0.1-0.3 µs a short text instead of ~1-5 µs of Python. A text whose UTF-8 holds lone surrogates, or whose
words are longer than ``BUFFER`` bytes together, is answered None: the caller uses its Python rules.
Tests compare every answer with the Python rules on generated and real texts.
"""

from cpython.unicode cimport PyUnicode_AsUTF8AndSize
from libc.stdlib cimport calloc, free, malloc
from libc.string cimport memcmp, memcpy

DEF BUFFER = 1024  # bytes of words written together that are searched for joined keywords
DEF NO_KIND = 255
DEF NEVER = 1  # flag of a never-fetch word
DEF MAX_JOINED = 64
# non-ASCII characters a separator set may hold (others are refused): « » · and – — “ ” „ •
_NON_ASCII_SEPARATORS = "\u00ab\u00bb\u00b7\u2013\u2014\u201c\u201d\u201e\u2022"

cdef struct Key:
    char *data
    Py_ssize_t length
    int value  # index of the word in the table's word list


cdef inline size_t _hash(const char *data, Py_ssize_t length) noexcept nogil:
    cdef size_t h = <size_t> 1469598103934665603ULL
    cdef size_t prime = <size_t> 1099511628211ULL
    cdef Py_ssize_t i
    for i in range(length):
        h = (h ^ <unsigned char> data[i]) * prime
    return h


include "_utf8_space.pxi"


cdef int _copy_key(Key *key, str text, int value) except -1:
    """Fill ``key`` with a copy of ``text``'s UTF-8."""
    cdef Py_ssize_t length
    cdef const char *data = PyUnicode_AsUTF8AndSize(text, &length)
    key.data = <char *> malloc(length + 1)
    if key.data == NULL:
        raise MemoryError()
    memcpy(key.data, data, length)
    key.length, key.value = length, value
    return 0


cdef struct Words:  # what the words of a text (or of one path segment) hold
    int count
    int rank  # LinkWords: best kind priority of a keyword word, or NO_KIND
    bint never  # LinkWords: a never-fetch word
    bint any_word  # a word of the table
    Py_ssize_t size  # bytes of the words written together in ``squeezed``
    char squeezed[BUFFER]


cdef class WordTable:
    """Words (lower case) looked up by their UTF-8 bytes; see the module docstring."""

    cdef Key *slots
    cdef size_t mask
    cdef unsigned char ascii[128]  # 1 for an ASCII separator or space
    cdef unsigned char non_ascii[9]  # 2 or 3 (byte length) for each of _NON_ASCII_SEPARATORS in the set
    cdef readonly list words

    def __cinit__(self, words, str separators, *args, **kwargs):
        cdef Py_ssize_t length
        cdef const char *data
        cdef size_t slot, size = 64
        cdef int i
        self.words = list(words)
        while size < 4 * len(self.words):
            size *= 2
        self.slots = <Key *> calloc(size, sizeof(Key))
        if self.slots == NULL:
            raise MemoryError()
        self.mask = size - 1
        for i in range(128):
            self.ascii[i] = 1 if (9 <= i <= 13 or 28 <= i <= 32 or chr(i) in separators) else 0
        for i, char in enumerate(_NON_ASCII_SEPARATORS):
            self.non_ascii[i] = len(char.encode()) if char in separators else 0
        unknown = [c for c in separators if not c.isascii() and c not in _NON_ASCII_SEPARATORS and not c.isspace()]
        if unknown:
            raise ValueError(f"separators the native tables do not know: {unknown!r}")
        for i, word in enumerate(self.words):
            data = PyUnicode_AsUTF8AndSize(word, &length)
            slot = _hash(data, length) & self.mask
            while self.slots[slot].data != NULL:
                slot = (slot + 1) & self.mask
            _copy_key(&self.slots[slot], word, i)

    def __dealloc__(self):
        cdef size_t slot
        if self.slots != NULL:
            for slot in range(self.mask + 1):
                free(self.slots[slot].data)
            free(self.slots)

    cdef inline Key *find(self, const char *data, Py_ssize_t length) noexcept nogil:
        cdef size_t slot = _hash(data, length) & self.mask
        while self.slots[slot].data != NULL:
            if self.slots[slot].length == length and memcmp(self.slots[slot].data, data, length) == 0:
                return &self.slots[slot]
            slot = (slot + 1) & self.mask
        return NULL

    cdef inline int boundary(self, const unsigned char *d, Py_ssize_t n) noexcept nogil:
        """Byte length of the character at ``d`` when it separates words, else 0."""
        cdef unsigned char c = d[0]
        if c < 0x80:
            return self.ascii[c]
        if c == 0xC2:  # « » ·
            if n >= 2 and ((d[1] == 0xAB and self.non_ascii[0]) or (d[1] == 0xBB and self.non_ascii[1])
                           or (d[1] == 0xB7 and self.non_ascii[2])):
                return 2
            return _utf8_space(d, n)
        if c == 0xE2:  # – — “ ” „ •
            if n >= 3 and d[1] == 0x80 and (
                    (d[2] == 0x93 and self.non_ascii[3]) or (d[2] == 0x94 and self.non_ascii[4])
                    or (d[2] == 0x9C and self.non_ascii[5]) or (d[2] == 0x9D and self.non_ascii[6])
                    or (d[2] == 0x9E and self.non_ascii[7]) or (d[2] == 0xA2 and self.non_ascii[8])):
                return 3
            return _utf8_space(d, n)
        if c == 0xE1 or c == 0xE3:
            return _utf8_space(d, n)
        return 0

    cdef inline bint next_word(self, const char *data, Py_ssize_t n, Py_ssize_t *i, Py_ssize_t *start) noexcept nogil:
        """Step ``i`` past the next word of ``data[:n]`` (its first byte in ``start``); False at the end."""
        cdef Py_ssize_t step
        while i[0] < n:
            step = self.boundary(<const unsigned char *> data + i[0], n - i[0])
            if not step:
                break
            i[0] += step
        if i[0] >= n:
            return False
        start[0] = i[0]
        while i[0] < n and not self.boundary(<const unsigned char *> data + i[0], n - i[0]):
            i[0] += 1
        return True

    cdef const char *utf8(self, str text, Py_ssize_t *length):
        try:
            return PyUnicode_AsUTF8AndSize(text, length)
        except UnicodeEncodeError:  # lone surrogates: the Python rules decide
            return NULL

    def count(self, str lowered not None):
        """(index in ``words``, count) of the table's words in ``lowered``, in order of first appearance;
        None when the text has no UTF-8 (lone surrogates)."""
        cdef Py_ssize_t n, i = 0, start
        cdef const char *data = self.utf8(lowered, &n)
        cdef Key *key
        cdef dict counts = {}
        if data == NULL:
            return None
        while self.next_word(data, n, &i, &start):
            key = self.find(data + start, i - start)
            if key != NULL:
                counts[key.value] = counts.get(key.value, 0) + 1
        return list(counts.items())


cdef class LinkWords(WordTable):
    """``links``' word rules: built from its tables (see the module docstring)."""

    cdef unsigned char *ranks  # per word: kind priority or NO_KIND
    cdef unsigned char *flags  # per word: NEVER
    cdef Key joined[MAX_JOINED]
    cdef unsigned char joined_ranks[MAX_JOINED]
    cdef int joined_count
    cdef Py_ssize_t shortest_joined
    cdef tuple kinds

    def __init__(self, words, str separators, dict kinds, never, dict joined, tuple ranks):
        cdef int i
        self.kinds = ranks
        self.ranks = <unsigned char *> malloc(len(self.words) + 1)
        self.flags = <unsigned char *> malloc(len(self.words) + 1)
        if self.ranks == NULL or self.flags == NULL:
            raise MemoryError()
        for i, word in enumerate(self.words):
            self.ranks[i] = ranks.index(kinds[word]) if word in kinds else NO_KIND
            self.flags[i] = NEVER if word in never else 0
        if len(joined) > MAX_JOINED:
            raise ValueError("too many joined keywords")
        self.joined_count = 0
        self.shortest_joined = 1 << 30
        for word, kind in joined.items():
            _copy_key(&self.joined[self.joined_count], word, self.joined_count)
            self.joined_ranks[self.joined_count] = ranks.index(kind)
            self.shortest_joined = min(self.shortest_joined, self.joined[self.joined_count].length)
            self.joined_count += 1

    def __dealloc__(self):
        cdef int j
        free(self.ranks)
        free(self.flags)
        for j in range(self.joined_count):
            free(self.joined[j].data)

    cdef bint read(self, const char *data, Py_ssize_t n, Words *words) noexcept nogil:
        """Fill ``words`` from ``data[:n]``; False when the words do not fit ``BUFFER``."""
        cdef Py_ssize_t i = 0, start
        cdef Key *key
        words.count, words.rank, words.never, words.any_word, words.size = 0, NO_KIND, False, False, 0
        while self.next_word(data, n, &i, &start):
            words.count += 1
            key = self.find(data + start, i - start)
            if key != NULL:
                words.any_word = True
                if self.flags[key.value] & NEVER:
                    words.never = True
                if self.ranks[key.value] < words.rank:
                    words.rank = self.ranks[key.value]
            if words.size + i - start > BUFFER:
                return False
            memcpy(words.squeezed + words.size, data + start, i - start)
            words.size += i - start
        return True

    cdef int joined_rank(self, Words *words) noexcept nogil:
        """Best kind priority of the joined keywords inside the words written together, or NO_KIND."""
        cdef int j, rank = NO_KIND
        cdef Py_ssize_t i
        cdef Key *needle
        if words.size < self.shortest_joined:
            return NO_KIND
        for j in range(self.joined_count):
            needle = &self.joined[j]
            if self.joined_ranks[j] >= rank:
                continue
            for i in range(words.size - needle.length + 1):
                if words.squeezed[i] == needle.data[0] and memcmp(words.squeezed + i, needle.data, needle.length) == 0:
                    rank = self.joined_ranks[j]
                    break
        return rank

    cdef int kind_rank(self, Words *words) noexcept nogil:
        """``links._kind_of_wordlist``: a keyword word's kind, else (several words) a joined keyword's."""
        if words.rank != NO_KIND:
            return words.rank
        return self.joined_rank(words) if words.count > 1 else NO_KIND

    cdef inline object kind(self, int rank):
        return None if rank == NO_KIND else self.kinds[rank]

    def names_nothing(self, str lowered not None):
        """True when ``lowered`` holds no keyword word and no joined keyword; None: ask the Python rules."""
        cdef Py_ssize_t n
        cdef const char *data = self.utf8(lowered, &n)
        cdef Words words
        if data == NULL or not self.read(data, n, &words):
            return None
        return not words.any_word and self.joined_rank(&words) == NO_KIND

    def words_verdict(self, str lowered not None):
        """``links._segment``'s (holds a never-fetch word, kind) of a lower-cased text; None: ask Python."""
        cdef Py_ssize_t n
        cdef const char *data = self.utf8(lowered, &n)
        cdef Words words
        if data == NULL or not self.read(data, n, &words):
            return None
        return words.never, self.kind(self.kind_rank(&words))

    def path_words_verdict(self, str path not None):
        """``links.path_verdict``'s answer from a lower-cased, unquoted path: (True, None) when a segment
        holds a never-fetch word, else (False, the kind of the last segment naming one); None: ask Python."""
        cdef Py_ssize_t n, start = 0, end
        cdef const char *data = self.utf8(path, &n)
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
                if not self.read(data + start, end - start, &words):
                    return None
                if words.never:
                    excluded = True
                else:
                    rank = self.kind_rank(&words)
                    if rank != NO_KIND:
                        kind = rank
            start = end + 1
        return (True, None) if excluded else (False, self.kind(kind))

    def anchor_words_verdict(self, str lowered not None):
        """``links._anchor_info``'s answer for a lower-cased anchor text: nothing, or (a whitespace-separated
        token is a never-fetch word, kind); None: ask Python."""
        cdef Py_ssize_t n, i = 0, start, step
        cdef const char *data = self.utf8(lowered, &n)
        cdef Words words
        cdef Key *key
        cdef bint never = False
        if data == NULL or not self.read(data, n, &words):
            return None
        if not words.any_word and (words.count < 2 or self.joined_rank(&words) == NO_KIND):
            return False, None
        while i < n:  # never-fetch words count only as whole whitespace-separated tokens here
            step = _utf8_space(<const unsigned char *> data + i, n - i)
            if step:
                i += step
                continue
            start = i
            while i < n and not _utf8_space(<const unsigned char *> data + i, n - i):
                i += 1
            key = self.find(data + start, i - start)
            if key != NULL and self.flags[key.value] & NEVER:
                never = True
                break
        return never, self.kind(self.kind_rank(&words))
