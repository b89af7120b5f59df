"""The embedding backends: the prepared int8 models (OpenVINO, onnxruntime) against the fp32 torch model.

The install script prepares the int8 models (``summarizer prepare-model``), so these
tests expect to find it; a missing one is a failed install, not a reason to skip.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from summarizer.config import Settings
from summarizer.embeddings import (
    LRUEmbeddingCache,
    OnnxEmbedder,
    OpenVinoEmbedder,
    SentenceTransformerEmbedder,
    available_cores,
    default_prepared_root,
    find_prepared_model,
    load_embedder,
    resolve_model,
)
from summarizer.embeddings.inference import bucketed_batches, mean_pool_normalize
from summarizer.embeddings.preparation import prepare_onnx_model
from summarizer.errors import InvalidInput

# Our own sentences, unlike the ones the preparation self-check uses.
SENTENCES = [
    "The storm knocked out power to more than 200,000 homes along the coast on Sunday night.",
    "Utility crews from four states were sent to help restore electricity, the governor said.",
    "The central bank raised its main interest rate by a quarter point, the fourth increase this year.",
    "Analysts had expected the move after inflation rose to 6.1 percent in March.",
    "Rescue teams pulled three survivors from the rubble of the collapsed apartment building.",
    "The airline canceled 400 flights after a software failure grounded its fleet for six hours.",
    "Lawmakers passed the bill by a vote of 52 to 48 after a debate that lasted into the morning.",
    "The actor, who starred in more than 60 films, died at his home in Los Angeles.",
    "Prosecutors said the former executive had hidden millions of dollars in offshore accounts.",
    "Farmers warn that the drought could cut this year's wheat harvest by a third.",
    "The team won its first championship in 32 years with a goal in the final minute.",
    "Ah.",
    "Officials said the new rail tunnel under the river would open to passengers in 2027, two years late.",
    "Protesters blocked the main highway into the city for a third day, demanding the minister resign.",
    # Same token counts as sentences above (one word swapped), so that some batches hold several sentences.
    "The storm knocked out power to more than 200,000 homes along the coast on Monday night.",
    "The airline canceled 400 flights after a software failure grounded its fleet for five hours.",
    "The team won its first championship in 40 years with a goal in the final minute.",
]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="module")
def prepared(settings: Settings) -> Path:
    directory = find_prepared_model(resolve_model(settings.model, settings.models_dir), settings.models_dir)
    assert directory is not None, "no prepared ONNX model: scripts/install.sh runs `summarizer prepare-model`"
    return directory


@pytest.fixture(scope="module")
def onnx_model(prepared: Path) -> OnnxEmbedder:
    return OnnxEmbedder(prepared)


@pytest.fixture(scope="module")
def torch_model(settings: Settings) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(resolve_model(settings.model, settings.models_dir))


@pytest.fixture(scope="module")
def openvino_model(prepared: Path) -> OpenVinoEmbedder:
    return OpenVinoEmbedder(prepared)


def test_default_is_the_cached_openvino_int8_backend(settings: Settings) -> None:
    embedder = load_embedder(settings.model, settings.models_dir, settings.batch_size)
    assert isinstance(embedder, LRUEmbeddingCache)
    assert isinstance(embedder.inner, OpenVinoEmbedder)
    assert embedder.backend == "openvino-int8"
    assert embedder.name == "all-MiniLM-L6-v2"


@pytest.mark.parametrize(("variant", "least_mean", "least_min"), [("openvino", 0.995, 0.97), ("onnx", 0.99, 0.97)])
def test_int8_vectors_stay_close_to_fp32(
    variant: str,
    least_mean: float,
    least_min: float,
    openvino_model: OpenVinoEmbedder,
    onnx_model: OnnxEmbedder,
    torch_model: SentenceTransformerEmbedder,
) -> None:
    model = openvino_model if variant == "openvino" else onnx_model
    cosines = np.sum(model.encode(SENTENCES) * torch_model.encode(SENTENCES), axis=1)
    assert cosines.mean() >= least_mean, cosines
    assert cosines.min() >= least_min, cosines


def test_fp32_onnx_graph_reproduces_torch(prepared: Path, torch_model: SentenceTransformerEmbedder) -> None:
    # The exported graph, tokenizer, pooling and normalization are exact; only int8 costs fidelity.
    fp32 = OnnxEmbedder(prepared, precision="fp32").encode(SENTENCES)
    np.testing.assert_allclose(fp32, torch_model.encode(SENTENCES), atol=2e-5)


@pytest.mark.parametrize("variant", ["openvino", "onnx"])
def test_rows_are_unit_float32_in_input_order(
    variant: str, openvino_model: OpenVinoEmbedder, onnx_model: OnnxEmbedder
) -> None:
    model = openvino_model if variant == "openvino" else onnx_model
    vectors = model.encode(SENTENCES)
    assert vectors.dtype == np.float32
    assert vectors.shape == (len(SENTENCES), 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Grouping by length inside encode must not reorder the output: reversed in, reversed out.
    backwards = model.encode(SENTENCES[::-1])
    np.testing.assert_array_equal(backwards[::-1], vectors)
    assert model.encode([]).shape == (0, 384)


def test_batches_are_padded_and_masked_correctly(prepared: Path, torch_model: SentenceTransformerEmbedder) -> None:
    # Batch size 1 (no padding) and 4 (padding to very different lengths) agree in fp32.
    one = OnnxEmbedder(prepared, batch_size=1, precision="fp32").encode(SENTENCES)
    four = OnnxEmbedder(prepared, batch_size=4, precision="fp32").encode(SENTENCES)
    np.testing.assert_allclose(one, four, atol=2e-5)


def test_int8_vectors_do_not_depend_on_the_other_sentences_of_the_call(prepared: Path) -> None:
    # Dynamic quantization scales activations per call; a sentence must come out the same
    # whatever it is embedded beside, or a cache hit could change a later summary.
    model = OnnxEmbedder(prepared, batch_size=32, precision="int8")
    together = model.encode(SENTENCES)
    alone = np.vstack([model.encode([s]) for s in SENTENCES])
    np.testing.assert_array_equal(together, alone)


@pytest.mark.parametrize("batch_size", [1, 2, 32])
def test_openvino_vectors_do_not_depend_on_the_other_sentences_of_the_call(prepared: Path, batch_size: int) -> None:
    # Each sentence is padded to a width of its own and batched with sentences of that
    # width: a vector must be bit-identical to the sentence embedded alone, or a cache
    # hit could change a later summary.
    model = OpenVinoEmbedder(prepared, batch_size=batch_size)
    together = model.encode(SENTENCES)
    alone = np.vstack([model.encode([s]) for s in SENTENCES])
    np.testing.assert_array_equal(together, alone)
    if batch_size > 1:
        lengths = [len(e.ids) for e in model._tokenizer.encode_batch(SENTENCES)]
        assert max(len(rows) for _, rows in bucketed_batches(lengths, batch_size)) > 1


def testbucketed_batches_pad_to_a_width_of_the_sentence_own_and_put_the_most_work_first() -> None:
    lengths = [5, 9, 8, 3, 12, 16, 7, 6, 1]
    batches = [(width, rows.tolist()) for width, rows in bucketed_batches(lengths, batch_size=3)]
    # Widths are the next multiple of 8; batches are powers of two up to the largest <= 3.
    assert batches == [(16, [1, 4]), (8, [0, 2]), (8, [3, 6]), (16, [5]), (8, [7, 8])]
    assert all(all(lengths[r] <= width for r in rows) for width, rows in batches)
    assert sorted(r for _, rows in batches for r in rows) == list(range(len(lengths)))
    assert bucketed_batches([], batch_size=4) == []


def test_openvino_is_safe_from_several_threads(openvino_model: OpenVinoEmbedder) -> None:
    expected = openvino_model.encode(SENTENCES)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: openvino_model.encode(SENTENCES), range(8)))
    for vectors in results:
        np.testing.assert_array_equal(vectors, expected)


_LOAD_ENCODE_DROP = """
import gc, sys
from pathlib import Path
from summarizer.embeddings.openvino_int8 import OpenVinoEmbedder
texts = ["The council approved the budget on Tuesday after a long debate."] * 40
for _ in range(8):
    model = OpenVinoEmbedder(Path(sys.argv[1]), batch_size=1)
    model.encode(texts)
    del model
    gc.collect()
