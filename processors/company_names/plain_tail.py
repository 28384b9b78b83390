"""Fast path of legal-form removal for plain ASCII names (``"Acme Widgets, Inc."``, ``"PT FOO CO., LTD."``).

``strip_plain_tail(text)`` returns what ``legal_forms.strip_designations_final`` returns for ``text`` when
it can tell cheaply (the result is then always settled), else None (the caller then runs the full rules).
It answers only for a *plain* name (``is_plain``): ASCII letters, digits, dots, ``&``, slashes (``A/S``,
``/DE/``) and inner hyphens, in tokens separated by ``" "``, ``","`` or ``", "`` (no quotes, brackets or
dash tails), with no two neighbouring one-character tokens (the tokenizer may merge them). On such a
name the tokens are exactly the pieces that ``_strip_tokens`` keys without spans, so the same tables give
the same removals: the mid-name "cut" (``legal_forms._match_cut``), then the loop of ``_strip_once``
replayed on a range of the keys: the suffix side until it finds nothing (joiners, longest form first,
German/Turkish descriptors, ``com``, Holdings/Group and Chinese places), then one prefix form
(``"PT"``, ``"Limited Liability Company"``), and again. Dotted-only forms (``e.K.`` vs ``EK``, decided
on the token text) and more than 20 rounds give None.

It reads the private tables of ``legal_forms`` on purpose (one source of truth);
``tests/test_company_name_fast_path.py`` checks it against the full rules on generated names.
"""

from __future__ import annotations

import re

from processors.company_names import legal_forms

# A token: dots, "&" or "/", then a letter or digit, then letters/digits/dots/&/slashes/hyphens; or a
# lone "&". Tokens are separated by " ", "," or ", ". (Names in other scripts gain nothing here: a
# Unicode gate costs about what the full rules save on them.) The quantifiers are possessive: each one
# stops at a character its successor cannot start with, so backtracking could never find another match.
_TOKEN = r"(?:[.&/]*+[A-Za-z0-9][A-Za-z0-9.&/-]*+|&)"
_GATE = re.compile(_TOKEN + r"(?:(?:, ?| )" + _TOKEN + r")*+", re.ASCII)


_L = legal_forms
_SUFFIX_SEQS = _L._SUFFIX.seqs
_PREFIX_EDGE = _L._PREFIX.edge
_PREFIX_SEQS = _L._PREFIX.seqs
_CUT_EDGE = _L._CUT_EDGE
_TAIL_ANY = _L._TAIL_ANY
_JOINERS = _L._JOINERS


_HOLDING_TAILS = _L._HOLDING_TAILS
_DANGLING = _L._DANGLING
_GROUP_WORDS = _L._GROUP_WORDS
_GROUP_KEEPERS = _L._GROUP_KEEPERS
_CN_PLACES = _L._CN_PLACES
# The suffix forms by last key, longest first, each with what follows its removal in _strip_once
# (decided once here instead of by three set lookups per match).
_PLAIN, _DOTTED, _GERMAN, _TURKISH = range(4)
_SUFFIXES = {
    edge: [(k, seq, _DOTTED if joined in _L._DOTTED_ONLY else _GERMAN if joined in _L._DE_FORMS
            else _TURKISH if joined in _L._TR_FORMS else _PLAIN) for k, seq, joined in seqs]
    for edge, seqs in _SUFFIX_SEQS.items()
}
# Per last key: the keys before it in its longer forms (a name whose key there is none of them can only
# end in the one-key form) and the kind of that one-key form, if there is one.
_PENULTIMATES = {edge: frozenset(seq[-2] for k, seq, _ in forms if k > 1) for edge, forms in _SUFFIXES.items()}
_SINGLES = {edge: kind for edge, forms in _SUFFIXES.items() for k, _, kind in forms if k == 1}


def is_plain(text: str) -> bool:
    """True for the names ``strip_plain_tail`` reads: ASCII tokens of letters, digits, dots, ``&``,
    ``/`` and inner hyphens (no quotes, brackets or dash tails)."""
    return text.isascii() and _GATE.fullmatch(text) is not None


def _drop_descriptors(keys: list[str], lo: int, n: int, words: frozenset[str], suffixes: tuple[str, ...],
                      adj: tuple[str, ...]) -> int:
    """``legal_forms._drop_descriptors`` on ``keys[lo:n]``: the new end."""
    dropped = False
    while n - lo >= 2 and (keys[n - 1] in words or (suffixes and keys[n - 1].endswith(suffixes))):
        n -= 1
        dropped = True
    while dropped and adj and n - lo >= 2 and keys[n - 1].endswith(adj):
        n -= 1
    return n


