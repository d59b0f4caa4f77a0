"""Rule-pack files as hostile input: what load_rules reads, refuses, and how fast it gives up."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import acumat.packs
from acumat import RuleFileError, default_rules, load_rules, pack_yaml, recommend
from acumat import pack_files as pf

RULE_YAML = """\
name: vendor
rules:
  - id: vendor.severe
    topic: safety
    when: {{fact: pain_severity, op: ge, value: {value}}}
    then: {{level: consult, summary: Severe pain - see a doctor.}}
    basis: interpreted
"""
PACK = {"name": "vendor", "rules": [{
    "id": "vendor.severe", "topic": "safety",
    "when": {"fact": "pain_severity", "op": "ge", "value": 8},
    "then": {"level": "consult", "summary": "Severe pain - see a doctor."},
    "basis": "interpreted"}]}


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def _refused(path: Path, match: str, **kwargs) -> RuleFileError:
    with pytest.raises(RuleFileError, match=match) as info:
        load_rules(path, **kwargs)
    assert info.value.file == str(path) and str(path) in str(info.value)
    return info.value


@pytest.fixture(params=["libyaml", "pure"])
def yaml_parser(request, monkeypatch):
    """Run a test with libyaml's C parser and with PyYAML's pure-Python one."""
    if request.param == "pure":
        monkeypatch.setattr(pack_yaml, "_pyyaml", lambda: (yaml.SafeLoader, yaml.resolver.Resolver()))
    return request.param


def test_libyaml_parser_is_used_when_pyyaml_has_it():
    """With PyYAML built against libyaml (as here), packs are parsed by its C parser."""
    assert yaml.__with_libyaml__
    assert pack_yaml._pyyaml()[0] is yaml.CSafeLoader


# --- YAML: aliases, duplicates, 1.1 readings ---------------------------------------------

def test_yaml_alias_bomb_is_refused_before_expanding(tmp_path, yaml_parser):
    """A 'billion laughs' pack (500 bytes, a million tests once expanded) is refused at its first alias."""
    levels = "".join(f"l{i + 1}: &l{i + 1} [" + ", ".join([f"*l{i}"] * 10) + "]\n" for i in range(6))
    text = "l0: &l0 {fact: pregnant, op: eq, value: 'yes'}\n" + levels
    assert len(text) < 600
    err = _refused(_write(tmp_path, "bomb.yaml", text), "anchors .* aliases")
    assert "line 1" in str(err)


def test_yaml_anchor_without_alias_is_refused(tmp_path, yaml_parser):
    """An anchor alone is refused too: packs never need them, and the message says what to do."""
    text = RULE_YAML.format(value=8).replace("topic: safety", "topic: &t safety")
    _refused(_write(tmp_path, "anchor.yaml", text), "write the repeated part out")


def test_yaml_merge_key_is_refused(tmp_path, yaml_parser):
    """A '<<' merge key (which would silently override keys) is refused."""
    text = "rules:\n  - {<<: {id: a}, id: b}\n"
    _refused(_write(tmp_path, "merge.yaml", text), "merge key")


def test_yaml_duplicate_key_is_refused_naming_it(tmp_path, yaml_parser):
    """`level: avoid` then `level: caution` in one mapping is an error naming the key, not caution."""
    text = RULE_YAML.format(value=8).replace(
        "then: {level: consult,", "then: {level: avoid, level: caution,")
    err = _refused(_write(tmp_path, "dup.yaml", text), r"the key 'level' appears more than once")
    assert "line 6" in str(err)


def test_yaml_duplicate_top_level_key_is_refused(tmp_path, yaml_parser):
    """A second 'rules:' block would silently drop the first one's rules: refused."""
    text = RULE_YAML.format(value=8) + "rules: []\n"
    _refused(_write(tmp_path, "dup.yaml", text), "'rules' appears more than once")


