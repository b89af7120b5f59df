"""Summaries made elsewhere (``--extra``): one file per data file merged by name, conflicts and gaps refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.tools.comparison import check_coverage, read_extra


def _jsonl(path: Path, rows: dict[str, str]) -> str:
    path.write_text("".join(json.dumps({"id": k, "summary": v}) + "\n" for k, v in rows.items()) + "\n")
    return str(path)


def test_a_name_given_once_per_file_takes_the_union(tmp_path: Path) -> None:
    a = _jsonl(tmp_path / "a.jsonl", {"D0601A": "one.", "D0602B": "two."})
    b = _jsonl(tmp_path / "b.jsonl", {"D0703A-A": "three.", "D0601A": "one."})
    c = _jsonl(tmp_path / "c.jsonl", {"D0601A": "other."})
    extra = read_extra([f"lexrank={a}", f"textrank={c}", f"lexrank={b}"])
    assert list(extra) == ["lexrank", "textrank"]
    assert extra["lexrank"] == {"D0601A": "one.", "D0602B": "two.", "D0703A-A": "three."}
    assert extra["textrank"] == {"D0601A": "other."}


@pytest.mark.parametrize("item", ["lexrank", "=x.jsonl", "lexrank="])
def test_an_item_without_name_and_file_is_refused(item: str) -> None:
    with pytest.raises(ValueError, match="NAME=FILE"):
        read_extra([item])


def test_two_summaries_for_one_cluster_are_refused(tmp_path: Path) -> None:
    a = _jsonl(tmp_path / "a.jsonl", {"D0601A": "one."})
    b = _jsonl(tmp_path / "b.jsonl", {"D0601A": "another."})
    with pytest.raises(ValueError, match="D0601A"):
        read_extra([f"lexrank={a}", f"lexrank={b}"])


def test_a_system_covers_every_cluster_of_a_file_or_none() -> None:
    extra = {"lexrank": {"D0601A": "one.", "D0602B": "two."}}
    check_coverage("duc2006.jsonl", ["D0601A", "D0602B"], extra)
    check_coverage("duc2007_main.jsonl", ["D0701A"], extra)
    with pytest.raises(ValueError, match=r"1 of the 3 clusters of duc2006\.jsonl"):
        check_coverage("duc2006.jsonl", ["D0601A", "D0602B", "D0603C"], extra)
