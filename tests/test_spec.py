"""The brand keys live in infokit/spec.py; the validator, README, starter and JSON Schema follow."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from infokit import brand, spec, starter
from infokit.cli import app
from infokit.errors import BrandError

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = sorted([*(ROOT / "brands").glob("*.yaml"), *(ROOT / "examples").glob("*.yaml")])


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(spec.json_schema())


def test_the_validator_knows_exactly_the_spec_keys() -> None:
    known = {
        *brand.TOP_KEYS,
        *(f"colors.{k}" for k in brand.COLOR_KEYS),
        *(f"fonts.{k}" for k in brand.FONT_KEYS),
        *(f"links.{k}" for k in brand.LINK_KEYS),
    } - {"colors", "fonts", "links"}
    assert {k.path for k in spec.brand_keys()} == known
    assert {k.path for k in spec.brand_keys() if k.required} == set(brand.REQUIRED)


def test_the_readme_table_is_the_spec() -> None:
    rows = [line for line in README.splitlines() if re.match(r"^\| `[a-z.]+` \| (yes|no) \|", line)]
    assert rows == spec.readme_rows()


def test_the_starter_mentions_every_key() -> None:
    for key in spec.brand_keys():
        leaf = key.path.split(".")[-1]
        assert re.search(rf"^[# ]*{leaf}:", starter.TEXT, flags=re.M), key.path


def test_the_schema_is_valid_and_printed_by_the_cli() -> None:
    jsonschema.Draft202012Validator.check_schema(spec.json_schema())
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0 and json.loads(result.stdout) == spec.json_schema()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_brand_follows_the_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [e.message for e in _validator().iter_errors(data)]
    assert not errors, errors


def test_the_readme_example_and_the_starter_follow_the_schema() -> None:
    block = re.search(r"```yaml\n(.*?)```", README, flags=re.S)
    assert block
    for text in (block.group(1), starter.TEXT):
        assert not list(_validator().iter_errors(yaml.safe_load(text)))


SCHEMA_SHAPED = ("is not a known key", "is required", "is not a colour", "use one of", "not allowed")
"""Problems whose cause is the form of a value: the schema must catch these too."""


def _corpus() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load(
        (ROOT / "tests" / "bad_inputs" / "cases.yaml").read_text("utf-8")
    )
    return [c for c in cases if isinstance(c.get("brand"), str) and c.get("brand")]


@pytest.mark.parametrize("case", _corpus(), ids=lambda c: c["name"])
def test_schema_agrees_with_the_validator_on_the_bad_inputs(case: dict[str, Any], tmp_path: Path) -> None:
    """Where the validator refuses a value for its form, the schema refuses it too."""
    from .test_bad_inputs import good_lines

    text = case["brand"].replace("GOOD", good_lines(case["brand"]))
    path = tmp_path / "brand.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):  # tags that cannot be built
        pytest.skip("not YAML the schema can see: the validator alone reports it")
    if not isinstance(data, dict):
        return  # the schema's "type: object" refuses it; the validator does too
    try:
        brand.load(path)
    except BrandError as exc:
        # Links inside faq answers are Markdown text to the schema: only the validator reads them.
        shaped = [
            p
            for p in exc.problems
            if any(s in p.message for s in SCHEMA_SHAPED) and not (p.key or "").startswith("faq.")
        ]
        if shaped:
            assert list(_validator().iter_errors(data)), [str(p) for p in shaped]
        return
    assert not list(_validator().iter_errors(data)), "the schema refuses what the validator accepts"


def test_the_corpus_has_form_errors_for_the_schema_to_catch(tmp_path: Path) -> None:
    """The agreement test above is not vacuous: many corpus cases are form errors."""
    from .test_bad_inputs import good_lines

    shaped = 0
    for case in _corpus():
        path = tmp_path / f"{case['name']}.yaml"
        path.write_text(case["brand"].replace("GOOD", good_lines(case["brand"])), encoding="utf-8")
        try:
            brand.load(path)
        except BrandError as exc:
            shaped += any(any(s in p.message for s in SCHEMA_SHAPED) for p in exc.problems)
    assert shaped >= 10, shaped
