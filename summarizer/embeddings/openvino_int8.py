"""The ``openvino`` backend, the default: the prepared model statically quantized to int8 by nncf, run by OpenVINO.

About 6x faster than fp32 torch on news sentences, mean cosine 0.998 to its vectors
(BENCHMARKS.md); each sentence padded to a width of its own, so a vector never
depends on its batch.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelUnavailable
from .inference import (
    available_cores,
    block_telemetry,
    bucketed_batches,
    load_tokenizer,
    mean_pool_normalize,
    padded_inputs,
)
from .models import OPENVINO_KEY, read_manifest

__all__ = ["OpenVinoEmbedder"]

log = logging.getLogger(__name__)


class OpenVinoEmbedder:
    """The prepared static-int8 model run by OpenVINO: the default backend.

    directory:  a prepared model (``prepare_onnx_model``) holding ``openvino_int8.xml``.
    batch_size: most sentences per model call.
    threads:    cores to use; 0 uses every core this process may run on. Each core
                runs its own stream of single-threaded model calls.
    pin:        pin the streams to cores; None pins only when they cover every core this
                process may run on, False never (processes sharing a machine, such as
                Ray actors, would all pin to the same first cores).

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

    def __init__(self, directory: Path, batch_size: int = 32, threads: int = 0, pin: bool | None = None) -> None:
        manifest = read_manifest(directory)
        if manifest is None or OPENVINO_KEY not in manifest["files"]:
            raise ModelUnavailable(f"{directory} holds no prepared OpenVINO model; run `summarizer prepare-model`")
        cores = available_cores()
        streams = threads if threads > 0 else cores
        block_telemetry()
        try:
            import openvino as ov

            compiled = ov.Core().compile_model(
                str(directory / manifest["files"][OPENVINO_KEY]),
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
                    "ENABLE_CPU_PINNING": "YES" if (streams >= cores if pin is None else pin) else "NO",
                },
            )
            # Two requests in flight per stream: a stream starts its next batch while
            # Python pools the last one (measured about 7% faster than one per stream).
            # Plain requests, waited on from the calling thread, rather than an
            # AsyncInferQueue with a Python callback: the callback ran on OpenVINO's
            # threads and needed the interpreter, so destroying the model while one of
            # them was finishing deadlocked (the destructor holds the interpreter and
            # joins those threads; seen in the test suite).
            self._requests: list[Any] = [compiled.create_infer_request() for _ in range(2 * streams)]
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
        batches = bucketed_batches([len(e.ids) for e in encodings], self._batch_size)

        with self._lock:
            # A round of batches, one per request: all started, then each waited for
            # (``wait`` lets go of the interpreter) and pooled here, in this thread.
            for start in range(0, len(batches), len(self._requests)):
                running = []
                for request, (width, rows) in zip(
                    self._requests, batches[start : start + len(self._requests)], strict=False
                ):
                    feed, mask = padded_inputs(encodings, rows, width, self._inputs)
                    request.start_async(feed)
                    running.append((request, rows, mask))
                for request, rows, mask in running:
                    request.wait()
                    out[rows] = mean_pool_normalize(request.get_output_tensor(0).data, mask)
        return out
