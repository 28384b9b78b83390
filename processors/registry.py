"""Registry of processors: name -> the module and class that implement it.

Modules are imported lazily so that a plan that only cleans names never imports the HTTP or LLM stack.
``REQUIRES`` is declared here as well as on each class so that the planner can check a plan (and the
parser can add dependencies) without importing anything heavy; a test keeps the two in sync.
"""

from __future__ import annotations

import importlib

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


def known_processors() -> tuple[str, ...]:
    return PIPELINE_ORDER


def with_dependencies(names: list[str] | tuple[str, ...]) -> list[str]:
    """Add every transitive requirement and return the names in pipeline order."""
    wanted: set[str] = set()
    stack = list(names)
    while stack:
        name = stack.pop()
        if name not in REQUIRES:
            raise UsageError(f"unknown processor {name!r}; known: {', '.join(PIPELINE_ORDER)}")
        if name not in wanted:
            wanted.add(name)
            stack.extend(REQUIRES[name])
    return [n for n in PIPELINE_ORDER if n in wanted]


def load(name: str) -> Processor:
    """Instantiate the processor called ``name``; UsageError if unknown or not installed."""
    target = IMPLEMENTATIONS.get(name)
    if target is None:
        raise UsageError(f"unknown processor {name!r}; known: {', '.join(PIPELINE_ORDER)}")
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise UsageError(f"processor {name!r} is not available in this version of leadpipe") from None
        raise
    return getattr(module, class_name)()