@pytest.mark.parametrize(("written", "needle"), [
    ("010", "the number 8 by YAML 1.1 and as a number by YAML 1.2"),
    ("0o12", "text by YAML 1.1 and as a number by YAML 1.2"),
    ("1:30", "the number 90 by YAML 1.1 and as text by YAML 1.2"),
    ("1_0", "the number 10 by YAML 1.1 and as text"),
    ("0b11", "the number 3 by YAML 1.1"),
    ("1e1", "text by YAML 1.1 and as a number"),
    ("2026-01-05", "a date by YAML 1.1"),
])
def test_yaml_numbers_read_differently_by_1_1_and_1_2_are_refused(tmp_path, yaml_parser, written, needle):
    """A number form YAML 1.1 and 1.2 read differently is an error naming both readings and the line."""
    err = _refused(_write(tmp_path, "n.yaml", RULE_YAML.format(value=written)), needle)
    assert "line 5" in str(err) and "quotes" in str(err)


@pytest.mark.parametrize("word", ["yes", "No", "on", "OFF"])
def test_yaml_1_1_booleans_are_refused(tmp_path, yaml_parser, word):
    """yes/no/on/off (booleans in YAML 1.1, text in 1.2) must be written true/false or quoted."""
    text = RULE_YAML.format(value=8).replace("basis: interpreted", f"basis: interpreted\n    x: {word}")
    err = _refused(_write(tmp_path, "b.yaml", text), f"{word} is read as (true|false) by YAML 1.1")
    assert f'"{word}"' in str(err)


@pytest.mark.parametrize(("written", "read"), [("8", 8), ("+8", 8), ("0x08", 8)])
def test_yaml_numbers_both_versions_read_alike_load(tmp_path, yaml_parser, written, read):
    """Integers both YAML versions read alike load as that integer."""
    pack = load_rules(_write(tmp_path, "ok.yaml", RULE_YAML.format(value=written)))
    assert pack.rules[0].when.value == read  # type: ignore[union-attr]


def test_quoted_yes_is_text(tmp_path, yaml_parser):
    """A quoted "yes" is the text yes: the value tri-state facts take."""
    text = RULE_YAML.format(value=8).replace("{fact: pain_severity, op: ge, value: 8}",
                                             "{fact: pregnant, op: eq, value: \"yes\"}")
    assert load_rules(_write(tmp_path, "q.yaml", text)).rules[0].when.value == "yes"  # type: ignore[union-attr]


def test_yaml_tags_are_refused_except_str(tmp_path, yaml_parser):
    """!!binary, !!int and other tags are refused; !!str is allowed (it only says 'text')."""
    _refused(_write(tmp_path, "t.yaml", RULE_YAML.format(value="!!int 010")), r"tags \(!!int\)")
    _refused(_write(tmp_path, "t2.yaml", "rules: !!set {a}\n"), r"tags \(!!set\)")
    with pytest.raises(RuleFileError, match="pain_severity"):  # loaded as the text "8": wrong type
        load_rules(_write(tmp_path, "s.yaml", RULE_YAML.format(value="!!str 8")))


def test_several_yaml_documents_are_refused(tmp_path, yaml_parser):
    """A second YAML document (after ---) is an error, not silently ignored."""
    text = RULE_YAML.format(value=8) + "---\nrules: []\n"
    _refused(_write(tmp_path, "two.yaml", text), "one YAML document")


def test_non_text_mapping_key_is_refused(tmp_path, yaml_parser):
    """A key that is a number or a list is an error (pack keys are names)."""
    _refused(_write(tmp_path, "k.yaml", "rules: []\n7: x\n"), "key must be text, not int 7")
    _refused(_write(tmp_path, "k2.yaml", "? [a]\n: x\n"), "key must be text, not a list")


