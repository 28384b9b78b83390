"""Fast path of legal-form removal for plain ASCII names (``"Acme Widgets, Inc."``, ``"FOO CO., LTD."``).

``strip_plain_tail(text)`` returns what ``legal_forms.strip_designations_final`` returns for ``text`` when
it can tell cheaply, else None (the caller then runs the full rules). It answers only for a name of ASCII
letters, digits, dots, ``&`` and inner hyphens, in tokens separated by ``" "``, ``","`` or ``", "`` (no
quotes, brackets, slashes or dash tails), with no two neighbouring one-character tokens (the tokenizer
may merge them) and no prefix form up front. On such a name the tokens are exactly the pieces that
``_strip_tokens`` keys without spans, so the same tables give the same removals: the mid-name "cut"
(``legal_forms._match_cut``), then the suffix side of ``_strip_once`` replayed on a length (joiners,
longest form first, German/Turkish descriptors, ``com``, Holdings/Group and Chinese places). Dotted-only
forms (``e.K.`` vs ``EK``, decided on the token text) and more than 20 layers give None.

It reads the private tables of ``legal_forms`` on purpose (one source of truth);
``tests/test_company_name_fast_path.py`` checks it against the full rules on generated names.
"""

from __future__ import annotations

import re

from processors.company_names import legal_forms

# A token: dots anywhere, then a letter or digit, then letters/digits/dots/&/hyphens; or a lone "&".
_TOKEN = r"(?:[.&]*[A-Za-z0-9][A-Za-z0-9.&-]*|&)"
_GATE = re.compile(_TOKEN + r"(?:(?:, ?| )" + _TOKEN + r")*", re.ASCII)
_TOKENS = re.compile(r"[^ ,]+")

_L = legal_forms
_SUFFIX_SEQS = _L._SUFFIX.seqs
_PREFIX_EDGE = _L._PREFIX.edge
_CUT_EDGE = _L._CUT_EDGE
_TAIL_ANY = _L._TAIL_ANY
_JOINERS = _L._JOINERS


def _drop_descriptors(keys: list[str], n: int, words: frozenset[str], suffixes: tuple[str, ...],
                      adj: tuple[str, ...]) -> int:
    """``legal_forms._drop_descriptors`` on ``keys[:n]``: the new length."""
    dropped = False
    while n >= 2 and (keys[n - 1] in words or (suffixes and keys[n - 1].endswith(suffixes))):
        n -= 1
        dropped = True
    while dropped and adj and n >= 2 and keys[n - 1].endswith(adj):
        n -= 1
    return n


def _kept(keys: list[str]) -> int | None:
    """How many leading keys the removal loop of ``legal_forms._strip_tokens`` keeps (suffix side of
    ``_strip_once``: joiners, forms with their descriptors, ``com``, Holdings/Group), or None when a
    dotted-only form (decided on the token text) or the round limit comes up."""
    n = len(keys)
    for _ in range(20):
        if n < 2 or keys[n - 1] not in _TAIL_ANY:
            return n
        start = n
        while n >= 2 and keys[n - 1] in _JOINERS:
            n -= 1
        if n < 2:
            continue
        last = keys[n - 1]
        for k, seq, joined in _SUFFIX_SEQS.get(last, ()):
            if k < n and (k == 1 or keys[n - k:n] == seq):
                if joined in _L._DOTTED_ONLY:
                    return None
                n -= k
                if joined in _L._DE_FORMS:
                    n = _drop_descriptors(keys, n, _L._DE_WORDS, _L._DE_SUFFIXES, _L._DE_ADJ)
                elif joined in _L._TR_FORMS:
                    n = _drop_descriptors(keys, n, _L._TR_WORDS, (), ())
                break
        else:
            if last == "com":
                n -= 1
            elif last in _L._HOLDING_TAILS and keys[n - 2] not in _L._DANGLING and not (
                last in _L._GROUP_WORDS and keys[n - 2] in _L._GROUP_KEEPERS
            ):
                n -= 1
                if n >= 2 and keys[n - 1] in _L._CN_PLACES:
                    n -= 1
            elif n == start:
                return n
    return None


def strip_plain_tail(text: str) -> str | None:
    """``strip_designations(text)`` for a plain ASCII name (see the module doc), else None."""
    low = text.lower().replace(".", "") if "." in text else text.lower()
    if low[:low.find(" ")] in _PREFIX_EDGE or not _GATE.fullmatch(text):
        return None  # a prefix form up front (checked again below on the key), or not a plain name
    keys = _TOKENS.findall(low) if "," in text else low.split(" ")
    count = len(keys)
    if count < 2:
        return text
    if min(map(len, keys)) == 1:
        prev = False
        for k in keys:
            if len(k) == 1:
                if prev:
                    return None  # neighbouring one-character tokens: the tokenizer may merge them
                prev = True
            else:
                prev = False
    if keys[0] in _PREFIX_EDGE:
        return None
    if count > 2 and not _CUT_EDGE.isdisjoint(keys[1:-1]):
        cut = _L._match_cut(text, None, keys)  # the tokens are the pieces, as in _strip_tokens
        if cut:
            del keys[cut:]
    n = _kept(keys)
    if n is None:
        return None
    if n == count:
        return text
    if "," in text:
        return text[:list(_TOKENS.finditer(text))[n - 1].end()]
    return text.rsplit(" ", count - n)[0]
