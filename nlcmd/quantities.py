"""What each number in a sentence means: lead limit, batch size, budget, employee range.

Context decides: a lead noun after it (500 лидов, 2k leads, 100 строк) or a cue before it (первые,
first, limit, лимит) makes a limit; a batch cue before (батчами по, in batches of, batch size) or after
(за раз, per batch) a batch size; a currency ($5, 5 долларов, budget 5) a budget; an employee noun
(11-50 сотрудников, over 1000 employees, до 50 человек) a company-size filter. Descriptive numbers
(В файле big.csv 50 тысяч лидов, ...) lose to later ones: the last value of a role wins, which is also
how self-corrections (…, нет, давай 1000) work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nlcmd.units import Sentence, Unit


@dataclass
class Quantities:
    limit: float | None = None
    limit_weak: float | None = None
    batch: float | None = None
    budget: float | None = None
    employees_min: int | None = None
    employees_max: int | None = None
    error: str | None = None
    batch_count: float | None = None
    unresolved: list[str] = field(default_factory=list)
    filter_cue_unresolved: bool = False


_EMP_STRICT = {"сотрудник", "employee", "staff", "headcount", "работник", "штат", "emp", "employees",
               "численность", "сотрудников"}


def _is_emp_noun(x: Unit, strict: bool) -> bool:
    if not x.has("cue:employees"):
        return False
    if not strict:
        return True
    return bool(x.tokens[0].keys & _EMP_STRICT)


def _range_after(s: Sentence, i: int) -> int | None:
    """Index of the upper bound in 'N-M', 'N–M', 'N до M', 'N to M', 'N and M' (between)."""
    j = i + 1
    if j < len(s.u) and s.u[j].kind in ("punct", "word", "phrase") and (
        s.u[j].text in ("-", "–", "—") or s.u[j].low in ("до", "to", "and", "и", "по")
    ):
        k = j + 1
        if k < len(s.u) and s.u[k].kind == "num" and not s.u[k].neg:
            return k
    if j < len(s.u) and s.u[j].kind == "num" and s.u[j].neg and s.u[j].tokens[0].start > 0:
        return None
    return None


_FROM = {"из", "from", "of", "in", "в", "файла", "for", "для"}


def _batch_after(s: Sentence, i: int) -> bool:
    """'100-lead batches', '250 per batch', '300 в пачке' (a batch word after the number that no later
    number claims: in '500 лидов батчами по 100' the batch word belongs to 100)."""
    nxt = s.next(i, 4)
    k = 0
    if nxt and s.u[nxt[0]].has("cue:lead"):
        k = 1
    if k >= len(nxt) or not s.u[nxt[k]].has("cue:batch"):
        return False
    rest = nxt[k + 1:k + 3]
    return not any(s.u[j].kind == "num" or s.u[j].low in ("по", "of", "size", "in", "=", ":") for j in rest)


def _lead_after(s: Sentence, nxt: list[int]) -> bool:
    for j in nxt[:3]:
        if s.u[j].kind == "num":
            return False
        if s.u[j].has("cue:lead"):
            return True
    return False


def _currency_of(s: Sentence, i: int) -> str | None:
    for j in (i - 1, i + 1):
        if 0 <= j < len(s.u) and s.u[j].kind == "cur":
            return "usd" if s.u[j].text == "$" else "bad"
    for j in s.next(i, 2):
        x = s.u[j]
        if x.kind == "cur":
            break  # a sign two places away belongs to another number
        if x.has("cue:usd"):
            return "usd"
        if x.has("cue:bad_currency"):
            return "bad"
        if x.kind == "num":
            break
    return None


def _employees(s: Sentence, i: int, v: float, q: Quantities) -> bool:
    """Company size: 'N-M сотрудников', 'от N до M', 'over N employees', 'до N человек', 'N+ staff'."""
    prev = s.prev(i, 3)
    upper = _range_after(s, i)
    emp_after = [j for j in s.next(upper if upper is not None else i, 3) if _is_emp_noun(s.u[j], False)]
    emp_before = [j for j in prev if _is_emp_noun(s.u[j], False)]
    if upper is not None and (emp_after or emp_before):
        lo, hi = v, float(s.u[upper].value or 0)
        q.employees_min, q.employees_max = int(min(lo, hi)), int(max(lo, hi))
        s.u[upper].extra["taken"] = True
        return True
    before4 = s.prev(i, 4)
    company_before = s.any_in(before4, "cue:lead") is not None and any(
        s.u[j].low.startswith(("компан", "compan", "организ")) for j in before4)
    more = s.any_in(prev[:2], "cue:more")
    less = s.any_in(prev[:2], "cue:less")
    plus = i + 1 < len(s.u) and s.u[i + 1].text == "+"
    strict = any(_is_emp_noun(s.u[j], True) for j in emp_after + emp_before)
    loose = bool(emp_after) and (more is not None or less is not None or plus or company_before)
    if not (strict or loose):
        return False
    if less is not None and (more is None or less < more):
        q.employees_max = int(v)
    elif more is not None or plus:
        q.employees_min = int(v)
    else:
        q.filter_cue_unresolved = True  # "компании с 50 сотрудниками": min, max or exact?
    return True


def _role(s: Sentence, i: int) -> str | None:
    """'batch', 'limit' or None for a number that is neither money nor company size."""
    prev = s.prev(i, 3)
    nxt = s.next(i, 3)
    if s.any_in(prev, "cue:batch") is not None or s.any_in(nxt, "cue:at_a_time") is not None \
            or _batch_after(s, i):
        return "batch"
    after_verb = bool(prev) and s.u[prev[0]].has("act:process", "act:process_weak") and (
        not nxt or s.u[nxt[0]].low in _FROM)  # "обработай 1к из x.csv"
    if _lead_after(s, nxt) or s.any_in(prev, "cue:limit") is not None or s.any_in(prev, "cue:first") is not None \
            or after_verb:
        descr = s.any_in(s.prev(i, 3), "cue:descr")
        if descr is not None and s.any_in(prev, "cue:first") is None:
            return "descr"  # "В файле big.csv 50 тысяч лидов": describes the file
        return "limit"
    return None


def assign_quantities(s: Sentence) -> Quantities:
    """Roles of every number in the sentence (see the module docstring)."""
    q = Quantities()
    last_role: str | None = None
    for i, x in enumerate(s.u):
        if x.kind != "num" or x.extra.get("taken"):
            continue
        v = -float(x.value or 0) if x.neg else float(x.value or 0)
        prev = s.prev(i, 3)
        nxt = s.next(i, 3)
        after = s.u[i + 1] if i + 1 < len(s.u) else None
        if after is not None and (after.text == "%" or after.low.startswith(("процент", "percent"))):
            q.error = q.error or "invalid_limit"  # "10% лидов": a share of the file is no number of leads
            continue
        cur = _currency_of(s, i)
        if cur == "bad":
            q.error = "unsupported_currency"
            continue
        budget_cue = s.any_in(prev, "cue:budget") is not None and s.any_in(nxt[:2], "cue:lead") is None \
            and s.any_in(nxt[:1], "cue:employees") is None
        if cur == "usd" or budget_cue:
            q.budget, last_role = v, "budget"
            continue
        if _employees(s, i, v, q):
            last_role = "employees"
            continue
        if nxt and s.u[nxt[0]].has("cue:batch") and prev and s.u[prev[0]].low in ("in", "into", "на", "в"):
            q.batch_count = v  # "in 4 batches": a number of batches, not a size
            continue
        role = _role(s, i)
        if role == "descr":
            q.unresolved.append(x.text)
            continue
        if role is None and last_role in ("limit", "batch", "budget") and \
                s.any_in(s.prev(i, 4, cross=True), "cue:correction") is not None:
            role = last_role  # "…, нет, давай 1000": the correction takes the previous number's role
        if role is None:
            at_end = not nxt or s.u[nxt[0]].is_break or i + 1 >= len(s.u) or s.u[i + 1].is_break
            if at_end and v == int(v):
                q.limit_weak = v
            else:
                q.unresolved.append(x.text)
            continue
        if role == "batch":
            q.batch = v
        elif role == "budget":
            q.budget = v
        else:
            q.limit = v
        last_role = role
    if q.batch_count and q.batch is None:
        if q.limit and q.batch_count > 0:
            q.batch = float(-(-int(q.limit) // int(q.batch_count)))
        else:
            q.unresolved.append(f"{q.batch_count:g} batches")
    return q