def test_deep_nesting_is_refused(tmp_path, yaml_parser):
    """Lists nested deeper than MAX_DEPTH are an error naming the limit."""
    depth = pf.MAX_DEPTH + 1
    path = _write(tmp_path, "deep.yaml", "rules: " + "[" * depth + "]" * depth)
    _refused(path, f"nested more than {pf.MAX_DEPTH}")


def test_bom_at_start_of_pack_is_accepted(tmp_path, yaml_parser):
    """A UTF-8 byte order mark at the start of a pack file is not an error."""
    path = _write(tmp_path, "bom.yaml", b"\xef\xbb\xbf" + RULE_YAML.format(value=8).encode())
    assert load_rules(path).name == "vendor"


# --- JSON and TOML -----------------------------------------------------------------------

def test_json_duplicate_key_is_refused_naming_it(tmp_path):
    """A JSON pack with "level" twice in one object is an error naming the key and the file."""
    text = json.dumps(PACK).replace('"level": "consult"', '"level": "avoid", "level": "caution"')
    _refused(_write(tmp_path, "dup.json", text), "the key 'level' appears more than once")


def test_toml_duplicate_key_is_refused(tmp_path):
    """TOML's own duplicate-key error becomes a RuleFileError naming the file."""
    _refused(_write(tmp_path, "dup.toml", 'name = "a"\nname = "b"\n'), "cannot parse")


@pytest.mark.parametrize("suffix", ["yaml", "json", "toml"])
def test_5000_digit_integer_is_refused(tmp_path, suffix, yaml_parser):
    """A 5,000-digit integer is a RuleFileError naming the file in every format."""
    big = "9" * 5000
    text = {"yaml": RULE_YAML.format(value=big),
            "json": json.dumps(PACK).replace('"value": 8', f'"value": {big}'),
            "toml": f"name = {big}\n"}[suffix]
    _refused(_write(tmp_path, f"big.{suffix}", text), "digits|cannot parse")


def test_json_nan_is_refused(tmp_path):
    """NaN and Infinity (which the engine cannot compare) are refused in JSON packs."""
    text = json.dumps(PACK).replace('"value": 8', '"value": NaN')
    _refused(_write(tmp_path, "nan.json", text), "NaN is not a number")


def test_json_deep_nesting_is_refused(tmp_path):
    """JSON nested deeper than MAX_DEPTH is an error, not a RecursionError later on."""
    depth = pf.MAX_DEPTH + 1
    _refused(_write(tmp_path, "deep.json", '{"rules": ' + "[" * depth + "]" * depth + "}"), "nested more than")


# --- only regular files, bounded reads ---------------------------------------------------

def _in_time(fn, seconds: float = 20):
    """Run ``fn`` in a thread; the result or exception, or a failure if it does not return in time."""
    box: list[object] = []

    def run():
        try:
            box.append(fn())
        except BaseException as exc:
            box.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert box, f"did not return within {seconds} s"
    return box[0]


def test_directory_is_a_rule_file_error(tmp_path):
    """A directory named like a pack is refused as 'a directory'."""
    path = tmp_path / "packs.yaml"
    path.mkdir()
    _refused(path, "a directory")


def test_fifo_is_refused_without_hanging(tmp_path):
    """A FIFO with no writer (which hung the call before) is refused at once."""
    path = tmp_path / "pack.yaml"
    os.mkfifo(path)
    err = _in_time(lambda: load_rules(path))
    assert isinstance(err, RuleFileError) and "not a regular file" in str(err) and err.file == str(path)


def test_symlink_to_dev_zero_is_refused(tmp_path):
    """A symlink to /dev/zero (endless bytes) is refused without reading it."""
    path = tmp_path / "pack.yaml"
    path.symlink_to("/dev/zero")
    err = _in_time(lambda: load_rules(path))
    assert isinstance(err, RuleFileError) and "not a regular file" in str(err)


