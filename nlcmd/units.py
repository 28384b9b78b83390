"""Units: a sentence as a list of lexicon phrases, numbers, slots and punctuation, with context helpers."""

from __future__ import annotations

from dataclasses import dataclass, field

from nlcmd.tokens import Token

BREAKS = set(",;.!?…—")
CONJ = {"и", "and", "or", "или", "ни", "nor", "&", "/", "the", "a", "an", "any", "all", "также", "плюс", "plus", "+"}


@dataclass
class Unit:
    kind: str
    text: str
    concepts: set[str]
    tokens: list[Token]
    value: float | None = None
    neg: bool = False
    slot: int | None = None
    role: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def is_break(self) -> bool:
        return self.kind == "punct" and self.text in BREAKS

    @property
    def low(self) -> str:
        return self.text.lower().replace("ё", "е")

    def has(self, *prefixes: str) -> bool:
        return any(c == p or p.endswith(":") and c.startswith(p) for c in self.concepts for p in prefixes)

    def first(self, prefix: str) -> str | None:
        for c in sorted(self.concepts):
            if c.startswith(prefix):
                return c
        return None


def build_units(tokens: list[Token]) -> list[Unit]:
    """Group tokens of one lexicon phrase into one unit."""
    units: list[Unit] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        end = tok.span[1] if tok.span and tok.span[0] == i else i + 1
        group = tokens[i:end]
        text = " ".join(t.text for t in group)
        unit = Unit(tok.kind if end == i + 1 else "phrase", text, set(tok.concepts), group)
        if tok.kind == "num":
            unit.value, unit.neg = tok.value, tok.neg
        if tok.kind == "slot":
            unit.slot = int(tok.value or 0)
        units.append(unit)
        i = end
    return units


class Sentence:
    """Units plus helpers that look around a position."""

    def __init__(self, units: list[Unit]) -> None:
        self.u = units

    def __len__(self) -> int:
        return len(self.u)

    def has(self, prefix: str) -> bool:
        return any(x.has(prefix) for x in self.u)

    def where(self, prefix: str) -> list[int]:
        return [i for i, x in enumerate(self.u) if x.has(prefix)]

    def prev(self, i: int, n: int = 3, cross: bool = False, skip_fill: bool = True) -> list[int]:
        """Indices of up to n units before i (nearest first), stopping at a clause break unless cross."""
        out: list[int] = []
        j = i - 1
        while j >= 0 and len(out) < n:
            x = self.u[j]
            if x.is_break and not cross:
                break
            if not (skip_fill and x.kind == "punct" and not x.is_break):
                out.append(j)
            j -= 1
        return out

    def next(self, i: int, n: int = 3, cross: bool = False, skip_fill: bool = True) -> list[int]:
        out: list[int] = []
        j = i + 1
        while j < len(self.u) and len(out) < n:
            x = self.u[j]
            if x.is_break and not cross:
                break
            if not (skip_fill and x.kind == "punct" and not x.is_break):
                out.append(j)
            j += 1
        return out

    def any_in(self, idxs: list[int], prefix: str) -> int | None:
        for j in idxs:
            if self.u[j].has(prefix):
                return j
        return None
