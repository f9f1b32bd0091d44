"""The co-mention graphs (generator/graph.py): layouts, caps, escaping; and as the built site shows them."""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import FIXTURES, SEED, build_site, corpus_files, indexed_pages, make_seeds

from generator import graph
from generator.graph import Link, Node

MEDINSKY = "entities/people/vladimir-medinsky/"
HOSTILE_NAMES = [
    "<script>alert('name')</script>",
    '" onmouseover="alert(1)',
    "</title><img src=x onerror=alert(2)>",
    "A & B <b>bold</b> {{ 7*7 }}",
]


class Tags(HTMLParser):
    """Every start tag with its attributes, and all text."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data):
        self.text.append(data)


def star(count: int, names: list[str] | None = None) -> tuple[Node, list[tuple[Node, Link]]]:
    names = names or [f"Person {i:02}" for i in range(count)]
    centre = Node("people/centre", "Centre Person", "person", "./", 9)
    kinds = graph.TYPES
    neighbours = [
        (Node(f"x/{i}", name, kinds[i % 4], f"../x-{i}/"), Link("people/centre", f"x/{i}", count - i, ("T1", "T2")))
        for i, name in enumerate(names)
    ]
    return centre, neighbours


# --- the neighbourhood --------------------------------------------------------------------------


def test_the_neighbourhood_is_the_same_bytes_each_time_and_the_strongest_is_at_the_top():
    centre, neighbours = star(8)
    first = graph.svg(graph.neighbourhood(centre, neighbours), "label")
    assert first == graph.svg(graph.neighbourhood(centre, list(neighbours)), "label")
    drawing = graph.neighbourhood(centre, neighbours)
    middle, top = drawing.placed[0], drawing.placed[1]
    assert middle.node.id == "people/centre" and (middle.x, middle.y) == (320.0, 220.0)
    assert top.x == pytest.approx(middle.x) and top.y < middle.y  # rank 0 straight above the centre
    # Clockwise by rank: the second strongest is to the right of the top.
    assert drawing.placed[2].x > middle.x


def test_the_neighbourhood_shows_at_most_neighbours_and_thicker_lines_for_more_articles():
    centre, neighbours = star(30)
    drawing = graph.neighbourhood(centre, neighbours)
    assert len(drawing.placed) == 1 + graph.NEIGHBOURS and len(drawing.links) == graph.NEIGHBOURS
    widths = [float(w) for w in re.findall(r'<line [^>]*stroke-width="([\d.]+)"', graph.svg(drawing, "x"))]
    assert widths == sorted(widths, reverse=True) and widths[0] > widths[-1]


def test_every_node_is_a_link_with_a_tooltip_naming_the_count_and_the_articles():
    centre, neighbours = star(3)
    markup = graph.svg(graph.neighbourhood(centre, neighbours), "Centre Person and others")
    anchors = re.findall(r"<a xlink:href=\"([^\"]+)\"[^>]*><title>([^<]*)</title><circle", markup)
    assert [href for href, _ in anchors] == ["./", "../x-0/", "../x-1/", "../x-2/"]
    assert anchors[1][1] == "Person 00: 3 articles together, including T1; T2"
    assert anchors[3][1] == "Person 02: 1 article together: T1; T2"
    assert 'viewBox="0 0 640 440"' in markup and 'aria-label="Centre Person and others"' in markup


def test_labels_fit_in_two_lines():
    assert graph.label_lines("Vladimir Medinsky") == ("Vladimir Medinsky",)
    lines = graph.label_lines("Organisation for Security and Cooperation in Europe")
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(len(line) <= graph.LABEL_CHARACTERS + 2 for line in lines)
    assert graph.label_lines("Supercalifragilisticexpialidocious")[0].endswith("…")


@pytest.mark.parametrize("drawing_kind", ["neighbourhood", "network"])
def test_names_from_the_seed_stay_text(drawing_kind):
    centre, neighbours = star(len(HOSTILE_NAMES), HOSTILE_NAMES)
    if drawing_kind == "neighbourhood":
        markup = graph.svg(graph.neighbourhood(centre, neighbours), HOSTILE_NAMES[0])
    else:
        nodes = [centre] + [node for node, _ in neighbours]
        markup = graph.svg(graph.network(nodes, [link for _, link in neighbours]), HOSTILE_NAMES[1])
    page = Tags(markup)
    assert {tag for tag, _ in page.tags} <= {"div", "svg", "g", "line", "a", "title", "circle", "text", "tspan"}
    for tag, attrs in page.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
    assert "<script" not in markup and "<img" not in markup and "<b>" not in markup
    assert "&lt;script&gt;" in markup  # shown, as text
    assert any("A & B <b>bold</b> {{ 7*7 }}" in text for text in page.text)


# --- the network ------------------------------------------------------------------------------


def many(count: int) -> tuple[list[Node], list[Link]]:
    nodes = [Node(f"t/{i:02}", f"Entity {i:02}", graph.TYPES[i % 4], f"e{i}/", 100 - i) for i in range(count)]
    links = [
        Link(nodes[i].id, nodes[(i * 7 + 3) % count].id, 1 + i % 5) for i in range(count) if (i * 7 + 3) % count != i
    ]
    return nodes, links


def test_the_network_layout_is_deterministic_and_inside_the_drawing():
    nodes, links = many(40)
    one, two = graph.network(nodes, links), graph.network(list(nodes), list(links))
    assert one == two
    assert graph.svg(one, "x") == graph.svg(two, "x")
    for p in one.placed:
        assert p.x - p.radius >= 0 and p.x + p.radius <= graph.NETWORK_WIDTH, p
        assert p.y - p.radius >= 0 and p.label_y <= graph.NETWORK_HEIGHT, p


def test_the_network_takes_the_top_entities_and_the_strongest_pairs_ties_by_name():
    counts = {f"e/{i:03}": 1000 - i // 2 for i in range(100)}
    names = {key: f"Name {key[-3:]}" for key in counts}
    top = graph.top_entities(counts, names)
    assert len(top) == graph.NETWORK_NODES and top[:3] == ["e/000", "e/001", "e/002"]
    pairs = {(a, b): 5 if a.endswith("1") else 1 for a in top for b in top if a < b}
    strongest = graph.strongest_pairs(pairs, names)
    assert len(strongest) == graph.NETWORK_EDGES
    assert all(pairs[p] == 5 for p in strongest[:10])
    assert strongest == graph.strongest_pairs(dict(reversed(pairs.items())), names)


def test_the_network_of_nothing_is_empty():
    assert graph.network([], []).placed == ()


# --- as the built site shows them ---------------------------------------------------------------


def _graph_links(site: Path, page: str) -> list[str]:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<div class="entity-graph[^"]*"[^>]*>.*?</svg>', html, re.S)
    assert found, f"{page}: no graph"
    return [urljoin(page, href) for href in re.findall(r'<a xlink:href="([^"]+)"', found[0])]


def _exists(site: Path, url: str) -> bool:
    return (site / urlsplit(url).path / "index.html").is_file()


def test_the_seed_entity_page_shows_its_neighbourhood_whose_nodes_lead_to_pages(sample_site):
    links = _graph_links(sample_site, MEDINSKY)
    assert links[0] == MEDINSKY  # the centre: the page itself
    assert 6 <= len(links) <= 1 + graph.NEIGHBOURS
    assert "entities/people/rustem-umerov/" in links and "entities/places/istanbul/" in links
    missing = [url for url in links if not _exists(sample_site, url)]
    assert not missing, missing
    html = (sample_site / MEDINSKY / "index.html").read_text(encoding="utf-8")
    section = html.split('id="in-the-network"', 1)[1].split("<h2", 1)[0]
    assert "data-search-exclude" in html.split('id="in-the-network"', 1)[0].rsplit("<h2", 1)[1]
    # Under the graph: each neighbour with the articles joining them, linked.
    umerov = re.search(
        r"<li><a href=\"\.\./rustem-umerov/\">Rustem Umerov</a> <small>(\d+) articles</small>: (.*?)</li>", section
    )
    assert umerov, section[:2000]
    assert 1 <= umerov[2].count('href="../../../briefings/') <= graph.JOINING


def test_the_network_page_is_in_the_navigation_and_every_node_leads_to_a_page(sample_site):
    links = _graph_links(sample_site, "network/")
    assert len(links) >= 10 and all(url.startswith("entities/") for url in links)
    missing = [url for url in links if not _exists(sample_site, url)]
    assert not missing, missing
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="network/"[^>]*>\s*Network', home)


def _labels(html: str, section: str) -> set[str]:
    """The one-line node labels of the graph in the page's `section`."""
    part = html.split(f'id="{section}"', 1)[1].split("<h2", 1)[0]
    return {htmllib.unescape(label) for label in re.findall(r"<text[^>]*>([^<]+)</text>", part)}