def test_unreadable_file_is_a_rule_file_error(tmp_path, monkeypatch):
    """A file the process may not open is a RuleFileError naming it (simulated: tests run as root)."""
    path = _write(tmp_path, "secret.yaml", RULE_YAML.format(value=8))
    real_open = os.open

    def denied(name, *args, **kwargs):
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    _refused(path, "cannot read the file: Permission denied")


def test_file_over_the_size_limit_is_refused_with_the_limit(tmp_path):
    """A pack larger than max_bytes fails naming the limit and how to raise it; a larger limit loads it."""
    path = _write(tmp_path, "pack.yaml", RULE_YAML.format(value=8))
    size = path.stat().st_size
    _refused(path, f"larger than the limit of {size - 1} bytes .*max_bytes", max_bytes=size - 1)
    assert load_rules(path, max_bytes=size).name == "vendor"


def test_module_size_limit_is_the_default(tmp_path, monkeypatch):
    """load_rules reads acumat.packs.MAX_FILE_BYTES at call time: lowering it refuses larger files."""
    path = _write(tmp_path, "pack.json", json.dumps(PACK))
    monkeypatch.setattr(acumat.packs, "MAX_FILE_BYTES", 10)
    _refused(path, "limit of 10 bytes")


def test_size_limit_is_enforced_on_the_read_not_only_the_size(tmp_path):
    """The read itself is bounded: a file whose reported size is 0 (procfs) is still cut at the limit."""
    path = tmp_path / "status.yaml"
    path.symlink_to("/proc/self/status")
    assert os.stat(path).st_size == 0
    _refused(path, "larger than the limit of 64 bytes", max_bytes=64)


@pytest.mark.parametrize("bad", [0, -1, True, "1000"])
def test_bad_max_bytes_is_a_value_error(tmp_path, bad):
    """max_bytes must be a positive integer."""
    with pytest.raises(ValueError, match="max_bytes"):
        load_rules(_write(tmp_path, "p.json", json.dumps(PACK)), max_bytes=bad)


def test_loaded_pack_still_gives_its_advice(tmp_path, yaml_parser):
    """A pack read by the strict loader works: severity 8 gives consult through the pack rule."""
    rules = default_rules().with_pack(load_rules(_write(tmp_path, "p.yaml", RULE_YAML.format(value=8))))
    rec = recommend({"pain": {"severity": 8}}, rules=rules)
    assert "vendor.severe" in {f.rule_id for f in rec.findings}


# --- bounded fuzz: whatever is accepted is read as YAML 1.1 and 1.2 both read it ----------

TRICKY = ["yes", "no", "on", "off", "y", "n", "~", "null", "true", "False", "010", "0o7", "0x1F", "1:30",
          "1_000", "1e3", "1.5", ".5", "-.5", ".inf", ".nan", "2026-01-05", "<<", "=", "+1", "-0", "0",
          "", "a: b", "- x", "#c", "&a", "*a", "!t", "@", "`", "0b10"]
scalars = (st.sampled_from(TRICKY) | st.text(max_size=8) | st.integers(-10**6, 10**6) | st.booleans()
           | st.none() | st.floats(allow_nan=False, allow_infinity=False, width=32))
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.sampled_from(TRICKY) | st.text(max_size=6), inner, max_size=4),
                         max_leaves=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                     HealthCheck.function_scoped_fixture])
@given(documents, st.sampled_from(["block", "flow", "json"]))
def test_accepted_yaml_reads_as_both_yaml_versions_read_it(yaml_parser, data, style):
    """Fuzzed YAML: acumat refuses it with a PackFileError or reads exactly YAML 1.1's (and JSON's) data."""
    if style == "json":
        text = json.dumps(data)
    else:
        text = yaml.safe_dump(data, default_flow_style=style == "flow", allow_unicode=True)
    try:
        got = pf.parse(text.encode("utf-8", "surrogatepass"), ".yaml")
    except pf.PackFileError:
        return
    assert got == yaml.safe_load(text)
    if style == "json":
        assert got == json.loads(text)
