"""Language of a page's visible text: script check for Cyrillic, stop-word counts for Latin scripts.

``detect_language(text, declared) -> ISO 639-1 code or None``. ``<html lang>`` is only a fallback (it is
often wrong: a German blog declares ``en``).
"""

from __future__ import annotations

import re
from collections import Counter

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(["the", "and", "of", "to", "in", "is", "for", "with", "that", "on", "are", "you", "your", "we", "our", "this", "by", "from", "as", "be", "at", "it", "or", "an"]),
    "de": frozenset(["der", "die", "das", "und", "ist", "nicht", "mit", "für", "auf", "den", "dem", "des", "ein", "eine", "sie", "wir", "ihr", "zu", "von", "im", "auch", "bei", "sich", "oder"]),
    "nl": frozenset(["de", "het", "een", "en", "van", "is", "op", "voor", "met", "niet", "zijn", "wij", "ons", "onze", "te", "bij", "ook", "aan", "uw", "dat", "deze"]),
    "fr": frozenset(["le", "la", "les", "et", "des", "est", "une", "pour", "dans", "sur", "avec", "nous", "vous", "du", "au", "pas", "qui", "que", "ce", "sont"]),
    "es": frozenset(["el", "la", "los", "las", "y", "de", "del", "es", "una", "para", "con", "por", "que", "en", "su", "nuestro", "nuestra", "más", "como", "se", "al"]),
    "it": frozenset(["il", "lo", "la", "gli", "le", "e", "di", "del", "della", "che", "per", "con", "una", "sono", "non", "anche", "nel", "alla", "dei", "si"]),
    "pt": frozenset(["o", "os", "as", "e", "de", "do", "da", "dos", "das", "que", "para", "com", "uma", "não", "em", "no", "na", "por", "mais", "se"]),
    "pl": frozenset(["i", "w", "z", "na", "do", "nie", "się", "jest", "to", "że", "od", "dla", "za", "jak", "po", "oraz", "lub", "są", "przez"]),
    "cs": frozenset(["a", "v", "se", "na", "je", "že", "s", "z", "do", "k", "o", "pro", "jako", "ve", "by", "od", "které", "jsou", "nebo", "také"]),
    "ru": frozenset(["и", "в", "не", "на", "с", "что", "по", "для", "это", "как", "от", "из", "к", "у", "о", "мы", "вы", "за", "все", "при", "или"]),
    "uk": frozenset(["і", "в", "не", "на", "з", "що", "по", "для", "це", "як", "від", "із", "до", "у", "та", "ми", "ви", "за", "всі", "при", "або"]),
}
_NOT_CYRILLIC_LEADS = bytes(b for b in range(256) if not 0xD0 <= b <= 0xD3)
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")  # what cyrillic_share counts as Latin (tests compare)
_NOT_LATIN_BYTES = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122 or 0xC3 <= b <= 0xC8))
_LATIN_C9 = re.compile(rb"\xc9[\x80-\x8f]")
_UK_LETTERS = re.compile(r"[іїєґ]", re.I)
_PUNCT_CHARS = ".,;:!?()[]{}\"'«»“”„/\\|<>*&%$#@+=~^`—–-_0123456789\u00a0"
_WORD_LANGS: dict[str, tuple[str, ...]] = {}
for _lang, _stops in _STOPWORDS.items():
    if _lang not in ("ru", "uk"):
        for _word in _stops:
            _WORD_LANGS[_word] = (*_WORD_LANGS.get(_word, ()), _lang)


def cyrillic_share(text: str) -> float:
    """Share of the letters in ``text`` (first 4000 characters; Latin and Cyrillic counted) that are Cyrillic."""
    sample = text[:4000]
    if sample.isascii():
        return 0.0
    # U+0400..U+04FF are exactly the UTF-8 sequences led by 0xD0..0xD3: one bytes.translate counts them
    # (~10x faster than a regex scan)
    raw = sample.encode("utf-8", "surrogatepass")
    cyrillic = len(raw.translate(None, _NOT_CYRILLIC_LEADS))
    if not cyrillic:
        return 0.0
    # Latin letters (_LATIN_RE) counted the same way: A-Z, a-z and the lead bytes 0xC3..0xC8 of
    # U+00C0..U+023F, plus U+0240..U+024F (0xC9 0x80..0x8F)
    latin = len(raw.translate(None, _NOT_LATIN_BYTES))
    if b"\xc9" in raw:
        latin += len(_LATIN_C9.findall(raw))
    return cyrillic / (cyrillic + latin)


# str.translate with a dict is slow (~40 ns a character); ASCII punctuation goes through bytes.translate
_NON_ASCII_PUNCT = tuple(c for c in _PUNCT_CHARS if not c.isascii())
_ASCII_PUNCT = "".join(c for c in _PUNCT_CHARS if c.isascii()).encode()
_ASCII_PUNCT_TABLE = bytes.maketrans(_ASCII_PUNCT, b" " * len(_ASCII_PUNCT))


def _words(lowered: str) -> list[str]:
    """Words of lower-cased text, punctuation and digits (``_PUNCT_CHARS``) taken as spaces."""
    if not lowered.isascii():
        for char in _NON_ASCII_PUNCT:
            if char in lowered:
                lowered = lowered.replace(char, " ")
        return lowered.encode("utf-8", "surrogatepass").translate(_ASCII_PUNCT_TABLE).decode("utf-8", "surrogatepass").split()
    return lowered.encode("ascii").translate(_ASCII_PUNCT_TABLE).decode("ascii").split()


try:  # the stop words looked up in C (built at install when a C compiler is present): see _words.pyx
    from processors.website_intelligence._words import WordTable  # type: ignore[import-not-found]
except ImportError:
    _NATIVE_WORDS = None
else:
    _NATIVE_WORDS = WordTable(list(_WORD_LANGS), _PUNCT_CHARS)


def _stop_word_counts(lowered: str) -> list[tuple[str, int]]:
    """(stop word, count) in ``lowered``, in order of first appearance."""
    if _NATIVE_WORDS is not None:
        counts = _NATIVE_WORDS.count(lowered)
        if counts is not None:
            words = _NATIVE_WORDS.words
            return [(words[index], count) for index, count in counts]
    # counted in C (Counter over a C filter)
    return list(Counter(filter(_WORD_LANGS.__contains__, _words(lowered))).items())


def detect_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``'s language; the declared ``<html lang>`` only when the text says nothing."""
    sample = text[:2000]
    if sample and cyrillic_share(sample) > 0.3:
        return "uk" if len(_UK_LETTERS.findall(sample)) > 0.01 * len(sample) else "ru"
    scores: dict[str, int] = {}
    # stop words counted, then spread over their languages once per distinct word
    for word, count in _stop_word_counts(sample.lower()):
        for lang in _WORD_LANGS[word]:
            scores[lang] = scores.get(lang, 0) + count
    if scores:
        best = max(scores, key=scores.__getitem__)
        if scores[best] >= 3:
            return best
    if declared:
        code = declared.strip().lower().replace("_", "-").split("-")[0]
        if re.fullmatch(r"[a-z]{2}", code):
            return code
    return None
