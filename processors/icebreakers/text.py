"""Small text helpers shared by fact extraction, gates and templates (pure functions, no I/O).

* ``normalize(text)``: lower case, ``ё`` -> ``е``, typographic quotes and dashes folded, whitespace collapsed;
  what cliché and phrase matching compare.
* ``keywords(text)``: the content words of a text (no stop words, at least 4 letters, or any number), in order.
* ``stem(word)``: a crude language-independent stem (a prefix) so that ``вакансии`` matches ``вакансий`` and
  ``clients`` matches ``client``.
* ``cyrillic_ratio(text)``: the share of letters that are Cyrillic (0.0 when there are no letters).
* ``shorten(text, max_words)``: cut at a clause boundary when possible, else at a word boundary.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"«“A-ZА-ЯЁ0-9])")
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|„[^“”]*[“”]|\"[^\"]*\"")

_RELATIVE = re.compile(r"^(that|which|who|whose|where|while|when|что|который|которая|которое|которые|"
                       r"чтобы|где|когда)$", re.IGNORECASE)
_FOLD = str.maketrans({"ё": "е", "Ё": "Е", "’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"',
                       "»": '"', "—": "-", "–": "-", "\u00a0": " "})

_STOP_WORDS_TEXT = """
    about above after again also among another because been before being below between both could does doing
    down during each every from further have having here hers herself himself into itself just more most much
    must other ours ourselves over same should some such than that their theirs them themselves then there these
    they this those through under until very were what when where which while whom with within without would
    your yours yourself yourselves will shall only also what's it's that's we're you're our out off the and for
    are but not you all any can her was one has his how its may new now see way who did get use www http https
    welcome home page website site official read more learn
    этот эта это эти того тому тех том тем как так для или при про под над без через после перед между
    также только если чтобы когда которые который которая которое которых своих свой своя свое свои
    наша наши наш наше нашей наших нашего вашей ваша ваши ваш ваше всех все всего всем была было были будет
    есть быть более менее очень уже еще ещё даже можно нужно сайт сайта сайте главная страница добро пожаловать
    """
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())


def normalize(text: str) -> str:
    """Lower-case, fold quotes/dashes/ё, collapse whitespace."""
    text = unicodedata.normalize("NFKC", text or "").translate(_FOLD).lower()
    return _WS.sub(" ", text).strip()


def collapse(text: str) -> str:
    """Collapse whitespace (keeps case and punctuation)."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


def words(text: str) -> list[str]:
    """The words of ``text`` (letters/digits, inner apostrophes and hyphens kept), original case."""
    return _WORD.findall(text or "")


def word_count(text: str) -> int:
    """Whitespace-separated tokens that contain a letter or digit ("Moki.TV" is one word, "—" none)."""
    return sum(1 for tok in (text or "").split() if any(c.isalnum() for c in tok))


def stem(word: str) -> str:
    """A crude stem: lower case, ё folded, the first 5 characters of longer words (numbers kept whole)."""
    w = normalize(word)
    if w.isdigit() or len(w) <= 5:
        return w
    return w[:5]


def keywords(text: str) -> list[str]:
    """Content words of ``text`` in order, de-duplicated: numbers, and words of 4+ letters not in STOP_WORDS."""
    seen: set[str] = set()
    out: list[str] = []
    for w in words(text):
        n = normalize(w)
        if not (n.isdigit() or (len(n) >= 4 and n not in STOP_WORDS)):
            continue
        if n not in seen:
            seen.add(n)
            out.append(n)
    return out


def cyrillic_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0400" <= c <= "\u04ff") / len(letters)


def strip_quoted(text: str) -> str:
    """``text`` without its quoted spans («…», “…”, "…")."""
    return _QUOTED.sub(" ", text or "")


def sentences(text: str) -> list[str]:
    """Split prose into sentences (a simple rule: terminal punctuation, space, capital or quote)."""
    parts = _SENTENCE_END.split(collapse(text))
    return [p.strip() for p in parts if p.strip()]


def shorten(text: str, max_words: int) -> str:
    """``text`` cut to at most ``max_words`` words: at the last clause boundary that keeps >= half, else at a
    word boundary; trailing punctuation and dangling connectives removed."""
    text = collapse(text)
    tokens = text.split(" ")
    if len(words(text)) <= max_words:
        return text.rstrip(" ,;:-–—")
    cut: list[str] = []
    count = 0
    for tok in tokens:
        n = len(words(tok))
        if count + n > max_words:
            break
        cut.append(tok)
        count += n
    best = len(cut)
    for i in range(len(cut) - 1, max(0, len(cut) // 2) - 1, -1):
        if re.search(r"[,;:–—-]$", cut[i]):
            best = i + 1
            break
    if best == len(cut):  # no clause boundary: drop a dangling relative clause ("… solutions that solve")
        for i in range(len(cut) - 1, max(1, len(cut) // 2) - 1, -1):
            if _RELATIVE.match(cut[i]):
                best = i
                break
    result = " ".join(cut[:best]).rstrip(" ,;:-–—")
    tail = re.compile(r"\s+(and|or|with|for|of|to|the|a|an|in|on|by|from|at|и|или|с|для|в|на|по|а|но|от|из|"
                      r"und|oder|mit|für|von|der|die|das|den|dem|des|y|o|e|de|del|la|el|en|et|ou|le|les|"
                      r"het|een|van|voor|i|w|z|na|do|oraz)$", re.IGNORECASE)
    while tail.search(result):
        result = tail.sub("", result)
    return result
