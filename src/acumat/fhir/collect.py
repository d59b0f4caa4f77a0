"""FHIR input -> a flat, bounded list of resources with their paths, and an index for references.

Accepted: a Bundle, a single resource, a list of resources, or a CDS Hooks ``prefetch`` object
(its values resources, Bundles or None). Nested Bundles are followed a few levels deep.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from acumat.fhir.model import FhirError

#: Most resources read from one input; more is refused (FhirError), never cut silently.
MAX_RESOURCES = 5_000
#: Deepest nesting of Bundles followed.
MAX_DEPTH = 4


@dataclass(frozen=True, slots=True)
class Item:
    """One resource and where it was found."""

    resource: dict[str, Any]
    path: str

    @property
    def type(self) -> str:
        """The resourceType."""
        return str(self.resource["resourceType"])

    @property
    def ref(self) -> str:
        """``"Type/id"``, or ``"Type at <path>"`` when the resource has no id."""
        rid = self.resource.get("id")
        return f"{self.type}/{rid}" if isinstance(rid, str) and rid else f"{self.type} at {self.path}"


@dataclass(slots=True)
class Collected:
    """The resources of one input, an index by reference, and what was skipped."""

    items: list[Item] = field(default_factory=list)
    index: dict[str, Item] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def of_type(self, *types: str) -> Iterator[Item]:
        """The items of the given resource types, in input order."""
        return (i for i in self.items if i.type in types)

    def resolve(self, reference: str, within: Item | None = None) -> dict[str, Any] | None:
        """The resource a reference names: ``#id`` (contained), ``Type/id`` or a fullUrl."""
        if reference.startswith("#") and within is not None:
            for c in _contained(within.resource):
                if c.get("id") == reference[1:]:
                    return c
            return None
        hit = self.index.get(reference)
        if hit is None and "/" in reference:
            # An absolute URL ending in Type/id names the same resource.
            parts = reference.rstrip("/").split("/")
            if len(parts) >= 2:
                hit = self.index.get("/".join(parts[-2:]))
        return None if hit is None else hit.resource


def _contained(resource: dict[str, Any]) -> list[dict[str, Any]]:
    c = resource.get("contained")
    return [x for x in c if isinstance(x, dict)] if isinstance(c, list) else []


def collect(data: Any) -> Collected:
    """Flatten ``data``; FhirError when its shape is not FHIR at all or it is too large."""
    out = Collected()
    if isinstance(data, list):
        _check_len(data, "(data)", "(list)")
        for i, r in enumerate(data):
            _add(out, r, f"[{i}]", 0)
    elif isinstance(data, dict):
        if "resourceType" in data:
            if not isinstance(data["resourceType"], str):
                raise FhirError("resourceType must be a string", resource="(data)", path="resourceType")
            _add(out, data, "(data)", 0)
        else:
            for key, value in data.items():
                if value is None:
                    continue
                if not isinstance(value, dict):
                    out.warnings.append(f"prefetch.{key}: not a FHIR resource "
                                        f"({type(value).__name__}): skipped")
                    continue
                _add(out, value, f"prefetch.{key}", 0)
    else:
        raise FhirError(f"expected a Bundle, a list of resources or a CDS Hooks prefetch object, "
                        f"not {type(data).__name__}", resource="(data)")
    return out


def _check_len(seq: list[Any], resource: str, path: str) -> None:
    if len(seq) > MAX_RESOURCES:
        raise FhirError(f"{len(seq)} entries; acumat reads at most {MAX_RESOURCES} resources",
                        resource=resource, path=path)


def _add(out: Collected, resource: Any, path: str, depth: int) -> None:
    if not isinstance(resource, dict):
        out.warnings.append(f"{path}: not a FHIR resource ({type(resource).__name__}): skipped")
        return
    rtype = resource.get("resourceType")
    if not isinstance(rtype, str) or not rtype:
        out.warnings.append(f"{path}: no resourceType: skipped")
        return
    if rtype == "Bundle":
        _add_bundle(out, resource, path, depth)
        return
    if len(out.items) >= MAX_RESOURCES:
        raise FhirError(f"more than {MAX_RESOURCES} resources; acumat reads at most that many",
                        resource=f"{rtype}", path=path)
    item = Item(resource, path)
    if rtype == "OperationOutcome":
        out.warnings.append(f"{path}: an OperationOutcome (the server could not supply this data): "
                            "nothing read from it")
        return
    out.items.append(item)
    rid = resource.get("id")
    if isinstance(rid, str) and rid:
        out.index.setdefault(f"{rtype}/{rid}", item)


def _add_bundle(out: Collected, bundle: dict[str, Any], path: str, depth: int) -> None:
    name = f"Bundle/{bundle['id']}" if isinstance(bundle.get("id"), str) else f"Bundle at {path}"
    if depth >= MAX_DEPTH:
        raise FhirError(f"Bundles nested more than {MAX_DEPTH} deep", resource=name, path=path)
    entries = bundle.get("entry", [])
    if entries is None:
        return
    if not isinstance(entries, list):
        raise FhirError("entry must be a list", resource=name, path=f"{path}.entry")
    _check_len(entries, name, f"{path}.entry")
    for i, entry in enumerate(entries):
        where = f"{path}.entry[{i}]" if path != "(data)" else f"entry[{i}]"
        if not isinstance(entry, dict):
            out.warnings.append(f"{name} {where}: not an entry object: skipped")
            continue
        res = entry.get("resource")
        if res is None:
            continue
        before = len(out.items)
        _add(out, res, f"{where}.resource", depth + 1)
        full = entry.get("fullUrl")
        if isinstance(full, str) and full and len(out.items) > before:
            out.index.setdefault(full, out.items[-1])
