"""A new link key is one row in infokit/linkkeys.py: everything else follows from it.

The test adds a row ``chat`` to a copy of the module in a fresh interpreter, then asks
the validator, the key spec (README table, JSON Schema), the starter file and the
template contract about it. Only the printed label is elsewhere (test_catalog.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from infokit import linkkeys

ROW = 'LinkKey("chat", "a chat with us", "https://example.com/chat"),'

PROBE = """
import json, sys, types
from pathlib import Path
import infokit

source = Path(infokit.__file__).with_name("linkkeys.py").read_text(encoding="utf-8")
assert "\\n)\\nBY_NAME" in source
module = types.ModuleType("infokit.linkkeys")
module.__file__ = "linkkeys.py"
sys.modules["infokit.linkkeys"] = module
added = source.replace("\\n)\\nBY_NAME", "\\n    " + sys.argv[1] + "\\n)\\nBY_NAME", 1)  # the last row
exec(compile(added, "linkkeys.py", "exec"), module.__dict__)
infokit.linkkeys = module

from infokit import brand, contract, spec, starter
loaded = brand.load(Path(sys.argv[2]))
schema = spec.json_schema()["properties"]["links"]["properties"]
print(json.dumps({
    "validator": "chat" in brand.LINK_KEYS,
    "loaded": loaded.links.get("chat"),
    "spec": [k.path for k in spec.brand_keys() if k.path == "links.chat"],
    "readme": [r for r in spec.readme_rows() if r.startswith("| `links.chat` |")],
    "schema": "chat" in schema,
    "starter": "# chat: https://example.com/chat" in starter.TEXT,
    "shapes": "infokit:link:chat" in contract.known_shapes(),
    "token": contract.parse_token("links.chat") is not None,
    "text_token": "{{links.chat}}" in brand.TEXT_TOKENS,
}))
"""


def _probe(row: str, tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "brand.yaml"
    path.write_text(
        "organization: Chat Clinic\nindustry: healthcare\ncolors: {primary: '#0F6CBD'}\n"
        "links:\n  booking: https://chat.example/book\n  chat: https://chat.example/live\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE, row, str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 or "BrandError" in done.stderr, done.stderr
    return json.loads(done.stdout) if done.returncode == 0 else {"stderr": done.stderr}


def test_one_new_row_reaches_validator_spec_schema_starter_and_contract(tmp_path: Path) -> None:
    found = _probe(ROW, tmp_path)
    assert found == {
        "validator": True,
        "loaded": "https://chat.example/live",
        "spec": ["links.chat"],
        "readme": [
            "| `links.chat` | no | a chat with us: a link, as above (at most 2000 characters) | not shown |"
        ],
        "schema": True,
        "starter": True,
        "shapes": True,
        "token": True,
        "text_token": True,
    }


def test_without_the_row_the_key_is_refused(tmp_path: Path) -> None:
    """Control: the same brand file without the row fails on links.chat."""
    assert "chat" not in linkkeys.NAMES
    found = _probe("", tmp_path)
    assert "links.chat" in str(found.get("stderr")) and "is not a known key" in str(found.get("stderr"))
