"""The command line: plain and JSON output, errors as one line and an exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer import cli
from summarizer.embedder import Embedder

from .conftest import HARBOR_BRIDGE


@pytest.fixture
def use_real_model(monkeypatch: pytest.MonkeyPatch, real_embedder: Embedder) -> None:
    # The session's already-loaded model stands in for a fresh load per command.
    monkeypatch.setattr("summarizer.embeddings.loading.load_embedder", lambda *args, **kwargs: real_embedder)


def test_plain_output_has_markers_and_numbered_sources(
    use_real_model: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["summarize", "--max-words", "60", str(HARBOR_BRIDGE)]) == 0
    out = capsys.readouterr().out
    summary, sources = out.split("\n\n", 1)
    assert "[1]" in summary
    assert sources.splitlines()[0].startswith("[1] ")
    assert len(summary.split()) <= 60 + summary.count("[")


def test_plain_output_names_the_sources_that_dispute_a_sentence(
    use_real_model: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = {
        "a-ledger": "At least nine people died when a fire swept through a warehouse on Crane Street on Friday.",
        "b-wire": "At least 14 people died when a fire swept through a warehouse on Crane Street on Friday.",
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    assert cli.main(["summarize", "--max-sentences", "1", str(tmp_path)]) == 0
    summary, sources = capsys.readouterr().out.split("\n\n", 1)
    assert summary.rstrip().endswith(("(disputed by [2])", "(disputed by [1])"))
    assert {line.split()[1] for line in sources.splitlines()} == set(texts)


def test_json_output_is_the_result_object(use_real_model: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["summarize", "--json", "--max-sentences", "2", "--order", "source", str(HARBOR_BRIDGE)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"summary", "sentences", "sources", "meta"}
    assert len(result["sentences"]) <= 2
    assert result["meta"]["options"]["order"] == "source"
    for s in result["sentences"]:
        c = s["citation"]
        text = (HARBOR_BRIDGE / f"{c['article_id']}.txt").read_text(encoding="utf-8")
        assert text[c["start"] : c["end"]] == s["text"]


def test_jsonl_input_gives_one_line_per_cluster_and_reports_bad_ones(
    use_real_model: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = {"articles": [p.read_text(encoding="utf-8") for p in sorted(HARBOR_BRIDGE.glob("*.txt"))]}
    path = tmp_path / "clusters.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps({"articles": []}) + "\n" + json.dumps(good) + "\n")
    status = cli.main(["summarize", "--json", str(path)])
    captured = capsys.readouterr()
    assert status == cli.EXIT_CODES["invalid_input"]
    assert len(captured.out.splitlines()) == 2
    assert f"{path}:2" in captured.err and "articles" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["summarize", "--max-words", "0", str(HARBOR_BRIDGE)], "invalid_input"),
        (["summarize", "--diversity", "2", str(HARBOR_BRIDGE)], "invalid_input"),
        (["summarize", "--corroboration-threshold", "1.5", str(HARBOR_BRIDGE)], "invalid_input"),
        (["summarize", "--dispute-threshold", "0", str(HARBOR_BRIDGE)], "invalid_input"),
        (["summarize", "no/such/path.txt"], "invalid_input"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_an_exit_code(
    argv: list[str], code: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("summarizer.embeddings.loading.load_embedder", lambda *a, **k: pytest.fail("model loaded"))
    assert cli.main(argv) == cli.EXIT_CODES[code]
    err = capsys.readouterr().err
    assert err.startswith("summarizer: error:") and f"[{code}]" in err and "Traceback" not in err


def test_nothing_to_summarize_exit_code(
    use_real_model: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "junk.txt").write_text("This website uses cookies.\nRead more: elsewhere\n", encoding="utf-8")
    assert cli.main(["summarize", str(tmp_path / "junk.txt")]) == cli.EXIT_CODES["nothing_to_summarize"]
    assert "nothing_to_summarize" in capsys.readouterr().err


def test_evaluate_reports_system_and_lead(
    use_real_model: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(HARBOR_BRIDGE.glob("*.txt"))]
    reference = (
        "The Harbor Bridge in Port Ellison was closed on Tuesday after inspectors found cracks in two "
        "steel beams. It will stay closed for at least three weeks while temporary supports are installed."
    )
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps({"id": "H1", "documents": docs, "references": [reference]}) + "\n")
    assert cli.main(["evaluate", str(path), "--words", "50", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["clusters"] == 1 and report["words"] == 50
    for system in ("summarizer", "lead"):
        assert 0.0 < report[system]["rouge1_recall"] <= 1.0
        assert 0.0 <= report[system]["rouge2_recall"] <= report[system]["rouge1_recall"]


def test_console_entry_point_runs_as_a_module() -> None:
    # A real process, the real model: the way a newcomer calls it.
    done = subprocess.run(
        [sys.executable, "-m", "summarizer", "summarize", "--max-sentences", "2", str(HARBOR_BRIDGE)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary, sources = done.stdout.split("\n\n", 1)
    assert "[1]" in summary
    ids = {p.stem for p in HARBOR_BRIDGE.glob("*.txt")}
    assert sources.startswith("[1] ") and sources.split()[1] in ids
    assert "Traceback" not in done.stderr