print("done")
"""


def test_a_model_dropped_right_after_encoding_is_freed_without_hanging(prepared: Path) -> None:
    # Freeing the compiled model joins OpenVINO's threads while holding the interpreter;
    # a Python callback still finishing on one of them deadlocked the suite once. In a
    # fresh process, as a worker exiting would: load, encode, drop, eight times.
    done = subprocess.run(
        [sys.executable, "-c", _LOAD_ENCODE_DROP, str(prepared)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("done")


@pytest.mark.skipif(available_cores() < 2, reason="needs two cores to give a worker fewer than all")
def test_openvino_runs_a_stream_per_core_and_pins_only_when_it_has_them_all(prepared: Path) -> None:
    # Workers given one core each must not all pin their threads to the same first core.
    every = OpenVinoEmbedder(prepared)
    assert every.compiled.get_property("NUM_STREAMS") == available_cores()
    assert every.compiled.get_property("ENABLE_CPU_PINNING") is True
    one = OpenVinoEmbedder(prepared, threads=1)
    assert one.compiled.get_property("NUM_STREAMS") == 1
    assert one.compiled.get_property("ENABLE_CPU_PINNING") is False


def test_mean_pooling_ignores_padding() -> None:
    hidden = np.array([[[1.0, 0.0], [3.0, 4.0], [100.0, 100.0]]], dtype=np.float32)
    mask = np.array([[1, 1, 0]], dtype=np.int64)
    np.testing.assert_allclose(mean_pool_normalize(hidden, mask), [[2.0 / np.hypot(2, 2), 2.0 / np.hypot(2, 2)]])


def test_an_unknown_backend_is_named_with_the_allowed_ones(settings: Settings) -> None:
    with pytest.raises(InvalidInput, match=r"openvino, onnx, torch.*'tensorflow'"):
        load_embedder(settings.model, settings.models_dir, backend="tensorflow")


def test_the_torch_backend_is_the_fp32_sentence_transformers_path(settings: Settings) -> None:
    embedder = load_embedder(settings.model, settings.models_dir, backend="torch", cache_size=0)
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.backend == "torch-fp32"


def test_without_a_prepared_model_it_falls_back_to_torch_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("summarizer.embeddings.models.default_prepared_root", lambda: tmp_path / "nowhere")
    with caplog.at_level(logging.WARNING, logger="summarizer.embeddings"):
        embedder = load_embedder(None, tmp_path, cache_size=0)
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert "summarizer prepare-model" in caplog.text


def test_a_model_prepared_from_other_weights_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prepared: Path, settings: Settings
) -> None:
    monkeypatch.setattr("summarizer.embeddings.models.default_prepared_root", lambda: tmp_path / "nowhere")
    manifest = json.loads((prepared / "manifest.json").read_text())
    copy = tmp_path / "all-MiniLM-L6-v2-onnx"
    copy.mkdir()
    source = resolve_model(None, settings.models_dir)

    manifest["source"]["fingerprint"] = "model.safetensors:1"
    (copy / "manifest.json").write_text(json.dumps(manifest))
    assert find_prepared_model(source, tmp_path) is None

    manifest["source"]["fingerprint"] = json.loads((prepared / "manifest.json").read_text())["source"]["fingerprint"]
    (copy / "manifest.json").write_text(json.dumps(manifest))
    assert find_prepared_model(source, tmp_path) == copy


def test_preparing_again_reuses_the_installed_model(settings: Settings, prepared: Path) -> None:
    again = prepare_onnx_model(settings.model, settings.models_dir, prepared.parent)
    assert again.reused and again.directory == prepared
    assert set(again.fidelity) == {"openvino-int8", "int8"}
    assert all(mean >= 0.99 and low >= 0.97 for mean, low in again.fidelity.values())


@pytest.mark.parametrize(("backend", "loaded"), [("openvino", "openvino-int8"), ("onnx", "onnx-int8")])
def test_the_int8_backends_never_import_torch_nor_report_usage(
    settings: Settings, backend: str, loaded: str, tmp_path: Path
) -> None:
    # Start-up time and memory depend on it: torch alone takes seconds and hundreds of MB.
    # OpenVINO's usage telemetry (opt-out, on import) must stay off: no network, no
    # client id under the home directory.
    code = (
        "import sys; from pathlib import Path; from summarizer.embeddings import load_embedder; "
        f"e = load_embedder(None, Path({str(settings.models_dir)!r}), backend={backend!r}); "
        "e.encode(['One sentence here.']); "
        "print(e.backend, 'torch' in sys.modules, 'sentence_transformers' in sys.modules, 'nncf' in sys.modules, "
        "sys.modules.get('openvino_telemetry', 'absent'))"
    )
    env = {**os.environ, "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    blocked = "None" if backend == "openvino" else "absent"
    assert out.stdout.split() == [loaded, "False", "False", "False", blocked]
    assert not (tmp_path / "intel").exists()  # where the telemetry keeps its client id and counters


def test_a_model_prepared_without_openvino_runs_on_onnxruntime_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, prepared: Path
) -> None:
    monkeypatch.setattr("summarizer.embeddings.models.default_prepared_root", lambda: tmp_path / "nowhere")
    older = tmp_path / "all-MiniLM-L6-v2-onnx"
    older.mkdir()
    manifest = json.loads((prepared / "manifest.json").read_text())
    del manifest["files"]["openvino-int8"]
    (older / "manifest.json").write_text(json.dumps(manifest))
    for name in ("model_int8.onnx", "tokenizer.json"):
        (older / name).symlink_to(prepared / name)
    with caplog.at_level(logging.WARNING, logger="summarizer.embeddings"):
        embedder = load_embedder(str(older), tmp_path, cache_size=0)
    assert isinstance(embedder, OnnxEmbedder)
    assert "prepare-model --force" in caplog.text


def test_the_prepared_model_lives_in_the_environment_by_default() -> None:
    assert default_prepared_root() == Path(sys.prefix) / "share" / "summarizer" / "models"


def test_preparing_writes_every_variant_and_reports_no_usage(tmp_path: Path, settings: Settings) -> None:
    # The whole preparation, as install.sh runs it, into a fresh root; nncf and OpenVINO
    # must not write their telemetry ids and counters under the home directory.
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "summarizer", "prepare-model", "--out", str(tmp_path / "models")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    directory = tmp_path / "models" / "all-MiniLM-L6-v2-onnx"
    manifest = json.loads((directory / "manifest.json").read_text())
    assert set(manifest["files"]) == {"openvino-int8", "int8", "fp32"}
    assert all((directory / name).is_file() for name in manifest["files"].values())
    assert (directory / "openvino_int8.bin").is_file()
    assert manifest["fidelity"]["openvino-int8"]["mean_cosine"] >= 0.995
    assert not (home / "intel").exists()  # where the telemetry keeps its client id and counters
    vectors = OpenVinoEmbedder(directory).encode(SENTENCES[:3])
    assert vectors.shape == (3, 384)
