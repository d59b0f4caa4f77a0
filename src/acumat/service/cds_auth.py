"""CDS Hooks client authentication: a signed JWT in ``Authorization: Bearer``, checked with PyJWT.

Asymmetric algorithms only (the spec forbids ``none`` and shared-secret HMAC); ``kid`` picks the
key from the configured JWK Set; ``iss`` must be allow-listed, ``aud`` the called endpoint's URL,
``exp``, ``iat`` and ``jti`` present, and a ``jti`` is accepted once (per server process).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jwt

from acumat.service.problems import ProblemError

ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
_LEEWAY_S = 5
_MAX_SEEN = 100_000


def _refuse(detail: str) -> ProblemError:
    return ProblemError(401, detail, headers={"WWW-Authenticate": 'Bearer realm="cds-services"'})


class JwtVerifier:
    """Checks the JWTs of CDS Hooks requests against one JWK Set and an issuer allow-list."""

    def __init__(self, jwks: dict[str, Any], *, issuers: Iterable[str]) -> None:
        try:
            keyset = jwt.PyJWKSet.from_dict(jwks)
        except (jwt.PyJWTError, ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"the JWK Set cannot be used: {exc}") from None
        self._keys: dict[str, jwt.PyJWK] = {}
        for key in keyset.keys:
            if key.key_id is None:
                raise ValueError("every key of the JWK Set needs a 'kid'")
            self._keys[key.key_id] = key
        self.issuers = frozenset(issuers)
        if not self.issuers:
            raise ValueError("name at least one accepted issuer")
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_file(cls, path: Path, *, issuers: Iterable[str]) -> JwtVerifier:
        """A verifier for the JWK Set in the JSON file ``path``."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"cannot read the JWK Set {path}: {exc}") from None
        return cls(data, issuers=issuers)

    def check(self, authorization: str | None, audience: str) -> dict[str, Any]:
        """The verified claims of the bearer token in ``authorization``; 401 problem otherwise."""
        if not authorization or not authorization.lower().startswith("bearer "):
            raise _refuse("This CDS service needs a signed JWT in 'Authorization: Bearer <token>'.")
        token = authorization[7:].strip()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise _refuse("The bearer token is not a JWT.") from None
        alg, kid = header.get("alg"), header.get("kid")
        if alg not in ALGORITHMS:
            raise _refuse(f"The JWT's algorithm {alg!r} is not accepted (asymmetric algorithms only).")
        if header.get("typ", "JWT") != "JWT":
            raise _refuse("The JWT header's typ must be 'JWT'.")
        key = self._keys.get(kid) if isinstance(kid, str) else None
        if key is None:
            raise _refuse("The JWT's kid names no key this service trusts.")
        try:
            claims: dict[str, Any] = jwt.decode(
                token, key=key, algorithms=[alg], audience=audience, leeway=_LEEWAY_S,
                options={"require": ["iss", "aud", "exp", "iat", "jti"]})
        except jwt.ExpiredSignatureError:
            raise _refuse("The JWT has expired.") from None
        except jwt.InvalidAudienceError:
            raise _refuse(f"The JWT's aud must be this endpoint's URL, {audience}.") from None
        except jwt.MissingRequiredClaimError as exc:
            raise _refuse(f"The JWT lacks the claim {exc.claim!r}.") from None
        except jwt.PyJWTError:
            raise _refuse("The JWT's signature or claims are not valid.") from None
        if claims.get("iss") not in self.issuers:
            raise _refuse("The JWT's issuer is not one this service trusts.")
        self._once(str(claims["jti"]), float(claims["exp"]))
        return claims

    def _once(self, jti: str, exp: float) -> None:
        now = time.time()
        with self._lock:
            if len(self._seen) > _MAX_SEEN:
                self._seen = {k: v for k, v in self._seen.items() if v + _LEEWAY_S > now}
            if jti in self._seen:
                raise _refuse("This JWT was already used (its jti repeats).")
            self._seen[jti] = exp
