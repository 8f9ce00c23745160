"""The structure drawn from the imports: no cycle between the modules of jkncost, no import running up a layer.

The graph is grimp's (the library import-linter runs on): every ``import`` statement of ``src/jkncost``,
those inside functions included. ``lint-imports`` (``make lint``, ``make test``) checks the contracts of
``[tool.importlinter]`` in pyproject.toml; these tests check the same layers and, beyond its contracts,
that no two modules anywhere import each other round a circle (a package's ``__init__`` and its own
modules too), naming the circle when there is one.
"""

from __future__ import annotations

import copy
import tomllib
from collections import deque

import grimp
import pytest

from jkncost.core import paths

PACKAGE = "jkncost"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, cache_dir=None)


def _edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """The groups of two or more modules that reach each other (Tarjan, iterative), each sorted, in sorted order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return sorted(groups)


def shortest_cycle(edges: dict[str, set[str]], group: list[str]) -> list[str]:
    """One shortest circle through the first module of ``group``: ``[a, b, ..., a]`` (breadth first)."""
    members = set(group)
    start = group[0]
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(edges.get(node, ())):
            if child not in members:
                continue
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [start, *reversed(path[:-1]), start] if len(path) > 1 else [start, node, start]
            if child not in came_from:
                came_from[child] = node
                queue.append(child)
    raise AssertionError(f"no circle through {start}")  # a strongly connected group always has one


def describe_cycles(edges: dict[str, set[str]]) -> list[str]:
    return [" -> ".join(shortest_cycle(edges, group)) for group in strongly_connected(edges)]


def test_no_cycle_between_modules(graph):
    cycles = describe_cycles(_edges(graph))
    assert cycles == [], "import cycles (break each: move the shared part down a layer):\n" + "\n".join(cycles)


def test_the_cycle_finder_names_a_cycle():
    """The check above can fail: a circle hidden behind a function-level import is found and named."""
    edges = {"p.folder": {"p.hospital"}, "p.validation": {"p.folder", "p.hospital"}, "p.hospital": set(),
             "p.reader": {"p.validation"}}
    assert describe_cycles(edges) == []
    edges["p.folder"].add("p.validation")  # read_hospital calling validate, which imports read_folder back
    assert describe_cycles(edges) == ["p.folder -> p.validation -> p.folder"]
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"d"}}
    assert describe_cycles(edges) == ["a -> b -> c -> a"]


def test_grimp_counts_imports_inside_functions(graph):
    """The graph holds the imports inside functions (the ones that hid the cycles of issue 23)."""
    # cli.validate imports the reader only inside run(), so that `jkncost --help` stays light
    assert graph.direct_import_exists(importer="jkncost.cli.validate", imported="jkncost.costing.reader")


def _layers() -> list[grimp.Layer]:
    config = tomllib.loads((paths.root() / "pyproject.toml").read_text())["tool"]["importlinter"]
    [contract] = [c for c in config["contracts"] if c["id"] == "layers"]
    return [grimp.Layer(*(tail.strip() for tail in layer.split("|"))) for layer in contract["layers"]], \
        set(contract["containers"])


def test_no_import_runs_up_a_layer(graph):
    """The layers contract of pyproject.toml, checked here too, so `pytest` alone shows an arrow running up."""
    layers, containers = _layers()
    listed = {tail for layer in layers for tail in layer.module_tails}
    assert {"core", "costing", "jkn", "studies", "compendium", "cli"} <= listed
    illegal = graph.find_illegal_dependencies_for_layers(layers, containers=containers)
    found = sorted(f"{d.importer} -> {d.imported} (" + "; ".join(
        f"{sorted(route.heads)[0]} -> {' -> '.join(route.middle)}{' -> ' if route.middle else ''}{sorted(route.tails)[0]}"
        for route in d.routes) + ")" for d in illegal)
    assert found == [], "imports running up a layer (lint-imports shows each line):\n" + "\n".join(found)


def test_an_upward_import_is_reported(graph):
    """The layers check can fail: an import from costing up into compendium is found."""
    layers, containers = _layers()
    graph = copy.deepcopy(graph)
    graph.add_import(importer="jkncost.costing.unitcost", imported="jkncost.compendium.report")
    illegal = graph.find_illegal_dependencies_for_layers(layers, containers=containers)
    assert {(d.importer, d.imported) for d in illegal} == {("jkncost.costing", "jkncost.compendium")}
