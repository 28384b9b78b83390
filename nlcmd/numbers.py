"""Numbers in digits, shorthand and words, in Russian and English.

Handles: ``500``, ``10 000``, ``1,000``, ``2.5k``, ``1,5к``, ``30K``, ``2 тыс.``, ``2 тысячи``, ``пятьсот``,
``две тысячи``, ``полторы тысячи``, ``полтысячи``, ``сотня``, ``five hundred``, ``twelve hundred``,
``a thousand``, ``one thousand two hundred``. No PyPI library reads all of these, hence this normaliser.
A comma followed by exactly three digits is a thousands separator; otherwise it is a decimal comma.
"""

from __future__ import annotations

import re

from nlcmd.tokens import Token

# value, kind: "unit" adds, "hundred" multiplies the pending part, "scale" closes a group (thousand)
_WORDS: dict[str, tuple[float, str]] = {}


def _add(kind: str, pairs: dict[str, float]) -> None:
    for word, value in pairs.items():
        _WORDS[word] = (value, kind)


_add("unit", {
    "ноль": 0, "один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12,
    "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17,
    "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20, "тридцать": 30, "сорок": 40,
    "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80, "девяносто": 90,
    "сто": 100, "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500, "шестьсот": 600,
    "семьсот": 700, "восемьсот": 800, "девятьсот": 900, "полтора": 1.5, "полторы": 1.5,
    "десяток": 10, "полсотни": 50, "полсотня": 50, "пятерка": 5, "десятка": 10, "двадцатка": 20,
    "полтинник": 50, "сотка": 100, "косарь": 1000,
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
})
_add("hundred", {"hundred": 100, "сотня": 100})
_add("scale", {"тысяча": 1000, "тыс": 1000, "thousand": 1000, "миллион": 1e6, "million": 1e6, "млн": 1e6,
               "k": 1000, "к": 1000})
_add("final", {"полтысяча": 500, "полтысячи": 500, "полтысяч": 500})
_ARTICLES = {"a", "an"}
_COUPLE = frozenset({"пара", "couple"})
_JOINERS = {"and"}

_SUFFIX_RE = re.compile(r"^(?P<num>.*?)\s?(?P<suf>тыс\.?|млн\.?|[kкKК])$")


def literal_value(text: str) -> float:
    """Value of a digit literal with optional shorthand suffix (``10 000``, ``1,5к``, ``2 тыс.``)."""
    mult = 1.0
    m = _SUFFIX_RE.match(text)
    if m and m.group("num"):
        text = m.group("num")
        mult = 1e6 if m.group("suf").startswith("млн") else 1000.0
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    if " " in text:
        text = text.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        text = text.replace(",", "")
    text = text.replace(",", ".")
    return float(text) * mult


def word_number(tok: Token) -> tuple[float, str] | None:
    """(value, kind) when the word token is a number word, else None."""
    if tok.kind != "word":
        return None
    for key in tok.keys:
        hit = _WORDS.get(key)
        if hit:
            return hit
    return None


def _half_at(tokens: list[Token], j: int) -> int:
    """Length of 'с половиной' / 'and a half' at j when a scale word follows, else 0."""
    for seq in (("с", "половина"), ("and", "a", "half"), ("and", "half")):
        k = len(seq)
        if j + k < len(tokens) and all(seq[m] in tokens[j + m].keys for m in range(k)):
            nxt = word_number(tokens[j + k])
            if nxt and nxt[1] == "scale":
                return k
    return 0


def _combine(parts: list[tuple[float, str]]) -> float:
    total = 0.0
    cur = 0.0
    for value, kind in parts:
        if kind == "unit":
            cur += value
        elif kind == "hundred":
            cur = (cur or 1) * value
        elif kind == "scale":
            total += (cur or 1) * value
            cur = 0.0
        else:  # final
            cur += value
    return total + cur


def merge_numbers(tokens: list[Token]) -> list[Token]:
    """Give digit tokens their value and fold runs of number words (and digit + scale word) into one token."""
    out: list[Token] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.kind == "num":
            tok.value = literal_value(tok.text)
            j = i + 1
            # "2 тысячи", "1.5 thousand", "3 hundred"
            while j < n:
                wn = word_number(tokens[j])
                if wn and wn[1] in ("scale", "hundred"):
                    tok.value *= wn[0]
                    tok.end = tokens[j].end
                    tok.text += " " + tokens[j].text
                    j += 1
                    continue
                break
            out.append(tok)
            i = j
            continue
        parts: list[tuple[float, str]] = []
        j = i
        while j < n:
            t = tokens[j]
            wn = word_number(t)
            if wn:
                # "one"/"один" alone is not a count unless a scale word follows
                parts.append(wn)
                j += 1
                continue
            low = t.low if t.kind == "word" else ""
            nxt = word_number(tokens[j + 1]) if j + 1 < n else None
            if low in _ARTICLES and not parts and nxt and nxt[1] in ("scale", "hundred"):
                parts.append((1, "unit"))
                j += 1
                continue
            if not parts and (t.keys & _COUPLE):
                k = j + 1 + (j + 1 < n and tokens[j + 1].low == "of")
                after = word_number(tokens[k]) if k < n else None
                if after and after[1] in ("scale", "hundred"):
                    parts.append((2, "unit"))  # "пару сотен", "a couple of thousand"
                    j = k
                    continue
            if low in _JOINERS and parts and nxt and nxt[1] == "unit":
                j += 1
                continue
            half = _half_at(tokens, j)
            if parts and half:
                parts.append((0.5, "unit"))
                j += half
                continue
            break
        if parts and not (len(parts) == 1 and parts[0][1] == "scale" and tokens[i].low in ("k", "к")):
            first, last = tokens[i], tokens[j - 1]
            merged = Token("num", " ".join(t.text for t in tokens[i:j]), first.start, last.end)
            merged.value = _combine(parts)
            merged.keys = frozenset({"#numword"})
            out.append(merged)
            i = j
            continue
        out.append(tok)
        i += 1
    return out
