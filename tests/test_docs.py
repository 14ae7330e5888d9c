"""The README stays true to the code: every key, exit code and command is documented."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from infokit import brand, errors, results
from tools import readme_commands

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_brand_key_is_in_the_reference_table() -> None:
    keys = {
        *brand.TOP_KEYS,
        *(f"colors.{k}" for k in brand.COLOR_KEYS),
        *(f"fonts.{k}" for k in brand.FONT_KEYS),
        *(f"links.{k}" for k in brand.LINK_KEYS),
    } - {"colors", "fonts", "links"}
    documented = set(re.findall(r"^\| `([a-z.]+)` \|", README, flags=re.M))
    assert keys <= documented, keys - documented


def test_required_keys_match() -> None:
    required = set(re.findall(r"^\| `([a-z.]+)` \| yes \|", README, flags=re.M))
    assert required == set(brand.REQUIRED)


def test_exit_codes_match_the_enum() -> None:
    table = dict(re.findall(r"^\| (\d+) \| ([^|]+) \|", README, flags=re.M))
    assert {int(k) for k in table} == {int(c) for c in errors.ExitCode}


def test_every_command_is_documented() -> None:
    """Command names from Typer itself (not a regex over rich's boxes), each in the README."""
    paths = [path for path, _, _ in readme_commands.commands()]
    assert {"infokit build", "infokit batch", "infokit template check"} <= set(paths)
    for path in paths:
        assert f"`{path} " in README, path


def test_the_command_table_is_current() -> None:
    """What `cog --check -I . README.md` checks in ./tasks test, for a bare pytest run too."""
    block = re.search(r"\]\]\] -->\n(.*?)<!-- \[\[\[end\]\]\] -->", README, flags=re.S)
    assert block and block.group(1) == readme_commands.command_table()


def test_readme_example_brand_validates(tmp_path: Path) -> None:
    block = re.search(r"```yaml\n(.*?)```", README, flags=re.S)
    assert block
    shutil.copytree(ROOT / "brands" / "logos", tmp_path / "logos")
    path = tmp_path / "brand.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    assert brand.load(path).organization == "Contoso Health"


def test_the_report_example_has_the_real_schema(tmp_path: Path) -> None:
    import json

    from infokit import batch

    block = re.search(r"The report \(`--report FILE.json`\)[^\n]*\n\n```json\n(.*?)```", README, flags=re.S)
    assert block
    example = json.loads(block.group(1))
    (tmp_path / "b.yaml").write_text("organization: X\nindustry: retail\n")
    real = batch.run([tmp_path / "b.yaml"], tmp_path / "out", formats=("pptx",)).as_dict()
    assert set(example) == set(real)
    assert set(example["organizations"][0]) == set(real["organizations"][0])
    jsonschema.validate(example["organizations"][0], results.RESULT_SCHEMA)
    assert set(example["organizations"][0]["error"]["problems"][0]) == set(
        real["organizations"][0]["error"]["problems"][0]
    )


def test_the_python_example_runs(tmp_path: Path, soffice: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's "From Python" block, run as written (into a temporary folder)."""
    block = re.search(r"## From Python\n\n```python\n(.*?)```", README, flags=re.S)
    assert block
    monkeypatch.chdir(ROOT)
    code = block.group(1).replace('out_dir="out"', f'out_dir="{tmp_path}"')
    exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "contoso-health" / "contoso-health-healthcare.pdf").is_file()
    assert len(list(tmp_path.glob("клиника*/*.pdf"))) == 2


def test_the_readme_pictures_show_the_current_design() -> None:
    """docs/designs/*.png were made from today's templates, catalogues and renderer:
    otherwise run `./tasks pictures` and commit them."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("readme_pictures", ROOT / "tools" / "readme_pictures.py")
    assert spec and spec.loader
    pictures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pictures)
    recorded = pictures.DIGEST.read_text(encoding="utf-8").strip()
    assert recorded == pictures.digest(), "the README's pictures are out of date: run ./tasks pictures"
    for layout in pictures.PICTURES:
        png = pictures.OUT / f"{layout}.png"
        assert png.read_bytes().startswith(b"\x89PNG") and f"docs/designs/{layout}.png" in README
