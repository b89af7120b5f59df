"""The candidate pool: the most relevant sentences of a cluster, and the square matrices of the pipeline.

Grouping and selection compare candidates pairwise. Over a whole 1,000-article cluster
(26,000 sentences) those matrices took gigabytes; over the pool (``candidate_pool`` of
``PipelineSettings``, 2,500 by default) they take tens of megabytes, whatever the size
of the cluster. Indices inside a ``PoolView`` run over the pool; ``pool`` maps them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..documents import Sentence
from .lexical import overlap_matrix

__all__ = ["PoolView"]


@dataclass(frozen=True, slots=True)
class PoolView:
    """The candidate pool's sentences and what later stages read of them, indexed 0..len(pool)-1.

    ``cosine`` and ``overlap`` are (pool, pool): the only square matrices of the pipeline.
    """

    pool: NDArray[np.intp]
    sentences: list[Sentence]
    vectors: NDArray[np.float32]
    words: list[tuple[str, ...]]
    relevance: NDArray[np.float64]
    support: NDArray[np.float64]
    target: NDArray[np.float64]
    cosine: NDArray[np.float32]
    overlap: NDArray[np.float32]

    @classmethod
    def of(
        cls,
        pool: NDArray[np.intp],
        sentences: Sequence[Sentence],
        vectors: NDArray[np.float32],
        words: Sequence[tuple[str, ...]],
        relevance: NDArray[np.float64],
        support: NDArray[np.float64],
        target: NDArray[np.float64],
    ) -> PoolView:
        pooled = [sentences[i] for i in pool]
        pooled_words = [words[i] for i in pool]
        pooled_vectors = np.ascontiguousarray(vectors[pool])
        return cls(
            pool=pool,
            sentences=pooled,
            vectors=pooled_vectors,
            words=pooled_words,
            relevance=relevance[pool],
            support=support[pool],
            target=target[pool],
            cosine=pooled_vectors @ pooled_vectors.T,
            overlap=overlap_matrix([frozenset(w) for w in pooled_words]),
        )
