# Included by the native modules: one definition of what Python's str.split splits on, read in UTF-8.

cdef inline int _utf8_space(const unsigned char *d, Py_ssize_t n) noexcept nogil:
    """Byte length of the character at ``d`` if ``str.isspace`` holds for it (what ``str.split`` splits on:
    U+0009..000D, U+001C..0020, U+0085, U+00A0, U+1680, U+2000..200A, U+2028, U+2029, U+202F, U+205F,
    U+3000), else 0. ``d`` is valid UTF-8 with ``n`` (at least 1) bytes left."""
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
