"""Legal-form designations (``processors/data/legal_forms.json``) and Holdings/Group tails.

``strip_designations(name)`` removes, until nothing changes: legal forms at the end (stacked ones such as
``"Co., Ltd."`` and ``"GmbH & Co. KG"`` one layer at a time), legal forms at the start (``"ООО"``,
``"Limited Liability Company"``, ``"PT"``), everything from a "cut" form that stands mid-name (owner and
location tails: ``"Brose GmbH Oldenburg"``), the words that only describe a removed form (German
``"...gesellschaft mbH"``, Turkish ``"Sanayi ve Ticaret A.Ş."``), EDGAR's ``" COM"`` and the trailing
Holdings/Group/Companies of rule R4. It never removes the last remaining token.

Matching works on folded tokens (``text.fold``), so dots, case, diacritics and glued commas do not matter.
"""

from __future__ import annotations

import re

from processors.company_names import tokens
from processors.company_names.text import TOKEN_RE, fold, fold_text, load_json
from processors.company_names.tokens import JOINERS as _JOINERS
from processors.company_names.tokens import Tok, adjacent_letters, plain_keys, text_of, tokenize

_DATA = load_json("legal_forms.json")
_CONTEXT = load_json("legal_forms_context.json")

_TRIM = " \t,;:-–—/&+"


def _keys(forms: list[str]) -> set[tuple[str, ...]]:
    out = set()
    for form in forms:
        key = tuple(k for k in (fold(t) for t in TOKEN_RE.findall(form)) if k)
        if key:
            out.add(key)
    return out


class _FormTable:
    """Folded forms indexed by their edge token: edge key -> [(length, joined key)], longest first."""

    def __init__(self, forms: list[str], edge: int) -> None:
        self.index: dict[str, list[tuple[int, str]]] = {}
        self.seqs: dict[str, list[tuple[int, list[str], str]]] = {}
        for key in _keys(forms):
            self.index.setdefault(key[edge], []).append((len(key), " ".join(key)))
            self.seqs.setdefault(key[edge], []).append((len(key), list(key), " ".join(key)))
        for seqs in self.seqs.values():
            seqs.sort(key=lambda c: -c[0])
        for cands in self.index.values():
            cands.sort(reverse=True)
        self.edge = frozenset(self.index)
        self.all = frozenset(joined for cands in self.index.values() for _, joined in cands)


def _flatten(groups: dict[str, list[str]]) -> list[str]:
    return [form for name, forms in groups.items() if not name.startswith("_") for form in forms]


_SUFFIX = _FormTable(_flatten(_DATA["suffix"]), edge=-1)
_PREFIX = _FormTable(_flatten(_DATA["prefix"]), edge=0)
_CUT = _FormTable(_DATA["cut"], edge=0)
_CUT_EDGE = _CUT.edge
# Forms that are ordinary letters unless written with dots ("RADIANT EK" vs "Handelsagentur e.K.").
_DOTTED_ONLY = frozenset({"ek", "e k", "ekfm", "e kfm", "ekfr", "e kfr", "ev", "e v", "eg"})
_DE_FORMS = {" ".join(k) for k in _keys(_DATA["suffix"]["de_at_ch"])}
_TR_FORMS = {" ".join(k) for k in _keys(_DATA["suffix"]["tr"])}

_DESC = _DATA["after_form_descriptors"]
_DE_WORDS = frozenset(fold(w) for w in _DESC["de_words"])
_DE_SUFFIXES = tuple(_DESC["de_suffixes"])
_DE_ADJ = tuple(_DESC["de_adjective_endings"])
_TR_WORDS = frozenset(fold(w) for w in _DESC["tr_words"])

