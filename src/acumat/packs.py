"""Custom rule packs: rules (and extra profile questions) written in Python or in files.

A pack file is YAML, TOML or JSON holding either a list of rules or a mapping::

    name: vendor-x
    questions:            # extra profile answers the pack's rules read
      - name: epilepsy
        kind: yes_no      # yes_no | choice | number
        question: Do you have epilepsy?
        safety: true      # an unanswered safety question keeps the verdict at caution
    rules:
      - id: vendor.epilepsy
        topic: safety
        when: {fact: extra_epilepsy, op: eq, value: "yes"}
        then: {level: consult, summary: Epilepsy - ask your doctor first.}
        basis: interpreted

An extra question ``epilepsy`` becomes the fact ``extra_epilepsy`` (``"yes" |
"no" | "unknown"`` for yes_no, one of the choices or ``"unknown"`` for choice, an
integer or -1 for number) and is answered in ``UserProfile.extra``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from acumat.advice import Verdict
from acumat.errors import RuleError
from acumat.facts import NO, TRI, UNKNOWN, YES, FactSpec
from acumat.rules.model import Outcome, Rule, fact
from acumat.safety import RESERVED_ID

#: Largest rule file read, in bytes.
MAX_FILE_BYTES = 2 * 1024 * 1024

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


class ExtraQuestion(BaseModel):
    """A profile question added by a pack, answered in ``UserProfile.extra[name]``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Name
    question: Annotated[str, Field(min_length=1, max_length=300)]
    kind: Literal["yes_no", "choice", "number"] = "yes_no"
    choices: tuple[Name, ...] = ()
    low: int = Field(0, ge=0, le=1_000_000)
    high: int = Field(100, ge=0, le=1_000_000)
    safety: bool = False

    @model_validator(mode="after")
    def _shape(self) -> ExtraQuestion:
        if self.kind == "choice" and not self.choices:
            raise ValueError("a choice question needs choices")
        if self.kind != "choice" and self.choices:
            raise ValueError("only choice questions take choices")
        if UNKNOWN in self.choices:
            raise ValueError("'unknown' is reserved for an unanswered question")
        if self.low > self.high:
            raise ValueError("low must not exceed high")
        return self

    @property
    def fact(self) -> str:
        """The fact rules read: ``extra_<name>``."""
        return f"extra_{self.name}"

    @property
    def field(self) -> str:
        """The profile path of the answer: ``extra.<name>``."""
        return f"extra.{self.name}"

    def spec(self) -> FactSpec:
        """The fact's description, as for the built-in facts."""
        if self.kind == "number":
            return FactSpec(self.fact, self.question + " (-1 when not answered)", low=-1,
                            high=self.high, field=self.field, question=self.question)
        values = TRI if self.kind == "yes_no" else (*self.choices, UNKNOWN)
        order = (NO, UNKNOWN, YES) if self.kind == "yes_no" and self.safety else ()
        return FactSpec(self.fact, self.question, values, field=self.field,
                        question=self.question, safety=self.safety, risk_order=order)

    def value_of(self, answer: object) -> str | int:
        """The fact value for ``answer`` (None = not answered); ValueError if it does not fit."""
        if answer is None:
            return -1 if self.kind == "number" else UNKNOWN
        if self.kind == "yes_no":
            if isinstance(answer, bool):
                return YES if answer else NO
            raise ValueError("expected true, false or null")
        if self.kind == "choice":
            if isinstance(answer, str) and answer in self.choices:
                return answer
            raise ValueError(f"expected one of {', '.join(self.choices)} or null")
        if isinstance(answer, int) and not isinstance(answer, bool) and \
                self.low <= answer <= self.high:
            return answer
        raise ValueError(f"expected an integer {self.low}..{self.high} or null")

    def unknown_rule(self) -> Rule:
        """The rule that keeps an unanswered safety question from ever counting as safe."""
        return Rule(
            id=f"extra.{self.name}.unanswered", topic="safety",
            when=fact(self.fact).is_(-1 if self.kind == "number" else UNKNOWN),
            then=Outcome(level=Verdict.CAUTION, summary=f"Not answered: {self.question}",
                         detail="Until this is answered the risk cannot be ruled out.",
                         asks=self.field),
            sources=("C14",), basis="interpreted",
            note="Added for every safety question of a pack: unknown is not safe.",
        )


