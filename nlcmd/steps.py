"""Processing steps named in a sentence: mentions, negation (без, skip, no), 'only', dependencies.

Rules of the label convention: full enrichment = all four steps; icebreakers pull in personalization,
which pulls in website intelligence; a negated step is removed (with the steps that need it); a step
both asked for and negated is a conflict; ``только X`` keeps X and what X needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlcmd.units import CONJ, Sentence

PIPELINE = ("company_name_cleaner", "website_intelligence", "personalization_extractor", "icebreaker_generator")
REQUIRES = {
    "icebreaker_generator": ("personalization_extractor",),
    "personalization_extractor": ("website_intelligence",),
    "website_intelligence": (),
    "company_name_cleaner": (),
}
_DIRECT = {
    "step:clean": "company_name_cleaner",
    "step:website": "website_intelligence",
    "step:personalization": "personalization_extractor",
    "step:icebreaker": "icebreaker_generator",
    "step:full": "full",
}
_PAIRS = (("step:clean_verb", "step:name_noun", "company_name_cleaner"),
          ("step:site_verb", "step:site_noun", "website_intelligence"))


@dataclass
class Mention:
    step: str  # a PIPELINE name or "full"
    first: int
    last: int
    negated: bool = False
    only: bool = False


def closure(steps: set[str]) -> set[str]:
    """The steps plus everything they require."""
    out = set(steps)
    todo = list(steps)
    while todo:
        for dep in REQUIRES[todo.pop()]:
            if dep not in out:
                out.add(dep)
                todo.append(dep)
    return out


def dependents(steps: set[str]) -> set[str]:
    """The steps plus every step that (transitively) needs one of them."""
    out = set(steps)
    changed = True
    while changed:
        changed = False
        for step, deps in REQUIRES.items():
            if step not in out and any(d in out for d in deps):
                out.add(step)
                changed = True
    return out


def ordered(steps: set[str]) -> list[str]:
    return [s for s in PIPELINE if s in steps]


def website_is_step(s: Sentence, i: int) -> bool:
    """'with website analysis': a has-website phrase followed by an analysis word names the step."""
    if not s.u[i].has("cue:has_website"):
        return False
    nxt = s.next(i, 1)
    return bool(nxt) and s.u[nxt[0]].has("step:site_verb")


def find_mentions(s: Sentence) -> list[Mention]:
    """Step mentions in order; pair concepts (clean + names, analyze + websites) within 3 units."""
    out: list[Mention] = []
    for i, x in enumerate(s.u):
        for concept, step in _DIRECT.items():
            if x.has(concept):
                out.append(Mention(step, i, i))
                break
    for verb, noun, step in _PAIRS:
        for i in s.where(verb):
            if s.u[i].has("step:website") or s.u[i].has("step:clean"):
                continue
            near = [j for j in s.next(i, 3) + s.prev(i, 2)
                    if s.u[j].has(noun) or noun == "step:site_noun" and j == i - 1 and website_is_step(s, j)]
            if near:
                j = near[0]
                out.append(Mention(step, min(i, j), max(i, j)))
    out.sort(key=lambda m: m.first)
    _mark_modifiers(s, out)
    return out


def _mark_modifiers(s: Sentence, mentions: list[Mention]) -> None:
    in_mention = {k for m in mentions for k in range(m.first, m.last + 1)}
    for m in mentions:
        j = m.first - 1
        while j >= 0:
            x = s.u[j]
            if j in in_mention or x.low in CONJ or (x.kind == "punct" and x.text in "+/&"):
                j -= 1
                continue
            if x.has("mod:neg") and not x.has("cue:has_website", "cue:has_email"):
                m.negated = True
            elif x.has("mod:only"):
                m.only = True
            break
        nxt = s.next(m.last, 1)
        if nxt:
            x = s.u[nxt[0]]
            if x.has("mod:only"):
                m.only = True
            elif x.has("mod:neg") and x.low.split()[0] in ("не", "not") and len(x.tokens) > 1:
                m.negated = True


def resolve_steps(s: Sentence, extra: list[str] | None = None,
                  extra_neg: list[str] | None = None) -> tuple[list[str] | None, str | None]:
    """(processors or None, error reason or None); extra / extra_neg come from --step / --no-step flags."""
    mentions = find_mentions(s)
    for step in extra or ():
        mentions.append(Mention(step, len(s.u), len(s.u)))
    for step in extra_neg or ():
        mentions.append(Mention(step, len(s.u), len(s.u), negated=True))
    if not mentions:
        return None, None

    def expand(step: str) -> set[str]:
        return set(PIPELINE) if step == "full" else {step}

    explicit_pos = {m.step for m in mentions if not m.negated and m.step != "full"}
    pos: set[str] = set()
    for m in mentions:
        if not m.negated:
            pos |= expand(m.step)
    neg: set[str] = set()
    for m in mentions:
        if m.negated:
            # "без обогащения" / "no enrichment": nothing that reads the website, i.e. cleaning only
            neg.add("website_intelligence" if m.step == "full" else m.step)
    if explicit_pos & neg or closure(explicit_pos) & neg:
        return None, "conflicting_instructions"
    only = {m.step for m in mentions if m.only and not m.negated}
    if only:
        result = closure(set().union(*(expand(o) for o in only)))
    elif pos:
        result = closure(pos)
    else:
        result = set(PIPELINE)
    result -= dependents(neg)
    if not result:
        return None, "conflicting_instructions"
    return ordered(result), None
