"""Registry of processors: name -> the module and class that implement it.

Modules are imported lazily so that a plan that only cleans names never imports the HTTP or LLM stack.
``REQUIRES`` is declared here as well as on each class so that the planner can check a plan (and the
parser can add dependencies) without importing anything heavy; a test keeps the two in sync.

Plugins: ``LEADPIPE_PLUGINS="name=package.module:Class,..."`` adds processors of your own (they run
after the built-in ones, in the order listed). The class follows ``processors.base.Processor``.
"""

from __future__ import annotations

import importlib
import os

from processors.base import PIPELINE_ORDER, Processor
from processors.errors import UsageError

# name -> "module:Class"
IMPLEMENTATIONS: dict[str, str] = {
    "company_name_cleaner": "processors.company_name_cleaner:CompanyNameCleaner",
    "website_intelligence": "processors.website_intelligence:WebsiteIntelligence",
    "personalization_extractor": "processors.personalization_extractor:PersonalizationExtractor",
    "icebreaker_generator": "processors.icebreaker_generator:IcebreakerGenerator",
}

REQUIRES: dict[str, tuple[str, ...]] = {
    "company_name_cleaner": (),
    "website_intelligence": (),
    "personalization_extractor": ("website_intelligence",),
    "icebreaker_generator": ("personalization_extractor",),
}


def plugins() -> dict[str, str]:
    """Plugin processors from LEADPIPE_PLUGINS: name -> "module:Class"."""
    spec = os.environ.get("LEADPIPE_PLUGINS", "")
    found: dict[str, str] = {}
    for item in spec.split(","):
        name, sep, target = item.strip().partition("=")
        if not item.strip():
            continue
        if not sep or ":" not in target:
            raise UsageError(f"LEADPIPE_PLUGINS entry {item.strip()!r}: expected name=module:Class")
        found[name.strip()] = target.strip()
    return found


def requires_of(name: str) -> tuple[str, ...]:
    if name in REQUIRES:
        return REQUIRES[name]
    if name in plugins():
        return tuple(load(name).requires)
    raise UsageError(f"unknown processor {name!r}; known: {', '.join(known_processors())}")


def known_processors() -> tuple[str, ...]:
    return PIPELINE_ORDER + tuple(n for n in plugins() if n not in PIPELINE_ORDER)


def with_dependencies(names: list[str] | tuple[str, ...]) -> list[str]:
    """Add every transitive requirement and return the names in pipeline order."""
    wanted: set[str] = set()
    stack = list(names)
    while stack:
        name = stack.pop()
        if name not in wanted:
            wanted.add(name)
            stack.extend(requires_of(name))
    return [n for n in known_processors() if n in wanted]


def load(name: str) -> Processor:
    """Instantiate the processor called ``name``; UsageError if unknown or not installed."""
    target = IMPLEMENTATIONS.get(name) or plugins().get(name)
    if target is None:
        raise UsageError(f"unknown processor {name!r}; known: {', '.join(known_processors())}")
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise UsageError(f"processor {name!r} is not available in this version of leadpipe") from None
        raise
    return getattr(module, class_name)()
