# cython: language_level=3, boundscheck=False, wraparound=False
"""Native text scans: a multi-needle search (technology fingerprints) and the phone-number candidate scan.

``NeedleSet(needles)`` (each at least 2 characters); ``found(text, prefix_length)`` -> (indices of the
needles that occur inside ``text[:prefix_length]``, indices of those that occur anywhere), ascending;
None when ``text`` has no UTF-8 (lone surrogates). The text's UTF-8 bytes are scanned once: each
position's two-byte prefix selects the few needles that could start there (~15 µs for 5,000 characters
and 60 needles, where a substring search per needle costs ~60 µs). Matching on UTF-8 bytes finds exactly
the substrings of the text (UTF-8 is self-synchronizing); the prefix is counted in characters.

``phone_runs(text, skip_leads)`` -> the (start, end) character spans ``contacts._PHONE_SCAN_ASCII.finditer``
would give (a start character ``+ ( 0-9``, 5 to 62 run characters, a final digit; greedy, leftmost,
non-overlapping), ~5x faster than the regex; None when the text holds a byte of ``skip_leads`` (the UTF-8
lead bytes of non-ASCII digits: the caller runs the Unicode regex) or has no UTF-8.

Byte scans of a whole page before it is parsed (``byte_scans``): ``count_at_least`` (a count that stops at
its limit), ``contains`` (glibc's memmem, ~3x CPython's search on ~50 KB) and ``utf8_valid`` (strict UTF-8
without building the text).
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.unicode cimport PyUnicode_AsUTF8AndSize
from libc.stdlib cimport calloc, free, malloc
from libc.string cimport memchr, memcmp, memcpy, memset


cdef extern from "string.h":
    void *memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length)

cdef struct Needle:
    char *data
    Py_ssize_t length


cdef class NeedleSet:
    cdef Needle *needles
    cdef int count
    cdef unsigned short *heads  # two-byte prefix -> 1 + index of its first needle in ``order``, or 0
    cdef int *order  # needle indices sorted by prefix
    cdef int *chain  # per position in ``order``: 1 if the next entry has the same prefix

    def __cinit__(self, needles):
        cdef Py_ssize_t length
        cdef const char *data
        cdef int i, prefix
        needles = list(needles)
        self.count = len(needles)
        self.needles = <Needle *> calloc(self.count + 1, sizeof(Needle))
        self.heads = <unsigned short *> calloc(65536, sizeof(unsigned short))
        self.order = <int *> malloc((self.count + 1) * sizeof(int))
        self.chain = <int *> calloc(self.count + 1, sizeof(int))
        if self.needles == NULL or self.heads == NULL or self.order == NULL or self.chain == NULL:
            raise MemoryError()
        keyed = []
        for i, needle in enumerate(needles):
            data = PyUnicode_AsUTF8AndSize(needle, &length)
            if length < 2:
                raise ValueError(f"a needle needs two bytes at least: {needle!r}")
            self.needles[i].data = <char *> malloc(length)
            if self.needles[i].data == NULL:
                raise MemoryError()
            memcpy(self.needles[i].data, data, length)
            self.needles[i].length = length
            keyed.append(((<unsigned char> data[0]) << 8 | <unsigned char> data[1], i))
        keyed.sort()
        for position, (prefix, i) in enumerate(keyed):
            self.order[position] = i
            if position and keyed[position - 1][0] == prefix:
                self.chain[position - 1] = 1
            else:
                self.heads[prefix] = position + 1

    def __dealloc__(self):
        cdef int i
        if self.needles != NULL:
            for i in range(self.count):
                free(self.needles[i].data)
        free(self.needles)
        free(self.heads)
        free(self.order)
        free(self.chain)

    def found(self, str text not None, Py_ssize_t prefix_length):
        """(needles inside ``text[:prefix_length]``, needles anywhere in ``text``): see the module docstring."""
        cdef Py_ssize_t n, i, prefix_bytes, chars = 0
        cdef const unsigned char *data
        cdef unsigned short head
        cdef int position, index
        cdef Needle *needle
        cdef unsigned char *where  # per needle: 0 not found, 1 found after the prefix, 2 inside it
        try:
            data = <const unsigned char *> PyUnicode_AsUTF8AndSize(text, &n)
        except UnicodeEncodeError:
            return None
        prefix_bytes = n
        for i in range(n):  # the prefix in bytes: count characters (lead bytes) up to prefix_length
            if (data[i] & 0xC0) != 0x80:
                if chars == prefix_length:
                    prefix_bytes = i
                    break
                chars += 1
        where = <unsigned char *> calloc(self.count + 1, 1)
        if where == NULL:
            raise MemoryError()
        try:
            for i in range(n - 1):
                head = self.heads[data[i] << 8 | data[i + 1]]
                if head == 0:
                    continue
                position = head - 1
                while True:
                    index = self.order[position]
                    needle = &self.needles[index]
                    if (where[index] < 2 and i + needle.length <= n
                            and memcmp(data + i, needle.data, needle.length) == 0):
                        where[index] = 2 if i + needle.length <= prefix_bytes else 1
                    if not self.chain[position]:
                        break
                    position += 1
            inside = [index for index in range(self.count) if where[index] == 2]
            anywhere = [index for index in range(self.count) if where[index]]
            return inside, anywhere
        finally:
            free(where)


include "_utf8_space.pxi"


cdef inline int _run_char(const unsigned char *d, Py_ssize_t n) noexcept:
    """Byte length of the character at ``d`` if it may continue a phone run (a digit, whitespace below
    U+3001, ``( ) . - /``, U+00A0, U+2013), else 0."""
    cdef unsigned char c = d[0]
    if c < 0x80:
        return 1 if (48 <= c <= 57 or c == 40 or c == 41 or c == 46 or c == 45 or c == 47) else _utf8_space(d, n)
    if c == 0xE2 and n >= 3 and d[1] == 0x80 and d[2] == 0x93:  # U+2013
        return 3
    return _utf8_space(d, n)  # every str whitespace is below U+3001


def phone_runs(str text not None, bytes skip_leads not None):
    """The spans of ``contacts._PHONE_SCAN_ASCII`` in ``text`` (see the module docstring)."""
    cdef Py_ssize_t n, i, j, k, best, chars = 0, run_chars, step
    cdef const unsigned char *d
    cdef const unsigned char *skip = <const unsigned char *> skip_leads
    cdef Py_ssize_t skip_count = len(skip_leads)
    cdef Py_ssize_t offsets[64]  # byte offset of each run character after the start (and one past)
    cdef bint digit[64]
    cdef unsigned char c
    cdef list spans = []
    try:
        d = <const unsigned char *> PyUnicode_AsUTF8AndSize(text, &n)
    except UnicodeEncodeError:
        return None
    cdef unsigned char skipped[256]
    memset(skipped, 0, 256)
    for j in range(skip_count):
        skipped[skip[j]] = 1
    for i in range(n):
        if skipped[d[i]]:
            return None
    i = 0
    while i < n:
        c = d[i]
        if not (48 <= c <= 57 or c == 43 or c == 40):  # + ( or a digit starts a run
            if c < 0x80 or (c & 0xC0) != 0x80:
                chars += 1
            i += 1
            continue
        # the run after the start: up to 63 characters (62 repeated + the final digit)
        run_chars = 0
        j = i + 1
        while run_chars < 63 and j < n:
            step = _run_char(d + j, n - j)
            if not step:
                break
            offsets[run_chars] = j
            digit[run_chars] = 48 <= d[j] <= 57
            run_chars += 1
            j += step
        best = -1
        k = run_chars - 1  # the final digit's place among the run characters: greedy, so the last one
        while k >= 5:
            if digit[k]:
                best = k
                break
            k -= 1
        if best < 0:
            chars += 1
            i += 1
            continue
        # a match of 1 + best + 1 characters: start, best repeated, the final digit
        spans.append((chars, chars + best + 2))
        chars += best + 2
        i = offsets[best] + 1
    return spans


def count_at_least(bytes data not None, int byte, size_t limit):
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


def contains(bytes data not None, bytes needle not None):
    """``needle in data`` by glibc's memmem (~3x faster than CPython's search on ~50 KB pages)."""
    return memmem(PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data), PyBytes_AS_STRING(needle),
                  PyBytes_GET_SIZE(needle)) != NULL


def utf8_valid(bytes data not None):
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