class Pack(BaseModel):
    """A named group of rules plus the extra questions they read."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=80)] = "pack"
    questions: tuple[ExtraQuestion, ...] = ()
    rules: tuple[Rule, ...] = ()

    @model_validator(mode="after")
    def _unknown_rules(self) -> Pack:
        # Each safety question gets its "unanswered -> caution" rule, once, as generated:
        # a pack cannot declare a rule under a reserved id (nor its own unanswered rule).
        auto = {r.id: r for r in (q.unknown_rule() for q in self.questions if q.safety)}
        for r in self.rules:
            if RESERVED_ID.match(r.id) and auto.get(r.id) != r:
                raise ValueError(f"rule id {r.id!r} is reserved for the automatic unanswered "
                                 "rule of a safety question; a pack cannot declare it")
        have = {r.id for r in self.rules}
        missing = tuple(r for r in auto.values() if r.id not in have)
        if missing:
            object.__setattr__(self, "rules", self.rules + missing)
        names = [q.name for q in self.questions]
        if len(set(names)) != len(names):
            raise ValueError("question names must be unique")
        return self

    def __iter__(self) -> Iterator[Rule]:  # type: ignore[override]
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)


class RuleFileError(RuleError):
    """A rule file cannot be used; ``file``, ``rule_id`` and ``field`` say where."""

    def __init__(self, message: str, *, file: str, rule_id: str | None = None,
                 field: str | None = None) -> None:
        self.file = file
        self.rule_id = rule_id
        self.field = field
        where = [file]
        if rule_id:
            where.append(f"rule {rule_id!r}")
        if field:
            where.append(f"field {field!r}")
        ValueError.__init__(self, f"{': '.join(where)}: {message}")


def _read(path: Path) -> Any:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RuleFileError(f"cannot read the file: {exc.strerror}", file=name) from None
    if size > MAX_FILE_BYTES:
        raise RuleFileError(f"file is larger than {MAX_FILE_BYTES} bytes", file=name)
    suffix = path.suffix.lower()
    # Imported here: only reading a pack file needs them (they slow every import of acumat).
    import tomllib

    import yaml

    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        if suffix in (".yaml", ".yml"):
            return yaml.safe_load(text)
        if suffix == ".toml":
            return tomllib.loads(text)
        if suffix == ".json":
            return json.loads(text)
    except UnicodeDecodeError:
        raise RuleFileError("the file is not UTF-8 text", file=name) from None
    except (yaml.YAMLError, tomllib.TOMLDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise RuleFileError(f"cannot parse the file: {exc}", file=name) from None
    raise RuleFileError("rule files end in .yaml, .yml, .toml or .json", file=name)


def _loc(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc)


def pack_from_data(data: Any, *, file: str = "<data>") -> Pack:
    """Validate already-parsed pack data (a list of rules or a pack mapping)."""
    if isinstance(data, list):
        data = {"rules": data}
    if not isinstance(data, Mapping):
        raise RuleFileError("expected a list of rules or a mapping with 'rules'", file=file)
    rules_raw = data.get("rules", [])
    if not isinstance(rules_raw, list):
        raise RuleFileError("'rules' must be a list", file=file, field="rules")
    rules: list[Rule] = []
    for i, raw in enumerate(rules_raw):
        rid = raw.get("id") if isinstance(raw, Mapping) else None
        label = rid if isinstance(rid, str) and len(rid) < 100 else f"#{i + 1}"
        try:
            rules.append(Rule.model_validate(raw))
        except ValidationError as exc:
            err = exc.errors()[0]
            raise RuleFileError(err["msg"], file=file, rule_id=label, field=_loc(err["loc"])) from None
    try:
        pack = Pack.model_validate({**{k: v for k, v in data.items() if k != "rules"},
                                    "rules": rules})
    except ValidationError as exc:
        err = exc.errors()[0]
        raise RuleFileError(err["msg"], file=file, field=_loc(err["loc"])) from None
    from acumat.rules.ruleset import check_pack

    try:
        check_pack(pack)
    except RuleError as exc:
        raise RuleFileError(str(exc).split(": ", 1)[-1], file=file, rule_id=exc.rule_id,
                            field=exc.field) from None
    return pack


def load_rules(path: str | Path) -> Pack:
    """Read a rule pack from a YAML, TOML or JSON file.

    Raises :class:`RuleFileError` (a ``ValueError``) naming the file, the rule id
    and the field for any problem. YAML is read with ``yaml.safe_load``: a rule
    file cannot run code.
    """
    p = Path(path)
    return pack_from_data(_read(p), file=str(p))


def rules_of(pack: Pack | Iterable[Rule]) -> tuple[tuple[Rule, ...], tuple[ExtraQuestion, ...]]:
    """The rules and questions of a pack or of a plain iterable of rules."""
    if isinstance(pack, Pack):
        return pack.rules, pack.questions
    return tuple(pack), ()