def test_graph_labels_are_not_searchable(sample_site):
    index = indexed_pages(sample_site)
    for url, section, own in (
        ("entities/people/rustem-umerov/", "in-the-network", "Rustem Umerov"),
        ("network/", "strongest-links", None),
    ):
        labels = _labels((sample_site / url / "index.html").read_text(encoding="utf-8"), section) - {own}
        assert len(labels) >= 3, labels
        text = index[url].text
        assert text, url  # the page is indexed, but not its graph's names
        assert not [label for label in labels if label in text], (url, text)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("graph_hostile")
    # The corpus too: a graph is drawn for an entity named in two articles or more.
    seeds = make_seeds(work / "seeds", SEED, *corpus_files(), FIXTURES / "hostile.txt")
    return build_site(seeds, work)


def test_the_hostile_seed_puts_no_script_or_handler_in_any_graph(hostile_site):
    pages = [p for p in hostile_site.glob("entities/*/*/index.html")] + [hostile_site / "network" / "index.html"]
    graphs = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for found in re.findall(r'<div class="entity-graph[^"]*"[^>]*>.*?</svg>', html, re.S):
            graphs += 1
            tags = Tags(found)
            assert {tag for tag, _ in tags.tags} <= {"div", "svg", "g", "line", "a", "title", "circle", "text", "tspan"}
            for tag, attrs in tags.tags:
                assert not [name for name in attrs if name.startswith("on")], (page, tag, attrs)
                assert not re.match(r"\s*(javascript|data):", attrs.get("xlink:href", attrs.get("href", "")), re.I), (
                    page,
                    attrs,
                )
    assert graphs > 10
