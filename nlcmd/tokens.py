"""Tokens of a command sentence (after file paths, model and run id were taken out as slots).

Kinds: ``word`` (letters, may contain digits: b2b, q4), ``num`` (a number, value filled by nlcmd.numbers),
``cur`` (a currency sign), ``punct``, ``slot`` (a placeholder for an extracted path / model / run id).
Homoglyphs are repaired per word: a mostly-Cyrillic word with Latin look-alikes (``обрабoтай``) is
turned into Cyrillic, and the other way round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlcmd.morph import fold, is_cyrillic, word_info

SLOT_OPEN, SLOT_CLOSE = "\ue000", "\ue001"

_NUM = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]?\d)"
    r"|\d+(?:[.,]\d+)?"
)
_SUFFIX = r"(?:\s?(?:тыс\.?|млн\.?)|[kкKК](?![^\W\d_]))?"
_TOKEN = re.compile(
    rf"(?P<slot>{SLOT_OPEN}\d+{SLOT_CLOSE})"
    rf"|(?P<num>(?:{_NUM}){_SUFFIX})"
    r"|(?P<word>[^\W\d_](?:[^\W_]|['’](?=[^\W\d_]))*)"
    r"|(?P<cur>[$€₽£¥])"
    r"|(?P<punct>[,;.!?:=+\-–—/()\[\]#&*%…])"
)

_LAT2CYR = str.maketrans("aceopxyABCEHKMOPTXkmt", "асеорхуАВСЕНКМОРТХкмт")
_CYR2LAT = str.maketrans("асеорхуАВСЕНКМОРТХ", "aceopxyABCEHKMOPTX")
_CYR_RE = re.compile(r"[а-яёА-ЯЁ]")
_LAT_RE = re.compile(r"[a-zA-Z]")


@dataclass
class Token:
    kind: str
    text: str
    start: int
    end: int
    value: float | None = None
    neg: bool = False
    keys: frozenset[str] = frozenset()
    pos: str = ""
    known: bool = True
    past: bool = False
    concepts: set[str] = field(default_factory=set)
    span: tuple[int, int] | None = None  # token range of the lexicon phrase this token belongs to
    fuzzy: str | None = None  # the lexicon word a typo was matched to

    @property
    def low(self) -> str:
        return fold(self.text)

    @property
    def is_break(self) -> bool:
        """Clause boundary: , ; . ! ? and dashes used as separators."""
        return self.kind == "punct" and self.text in ",;.!?…—"


def fix_homoglyphs(word: str) -> str:
    """Make a word that mixes Latin and Cyrillic look-alikes single-script (majority wins)."""
    cyr = len(_CYR_RE.findall(word))
    lat = len(_LAT_RE.findall(word))
    if not cyr or not lat:
        return word
    if cyr >= lat:
        fixed = word.translate(_LAT2CYR)
        return fixed if not _LAT_RE.search(fixed) else word
    fixed = word.translate(_CYR2LAT)
    return fixed if not _CYR_RE.search(fixed) else word


def tokenize(text: str) -> list[Token]:
    """Split a (masked) sentence into tokens; words get their lemma keys."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        tok_text = m.group()
        if kind == "word":
            tok_text = fix_homoglyphs(tok_text)
            keys, pos, known, past = word_info(tok_text)
            tok = Token("word", tok_text, m.start(), m.end(), keys=keys, pos=pos, known=known, past=past)
        elif kind == "slot":
            tok = Token("slot", tok_text, m.start(), m.end(), value=float(tok_text[1:-1]))
        else:
            tok = Token(kind, tok_text, m.start(), m.end(), keys=frozenset({tok_text}))
        out.append(tok)
    # a minus sign glued to a number and preceded by a space or the start: "-100 leads"
    for i, tok in enumerate(out):
        if (
            tok.kind == "num"
            and i > 0
            and out[i - 1].text in "-−–"
            and out[i - 1].end == tok.start
            and (i == 1 or out[i - 2].end < out[i - 1].start)
            and (i == 1 or out[i - 2].kind not in ("num",))
        ):
            tok.neg = True
    return out


def word_is_cyrillic(tok: Token) -> bool:
    return tok.kind == "word" and is_cyrillic(tok.text)
