"""What the prepared-model backends (OpenVINO, onnxruntime) share: tokens in, unit vectors out.

The model's own fast tokenizer, right padding to a width, the input feed, mean
pooling with the attention mask, the width buckets that keep every vector
independent of its batch companions, the cores a process may use, and the block
on OpenVINO's and nncf's usage telemetry.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence, Set
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BUCKET",
    "MODEL_INPUTS",
    "available_cores",
    "block_telemetry",
    "bucketed_batches",
    "load_tokenizer",
    "mean_pool_normalize",
    "padded_inputs",
]

# Every input an exported transformer may have; a graph is fed the ones it declares.
MODEL_INPUTS = frozenset({"input_ids", "attention_mask", "token_type_ids"})
# OpenVINO pads each sentence to the next multiple of this many tokens (bucketed_batches).
BUCKET = 8


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


def padded_inputs(
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


def mean_pool_normalize(hidden: NDArray[np.float32], mask: NDArray[np.int64]) -> NDArray[np.float32]:
    """Mean over the unmasked tokens of float32 (b, t, d), then unit rows, as sentence-transformers does."""
    weights = mask[:, :, None].astype(np.float32)
    summed = np.einsum("btd,btx->bd", hidden, weights)
    pooled = summed / np.maximum(weights.sum(axis=1), 1e-9)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    unit: NDArray[np.float32] = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


def bucketed_batches(lengths: Sequence[int], batch_size: int) -> list[tuple[int, NDArray[np.intp]]]:
    """(width, row indices) per model call, most work first.

    Every row is padded to its own bucket width, the next multiple of ``BUCKET``
    tokens, whatever its companions: so its vector depends on the sentence only.
    Batches are power-of-two sized, at most ``batch_size``. Both keep the set of input
    shapes small, which bounds the memory OpenVINO keeps for the kernels it compiles
    per shape (about 4 MB each; one shape per exact length and batch size grew a
    worker past 2 GB). Most work first keeps the streams evenly loaded to the end.
    """
    by_width: dict[int, list[int]] = {}
    for row, length in enumerate(lengths):
        by_width.setdefault(-(-length // BUCKET) * BUCKET, []).append(row)
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


def block_telemetry() -> None:
    """Keep OpenVINO and nncf from reporting usage: call before importing either.

    Both send usage events to an analytics service from ``import`` on unless the user
    opted out, and write a client id and counters under ``~/intel``. A service that
    must never touch the network cannot allow that. Both fall back to a no-op stub
    when their ``openvino_telemetry`` package cannot be imported; a ``None`` entry in
    ``sys.modules`` makes that import fail.
    """
    sys.modules.setdefault("openvino_telemetry", None)  # type: ignore[arg-type]


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
