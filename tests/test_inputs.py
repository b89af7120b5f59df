"""Reading clusters from text files, directories, JSON, JSON lines and stdin."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from summarizer.errors import InvalidInput, InvalidJSON
from summarizer.inputs import read_clusters, read_evaluation_set

from .conftest import HARBOR_BRIDGE


def test_directory_is_one_cluster_with_ids_from_file_names() -> None:
    (cluster,) = read_clusters([str(HARBOR_BRIDGE)])
    assert [a["id"] for a in cluster.body["articles"]] == ["coastal-herald", "metro-daily", "river-post"]


def test_loose_text_files_form_one_cluster(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Two.", encoding="utf-8")
    (cluster,) = read_clusters([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert cluster.body == {"articles": [{"id": "a", "text": "One."}, {"id": "b", "text": "Two."}]}


def test_jsonl_gives_one_cluster_per_line_and_keeps_options(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"articles": ["x"], "max_words": 5}) + "\n\n" + json.dumps({"articles": ["y"]}) + "\n")
    clusters = list(read_clusters([str(path)]))
    assert [c.body for c in clusters] == [{"articles": ["x"], "max_words": 5}, {"articles": ["y"]}]
    assert clusters[1].origin.endswith(":3")


def test_evaluation_format_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    path.write_text(
        json.dumps({"id": "D1", "documents": [{"id": "d", "title": "t", "text": "x", "extra": 1}], "references": ["r"]})
    )
    (cluster,) = read_clusters([str(path)])
    assert cluster.body == {"articles": [{"id": "d", "title": "t", "text": "x"}]}


def test_stdin_plain_text_and_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Plain text article."))
    (cluster,) = read_clusters(["-"])
    assert cluster.body == {"articles": [{"id": "stdin", "text": "Plain text article."}]}
    monkeypatch.setattr("sys.stdin", io.StringIO('{"articles": ["a"]}\n{"articles": ["b"]}\n'))
    assert [c.body["articles"] for c in read_clusters(["-"])] == [["a"], ["b"]]


@pytest.mark.parametrize(("content", "error"), [("{not json", InvalidJSON), ("[1, 2]", InvalidInput)])
def test_bad_json_files(tmp_path: Path, content: str, error: type[Exception]) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(error):
        list(read_clusters([str(path)]))


def test_missing_path_and_non_utf8(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        list(read_clusters([str(tmp_path / "absent.txt")]))
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(InvalidInput, match="UTF-8"):
        list(read_clusters([str(bad)]))


def test_evaluation_set_reads_references_and_query(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl"
    line = {
        "id": "D1",
        "query": {"title": "Floods", "narrative": "Describe the damage."},
        "documents": [{"id": "d1", "text": "Rain fell."}],
        "references": ["Rain fell hard."],
    }
    path.write_text(json.dumps(line) + "\n")
    (cluster,) = read_evaluation_set(str(path))
    assert cluster.id == "D1" and cluster.references == ("Rain fell hard.",)
    assert cluster.query == "Floods Describe the damage."
    path.write_text(json.dumps({**line, "references": []}) + "\n")
    with pytest.raises(InvalidInput, match="references"):
        read_evaluation_set(str(path))
