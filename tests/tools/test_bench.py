"""``summarizer bench``: the report's structure on tiny clusters (timings are reported, never asserted)."""

from __future__ import annotations

import pytest

from summarizer.cli import main
from summarizer.config import Settings
from summarizer.method.pipeline import PipelineSettings, extract_sentences
from summarizer.tools.bench import BenchConfig, format_report, run_bench
from summarizer.tools.synthetic import generate_cluster


def test_generated_clusters_are_deterministic_news_sized_and_survive_the_filter() -> None:
    first = generate_cluster(3, seed=5)
    assert first == generate_cluster(3, seed=5)
    assert first != generate_cluster(3, seed=6)
    assert len(first) == 3
    found, kept = extract_sentences(first, PipelineSettings().length_bounds)
    assert found >= 3 * 25
    assert len(kept) >= 0.9 * found, "generated sentences should look like summary sentences"
    words = sum(len(s.text.split()) for s in kept) / len(kept)
    assert 12 <= words <= 35
    texts = [s.text for s in kept]
    assert len(set(texts)) < len(texts), "some sentences repeat verbatim across articles, as wire copy does"


@pytest.fixture(scope="module")
def report() -> dict[str, object]:
    config = BenchConfig(sizes=(2,), clusters=2, baseline=True, cold_start=False)
    return run_bench(config, Settings.from_env())


def test_report_has_stages_latency_ratio_and_fidelity(report: dict[str, object]) -> None:
    sizes = report["sizes"]
    assert isinstance(sizes, list) and len(sizes) == 1
    size = sizes[0]
    assert size["articles"] == 2 and size["clusters"] == 2
    assert set(size["stages_ms"]) == {"split", "filter", "embed", "select"}
    assert all(v >= 0 for v in size["stages_ms"].values())
    assert 0 < size["p50_s"] <= size["p95_s"]
    assert size["sentences_embedded"] > 0 and size["sentences_per_s"] > 0
    assert size["fp32_encode_p50_s"] > 0 and size["speedup_vs_fp32_encode"] > 0
    assert size["limit_s"]["int8"] < size["limit_s"]["bf16"] < size["limit_s"]["fp32"]
    fidelity = report["fidelity"]
    assert isinstance(fidelity, dict)
    assert 0.97 <= fidelity["cosine_min"] <= fidelity["cosine_mean"] <= 1.0 + 1e-6
    assert fidelity["sentences"] > 0
    assert report["backend"] == "openvino-int8"


def test_report_formats_as_markdown_tables(report: dict[str, object]) -> None:
    text = format_report(report)
    assert "| articles | clusters |" in text
    assert "fidelity vs fp32: cosine mean" in text
    assert "openvino-int8" in text


def test_bench_against_a_server_it_starts(capsys: pytest.CaptureFixture[str]) -> None:
    config = BenchConfig(
        sizes=(1,), clusters=1, baseline=False, cold_start=False, serve=True, concurrency=(1, 2), requests_per_level=2
    )
    report = run_bench(config, Settings.from_env())
    server = report["server"]
    assert server["ready_s"] > 0
    assert [level["clients"] for level in server["concurrency"]] == [1, 2]
    assert all(level["errors"] == 0 and level["throughput_per_s"] > 0 for level in server["concurrency"])
    assert server["concurrency"][0]["scaling"] == 1.0
    assert "| clients | requests |" in format_report(report)


def test_cli_bench_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["bench", "--sizes", "1", "--clusters", "1", "--no-baseline", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["sizes"][0]["articles"] == 1
    assert "cold_start" in printed
