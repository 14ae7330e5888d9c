"""What a template deck must not hold, checked once when it is opened.

Every finding names the slide (or the part, for masters and layouts) and is reported
once however many slides repeat it. Checked on the raw parts, before python-pptx
or LibreOffice sees them: DTDs and entities in any XML part, content types with
parameters, hyperlinks that break the brand's link rules, and infokit:* shapes a
build could not fill (duplicated, of no size, rotated).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from infokit import contract, ooxml, xmlerrors
from infokit.errors import Problem, TemplateError

MAX_SHAPES = 300
MAX_SHAPE_TEXT = 5_000
"""Characters of text one shape may hold. Fitting measures every word, so a shape of a
few hundred thousand characters (a token repeated 20,000 times) took 36 s to refuse;
the built-in designs' largest shape holds a few hundred."""
"""Shapes on all slides together: a real infographic has fewer than a hundred."""

_SLIDE = re.compile(r"^ppt/slides/slide(\d+)\.xml$")
Add = Callable[[str, str], None]


def check_parts(path: Path, zf: zipfile.ZipFile) -> None:
    """Raise TemplateError listing every problem found in the deck's parts."""
    problems: dict[str, Problem] = {}

    def add(where: str, message: str) -> None:
        text = f"{where}: {message}"
        problems.setdefault(text, Problem(path, "template", text))

    slide_order = _slide_order(zf)
    users: dict[str, str] = {}  # part name -> the first slide (or part) that uses it
    shapes = 0
    pictures: list[str] = []
    names = set(zf.namelist())
    rel_ids: dict[str, set[str]] = {}  # part -> the relationship ids its .rels part defines
    used_ids: dict[str, set[str]] = {}  # part -> the relationship ids its XML refers to
    for name in zf.namelist():
        if not name.endswith((".xml", ".rels")):
            pictures.append(name)
            continue
        data = zf.read(name)
        where = _where(name, slide_order)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            add(where, "declares XML entities (a DTD); a PowerPoint file never does")
            continue
        owner = _where(_rels_owner(name), slide_order) if name.endswith(".rels") else where
        try:
            root = ooxml.parse(data)
        except ooxml.XMLSyntaxError as exc:  # every part, not only those read below:
            what = "its relationships part " if name.endswith(".rels") else ""
            add(owner, what + xmlerrors.plain(exc))  # python-pptx would fail on any of them
            continue
        if not _expected_root(name, root, where, add):
            continue
        if name.endswith(".rels"):
            rel_ids[_rels_owner(name)] = {r.get("Id", "") for r in root.iter(f"{{{ooxml.REL}}}Relationship")}
        else:
            used_ids[name] = {v for el in root.iter() for k, v in el.attrib.items() if k.startswith(_R_ATTR)}
        if name == "[Content_Types].xml":
            _content_types(root, add)
        elif name.endswith(".rels"):
            _hyperlinks(root, owner, add)
            _record_users(root, _rels_owner(name), owner, users)
            _missing_targets(root, _rels_owner(name), owner, names, add)
        elif name == "ppt/presentation.xml":
            _slide_size(root, add)
        elif _THEME.match(name):
            _theme(root, where, add)
        if _DRAWN.match(name):
            _whole_numbers(root, where, add)
        if _SLIDE.match(name):
            shapes += _slide_shapes(root, where, add)
    if shapes > MAX_SHAPES:
        add(
            "the deck",
            f"has {shapes:,} shapes; a template may have at most {MAX_SHAPES:,}: merge or delete shapes",
        )
    for name in pictures:
        _picture(zf, name, users.get(name, f"part {name}"), add)
    for name, ids in used_ids.items():
        missing = sorted(ids - rel_ids.get(name, set()))
        if missing:
            add(
                _where(name, slide_order),
                f"refers to the relationship {missing[0]!r}, which its relationships part does not define; "
                "open the deck in PowerPoint, let it repair it, and save it again",
            )
    if problems:
        raise TemplateError(list(problems.values()))


_THEME = re.compile(r"^ppt/theme/theme\d+\.xml$")
_DRAWN = re.compile(r"^ppt/(slides/slide|slideLayouts/slideLayout|slideMasters/slideMaster)\d+\.xml$")
_ROOTS = (
    (_SLIDE, "p:sld", "a slide"),
    (re.compile(r"^ppt/slideLayouts/slideLayout\d+\.xml$"), "p:sldLayout", "a slide layout"),
    (re.compile(r"^ppt/slideMasters/slideMaster\d+\.xml$"), "p:sldMaster", "a slide master"),
    (_THEME, "a:theme", "a theme"),
    (re.compile(r"^ppt/presentation\.xml$"), "p:presentation", "the presentation"),
)
SLIDE_SIDE = (914_400, 51_206_400)
"""The slide sizes PowerPoint allows, in EMU: 1 to 56 inches a side."""


