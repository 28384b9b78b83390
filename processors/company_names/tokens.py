"""Tokens of a company name for legal-form matching: pieces split on whitespace and commas, each with a
folded key (``text.fold``: case, dots and Latin diacritics do not matter).

``tokens(name)`` gives ``(start, end, key)`` per token; punctuation-only pieces other than the joiners
(``&``, ``+``, dashes, ``/``, ``|``) are skipped, and spaced single letters are merged (``N V`` reads like
``N.V.``). ``plain_keys(name)`` is the fast path for the common name whose tokens are exactly its pieces:
the keys alone, without spans (``text_of`` finds the text of a token range when it is needed), or None.
"""

from __future__ import annotations

import re

from processors.company_names.text import TOKEN_RE, fold, fold_all

JOINERS = frozenset({"&", "+", "-", "–", "—", "/", "|"})

Tok = tuple[int, int, str]


_TOKEN_KEYS: dict[str, str] = {}  # token -> folded key, "" for punctuation-only tokens that are skipped


def _token_key(piece: str) -> str:
    key = piece.lower().replace(".", "") if piece.isascii() else fold(piece)
    if not (key.isalnum() or key in JOINERS or _ALNUM.search(key)):
        key = ""
    if len(_TOKEN_KEYS) >= 100_000:
        _TOKEN_KEYS.clear()
    _TOKEN_KEYS[piece] = key
    return key


def tokens(name: str) -> list[Tok]:
    """Tokens as (start, end, folded key); punctuation-only tokens other than joiners are skipped."""
    return tokenize(name)[0]


def tokenize(name: str) -> tuple[list[Tok], bool]:
    """``tokens`` plus whether spaced single letters were merged (``N V`` -> ``nv``)."""
    out = []
    if "," in name or "  " in name or not name.isprintable():
        keys = _TOKEN_KEYS
        for m in TOKEN_RE.finditer(name):
            piece = m.group()
            key = keys.get(piece)
            if key is None:
                key = _token_key(piece)
            if key:
                out.append((m.start(), m.end(), key))
    elif name.isascii():
        # One lower() for the whole name (same length for ASCII), no per-token memo needed.
        pos = 0
        for piece in name.lower().split(" "):
            n = len(piece)
            if n:
                key = piece.replace(".", "") if "." in piece else piece
                if key.isalnum() or key in JOINERS or _ALNUM.search(key):
                    out.append((pos, pos + n, key))
            pos += n + 1
    else:
        keys = _TOKEN_KEYS
        pos = 0
        for piece in name.split(" "):
            if piece:
                key = keys.get(piece)
                if key is None:
                    key = _token_key(piece)
                if key:
                    out.append((pos, pos + len(piece), key))
            pos += len(piece) + 1
    if len(out) >= 3 and (" " in name and _SPACED_LETTER.search(name)):
        merged = _merge_letters(out)
        return merged, len(merged) != len(out)
    return out, False


_SPACED_LETTER = re.compile(r" \w\.?(?: |$)")
_ALNUM = re.compile(r"[^\W_]")  # one character for which str.isalnum() is true


def _merge_letters(toks: list[Tok]) -> list[Tok]:
    """Spaced single letters read as one token: ``N V`` == ``N.V.``, ``S A B DE C V`` == ``S.A.B. de C.V.``."""
    out: list[Tok] = []
    for tok in toks:
        if out and len(tok[2]) == 1 and tok[2].isalpha() and out[-1][2].isalpha() and out[-1][3:] == (True,):
            prev = out[-1]
            out[-1] = (prev[0], tok[1], prev[2] + tok[2], True)  # type: ignore[assignment]
        elif len(tok[2]) == 1 and tok[2].isalpha():
            out.append((tok[0], tok[1], tok[2], True))  # type: ignore[arg-type]
        else:
            out.append(tok)
    return [t[:3] for t in out]


def clear_caches() -> None:
    """Forget memoised token keys (benchmarks use this to time a cold start)."""
    _TOKEN_KEYS.clear()


def text_of(name: str, toks: list[Tok] | None, first: int, last: int) -> str:
    """Text of tokens ``first..last``; ``toks`` None means the tokens are the ``TOKEN_RE`` pieces."""
    if toks is None:
        if last >= 64:
            spans = [m.span() for m in TOKEN_RE.finditer(name)]
            return name[spans[first][0]:spans[last][1]]
        if "," in name or "  " in name or name[:1] == " " or name[-1:] == " ":
            start = _SEPARATORS.match(name, _token_run(first).match(name).end() if first else 0).end()
            return name[start:_token_run(last + 1).match(name).end()]
        return " ".join(name.split(" ")[first:last + 1])
    return name[toks[first][0]:toks[last][1]]


_TOKEN_RUNS: dict[int, re.Pattern[str]] = {}  # at most 64 patterns (longer names use spans)
_SEPARATORS = re.compile(r"[\s,]*")


def _token_run(count: int) -> re.Pattern[str]:
    """A pattern whose match at the start of a name ends where its ``count``-th ``TOKEN_RE`` token ends."""
    pattern = _TOKEN_RUNS.get(count)
    if pattern is None:
        pattern = _TOKEN_RUNS[count] = re.compile(r"(?:[\s,]*[^\s,]+){" + str(count) + "}")
    return pattern


def plain_keys(name: str) -> list[str] | None:
    """Keys of a name whose tokens are exactly its ``TOKEN_RE`` pieces: printable, no punctuation-only
    piece other than joiners, no spaced single letters to merge. None for any other name (``tokenize``
    handles it)."""
    if not name.isprintable():
        return None
    # Printable text has no whitespace but " ", so split() gives the TOKEN_RE pieces once commas are
    # spaces (str.split() and regex \s agree on whitespace; split() beats findall() several times).
    if name.isascii():
        low = name.lower()
        keys = (low.replace(",", " ") if "," in low else low).split()
        if "." in low:
            undotted = low.replace(".", "")
            undotted_keys = (undotted.replace(",", " ") if "," in undotted else undotted).split()
            if len(undotted_keys) != len(keys):
                return None  # a piece of dots only, which _tokenize skips
            keys = undotted_keys
    else:
        keys = fold_all((name.replace(",", " ") if "," in name else name).split())
    if "" in keys:
        return None
    if not "".join(keys).isalnum():
        for k in keys:
            if not (k.isalnum() or k in JOINERS or _ALNUM.search(k)):
                return None  # a punctuation-only piece, which _tokenize skips
    if len(keys) >= 3 and _SPACED_LETTER.search(name) and adjacent_letters(keys):
        return None  # spaced single letters that _tokenize merges ("N V" -> "nv")
    return keys


def adjacent_letters(keys: list[str]) -> bool:
    """True when two neighbouring keys are single letters (the only keys ``_merge_letters`` joins)."""
    if [*map(len, keys)].count(1) < 2:
        return False  # fewer than two one-character keys (a lone "с" or "&" in most names)
    prev = False
    for k in keys:
        single = len(k) == 1 and k.isalpha()
        if single and prev:
            return True
        prev = single
    return False
