"""Organization facts from JSON-LD (first Organization-typed node) or microdata.

``organization_from_jsonld(blocks)`` walks each block's top-level and ``@graph`` nodes first, then nested
nodes breadth-first; the first node whose ``@type`` is Organization or a subtype wins (its name may be
missing: then ``name`` is None). Invalid JSON is skipped, not repaired. Returns a dict with name,
description, address, telephone, email, sameAs, foundingDate, numberOfEmployees, url (values as strings
or lists of strings), or None.
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any

_ORG_TYPES = frozenset(
    ["Organization", "Corporation", "LocalBusiness", "NGO", "EducationalOrganization", "GovernmentOrganization", "MedicalOrganization", "SportsOrganization", "NewsMediaOrganization", "OnlineBusiness", "OnlineStore", "Store", "ProfessionalService", "LegalService", "Attorney", "Notary", "AccountingService", "FinancialService", "InsuranceAgency", "RealEstateAgent", "TravelAgency", "Restaurant", "FoodEstablishment", "Hotel", "LodgingBusiness", "Dentist", "MedicalClinic", "Physician", "AutoDealer", "AutoRepair", "HomeAndConstructionBusiness", "GeneralContractor", "Electrician", "Plumber", "RoofingContractor", "HVACBusiness", "EmploymentAgency", "Airline", "Consortium", "CollegeOrUniversity", "School", "LibrarySystem", "PerformingGroup", "ResearchOrganization", "WorkersUnion", "FundingScheme", "Project", "ComputerStore", "ElectronicsStore", "ClothingStore", "HardwareStore", "FurnitureStore", "HealthAndBeautyBusiness", "EntertainmentBusiness", "SportsActivityLocation", "MovingCompany", "CleaningService"]
)
FIELDS = ("name", "description", "address", "telephone", "email", "sameAs", "foundingDate", "numberOfEmployees", "url")


def _types(node: dict[str, Any]) -> list[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    out = []
    for value in values:
        if isinstance(value, str):
            out.append(value.rsplit("/", 1)[-1].rsplit(":", 1)[-1])
    return out


def is_org_type(types: list[str]) -> bool:
    return any(t in _ORG_TYPES or t.endswith("Organization") or t.endswith("Business") for t in types)


def _text(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        items = [_text(v) for v in value]
        return [i for i in items if isinstance(i, str)] or None
    if isinstance(value, dict):
        if "@type" in value and _types(value) and _types(value)[0] == "PostalAddress":
            parts = [value.get(k) for k in ("streetAddress", "postalCode", "addressLocality", "addressRegion", "addressCountry")]
            parts = [p.get("name") if isinstance(p, dict) else p for p in parts]
            return ", ".join(" ".join(str(p).split()) for p in parts if p) or None
        for key in ("name", "value", "@id", "url"):
            if isinstance(value.get(key), (str, int, float)):
                return _text(value[key])
    return None


def _facts(node: dict[str, Any]) -> dict[str, Any]:
    return {key: _text(node.get(key)) for key in FIELDS}


def organization_from_jsonld(blocks: list[str]) -> dict[str, Any] | None:
    for block in blocks:
        if len(block) > 500_000:
            continue
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            continue
        top = data if isinstance(data, list) else [data]
        queue: deque[Any] = deque()
        nested: deque[Any] = deque()
        for node in top:
            if isinstance(node, dict) and isinstance(node.get("@graph"), list):
                queue.extend(node["@graph"])
                rest = {k: v for k, v in node.items() if k != "@graph"}
                if "@type" in rest:
                    queue.appendleft(rest)
            else:
                queue.append(node)
        seen = 0
        while (queue or nested) and seen < 2000:
            seen += 1
            node = queue.popleft() if queue else nested.popleft()
            if isinstance(node, list):
                nested.extend(node)
                continue
            if not isinstance(node, dict):
                continue
            if is_org_type(_types(node)):
                return _facts(node)
            for key, value in node.items():
                if key != "@context" and isinstance(value, (dict, list)):
                    nested.append(value)
    return None


def organization_from_microdata(tree: Any) -> dict[str, Any] | None:
    """The first microdata item typed Organization (or a subtype): its itemprops as facts."""
    for node in tree.css("[itemscope][itemtype]"):
        itemtype = (node.attributes.get("itemtype") or "").split()
        types = [t.rstrip("/").rsplit("/", 1)[-1] for t in itemtype]
        if not is_org_type(types):
            continue
        facts: dict[str, Any] = dict.fromkeys(FIELDS)
        for prop in node.css("[itemprop]"):
            key = (prop.attributes.get("itemprop") or "").strip()
            if key not in facts or facts[key] is not None:
                continue
            attrs = prop.attributes
            link = attrs.get("href") if key in ("url", "sameAs") else None
            value = attrs.get("content") or link or prop.text(deep=True, separator=" ")
            facts[key] = " ".join((value or "").split()) or None
        return facts
    return None