_HOLDING_TAILS = frozenset({"holding", "holdings", "group", "gruppe", "gruppen", "groep", "companies", "cos"})
_GROUP_WORDS = frozenset({"group", "gruppe", "gruppen", "groep"})
# Words a name cannot end on: "Interpublic Group of Companies" keeps its "Companies".
_DANGLING = frozenset({"of", "and", "&", "+", "de", "the", "for", "y", "und", "et", "del", "des", "van", "von"})
_GROUP_KEEPERS = frozenset(fold(w) for w in _CONTEXT["group_keepers"])
_TAIL_ANY = _SUFFIX.edge | _JOINERS | _HOLDING_TAILS | {"com"}
_CN_PLACES = frozenset(fold(w) for w in _CONTEXT["cn_places"] if " " not in w)
# Last keys whose forms need no follow-up rule (no dotted-only spelling, no German/Turkish descriptors,
# not a joiner): "inc", "llc", "ltd", "corp". ``_strip_tokens`` matches their forms inline.
_PLAIN_SUFFIXES = {
    edge: seqs for edge, seqs in _SUFFIX.seqs.items()
    if edge not in _JOINERS
    and not any(j in _DOTTED_ONLY or j in _DE_FORMS or j in _TR_FORMS for _, _, j in seqs)
}

# Glued CJK forms: "ウシオ電機株式会社", "株式会社マルマエ", "XX有限公司".
_CJK_PREFIX = re.compile(r"^(?:株式会社|有限会社|合同会社|㈱|주식회사|㈜)\s*")
_CJK_SUFFIX = re.compile(r"\s*(?:株式会社|有限会社|合同会社|合資会社|合名会社|㈱|股份有限公司|有限责任公司|有限責任公司|有限公司|주식회사|㈜)$")
# Words that begin a legal long form and so mark the text around them as "legal".
_LEGALISH_WORDS = frozenset(
    {"companhia", "compania", "compagnie", "empresa", "sociedad", "sociedade", "societe", "etablissements",
     "joint", "obshchestvo", "общество", "aktsionernoe"}
)


_HAS_CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")


def clear_caches() -> None:
    """Forget memoised token keys (benchmarks use this to time a cold start)."""
    tokens.clear_caches()


# Keys of the pieces of dotted-only forms: the only tokens whose removal depends on letter case.
_CASE_KEYS = frozenset(key for form in _DOTTED_ONLY for key in form.split())


def case_blind(text: str) -> bool:
    """True when ``strip_designations`` treats ``text`` exactly as any other casing of it: no piece folds
    to a piece of a dotted-only form (``e.K.`` vs ``EK``, decided by ``_written_as_form``)."""
    folded = fold_text(text)
    return _CASE_KEYS.isdisjoint((folded.replace(",", " ") if "," in folded else folded).split())


def _written_as_form(tail: str) -> bool:
    """``e.K.``/``eG`` are forms; ``EK``/``EG`` in an ALL-CAPS name are just letters."""
    return "." in tail or tail != tail.upper()


def _match_suffix(name: str, toks: list[Tok] | None, keys: list[str], lo: int = 0) -> int:
    """Number of trailing tokens that form a legal form (0 if none); never all tokens."""
    n = len(keys)
    for k, seq, joined in _SUFFIX.seqs.get(keys[-1], ()):
        if k < n and (k == 1 or keys[n - k:] == seq) and (
            joined not in _DOTTED_ONLY or _written_as_form(text_of(name, toks, lo + n - k, lo + n - 1))
        ):
            return k
    return 0


def _match_prefix(keys: list[str]) -> int:
    n = len(keys)
    for k, seq, _ in _PREFIX.seqs.get(keys[0], ()):
        if k < n and (k == 1 or keys[:k] == seq):
            return k
    return 0


def _match_cut(name: str, toks: list[Tok] | None, keys: list[str]) -> int:
    """Index of the first mid-name cut form (>= 1, not the last token), or 0."""
    edge = _CUT.edge
    for i in range(1, len(keys) - 1):
        if keys[i] in edge:
            for k, seq, joined in _CUT.seqs[keys[i]]:
                if (k == 1 or keys[i:i + k] == seq) and (
                    joined not in _DOTTED_ONLY or _written_as_form(text_of(name, toks, i, i + k - 1))
                ):
                    return i
    return 0