def _prefix_len(keys: list[str], lo: int, n: int) -> int:
    """``legal_forms._match_prefix(keys[lo:n])``: the length of the prefix form that starts there, or 0."""
    for k, seq, _ in _PREFIX_SEQS.get(keys[lo], ()):
        if k < n - lo and (k == 1 or keys[lo:lo + k] == seq):
            return k
    return 0


def strip_plain_tail(text: str, plain: bool = False) -> str | None:
    """``strip_designations(text)`` for a plain name (see the module doc), else None; ``plain`` says
    that ``is_plain(text)`` is known to hold."""
    if not (plain or is_plain(text)):
        return None
    low = text.lower().replace(".", "") if "." in text else text.lower()
    comma = "," in text
    # The gate allows no whitespace but single spaces: with commas as spaces, split() gives the tokens.
    keys = low.replace(",", " ").split() if comma else low.split(" ")
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
    if keys[-1] not in _TAIL_ANY and keys[0] not in _PREFIX_EDGE and (count == 2 or _CUT_EDGE.isdisjoint(keys[1:-1])):
        return text  # nothing at either edge and no cut form: _strip_tokens keeps every token
    n = count
    if count > 2 and not _CUT_EDGE.isdisjoint(keys[1:-1]):
        cut = _L._match_cut(text, None, keys)  # the tokens are the pieces, as in _strip_tokens
        if cut:
            n = cut
    # The removal loop of _strip_tokens: the suffix side until it finds nothing, then one prefix form,
    # and again; its round limit (24) is kept with a margin.
    lo = 0
    budget = 20
    while True:
        # The suffix side of legal_forms._strip_once (joiners, forms with their descriptors, ``com``,
        # Holdings/Group), repeated on keys[lo:n] until a round finds nothing; a dotted-only form (decided
        # on the token text) or the round limit gives None.
        rounds = 0
        while True:
            rounds += 1
            if rounds > 20:
                return None
            if n - lo < 2 or keys[n - 1] not in _TAIL_ANY:
                break
            start = n
            while n - lo >= 2 and keys[n - 1] in _JOINERS:
                n -= 1
            if n - lo < 2:
                continue
            last = keys[n - 1]
            found = 0
            kind = _PLAIN
            if last in _SUFFIXES:
                if keys[n - 2] in _PENULTIMATES[last]:
                    for k, seq, form_kind in _SUFFIXES[last]:
                        if k < n - lo and (k == 1 or keys[n - k:n] == seq):
                            found, kind = k, form_kind
                            break
                elif last in _SINGLES:
                    found, kind = 1, _SINGLES[last]  # no longer form can end here
            if found:
                if kind == _DOTTED:
                    return None
                n -= found
                if kind == _GERMAN:
                    n = _drop_descriptors(keys, lo, n, _L._DE_WORDS, _L._DE_SUFFIXES, _L._DE_ADJ)
                elif kind == _TURKISH:
                    n = _drop_descriptors(keys, lo, n, _L._TR_WORDS, (), ())
            else:
                if last == "com":
                    n -= 1
                elif last in _HOLDING_TAILS and keys[n - 2] not in _DANGLING and not (
                    last in _GROUP_WORDS and keys[n - 2] in _GROUP_KEEPERS
                ):
                    n -= 1
                    if n - lo >= 2 and keys[n - 1] in _CN_PLACES:
                        n -= 1
                elif n == start:
                    break
        budget -= rounds + 1
        if budget < 0:
            return None
        k = _prefix_len(keys, lo, n) if n - lo >= 2 and keys[lo] in _PREFIX_EDGE else 0
        if not k:
            break
        lo += k
    if n == count and not lo:
        return text
    if comma:
        # Commas as spaces keep every position: split off whole tokens there and cut the text alike.
        spaced = text.replace(",", " ")
        end = len(spaced.rsplit(None, count - n)[0]) if n < count else len(text)
        start = len(spaced) - len(spaced.split(None, lo)[-1]) if lo else 0
        return text[start:end]
    if not lo:
        return text.rsplit(" ", count - n)[0]
    return " ".join(text.split(" ")[lo:n])
