"""Property: random sequences of writing commands into random folders never change or lose a file the
sequence did not write (issue 21). Cheap commands only (unitcost, workbook without LibreOffice,
template), on a two-center hospital, a few examples (the profile of conftest.py: derandomized)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jkncost.cli.main import main
from jkncost.core import staging
from jkncost.compendium import manifest
from tests.conftest import write_hospital

FOLDERS = ["results", "results/sub", "r2", "."]
#: Files a user may have there: some with the very names the commands write.
USER_FILES = ["results/notes.txt", "results/unit_cost.csv", "results/audit.xlsx", "r2/allocation.csv",
              "results/sub/thesis.docx", "audit.xlsx", "t/README.md", "t2/own.csv"]

commands = st.one_of(
    st.tuples(st.just("unitcost"), st.sampled_from(FOLDERS), st.sampled_from(["double", "reciprocal", "direct"])),
    st.tuples(st.just("workbook"), st.sampled_from(FOLDERS), st.sampled_from(["audit.xlsx", "b.xlsx"])),
    st.tuples(st.just("template"), st.sampled_from(["t", "t2", "t3", "results"]), st.just("")),
)


def _argv(command, folder: str, extra: str, root: Path, hospital: Path) -> list[str]:
    if command == "unitcost":
        return ["unitcost", str(hospital), "--method", extra, "--out", str(root / folder)]
    if command == "workbook":
        return ["workbook", str(hospital), "--values", "--out", str(root / folder / extra)]
    return ["template", str(root / folder)]


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): manifest.sha256(p) for p in root.rglob("*") if p.is_file()}


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow])
@given(user=st.sets(st.sampled_from(USER_FILES), max_size=5), sequence=st.lists(commands, min_size=1, max_size=4))
def test_random_sequences_of_commands_never_touch_a_file_they_did_not_write(user, sequence):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "work"
        hospital = write_hospital(Path(tmp) / "hospital", "center,kind,output\nKantor,support,\nRawat Inap,production,10\n",
                                  "center,category,component,amount\nKantor,SVC,gaji,100\nRawat Inap,VC,obat,50\n",
                                  "support_center,basis,center,weight\nKantor,staff,Rawat Inap,1\n")
        theirs = {name: f"the user's own {name}\n" for name in user}
        for name, text in theirs.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        inputs = _files(hospital)
        written: set[str] = set()
        for command, folder, extra in sequence:
            before = _files(root)
            status = main(_argv(command, folder, extra, root, hospital))
            after = _files(root)
            assert status in (0, 2), (command, folder, extra)
            if status == 2:
                assert after == before  # refused: nothing written, nothing removed
            written |= {f for f in after if after[f] != before.get(f)}
            for name, text in theirs.items():  # the user's files: there and unchanged
                assert (root / name).read_text() == text, (name, sequence)
            assert not [f for f in after if f not in before and f not in written]
            assert not list(Path(tmp).rglob(staging.TMP))  # no temporary folder, after success or refusal
        assert _files(hospital) == inputs
        assert set(theirs) <= set(_files(root))
        assert not set(theirs) & written