def _keys_of(text: str) -> list[str]:
    """The keys of ``tokens.tokens(text)`` (via the ``plain_keys`` fast path when it applies)."""
    keys = plain_keys(text)
    return [t[2] for t in tokens.tokens(text)] if keys is None else keys


def has_legal_form(text: str) -> bool:
    """True when ``text`` contains a legal form token sequence or starts a legal long form."""
    return _has_form(_keys_of(text), text)


def _has_form(keys: list[str], text: str) -> bool:
    if keys[:1] and keys[0] in _LEGALISH_WORDS:
        return True
    for i, key in enumerate(keys):
        for table in (_SUFFIX, _PREFIX):
            for k, joined in table.index.get(key, ()):
                lo = i + 1 - k if table is _SUFFIX else i
                if lo >= 0 and lo + k <= len(keys) and " ".join(keys[lo:lo + k]) == joined:
                    return True
    # Every CJK form holds a character of _HAS_CJK (and _CJK_SUFFIX, led by \s*, is slow on long text).
    return not text.isascii() and bool(_HAS_CJK.search(text)) and bool(
        _CJK_SUFFIX.search(text) or _CJK_PREFIX.search(text))


def is_legal_form(text: str) -> bool:
    """True when the whole of ``text`` is one legal form (``"OOO"``, ``"Co., Ltd."``, ``"株式会社"``)."""
    return _is_form(_keys_of(text), text)


def _is_form(keys: list[str], text: str) -> bool:
    key = " ".join(keys)
    return key in _SUFFIX.all or key in _PREFIX.all or bool(key and _CJK_SUFFIX.fullmatch(text.strip()))


def legal_form_presence(text: str, keys: list[str] | None = None) -> int:
    """2 when ``is_legal_form(text)``, else 1 when ``has_legal_form(text)``, else 0 (one tokenization;
    ``keys``: ``plain_keys(text)``, when the caller has it and it is not None)."""
    if keys is None:
        keys = _keys_of(text)
    if _is_form(keys, text):
        return 2
    return 1 if _has_form(keys, text) else 0


def _drop_descriptors(keys: list[str], words: frozenset[str], suffixes: tuple[str, ...],
                      adj: tuple[str, ...]) -> None:
    dropped = False
    while len(keys) >= 2 and (keys[-1] in words or (suffixes and keys[-1].endswith(suffixes))):
        keys.pop()
        dropped = True
    while dropped and adj and len(keys) >= 2 and keys[-1].endswith(adj):
        keys.pop()


def _strip_once(name: str, toks: list[Tok] | None, keys: list[str], lo: int) -> int:
    """One removal at the edges of ``keys`` (= keys of ``toks[lo:]``), in place.

    Returns -1 when nothing was removed, else the number of tokens removed at the start.
    """
    n = len(keys)
    if keys[-1] in _TAIL_ANY:
        while len(keys) >= 2 and keys[-1] in _JOINERS:
            keys.pop()
        k = _match_suffix(name, toks, keys, lo) if len(keys) >= 2 else 0
        if k:
            joined = " ".join(keys[-k:])
            del keys[-k:]
            if joined in _DE_FORMS:
                _drop_descriptors(keys, _DE_WORDS, _DE_SUFFIXES, _DE_ADJ)
            elif joined in _TR_FORMS:
                _drop_descriptors(keys, _TR_WORDS, (), ())
            return 0
        if len(keys) >= 2:
            last = keys[-1]
            if last == "com":
                keys.pop()
                return 0
            if last in _HOLDING_TAILS and keys[-2] not in _DANGLING and not (
                last in _GROUP_WORDS and keys[-2] in _GROUP_KEEPERS
            ):
                keys.pop()
                if len(keys) >= 2 and keys[-1] in _CN_PLACES:
                    keys.pop()
                return 0
        if len(keys) < n:
            return 0
    if keys[0] in _PREFIX.edge:
        k = _match_prefix(keys)
        if k:
            del keys[:k]
            return k
    return -1


