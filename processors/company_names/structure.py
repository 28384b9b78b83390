"""Structural noise around a company name: quotes, parentheticals, EDGAR tags, dash tails, initialisms.

Each function takes and returns a name string and is a no-op on text without its trigger character, so
the common case costs one ``in`` test.

* ``unquote``: ``ООО "Яндекс"`` -> ``Яндекс``; nested ``ООО "НПФ "Кристалл"`` -> ``Кристалл`` (the innermost
  quoted brand wins when the text outside the quotes is a legal form or a Cyrillic activity prefix);
  otherwise quote characters are simply removed (``OOO 'DSK'`` -> ``DSK``). Apostrophes inside words
  (``Lowe's``) are kept.
* ``drop_parentheticals``: ``(The)``, ``(Cayman)``, ``(Class A)``, ``(haftungsbeschränkt)`` are removed;
  ``Lilly (Eli)`` and ``Schwab (Charles) Corp`` are reordered to ``Eli Lilly``, ``Charles Schwab Corp``.
* ``drop_edgar_tags``: ``/DE/``, ``/ADR``, ``/NEW``, a trailing ``/`` after a legal form or a space.
* ``pick_dash_side``: ``LONG LEGAL NAME - BRAND`` -> ``BRAND``; ``BRAND - descriptor`` -> ``BRAND``.
* ``collapse_initialism``: ``T.F.M.C. THE FOOD MANAGEMENT CORPORATION`` -> ``T.F.M.C.``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from processors.company_names.legal_forms import has_legal_form, legal_form_presence, strip_designations
from processors.company_names.text import fold, load_json
from processors.company_names.tokens import plain_keys

_CONTEXT = load_json("legal_forms_context.json")
_JURISDICTIONS = frozenset(fold(w) for w in _CONTEXT["jurisdictions"])

QUOTE_CHARS = "\"«»„“”‟‹›「」『』＂〝〞"
# Patterns start with the character they look for and check what precedes it by a lookbehind placed
# after it (never a leading ``\s*`` or lookbehind), so the regex engine skips ahead to candidate
# characters instead of trying every position; whitespace before a match is dropped by the callers'
# strip() anyway.
_ANY_DOUBLE = re.compile(r"[\"«»„“”‟‹›「」『』＂〝〞]")
# A single quote that stands at a word's edge (apostrophes inside words do not count). With
# ``_ANY_DOUBLE`` it says whether a name has quotes to handle.
_EDGE_SINGLE = re.compile(r"['‘’‚‛`](?:(?<!\w.)|(?<!‚)(?!\w))")
# An opening double quote: at the start or after a space/another quote, followed by a non-space.
_OPEN_QUOTE = re.compile(r"[\"«„“”‹「『＂〝](?<=(?<![^\s(\"«„“‹「『＂]).)(?=[^\s\"»”›」』＂])")
# The last opening quote: a greedy ``.*`` backs off from the end to it (each match of ``_OPEN_QUOTE`` is
# one character, so the last match of finditer() is the one found first from the right).
_LAST_OPEN_QUOTE = re.compile(r"(?s:.*)" + _OPEN_QUOTE.pattern)
_CLOSE_QUOTE = re.compile(r"[\"»“”›」』＂〞](?=$|[\s,.;:)\"»”›」』＂/-])")
_SINGLE_PAIR = re.compile(r"['‘’‚‛`](?<![\w'‘’].)(?=\S)(.+?)(?<=\S)['‘’‛`](?![\w'‘’])")
_CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

_PAREN = re.compile(r"[(（\[]([^()（）\[\]]*)[)）\]]\s*")
_TITLE_WORD = re.compile(r"[A-Z][a-z]{1,20}")
_INITIALS_ONLY = re.compile(r"(?:[A-Z]\.\s?){1,3}")

_EDGAR = re.compile(r"/\s*([A-Za-z]{2,8})?\s*/?\s*$")
_DASH = re.compile(r"[-–—](?:(?<=\s.)[-–—]*(?:\s+|(?=[A-Z]))|(?<=[a-zA-Z.][–—])\s+)")
_INITIALS = re.compile(r"^((?:[A-Z]\.){2,}[A-Z]?\.?|[A-Z]{3,6})\s+")
_SPACES = re.compile(r"\s{2,}")
_ALNUM = re.compile(r"[^\W_]")  # one character for which str.isalnum() is true
_CLOSERS = re.compile(r"[)）\]]")
_BRACKETS = re.compile(r"[()（）\[\]]")


def unquote(name: str) -> str:
    """Remove quotes; when the outside is only legal forms/activity words, keep the innermost quoted part."""
    if _ANY_DOUBLE.search(name) is None:
        if _EDGE_SINGLE.search(name) is None:
            return name
        m = _SINGLE_PAIR.search(name)
        if m:
            inner, outside = m.group(1), name[: m.start()] + " " + name[m.end():]
            if _outside_is_wrapper(" ".join(outside.split())):
                return inner.strip()
            return (name[: m.start()] + inner + name[m.end():]).strip()
        return name  # no double quote, so nothing below would change it
    last = _LAST_OPEN_QUOTE.match(name)  # the innermost quoted part follows the last opening quote
    if last is not None:
        start = last.end()
        close = _CLOSE_QUOTE.search(name, start)
        end = close.start() if close else len(name)
        inner = _drop_double_quotes(name[start:end]).strip()
        # Whitespace runs do not change what the outside is (its tokens are the same), and single
        # spaces keep the legal-form rules on their quickest path.
        outside = " ".join(_drop_double_quotes(name[: start - 1] + " " + name[end + 1 if close else end:]).split())
        if inner and (inner[0].isalnum() or _ALNUM.search(inner)) and _outside_is_wrapper(outside):
            return inner
    out = _drop_double_quotes(name)
    return _SPACES.sub(" ", out).strip() if out != name else name


def _drop_double_quotes(text: str) -> str:
    """``text`` without the characters of ``QUOTE_CHARS`` (a regex sub: much faster than translate())."""
    return _ANY_DOUBLE.sub("", text)


@lru_cache(maxsize=4096)
def _outside_is_wrapper(outside: str) -> bool:
    """True when text outside the quotes carries no brand: empty, a legal form, or Cyrillic descriptors.

    Memoised (pure; the text outside quotes is mostly a legal-form wrapper such as ``ООО`` or
    ``Общество с ограниченной ответственностью`` that recurs across names); ``clear_caches`` empties it.
    """
    if not outside:
        return True
    keys = plain_keys(outside)  # one tokenization for both questions (None: each tokenizes its own way)
    presence = legal_form_presence(outside, keys)
    if presence != 1:
        return presence == 2
    # Removing forms keeps pieces of the text, so text without a Latin word needs no stripping.
    return not _LATIN_WORD.search(outside) or not _LATIN_WORD.search(strip_designations(outside, keys))


def clear_caches() -> None:
    """Forget the memo of ``_outside_is_wrapper`` (benchmarks use this to time a cold start)."""
    _outside_is_wrapper.cache_clear()


def drop_parentheticals(name: str) -> str:
    """Remove bracketed notes; reorder ``Lilly (Eli)`` to ``Eli Lilly``; drop an unclosed trailing note."""
    if "(" not in name and "（" not in name and "[" not in name:
        if ")" in name or "）" in name or "]" in name:
            return _SPACES.sub(" ", _CLOSERS.sub(" ", name)).strip()
        return name
    for _ in range(6):
        m = _PAREN.search(name)
        if not m:
            break
        content = m.group(1).strip()
        before, after = name[: m.start()].strip(), name[m.end():].strip()
        if (
            (_TITLE_WORD.fullmatch(content) or _INITIALS_ONLY.fullmatch(content))
            and _TITLE_WORD.fullmatch(before)
            and fold(content) not in _JURISDICTIONS
            and (not after or strip_designations(f"x {after}") == "x")
        ):
            return f"{content} {before} {after}".strip()
        joined = f"{before} {after}".strip()
        if not _ALNUM.search(joined):
            return content or joined
        name = joined
    if _BRACKETS.search(name) is None and _SPACES.search(name) is None and name.strip() == name:
        return name  # every note is gone and nothing below would change the text
    cut = min((i for i in (name.find("("), name.find("（"), name.find("[")) if i > 0), default=-1)
    if cut > 0 and _ALNUM.search(name, 0, cut):
        name = name[:cut]
    name = _BRACKETS.sub(" ", name)
    return _SPACES.sub(" ", name).strip()


def drop_edgar_tags(name: str) -> str:
    """Remove a trailing EDGAR tag (``/DE/``, ``/ADR``, ``/NEW``, ``/``) after a space or a legal form."""
    if "/" not in name:
        return name
    for _ in range(3):
        m = _EDGAR.search(name)
        if not m:
            break
        start = len(name[: m.start()].rstrip())  # the tag takes the whitespace before its slash
        if start == 0:
            break
        before = name[:start]
        if not (name[start].isspace() or before.endswith(".") or m.group(1) is None
                or before != strip_designations(before)):
            break
        name = before.rstrip(" ,")
    return name


def pick_dash_side(name: str) -> str:
    """``LEGAL LONG NAME - BRAND`` -> BRAND (one word); any other ``LEFT - RIGHT`` -> LEFT."""
    if "-" not in name and "–" not in name and "—" not in name:
        return name
    while True:
        m = _DASH.search(name)
        if not m:
            return name
        left, right = name[: m.start()].strip(), name[m.end():].strip()
        if not _ALNUM.search(left):
            name = right
            continue
        if not _ALNUM.search(right):
            return left
        if " " not in right and strip_designations(right) == right and has_legal_form(left):
            name = right
            continue
        return left


def collapse_initialism(name: str) -> str:
    """``T.F.M.C. THE FOOD MANAGEMENT CORPORATION`` -> ``T.F.M.C.``: initials followed by their expansion."""
    m = _INITIALS.match(name)
    if not m:
        return name
    letters = [c for c in m.group(1) if c.isalpha()]
    words = name[m.end():].split()
    if len(words) < len(letters):
        return name
    if all(w[:1].upper() == c for w, c in zip(words, letters, strict=False)) and (
        len(words) == len(letters) or strip_designations(" ".join(["x", *words[len(letters):]])) == "x"
    ):
        return m.group(1)
    return name
