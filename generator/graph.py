"""Co-mention graphs as static SVG, laid out and drawn at build time: no JavaScript in the reader's browser.

Two views, each bounded whatever the corpus size:

- `neighbourhood`: one entity at the centre and its strongest co-mentioned entities around it
  (at most NEIGHBOURS), at angles by rank; an entity page shows it.
- `network`: the NETWORK_NODES entities named in most articles and the NETWORK_EDGES strongest pairs
  among them, placed by a force layout with a fixed start and a fixed number of steps; the network page.

Layouts are deterministic (same input, same bytes): no randomness, ties broken by name. Every label and
tooltip is seed text, escaped here with `escape.escape_html`; every node is a link (`<a xlink:href>`) to its page.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .escape import Markdown, escape_html

NEIGHBOURS = 12  # entities around the centre of an entity page's graph
JOINING = 3  # articles named per link, in its tooltip and in the list under the graph
NETWORK_NODES = 40  # entities on the network page
NETWORK_EDGES = 60  # pairs drawn among them
LABEL_CHARACTERS = 18  # per line; a label has two lines at most, the full name is in the tooltip
TYPES = ("person", "organisation", "place", "event")


@dataclass(frozen=True, slots=True)
class Node:
    """An entity as a graph shows it. `href` is a URL relative to the page drawing the graph."""

    id: str
    name: str
    type: str
    href: str
    articles: int = 0  # articles naming it (its size on the network page); 0 when not shown


@dataclass(frozen=True, slots=True)
class Link:
    """Two entities named in `count` articles together; `joining`: titles of up to JOINING of them."""

    source: str  # node id
    target: str
    count: int
    joining: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Placed:
    """A node at its place in the drawing."""

    node: Node
    x: float
    y: float
    radius: float
    anchor: str  # the label's text-anchor: "start", "middle" or "end"
    label_x: float
    label_y: float


@dataclass(frozen=True, slots=True)
class Drawing:
    """A laid-out graph: what `svg` draws."""

    width: int
    height: int
    placed: tuple[Placed, ...]
    links: tuple[Link, ...]
    centre: str = ""  # the id of the node at the centre, if any


# --- the neighbourhood of one entity -----------------------------------------------------------

NEIGHBOURHOOD_WIDTH, NEIGHBOURHOOD_HEIGHT = 640, 440
RING_X, RING_Y = 190, 150  # the ring of neighbours is an ellipse: wider than tall, like the page


def neighbourhood(centre: Node, neighbours: Sequence[tuple[Node, Link]]) -> Drawing:
    """`centre` in the middle, `neighbours` (strongest first) around it clockwise from the top, at most
    NEIGHBOURS of them; each link joins the centre to one neighbour."""
    shown = list(neighbours[:NEIGHBOURS])
    cx, cy = NEIGHBOURHOOD_WIDTH / 2, NEIGHBOURHOOD_HEIGHT / 2
    placed = [Placed(centre, cx, cy, 14.0, "middle", cx, cy + 30)]
    most = max((link.count for _, link in shown), default=1)
    for rank, (node, link) in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * rank / max(len(shown), 1)
        dx, dy = math.cos(angle), math.sin(angle)
        x, y = cx + RING_X * dx, cy + RING_Y * dy
        radius = 6.0 + 4.0 * link.count / most
        placed.append(_with_label(node, x, y, radius, dx, dy))
    return Drawing(
        NEIGHBOURHOOD_WIDTH, NEIGHBOURHOOD_HEIGHT, tuple(placed), tuple(link for _, link in shown), centre.id
    )


def _with_label(node: Node, x: float, y: float, radius: float, dx: float, dy: float) -> Placed:
    """The label outside the node, away from the centre: beside it left and right, above or below it
    at the top and bottom."""
    lines = len(label_lines(node.name))
    if dx > 0.35:
        return Placed(node, x, y, radius, "start", x + radius + 5, y + 4 - 7.5 * (lines - 1))
    if dx < -0.35:
        return Placed(node, x, y, radius, "end", x - radius - 5, y + 4 - 7.5 * (lines - 1))
    if dy < 0:
        return Placed(node, x, y, radius, "middle", x, y - radius - 6 - 15 * (lines - 1))
    return Placed(node, x, y, radius, "middle", x, y + radius + 15)


# --- the strongest links of the corpus ---------------------------------------------------------

NETWORK_WIDTH, NETWORK_HEIGHT = 840, 620
NETWORK_MARGIN_X, NETWORK_MARGIN_Y = 90, 30
STEPS = 300


def top_entities(counts: dict[str, int], names: dict[str, str]) -> list[str]:
    """The NETWORK_NODES entities named in most articles (`counts`), most first; ties by name, then id."""
    return sorted(counts, key=lambda i: (-counts[i], names[i].casefold(), i))[:NETWORK_NODES]


def strongest_pairs(pairs: dict[tuple[str, str], int], names: dict[str, str]) -> list[tuple[str, str]]:
    """The NETWORK_EDGES pairs named together in most articles, strongest first; ties by names, then ids."""
    order = sorted(pairs, key=lambda p: (-pairs[p], names[p[0]].casefold(), names[p[1]].casefold(), p))
    return order[:NETWORK_EDGES]


def network(nodes: Sequence[Node], links: Sequence[Link]) -> Drawing:
    """The nodes placed by a force layout (Fruchterman-Reingold): start on a circle, by type and then in
    the order given, then STEPS steps with a cooling temperature. No randomness: the same bytes each time."""
    n = len(nodes)
    if n == 0:
        return Drawing(NETWORK_WIDTH, NETWORK_HEIGHT, (), ())
    index = {node.id: i for i, node in enumerate(nodes)}
    start = sorted(range(n), key=lambda i: (TYPES.index(nodes[i].type) if nodes[i].type in TYPES else 9, i))
    angles = np.empty(n)
    angles[start] = 2 * np.pi * np.arange(n) / n
    position = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    edges = [(index[link.source], index[link.target], link.count) for link in links]
    most = max((count for _, _, count in edges), default=1)
    pull = np.zeros((n, n))
    for a, b, count in edges:
        pull[a, b] = pull[b, a] = 0.5 + count / most
    ideal = 1.0 / math.sqrt(n)
    temperature = 0.1
    for _ in range(STEPS):
        delta = position[:, None, :] - position[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = ideal * ideal / distance - pull * distance * distance / ideal  # repulsion - attraction
        move = (delta / distance[:, :, None] * force[:, :, None]).sum(axis=1)
        move -= 0.02 * position / ideal  # gravity: nothing drifts away
        length = np.maximum(np.linalg.norm(move, axis=1), 1e-9)
        position += move / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.985
    low, high = position.min(axis=0), position.max(axis=0)
    span = np.maximum(high - low, 1e-9)
    inner = np.array([NETWORK_WIDTH - 2 * NETWORK_MARGIN_X, NETWORK_HEIGHT - 2 * NETWORK_MARGIN_Y])
    scaled = np.array([NETWORK_MARGIN_X, NETWORK_MARGIN_Y]) + (position - low) / span * inner
    largest = max(node.articles for node in nodes) or 1
    radii = np.array([4.0 + 10.0 * math.sqrt(node.articles / largest) for node in nodes])
    lines = [label_lines(node.name) for node in nodes]
    scaled = _unoverlap(scaled, radii, lines)
    placed = []
    for i, node in enumerate(nodes):
        x, y, radius = round(float(scaled[i, 0]), 1), round(float(scaled[i, 1]), 1), round(float(radii[i]), 1)
        placed.append(Placed(node, x, y, radius, "middle", x, y + radius + 14))
    return Drawing(NETWORK_WIDTH, NETWORK_HEIGHT, tuple(placed), tuple(links))


CHARACTER_WIDTH, LINE_HEIGHT = 7.5, 15  # of a label, in the SVG's units (CSS sets 14px text)
SEPARATION_STEPS = 200


def _unoverlap(position: np.ndarray, radii: np.ndarray, lines: Sequence[Sequence[str]]) -> np.ndarray:
    """Nodes moved apart until no two boxes (a node and its label under it) overlap, or for
    SEPARATION_STEPS steps: each overlapping pair is pushed apart along the axis it overlaps least."""
    n = len(position)
    half_width = np.array(
        [max(max(map(len, label)) * CHARACTER_WIDTH / 2, r) + 4 for label, r in zip(lines, radii, strict=True)]
    )
    below = radii + 4 + LINE_HEIGHT * np.array([len(label) for label in lines])  # from the centre down
    half_height = (radii + below) / 2 + 2
    offset = (below - radii) / 2  # the box's centre, below the node's
    low = np.stack([half_width, radii + 4], axis=1)
    high = np.stack([NETWORK_WIDTH - half_width, NETWORK_HEIGHT - below - 4], axis=1)
    order = np.arange(n)
    tie = np.sign(order[:, None] - order[None, :]).astype(float)  # which way two nodes at one place go
    position = position.copy()
    for _ in range(SEPARATION_STEPS):
        centre = position + np.stack([np.zeros(n), offset], axis=1)
        dx = centre[:, None, 0] - centre[None, :, 0]
        dy = centre[:, None, 1] - centre[None, :, 1]
        over_x = half_width[:, None] + half_width[None, :] - np.abs(dx)
        over_y = half_height[:, None] + half_height[None, :] - np.abs(dy)
        overlapping = (over_x > 0) & (over_y > 0)
        np.fill_diagonal(overlapping, False)
        if not overlapping.any():
            break
        along_x = overlapping & (over_x <= over_y)
        along_y = overlapping & (over_x > over_y)
        push_x = np.where(along_x, np.where(dx == 0, tie, np.sign(dx)) * over_x / 2, 0).sum(axis=1)
        push_y = np.where(along_y, np.where(dy == 0, tie, np.sign(dy)) * over_y / 2, 0).sum(axis=1)
        position += 0.5 * np.stack([push_x, push_y], axis=1)
        position = np.clip(position, low, high)
    return position


# --- drawing -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def label_lines(name: str) -> tuple[str, ...]:
    """A name in at most two lines of about LABEL_CHARACTERS, cut between words; longer names end in '…'."""
    words = name.split()
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= LABEL_CHARACTERS:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 2:
        lines = [lines[0], lines[1] + " …"]
    return tuple(
        line if len(line) <= LABEL_CHARACTERS + 2 else line[:LABEL_CHARACTERS].rstrip() + "…" for line in lines
    )


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def _link_title(link: Link, names: dict[str, str], only: str = "") -> str:
    """ "A and B: 3 articles together: Title; Title; Title" (", including ..." when there are more), or
    "B: ..." with `only` B (around a centre, A is the page's own entity). Escaped: made of escaped names and
    titles and our own words, which need no escaping."""
    if only:
        text = f"{_escaped(names[only])}: {_plural(link.count, 'article')} together"
    else:
        pair = f"{_escaped(names[link.source])} and {_escaped(names[link.target])}"
        text = f"{pair}: {_plural(link.count, 'article')} together"
    if not link.joining:
        return text
    titles = "; ".join(map(_escaped, link.joining))
    return text + (", including " if link.count > len(link.joining) else ": ") + titles


@functools.lru_cache(maxsize=1 << 16)
def _escaped(text: str) -> str:
    """escape_html, once per name or title: the same ones recur on many pages' graphs."""
    return escape_html(text)


def svg(drawing: Drawing, label: str) -> Markdown:
    """The drawing as one inline <svg> (inside a <div>, a raw HTML block to Markdown): links first,
    under the nodes; every node a link with a <title> tooltip. `label` names the graph for screen
    readers. Every piece of text is escaped with escape_html.

    Links are `xlink:href`, not `href`: Material's instant navigation re-assigns the `href` of every
    element with that attribute on a page it loads, which throws on an SVG link (its `href` is
    read-only), a console error. Browsers follow `xlink:href` the same."""
    names = {p.node.id: p.node.name for p in drawing.placed}
    at = {p.node.id: p for p in drawing.placed}
    most = max((link.count for link in drawing.links), default=1)
    by_node: dict[str, list[Link]] = {}
    for link in drawing.links:
        by_node.setdefault(link.source, []).append(link)
        by_node.setdefault(link.target, []).append(link)
    variant = "" if drawing.centre else " entity-graph--network"
    box = f"0 0 {drawing.width} {drawing.height}"
    out = [
        f'<div class="entity-graph{variant}">\n<svg class="entity-graph__svg" viewBox="{box}" role="group" '
        f'aria-label="{escape_html(label)}" xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">',
        '<g class="entity-graph__links">',
    ]
    for link in drawing.links:
        a, b = at[link.source], at[link.target]
        width = 1.0 + 5.0 * (link.count - 1) / max(most - 1, 1)
        # Around a centre each node's tooltip tells its link; in the network, the link's own does.
        title = "" if drawing.centre else f"<title>{_link_title(link, names)}</title>"
        out.append(
            f'<line x1="{a.x:.0f}" y1="{a.y:.0f}" x2="{b.x:.0f}" y2="{b.y:.0f}" stroke-width="{width:.1f}">'
            f"{title}</line>"
        )
    out.append("</g>")
    out.append('<g class="entity-graph__nodes">')
    for p in drawing.placed:
        node = p.node
        centre = " entity-graph__node--centre" if node.id == drawing.centre else ""
        kind = node.type if node.type in TYPES else "other"
        if drawing.centre and node.id != drawing.centre:  # a neighbour: its link to the centre, named once
            tip = "; ".join(_link_title(link, names, node.id) for link in by_node.get(node.id, []))
        else:
            tip = (
                f"{_escaped(node.name)} · {_plural(node.articles, 'article')}" if node.articles else _escaped(node.name)
            )
        out.append(
            f'<a xlink:href="{_escaped(node.href)}" class="entity-graph__node entity-graph__node--{kind}{centre}">'
            f"<title>{tip}</title>"
            f'<circle cx="{p.x:.0f}" cy="{p.y:.0f}" r="{p.radius:.0f}"/>' + _text(p) + "</a>"
        )
    out.append("</g>\n</svg>\n</div>")
    return Markdown("\n".join(out))


def _text(p: Placed) -> str:
    """The label: one <text>, a second line as a <tspan> under the first."""
    first, *rest = label_lines(p.node.name)
    anchor = "" if p.anchor == "start" else f' text-anchor="{p.anchor}"'  # start: SVG's default
    more = "".join(f'<tspan x="{p.label_x:.0f}" dy="{LINE_HEIGHT}">{_escaped(line)}</tspan>' for line in rest)
    return f'<text x="{p.label_x:.0f}" y="{p.label_y:.0f}"{anchor}>{_escaped(first)}{more}</text>'


# What the colours mean, under each graph (our own text: nothing to escape).
KEY = Markdown(
    '<p class="entity-graph__key">'
    + " ".join(
        f'<span class="entity-graph__key-item entity-graph__node--{kind}">{label}</span>'
        for kind, label in zip(TYPES, ("Person", "Organisation", "Place", "Event"), strict=True)
    )
    + "</p>"
)
