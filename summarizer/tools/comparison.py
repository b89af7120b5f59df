"""Systems side by side on the development files, with bootstrap intervals for the learned parts' gains.

All systems run in one process on the same clusters and are scored alike
(``evaluation.score_summary``): the lead baseline, the literal recipe, three earlier
defaults selected by greedy budgeted MMR (``selector="mmr"``: concepts of adjacent
content words weighted by their article count; the default's bigrams with article
counts; the default's bigrams with learned weights, ``MMR``), the default (the same
concepts and weights, selected exactly), the default citing any sentence as it did
before the rules that a cited sentence stand alone (``quotations``, ``anaphora``: ``any
sentence citable``), the default with ``LEARNED_SHARE`` of its
relevance from the learned scorer, an ICSI-style concept integer program (Gillick &
Favre 2009: bigram concepts weighted by their article count, the summary that covers the
most weight within the word budget, solved by HiGHS through scipy's ``milp``; a baseline
for measurement only), the same program over the default's concepts and learned weights
(``concept ILP, learned weights``), and any summaries produced elsewhere (``--extra
NAME=FILE.jsonl``, lines ``{"id", "summary"}``, such as sumy's LexRank and TextRank from
``scripts/sumy_baselines.py``, see docs/baselines-sumy.md). A name may be given once per
file (``--extra lexrank=A.jsonl --extra lexrank=B.jsonl``): its summaries are merged by
cluster id, and on each data file it must cover every cluster or none.

With ``--cross-validate`` the learned scorer and the concept-importance model are
refitted for each topic on the training files' clusters of the other folds
(``fitting.cross_validated_scorers``, ``concept_fitting.cross_validated_concept_models``),
so no cluster is summarized by weights that saw its references.

The intervals are paired percentile bootstraps over clusters (Efron & Tibshirani 1993;
10,000 resamples, fixed seed) of the mean per-cluster differences in ``COMPARED``:
article-count concepts minus content-word concepts (what the bigrams across stop
words buy), MMR minus article-count concepts (what the learned weights buy), the
default minus MMR (what the exact selection buys), the default minus any sentence
citable (what leaving quotations without speaker, back-references, questions and list
items uncited costs),
learned relevance minus the default,
and the concept ILP with learned weights minus the default.

    python -m summarizer.tools.comparison .data/eval/duc2006.jsonl --words 100 --cross-validate \\
        --train .data/eval/duc2006.jsonl .data/eval/duc2007_main.jsonl .data/eval/duc2007_update_abc.jsonl
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..documents import Article, Options, Sentence
from ..embedder import Embedder
from ..method.concept_importance import ConceptModel
from ..method.concepts import ConceptRule, Concepts, extract_concepts
from ..method.pipeline import (
    PipelineSettings,
    embed_sentences,
    extract_sentences,
    score_relevance,
    summarize,
    target_similarity,
    weigh_concepts,
)
from ..method.scoring import LinearScorer
from .evaluation import lead_summary, score_summary

__all__ = ["bootstrap_interval", "check_coverage", "concept_ilp_summary", "main", "read_extra"]

RESAMPLES = 10_000
# The share of the learned scorer in the relevance of the "learned" system (off by default).
LEARNED_SHARE = 0.3


def bootstrap_interval(differences: Sequence[float], seed: int = 0) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of the mean of ``differences`` resampled with replacement."""
    values = np.asarray(differences, dtype=np.float64)
    if values.size == 0:
        raise ValueError("no differences to resample")
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, values.size, size=(RESAMPLES, values.size))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def concept_ilp_summary(
    articles: Sequence[Article],
    max_words: int,
    rule: ConceptRule | None = None,
    weigh: Callable[[Sequence[Sentence], Concepts], Concepts] | None = None,
) -> str:
    """The ICSI-style baseline: the sentences whose concepts weigh most in all, within ``max_words``.

    maximise sum_j w_j c_j  subject to  sum_i len_i s_i <= L,  s_i <= c_j for each concept j
    of sentence i,  c_j <= sum of s_i over the sentences holding j;  s, c binary.
    Concepts as ``concepts.extract_concepts`` (bigrams of words not both stop words, in at
    least max(2, 10 %) of the articles), on the cleaned sentences the summarizer reads,
    weighted by their article count unless ``weigh`` reweighs them (learned weights).
    Sentences in article order.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]
    from scipy.sparse import csr_matrix, hstack, identity, vstack  # type: ignore[import-untyped]

    _, sentences = extract_sentences(articles, PipelineSettings().length_bounds)
    if not sentences:
        return ""
    rule = rule or ConceptRule()
    words = [rule.words(s.text) for s in sentences]
    concepts = extract_concepts(words, [s.article_index for s in sentences], rule)
    if weigh is not None:
        concepts = weigh(sentences, concepts)
    n, k = concepts.incidence.shape
    lengths = np.array([s.word_count for s in sentences], dtype=np.float64)
    if k == 0:
        return ""
    holds = csr_matrix(concepts.incidence.astype(np.float64))
    rows, cols = holds.nonzero()
    m = rows.size
    pairs = hstack(
        [
            csr_matrix((np.ones(m), (np.arange(m), rows)), shape=(m, n)),
            csr_matrix((-np.ones(m), (np.arange(m), cols)), shape=(m, k)),
        ]
    )
    covered = hstack([-holds.T, identity(k)])
    budget = hstack([csr_matrix(lengths.reshape(1, -1)), csr_matrix((1, k))])
    matrix = vstack([pairs, covered, budget]).tocsr()
    upper = np.concatenate([np.zeros(m + k), [float(max_words)]])
    objective = -np.concatenate([np.zeros(n), concepts.weights])
    result = milp(
        objective,
        constraints=LinearConstraint(matrix, -np.inf, upper),
        integrality=np.ones(n + k),
        bounds=Bounds(np.zeros(n + k), np.concatenate([(lengths <= max_words).astype(np.float64), np.ones(k)])),
        options={"time_limit": 30.0},
    )
    if result.x is None:
        return ""
    return " ".join(sentences[i].text for i in np.flatnonzero(result.x[:n] > 0.5))


def read_extra(items: Sequence[str]) -> dict[str, dict[str, str]]:
    """``NAME=FILE.jsonl`` items as ``{name: {cluster id: summary}}``, names in first-seen order.

    A name given several times takes the union of its files; a cluster id that two of
    them give different summaries for is an error, as is an item without ``=``.
    """
    extra: dict[str, dict[str, str]] = {}
    for item in items:
        name, sep, file = item.partition("=")
        if not sep or not name or not file:
            raise ValueError(f"--extra {item!r}: expected NAME=FILE.jsonl")
        merged = extra.setdefault(name, {})
        for line in Path(file).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            cluster, summary = str(row["id"]), str(row["summary"])
            if merged.get(cluster, summary) != summary:
                raise ValueError(f"--extra {name}: two different summaries for cluster {cluster!r} ({file})")
            merged[cluster] = summary
    return extra


def check_coverage(path: str, cluster_ids: Sequence[str], extra: dict[str, dict[str, str]]) -> None:
    """Raise ValueError when a system of ``extra`` has summaries for some clusters of ``path`` but not all.

    A mean over part of a file would not compare with the other systems' means; a system
    with none of the file's clusters is simply left out of its table.
    """
    for name, given in extra.items():
        missing = [c for c in cluster_ids if c not in given]
        if 0 < len(missing) < len(cluster_ids):
            raise ValueError(
                f"--extra {name}: no summary for {len(missing)} of the {len(cluster_ids)} clusters of {path}"
                f" (first {missing[0]!r})"
            )


# The pairs whose per-cluster difference gets a bootstrap interval: (system, against).
COMPARED = (
    ("article-count concepts", "content-word concepts"),
    ("MMR", "article-count concepts"),
    ("default", "MMR"),
    ("default", "any sentence citable"),
    ("learned", "default"),
    ("concept ILP, learned weights", "default"),
)


def _systems(
    scorer_for: Callable[[str], LinearScorer | None],
    concept_model_for: Callable[[str], ConceptModel | None],
) -> dict[str, Callable[[str, Sequence[Article], Options, Embedder], str]]:
    literal = PipelineSettings.literal()
    learned = dataclasses.replace(PipelineSettings(), learned_share=LEARNED_SHARE)
    # The greedy budgeted MMR that was the default before the exact selection, and the
    # earlier defaults it was measured against.
    mmr = dataclasses.replace(PipelineSettings(), selector="mmr")
    # The concepts before bigrams spanned stop words: adjacent content words, article counts.
    content = dataclasses.replace(PipelineSettings().concepts, surface_bigrams=False)

    def pipeline(settings: PipelineSettings, diversity: float | None = None) -> Callable[..., str]:
        def run(cluster_id: str, articles: Sequence[Article], options: Options, embedder: Embedder) -> str:
            chosen = settings
            if settings.learned_share > 0:
                chosen = dataclasses.replace(settings, scorer=scorer_for(cluster_id) or settings.scorer)
            if settings.concept_model is not None:
                chosen = dataclasses.replace(
                    chosen, concept_model=concept_model_for(cluster_id) or settings.concept_model
                )
            if diversity is not None:
                options = dataclasses.replace(options, diversity=diversity)
            return " ".join(s.text for s in summarize(articles, options, embedder, chosen).sentences)

        return run

    def ilp_learned(cluster_id: str, articles: Sequence[Article], options: Options, embedder: Embedder) -> str:
        # The default's concepts and learned weights (the query cosine as their target, as
        # in the pipeline), selected exactly instead of by MMR.
        default = PipelineSettings()
        settings = dataclasses.replace(default, concept_model=concept_model_for(cluster_id) or default.concept_model)

        def weigh(sentences: Sequence[Sentence], concepts: Concepts) -> Concepts:
            vectors = embed_sentences(sentences, embedder)
            target = target_similarity(vectors, options.query, embedder)
            _, support, _ = score_relevance(sentences, vectors, target, settings)
            weighted = weigh_concepts(concepts, articles, sentences, target, support, settings)
            return concepts if weighted is None else weighted

        return concept_ilp_summary(articles, options.max_words or 100, settings.concepts, weigh)

    return {
        "lead": lambda _id, articles, options, _e: lead_summary(articles, options.max_words or 100),
        "literal recipe": pipeline(literal, 0.3),
        "concept ILP (ICSI-style)": lambda _id, articles, options, _e: concept_ilp_summary(
            articles, options.max_words or 100
        ),
        "content-word concepts": pipeline(dataclasses.replace(mmr, concept_model=None, concepts=content)),
        "article-count concepts": pipeline(dataclasses.replace(mmr, concept_model=None)),
        "MMR": pipeline(mmr),
        "default": pipeline(PipelineSettings()),
        "any sentence citable": pipeline(PipelineSettings().any_sentence_citable()),
        "learned": pipeline(learned),
        "concept ILP, learned weights": ilp_learned,
    }


def compare_file(
    path: str,
    words: int,
    use_query: bool,
    embedder: Embedder,
    scorer_for: Callable[[str], LinearScorer | None],
    concept_model_for: Callable[[str], ConceptModel | None],
    extra: dict[str, dict[str, str]],
    limits: Any,
) -> dict[str, dict[str, NDArray[np.float64]]]:
    """Per system, per cluster id, R1/R2 recall x100 as float64 (2,)."""
    from ..inputs import read_evaluation_set
    from ..schema import parse_cluster

    systems = _systems(scorer_for, concept_model_for)
    scores: dict[str, dict[str, NDArray[np.float64]]] = {name: {} for name in [*systems, *extra]}
    for cluster in read_evaluation_set(path):
        articles = parse_cluster(cluster.body, limits)[0]
        options = Options(max_words=words, query=cluster.query if use_query else None)
        texts = {name: run(cluster.id, articles, options, embedder) for name, run in systems.items()}
        texts.update({name: given[cluster.id] for name, given in extra.items() if cluster.id in given})
        for name, text in texts.items():
            s = score_summary(text, cluster.references, words)
            scores[name][cluster.id] = 100 * np.array([s.rouge1_recall, s.rouge2_recall])
    return scores


def format_comparison(title: str, scores: dict[str, dict[str, NDArray[np.float64]]]) -> str:
    """Markdown: mean R1/R2 recall per system, and each pair of ``COMPARED``'s paired difference (95%)."""
    lines = [f"**{title}**", "", "| system | R1 rec | R2 rec |", "|---|---:|---:|"]
    for name, per_cluster in scores.items():
        if per_cluster:
            mean = np.mean(list(per_cluster.values()), axis=0)
            lines.append(f"| {name} | {mean[0]:.2f} | {mean[1]:.2f} |")
    lines.append("")
    for system, against in COMPARED:
        ids = sorted(scores[against])
        diff = np.array([scores[system][i] - scores[against][i] for i in ids])
        r1, r2 = bootstrap_interval(diff[:, 0].tolist()), bootstrap_interval(diff[:, 1].tolist())
        lines.append(
            f"{system} − {against} over {len(ids)} clusters: R1 {diff[:, 0].mean():+.2f} "
            f"[{r1[0]:+.2f}, {r1[1]:+.2f}], R2 {diff[:, 1].mean():+.2f} [{r2[0]:+.2f}, {r2[1]:+.2f}] (95% bootstrap)"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from ..config import Settings
    from ..inputs import read_evaluation_set
    from .ablation import CACHE_DIR, reference_embedder
    from .concept_fitting import cross_validated_concept_models, read_concept_examples
    from .fitting import cross_validated_scorers, read_examples, topic

    parser = argparse.ArgumentParser(prog="python -m summarizer.tools.comparison", description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="+", metavar="DATA.jsonl")
    parser.add_argument("--words", type=int, nargs="+", required=True, help="word budget, one per file or one for all")
    parser.add_argument("--use-query", action="store_true", help="query-focused summaries")
    parser.add_argument("--cross-validate", action="store_true", help="score each topic with weights fitted without it")
    parser.add_argument(
        "--train", nargs="*", default=[], metavar="DATA.jsonl", help="training files for --cross-validate"
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--extra", action="append", default=[], metavar="NAME=FILE.jsonl", help="summaries made elsewhere"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the per-cluster scores here")
    args = parser.parse_args(argv)
    if len(args.words) not in (1, len(args.data)):
        parser.error("give one --words value, or one per file")
    if args.cross_validate and not args.train:
        parser.error("--cross-validate needs --train files")
    budgets = args.words * len(args.data) if len(args.words) == 1 else args.words
    try:
        extra = read_extra(args.extra)
        for path in args.data:
            check_coverage(path, [c.id for c in read_evaluation_set(path)], extra)
    except (OSError, ValueError, KeyError) as error:
        parser.error(str(error))
    embedder = reference_embedder(CACHE_DIR)
    scorers: dict[str, LinearScorer] = {}
    concept_models: dict[str, ConceptModel] = {}
    if args.cross_validate:
        scorers = cross_validated_scorers(read_examples(args.train, embedder), args.folds)
        concept_models = cross_validated_concept_models(read_concept_examples(args.train, embedder), args.folds)
    dump: dict[str, Any] = {}
    for path, words in zip(args.data, budgets, strict=True):
        scores = compare_file(
            path,
            words,
            args.use_query,
            embedder,
            lambda c: scorers.get(topic(c)),
            lambda c: concept_models.get(topic(c)),
            extra,
            Settings.from_env().limits,
        )
        embedder.save()
        kind = "query-focused" if args.use_query else "generic"
        title = f"{Path(path).name}, {len(scores['default'])} clusters, {words} words, {kind}"
        print(format_comparison(title, scores), end="\n\n", flush=True)
        dump[title] = {name: {c: v.round(4).tolist() for c, v in per.items()} for name, per in scores.items()}
    if args.json is not None:
        args.json.write_text(json.dumps(dump), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
