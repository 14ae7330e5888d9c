"""Space follows content: blocks of a column re-stacked after their text is measured.

The rules are the template contract's (contract.py): a column is the shapes tagged
``@COLUMN.N``; each block's lowest variable text box in each side-by-side part takes
the height its text needs; shapes below it move, shapes around it stretch. Leftover
room goes to the gaps, in proportion to their design; a column too full closes its
gaps to half, then shrinks its text, never below the 7 pt floor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from infokit import contract, fit
from infokit.ooxml import Element, qn

EMU_PER_PT = fit.EMU_PER_PT
MIN_GAP_SHARE = 0.3
LAST_GAP_SHARE = 0.1
"""Before headings shrink toward the floor, gaps may close this far."""
ALIKE_EMPTINESS = 0.3
"""Cards of one row share a height unless one would be this much empty at the bottom
(estimated from the measured text; the PDF adds line leading, so it stays under 40%)."""
"""A full column may close its gaps to this share of their design before text shrinks."""


@dataclass
class Item:
    el: Element
    name: str
    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def overlap_x(self, other: Item) -> int:
        return min(self.right, other.right) - max(self.left, other.left)

    def move(self, dy: int, grow: int = 0) -> None:
        xfrm = _xfrm(self.el)
        assert xfrm is not None
        off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
        off.set("y", str(self.top + dy))
        if grow:
            ext.set("cy", str(max(0, self.height + grow)))


@dataclass
class Side:
    """One side-by-side part of a block: a driver and the shapes that follow it."""

    driver: Item
    text: fit._ShapeText
    stretch: list[Item] = field(default_factory=list)
    move: list[Item] = field(default_factory=list)

    def emptiness(self, unused: int, delta: int) -> float:
        """The share of this side's panel left empty when it grows by ``delta`` but its text
        needs ``unused`` less."""
        panel = max(self.stretch, key=lambda i: i.height, default=self.driver)
        below = panel.bottom - self.driver.bottom  # the panel's own margin under the text box
        return (below + unused) / max(1, panel.height + delta)

    def inner_height(self, scale: float) -> int:
        """The text area this side needs at ``scale``, in EMU (with fit's safety room)."""
        return round(self.text.needed_height(scale) / fit.SAFETY * EMU_PER_PT) + 1


@dataclass
class Block:
    number: int
    items: list[Item]
    sides: list[Side]
    fixed: list[Item]
    top: int
    bottom: int

    @property
    def height(self) -> int:
        return self.bottom - self.top

    def deltas(self, scale: float) -> list[int]:
        """Per side, how much its driver grows (or shrinks); sides of one group share the most."""
        raw = [s.inner_height(scale) - round(s.text.height * EMU_PER_PT) for s in self.sides]
        # A band that paints its own fill (header, footer) keeps its designed height at least;
        # a panel never shrinks past what it holds (a QR code in its card).
        raw = [max(0, d) if _filled(s.driver.el) else d for s, d in zip(self.sides, raw, strict=True)]
        raw = [max(d, self._least_delta(s)) for s, d in zip(self.sides, raw, strict=True)]
        shared: dict[str, int] = {}
        for side, delta in zip(self.sides, raw, strict=True):
            key = _group(side)
            shared[key] = max(shared.get(key, delta), delta)
        # Cards of a row keep one height, unless that would leave one of them mostly empty.
        for side, delta in zip(self.sides, raw, strict=True):
            key = _group(side)
            if key in shared and side.emptiness(shared[key] - delta, shared[key]) > ALIKE_EMPTINESS:
                del shared[key]
        return [shared.get(_group(s), d) for s, d in zip(self.sides, raw, strict=True)]

    def new_height(self, scale: float) -> int:
        if not self.sides:
            return self.height
        # The lowest edge after growth: each side's shapes move with its text, the rest stay.
        grown = 0
        for side, delta in zip(self.sides, self.deltas(scale), strict=True):
            for item in (side.driver, *side.stretch, *side.move):
                grown = max(grown, item.bottom - self.top + delta)
        for item in self.fixed:  # what does not follow the text stays whole, inside its backdrop
            grown = max(grown, item.bottom - self.top + self._margin(item))
        return grown

    def _least_delta(self, side: Side) -> int:
        """How far this side may shrink before a panel it stretches cuts what sits in it."""
        least = -(10**12)
        for panel in side.stretch:
            for item in self.fixed:
                if panel.top <= item.top and item.bottom <= panel.bottom and panel.overlap_x(item) > 0:
                    margin = min(panel.bottom - item.bottom, item.top - panel.top)
                    least = max(least, item.bottom + margin - panel.bottom)
        return least

    def _margin(self, item: Item) -> int:
        """The room below ``item`` inside the filled box that holds it (a logo in a band)."""
        for side in self.sides:
            for holder in (side.driver, *side.stretch):
                if holder.top <= item.top and item.bottom <= holder.bottom and holder.overlap_x(item) > 0:
                    return max(0, min(holder.bottom - item.bottom, item.top - holder.top))
        return 0


@dataclass
class Column:
    name: str
    blocks: list[Block]
    rails: list[Item]

    @property
    def top(self) -> int:
        return self.blocks[0].top

    @property
    def bottom(self) -> int:
        return max(b.bottom for b in self.blocks)

    def gaps(self) -> list[int]:
        return [max(0, b.top - a.bottom) for a, b in zip(self.blocks, self.blocks[1:], strict=False)]

    def needed(self, scales: dict[int, float], gap_share: float) -> int:
        heights = sum(b.new_height(scales[b.number]) for b in self.blocks)
        return heights + round(sum(self.gaps()) * gap_share)

    def texts(self) -> list[fit._ShapeText]:
        return [s.text for b in self.blocks for s in b.sides]


@dataclass(frozen=True)
class Overflow:
    """A column whose text does not fit even at the floor."""

    column: str
    drivers: list[Element]
    needed_pt: float
    room_pt: float


class ColumnFull(Exception):
    def __init__(self, overflow: Overflow) -> None:
        super().__init__(overflow.column)
        self.overflow = overflow


def _group(side: Side) -> str:
    return fit.group_key(contract.base_name(side.driver.name))


def _filled(el: Element) -> bool:
    return any(el.find(f"{qn('p:spPr')}/{qn('a:' + fill)}") is not None for fill in ("solidFill", "gradFill"))


def _xfrm(el: Element) -> Element | None:
    for path in (f"{qn('p:spPr')}/{qn('a:xfrm')}", f"{qn('p:grpSpPr')}/{qn('a:xfrm')}"):
        found = el.find(path)
        if found is not None:
            return found
    return None


def _item(el: Element) -> Item | None:
    xfrm = _xfrm(el)
    c_nv_pr = el.find(f".//{qn('p:cNvPr')}")
    if xfrm is None or c_nv_pr is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    if off is None or ext is None:
        return None
    return Item(
        el,
        str(c_nv_pr.get("name", "")),
        int(off.get("x", 0)),
        int(off.get("y", 0)),
        int(ext.get("cx", 0)),
        int(ext.get("cy", 0)),
    )


def columns(
    sp_tree: Element, variable: Iterable[Element], typefaces: fit.Fonts
) -> list[Column]:
    """The slide's flow columns, each block's sides worked out from the design."""
    flowing = set(variable)
    grouped: dict[str, dict[int, list[Item]]] = {}
    rails: dict[str, list[Item]] = {}
    for el in sp_tree:
        item = _item(el)
        tag = contract.flow_tag(item.name) if item else None
        if item is None or tag is None:
            continue
        if tag.block is None:
            rails.setdefault(tag.column, []).append(item)
        else:
            grouped.setdefault(tag.column, {}).setdefault(tag.block, []).append(item)
    result = []
    for name in sorted(grouped):
        blocks = [_block(n, items, flowing, typefaces) for n, items in sorted(grouped[name].items())]
        result.append(Column(name, blocks, rails.get(name, [])))
    return result


def _block(number: int, items: list[Item], flowing: set[Element], typefaces: fit.Fonts) -> Block:
    texts = [i for i in items if i.el in flowing and i.el.tag == qn("p:sp")]
    sides: list[Side] = []
    for cluster in _clusters(texts):
        driver = max(cluster, key=lambda i: (i.bottom, i.height))
        sides.append(Side(driver, fit.shape_text(driver.el, typefaces)))
    fixed = []
    for item in items:
        if any(item is s.driver for s in sides):
            continue
        side = max(sides, key=lambda s: item.overlap_x(s.driver), default=None)
        if side is None or item.overlap_x(side.driver) <= 0:
            fixed.append(item)
        elif item.top <= side.driver.top and item.bottom >= side.driver.bottom:
            side.stretch.append(item)
        elif item.top >= side.driver.bottom:
            side.move.append(item)
        else:
            fixed.append(item)
    return Block(number, items, sides, fixed, min(i.top for i in items), max(i.bottom for i in items))


def _clusters(items: list[Item]) -> list[list[Item]]:
    """Side-by-side parts: text boxes whose horizontal extents overlap belong together."""
    clusters: list[list[Item]] = []
    for item in sorted(items, key=lambda i: i.left):
        joined = [c for c in clusters if any(item.overlap_x(o) > 0 for o in c)]
        merged = [item, *(o for c in joined for o in c)]
        clusters = [c for c in clusters if c not in joined] + [merged]
    return clusters


Scales = dict[int, float]
"""A scale per block number."""


def _over(column: Column) -> set[int]:
    """Blocks whose text needs more than their designed room, with the blocks that share
    a text group with them (steps keep one type size)."""
    over = {b.number for b in column.blocks if b.new_height(1.0) > b.height}
    keys = {
        fit.group_key(contract.base_name(s.driver.name))
        for b in column.blocks
        if b.number in over
        for s in b.sides
    }
    for block in column.blocks:
        if any(fit.group_key(contract.base_name(s.driver.name)) in keys for s in block.sides):
            over.add(block.number)
    return over


def _body_floor(block: Block) -> float:
    """The scale at which the block's smallest text reaches the floor."""
    sizes = [size for side in block.sides for size in side.text.sizes() if size > fit.MIN_PT]
    return fit.MIN_PT / min(sizes) if sizes else 1.0


def _scales(column: Column, over: set[int], scale: float, phase: int) -> Scales:
    """Phase 1 shrinks only the blocks that are over, each until its body text reaches the
    floor (headings keep their rank); phase 2 lets every block go down to the floor."""
    result = {}
    for block in column.blocks:
        if block.number not in over:
            result[block.number] = 1.0
        elif phase == 1:
            result[block.number] = max(scale, _body_floor(block))
        else:
            result[block.number] = min(_body_floor(block), max(scale, _floor(block)))
    return result


def _floor(block: Block) -> float:
    return fit.floor_scale([size for side in block.sides for size in side.text.sizes()])


def _search(column: Column, over: set[int], room: int, gap_share: float, phase: int) -> float:
    def fits(scale: float) -> bool:
        return column.needed(_scales(column, over, scale, phase), gap_share) <= room

    return fit.search_scale(0.0, 1.0, fits)


def lay_out(column: Column) -> Scales:
    """Choose the scale of each block's text, write sizes and positions; returns the scales.

    Raises ColumnFull when the text does not fit even at the floor.
    """
    room = column.bottom - column.top
    gap_share = 1.0
    scales: Scales = {b.number: 1.0 for b in column.blocks}
    if column.needed(scales, 1.0) > room:
        total_gaps = sum(column.gaps())
        closing = column.needed(scales, 0.0)
        gap_share = MIN_GAP_SHARE if total_gaps == 0 else max(MIN_GAP_SHARE, (room - closing) / total_gaps)
        scales = _shrink(column, room, gap_share)
    for block in column.blocks:
        for side in block.sides:
            side.text.apply_scale(scales[block.number])
    _place(column, room)  # sizes are written: measure what was written
    for text in column.texts():
        text.break_lines()
    return scales


def _shrink(column: Column, room: int, gap_share: float) -> Scales:
    full = {b.number: 1.0 for b in column.blocks}
    if column.needed(full, gap_share) <= room:
        return full
    over = _over(column)
    # Body text down to the floor first; then the gaps close further; only then do headings
    # give up their rank.
    lowest = _scales(column, over, 0.0, 1)
    if column.needed(lowest, gap_share) <= room:
        return _scales(column, over, _search(column, over, room, gap_share, 1), 1)
    if column.needed(lowest, LAST_GAP_SHARE) <= room:
        return lowest  # placing closes the gaps as far as needed
    gap_share = LAST_GAP_SHARE
    lowest = _scales(column, over, 0.0, 2)
    if column.needed(lowest, gap_share) <= room:
        return _scales(column, over, _search(column, over, room, gap_share, 2), 2)
    drivers = [s.driver.el for b in column.blocks for s in b.sides]
    needed = column.needed(lowest, gap_share) / EMU_PER_PT
    raise ColumnFull(Overflow(column.name, drivers, needed, room / EMU_PER_PT))


def _place(column: Column, room: int) -> None:
    gaps = column.gaps()
    heights = [b.new_height(1.0) for b in column.blocks]
    spare = room - sum(heights) - sum(gaps)
    total_gaps = sum(gaps)
    # The spare room (or the lack of it) is shared by the gaps in proportion to their design.
    new_gaps = [max(0, g + spare * g // total_gaps) for g in gaps] if total_gaps else [0] * len(gaps)
    y = column.top
    new_tops: dict[int, int] = {}
    for i, (block, height) in enumerate(zip(column.blocks, heights, strict=True)):
        if i:
            y += new_gaps[i - 1]
        new_tops[block.number] = y
        _place_block(block, y - block.top, 1.0)
        y += height
    for rail in column.rails:
        _place_rail(rail, column, new_tops)


def _place_block(block: Block, shift: int, scale: float) -> None:
    deltas = block.deltas(scale) if block.sides else []
    placed: set[int] = set()
    for side, delta in zip(block.sides, deltas, strict=True):
        side.driver.move(shift, delta)
        side.text.height += delta / EMU_PER_PT
        placed.add(id(side.driver))
        for item in side.stretch:
            item.move(shift, delta)
            placed.add(id(item))
        for item in side.move:
            item.move(shift + delta)
            placed.add(id(item))
    for item in block.items:
        if id(item) not in placed:
            item.move(shift)


def _place_rail(rail: Item, column: Column, new_tops: dict[int, int]) -> None:
    def block_at(y: int) -> Block:
        for block in column.blocks:
            if block.top <= y <= block.bottom:
                return block
        return min(column.blocks, key=lambda b: abs(b.top - y))

    start, end = block_at(rail.top), block_at(rail.bottom)
    top = new_tops[start.number] + rail.top - start.top
    bottom = new_tops[end.number] + rail.bottom - end.top
    rail.move(top - rail.top, (bottom - top) - rail.height)