def _expected_root(name: str, root: ooxml.Element, where: str, add: Add) -> bool:
    """A part named as a slide (layout, master, theme) must hold one; python-pptx would
    fail on it later with an AttributeError ('no attribute spTree')."""
    for pattern, tag, what in _ROOTS:
        if pattern.match(name) and root.tag != ooxml.qn(tag):
            add(where, f"is not {what} (its XML is <{ooxml.localname(root)}>); {_RESAVE}")
            return False
    return True


def _missing_targets(root: ooxml.Element, owner_part: str, where: str, names: set[str], add: Add) -> None:
    """Every part a relationship points to is in the package (PowerPoint would offer to
    repair the deck; python-pptx fails with a KeyError, deep in the render)."""
    folder = PurePosixPath(owner_part).parent
    for rel in root.iter(f"{{{ooxml.REL}}}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target or "#" in target:
            continue
        part = target.lstrip("/") if target.startswith("/") else _normalised(folder / target)
        if part not in names:
            add(
                where,
                f"refers to the part {target[:80]!r}, which is not in the file; open the deck in "
                "PowerPoint, let it repair it, and save it again",
            )


def _slide_size(root: ooxml.Element, add: Add) -> None:
    size = root.find(ooxml.qn("p:sldSz"))
    if size is None:
        return
    sides = [_int(size.get("cx")), _int(size.get("cy"))]
    low, high = SLIDE_SIDE
    if not all(low <= side <= high for side in sides):
        shown = " x ".join(f"{side / 914_400:g}" for side in sides)
        add(
            "the presentation",
            f"has a slide size of {shown} inches; PowerPoint allows 1 to 56 inches a side: "
            "set it in Design > Slide Size",
        )


def _theme(root: ooxml.Element, where: str, add: Add) -> None:
    """Brand colours and fonts are written into the theme (the contract's rules 1 and 2)."""
    for scheme, what in (("a:clrScheme", "colour"), ("a:fontScheme", "font")):
        if root.find(f".//{ooxml.qn(scheme)}") is None:
            message = f"has no {what} scheme, so the brand's {what}s cannot apply"
            add(where, f"{message}; apply a theme in PowerPoint (Design) and save the deck again")


_WHOLE = re.compile(r"^-?\d{1,12}$")
_MEASURED = {"a:off": ("x", "y"), "a:ext": ("cx", "cy"), "a:chOff": ("x", "y"), "a:chExt": ("cx", "cy")}


def _whole_numbers(root: ooxml.Element, where: str, add: Add) -> None:
    """Positions, sizes and rotations are whole numbers (EMU, 60,000ths of a degree) in
    every valid deck; anything else would stop the layout with a ValueError."""
    for tag, attrs in _MEASURED.items():
        for el in root.iter(ooxml.qn(tag)):
            for attr in attrs:
                value = el.get(attr)
                if value is not None and not _WHOLE.match(value):
                    add(where, f"a shape's position or size is {value[:20]!r}, not a whole number; {_RESAVE}")
                    return
    for el in root.iter(ooxml.qn("a:xfrm")):
        value = el.get("rot")
        if value is not None and not _WHOLE.match(value):
            add(where, f"a shape's rotation is {value[:20]!r}, not a whole number; {_RESAVE}")
            return


_RESAVE = "save the deck again from PowerPoint"
_R_ATTR = f"{{{ooxml.R}}}"


def _record_users(root: ooxml.Element, owner_part: str, where: str, users: dict[str, str]) -> None:
    folder = PurePosixPath(owner_part).parent
    for rel in root.iter(f"{{{ooxml.REL}}}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else _normalised(folder / target)
        users.setdefault(part, where)


def _normalised(path: PurePosixPath) -> str:
    """ppt/slides/../media/image1.png -> ppt/media/image1.png"""
    parts: list[str] = []
    for piece in path.parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)


def _picture(zf: zipfile.ZipFile, name: str, where: str, add: Add) -> None:
    """A picture in the deck over the logo's pixel limit would take LibreOffice seconds
    and hundreds of MB to decode (or, crafted, all the memory there is): refuse it by
    its header, before anything decodes it."""
    from infokit import images

    info = zf.getinfo(name)
    if info.file_size < 64 or name.endswith("/"):
        return
    with zf.open(info) as part:
        head = part.read(64)
    if images.sniff(head) not in ("png", "jpeg") and not head.startswith((b"GIF8", b"BM", b"II*", b"MM\0*")):
        return  # not a bitmap Pillow reads (thumbnails, fonts, printer settings, EMF)
    size = images.bitmap_size(zf.read(info))
    if size is None:
        add(where, f"the picture {name} cannot be decoded; insert it again")
    elif size[0] * size[1] > images.MAX_PIXELS:
        add(
            where,
            f"the picture {name} is {size[0]:,} x {size[1]:,} pixels; a template picture may have "
            f"at most {images.MAX_PIXELS // 1_000_000} million: insert a smaller copy "
            "(Compress Pictures in PowerPoint)",
        )


def _slide_order(zf: zipfile.ZipFile) -> dict[str, int]:
    """Slide part name -> its position in the deck (1-based), from presentation.xml."""
    try:
        root = ooxml.parse(zf.read("ppt/presentation.xml"))
        rels = ooxml.parse(zf.read("ppt/_rels/presentation.xml.rels"))
    except (KeyError, ooxml.XMLSyntaxError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{ooxml.REL}}}Relationship")}
    order: dict[str, int] = {}
    for number, sld in enumerate(root.iter(ooxml.qn("p:sldId")), start=1):
        target = targets.get(sld.get(ooxml.qn("r:id")), "")
        name = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("ppt") / target)
        order[name] = number
    return order


