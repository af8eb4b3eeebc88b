"""The server trusts the kit's own workbooks, so its terminal shows no warning per workbook."""

from __future__ import annotations

from pathlib import Path

from nbformat import read
from nbformat.sign import NotebookNotary

from qikit.serve.server import trust_workbooks

WORKBOOKS = Path(__file__).resolve().parents[2] / "workbooks"


def test_every_workbook_is_signed_in_the_runs_own_notary(tmp_path):
    before = {p: p.read_bytes() for p in WORKBOOKS.glob("*.ipynb")}
    settings = trust_workbooks(tmp_path, WORKBOOKS)["NotebookNotary"]
    notary = NotebookNotary(**settings)
    assert before, "no workbooks found"
    for path in before:
        assert notary.check_signature(read(path, as_version=4)), path.name
    # the notebooks themselves are untouched
    assert {p: p.read_bytes() for p in before} == before
    # and a notary without those settings does not trust them
    other = NotebookNotary(db_file=":memory:", secret=b"another secret")
    assert not other.check_signature(read(next(iter(before)), as_version=4))
