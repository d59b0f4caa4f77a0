"""Check a FHIR resource dict against the fhir.resources R4B models (the optional ``fhir`` extra).

R4B's models of Questionnaire, QuestionnaireResponse, GuidanceResponse, Parameters and the
resources acumat reads are those of R4 (4.0.1); fhir.resources ships no separate R4 package
for pydantic v2, so R4B is the closest well-kept model set.
"""

from __future__ import annotations

from typing import Any

from acumat.fhir.model import FhirError


def validate(resource: dict[str, Any]) -> dict[str, Any]:
    """Return ``resource`` if it is valid R4(B) FHIR; FhirError naming the path otherwise.

    Needs the ``fhir`` extra (``pip install 'acumat[fhir]'``).
    """
    try:
        from fhir.resources.R4B import get_fhir_model_class
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("acumat.fhir.validate needs fhir.resources: pip install 'acumat[fhir]'") from exc
    rtype = resource.get("resourceType") if isinstance(resource, dict) else None
    if not isinstance(rtype, str):
        raise FhirError("not a FHIR resource (no resourceType)", resource="(data)", path="resourceType")
    try:
        model: Any = get_fhir_model_class(rtype)
    except (KeyError, ValueError, AttributeError) as exc:
        raise FhirError(f"unknown resourceType {rtype!r}", resource="(data)", path="resourceType") from exc
    try:
        model.model_validate(resource)
    except Exception as exc:  # pydantic.ValidationError; other model errors are reported the same way
        errors = getattr(exc, "errors", None)
        first = errors()[0] if callable(errors) else {"loc": (), "msg": str(exc)}
        raise FhirError(str(first.get("msg")), resource=rtype,
                        path=".".join(str(p) for p in first.get("loc", ()))) from exc
    return resource

