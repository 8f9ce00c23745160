"""How `make test` spreads the tests over processes (pytest-xdist, ``-n auto --dist loadgroup``).

Tests that share state stay on one worker, whole:

- the tests of one file (they share module fixtures), and the cells nbval checks in one notebook
  (they share its kernel): one group per file;
- every test that reads a shared ``jkncost reproduce`` run (``tests/reproduced.py``): one group per
  language, so each language is executed once per test run, on one worker.

The groups that take longest are handed out first (the shared runs, then the notebooks nbval executes),
so no worker is left with a long group at the end. Without ``-n`` nothing changes.

Kept at the root (not in ``tests/``) so that ``pytest notebooks --nbval-lax -n 2`` groups the cells too.
"""

from __future__ import annotations

import pytest

# the shared runs of every study notebook (fixtures reproduced_en, reproduced_id)
pytest_plugins = ["tests.reproduced"]

#: session fixtures of tests/reproduced.py -> the group of their readers
SHARED_RUNS = {"reproduced_en": "reproduced-en", "reproduced_id": "reproduced-id"}


def _group(item: pytest.Item) -> tuple[int, str]:
    """(rank, group): rank 0 the shared runs, 1 notebooks nbval executes, 2 the rest."""
    for fixture, group in SHARED_RUNS.items():
        if fixture in getattr(item, "fixturenames", ()):
            return 0, group
    path = item.nodeid.split("::", 1)[0]
    return (1 if path.endswith(".ipynb") else 2), f"file:{path}"


@pytest.hookimpl(tryfirst=True)  # before xdist reads the marks (its hook appends the group to the node id)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("dist", "no") == "no" and not hasattr(config, "workerinput"):
        return
    ranked = []
    for item in items:
        rank, group = _group(item)
        if not any(True for _ in item.iter_markers("xdist_group")):
            item.add_marker(pytest.mark.xdist_group(group))
        ranked.append(rank)
    order = sorted(range(len(items)), key=lambda i: ranked[i])  # stable: the order within a rank is kept
    items[:] = [items[i] for i in order]