def _where(name: str, order: dict[str, int]) -> str:
    if name in order:
        return f"slide {order[name]}"
    match = _SLIDE.match(name)
    return f"slide part {match.group(1)}" if match else f"part {name}"


def _rels_owner(rels_name: str) -> str:
    """ppt/slides/_rels/slide3.xml.rels -> ppt/slides/slide3.xml"""
    folder, _, file = rels_name.rpartition("/_rels/")
    return f"{folder}/{file.removesuffix('.rels')}" if folder else file.removesuffix(".rels")


def _content_types(root: ooxml.Element, add: Add) -> None:
    for el in root:
        content_type = el.get("ContentType") or ""
        if ";" in content_type:
            part = el.get("PartName") or el.get("Extension") or "?"
            add(
                "[Content_Types].xml",
                f"the content type of {part} has parameters ({content_type!r}); "
                "save the deck again from PowerPoint",
            )


def _hyperlinks(root: ooxml.Element, where: str, add: Add) -> None:
    """Links already in a template follow the brand's link rules (no file:, javascript:)."""
    from infokit.brand import _link_problem

    for rel in root.iter(f"{{{ooxml.REL}}}Relationship"):
        if rel.get("Type") != ooxml.HYPERLINK or rel.get("TargetMode") != "External":
            continue
        target = (rel.get("Target") or "").strip()
        problem = _link_problem(target) if target else "is empty"
        if problem:
            add(where, f"a hyperlink {target[:80]!r} is not allowed: {problem}")


def _slide_shapes(root: ooxml.Element, where: str, add: Add) -> int:
    """Count the shapes; infokit:* shapes must be unique and have a size and no rotation."""
    for shape_el in root.iter(ooxml.qn("p:sp")):
        length = sum(len(t.text or "") for t in shape_el.iter(ooxml.qn("a:t")))
        if length > MAX_SHAPE_TEXT:
            c_nv_pr = shape_el.find(f".//{ooxml.qn('p:cNvPr')}")
            label = "" if c_nv_pr is None else (c_nv_pr.get("name") or "").strip()
            add(
                where,
                f"the shape '{label}' holds {length:,} characters; a template shape holds at most "
                f"{MAX_SHAPE_TEXT:,}: shorten it",
            )
    seen: set[str] = set()
    count = 0
    for c_nv_pr in root.iter(ooxml.qn("p:cNvPr")):
        count += 1
        # The contract name without its flow tag (``infokit:logo @page.1``): two shapes
        # with one contract name are duplicates whatever blocks they sit in.
        name = contract.base_name((c_nv_pr.get("name") or "").strip())
        if not name.startswith("infokit:"):
            continue
        if name in seen:
            add(where, f"has two shapes named '{name}'; rename or delete one")
        seen.add(name)
        shape = c_nv_pr.getparent().getparent() if c_nv_pr.getparent() is not None else None
        xfrm = None if shape is None else shape.find(f"{ooxml.qn('p:spPr')}/{ooxml.qn('a:xfrm')}")
        if xfrm is None and shape is not None:
            xfrm = shape.find(ooxml.qn("p:xfrm"))  # graphic frames
        if xfrm is None:
            continue
        ext = xfrm.find(ooxml.qn("a:ext"))
        if ext is not None and (_int(ext.get("cx")) <= 0 or _int(ext.get("cy")) <= 0):
            add(where, f"the shape '{name}' has no size (width or height 0 or less); give it a size")
        rotation = _int(xfrm.get("rot"))
        slot = contract.slot_of(name)
        if rotation % 21_600_000 and slot is not None and not slot.rotates:
            add(
                where,
                f"the shape '{name}' is rotated by {rotation / 60000:g} degrees; {slot.shown} boxes must "
                "not be rotated (what infokit places in them would not turn with them)",
            )
    return count


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return -1