def strip_designations(name: str, keys: list[str] | None = None) -> str:
    """Remove legal forms, registry tails and Holdings/Group from ``name`` until it stops changing.

    The result is a fixed point: stripping it again changes nothing. ``keys``: ``plain_keys(name)``, when
    the caller has it and it is not None (the list is consumed).
    """
    return strip_designations_final(name, keys)[0]


def strip_designations_final(name: str, keys: list[str] | None = None) -> tuple[str, bool]:
    """``strip_designations`` plus whether the result is known to be a fixed point (true unless the
    round limit was reached), so callers can skip stripping it again."""
    # Removals keep pieces of the text, so text without CJK never gains any.
    cjk_text = not name.isascii() and _HAS_CJK.search(name) is not None
    for _ in range(6):
        out, settled = _strip_tokens(name, keys)
        keys = None
        if cjk_text and _HAS_CJK.search(out):
            cjk = _strip_cjk(out)
            if cjk != out:
                out, settled = cjk, False
        if out == name:
            return name, True
        name = out
        if settled:
            return name, True
    return name, False


def _strip_tokens(name: str, keys: list[str] | None = None) -> tuple[str, bool]:
    """One round of removals: ``(result, settled)``.

    ``settled`` says that another round would certainly change nothing: the removals stopped by
    themselves, no spaced letters were merged and no two neighbouring single letters remain that could
    merge on a new tokenization, so the result re-tokenizes to exactly the kept keys (the cut search
    already covered them and the edges no longer match). ``strip_designations`` then skips the
    confirming round. Plain names (``tokens.plain_keys``) are keyed without building token spans;
    ``keys``: ``plain_keys(name)`` when the caller has it (the list is consumed).
    """
    if " " not in name and "," not in name and name.isprintable():
        return name, True  # printable text has no whitespace but " ": one token at most, nothing to strip
    toks: list[Tok] | None = None
    merged = False
    if keys is None:
        keys = plain_keys(name)
    if keys is None:
        toks, merged = tokenize(name)
        keys = [t[2] for t in toks]
    count = len(keys)
    if count < 2:
        return name, True
    if count > 2 and not _CUT_EDGE.isdisjoint(keys[1:-1]):
        cut = _match_cut(name, toks, keys)
        if cut:
            del keys[cut:]
    lo = 0
    settled = False
    tail_any, front_edge = _TAIL_ANY, _PREFIX.edge
    for _ in range(24):
        if len(keys) < 2 or (keys[-1] not in tail_any and keys[0] not in front_edge):
            settled = True  # nothing at either edge can match: _strip_once would return -1
            break
        seqs = _PLAIN_SUFFIXES.get(keys[-1])
        if seqs is not None:  # what _strip_once does when one of these forms matches
            n = len(keys)
            for k, seq, _ in seqs:
                if k < n and (k == 1 or keys[n - k:] == seq):
                    del keys[n - k:]
                    break
            else:
                seqs = None
            if seqs is not None:
                continue
        front = _strip_once(name, toks, keys, lo)
        if front < 0:
            settled = True
            break
        lo += front
    if lo or len(keys) < count:
        if merged or (min(map(len, keys)) == 1 and adjacent_letters(keys)):
            settled = False
        if not lo and toks is None and "," not in name and "  " not in name and name.strip(" ") == name:
            return name.rsplit(" ", count - len(keys))[0], settled  # only a tail went
        return text_of(name, toks, lo, lo + len(keys) - 1), settled
    return name, True


def _strip_cjk(name: str) -> str:
    for _ in range(4):
        out = _CJK_PREFIX.sub("", _CJK_SUFFIX.sub("", name))
        if out == name or not out.strip():
            break
        name = out
    return name
