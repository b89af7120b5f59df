"""The ablation behind ``docs/quality.md``: each component of the default added one at a time.

One row per configuration, all scored in the same run against the same references
(ROUGE as in ``summarizer.tools.evaluation``): the lead baseline, the literal recipe
(centroid cosine, plain MMR with diversity 0.3, sentences of 8-55 words, no grouping),
then the literal recipe with one more component per row, ending at the default settings.

    python -m summarizer.tools.ablation .data/eval/duc2006.jsonl --words 250
    summarizer evaluate .data/eval/duc2006.jsonl --words 250 --ablation

Embeddings are cached by text (``CachedEmbedder``), in memory across rows and on
disk under ``.data/cache/embeddings`` across runs, so only the first run pays for
the model.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..documents import Options
from ..embedder import Embedder
from ..method.pipeline import PipelineSettings, summarize
from ..method.relevance import RelevanceWeights
from .evaluation import RougeScores, lead_summary, mean_scores, score_summary

if TYPE_CHECKING:
    from ..embeddings.cache import CachedEmbedder

__all__ = ["ABLATION", "AblationRow", "Variant", "main", "run_ablation"]

CACHE_DIR = Path(".data/cache/embeddings")


@dataclass(frozen=True, slots=True)
class Variant:
    """One configuration of the summarizer: method settings plus the request's diversity."""

    name: str
    settings: PipelineSettings
    diversity: float


@dataclass(frozen=True, slots=True)
class AblationRow:
    name: str
    scores: RougeScores


def _steps() -> tuple[Variant, ...]:
    """The literal recipe, then one component more per step; the last step is the default."""
    default = PipelineSettings()
    default_diversity = Options().diversity
    literal = PipelineSettings.literal()
    steps = [Variant("literal recipe", literal, 0.3)]

    def add(name: str, diversity: float | None = None, **changes: object) -> None:
        previous = steps[-1]
        settings = dataclasses.replace(previous.settings, **changes)  # type: ignore[arg-type]
        steps.append(Variant(name, settings, previous.diversity if diversity is None else diversity))

    add("+ speakerless quotations uncited", cite_speakerless_quotes=default.cite_speakerless_quotes)
    add("+ back-references uncited", cite_back_references=default.cite_back_references)
    add("+ questions and list items uncited", cite_questions_and_list_items=default.cite_questions_and_list_items)
    add("+ same-claim grouping", group_claims=True)
    if default.length_bounds != literal.length_bounds:
        add("+ length bounds", length_bounds=default.length_bounds)
    add(
        "+ position prior",
        relevance=RelevanceWeights(default.relevance.target, default.relevance.position, 0.0),
    )
    add("+ cross-article support", relevance=default.relevance)
    add(
        "+ concepts (content-word bigrams; unigrams x0.2)",
        concepts=dataclasses.replace(default.concepts, surface_bigrams=False),
        concept_share=default.concept_share,
        concept_model=None,
    )
    add("+ gain per word", cost_scaling=default.cost_scaling)
    add("+ word-overlap redundancy", redundancy_overlap=default.redundancy_overlap)
    add("+ tuned diversity", diversity=default_diversity)
    if default.concepts.surface_bigrams:
        add("+ bigrams across stop words (ICSI's)", concepts=default.concepts)
    if default.concept_model is not None:
        add("+ learned concept weights", concept_model=default.concept_model)
    add("+ query focus (only acts with a query)", query_focus=default.query_focus)
    if default.learned_share > 0:
        add("+ learned relevance", learned_share=default.learned_share, scorer=default.scorer)
    if default.selector == "exact":
        add("+ exact selection (branch and bound)", selector="exact")
    # Changes no sentence of a summary, only the citations: its row repeats the one before.
    add("+ corroboration and disputes (citations only)", corroboration=default.corroboration, disputes=default.disputes)
    if steps[-1].settings != default:
        raise AssertionError("the ablation's last step must be the default configuration")
    return tuple(steps)


ABLATION: tuple[Variant, ...] = _steps()


def run_ablation(
    clusters: Sequence[object],
    words: int,
    use_query: bool,
    variants: Sequence[Variant],
    embedder: Embedder,
    parse: Callable[[dict[str, object]], object],
) -> list[AblationRow]:
    """Mean ROUGE of the lead baseline and of each variant over ``clusters`` (EvaluationCluster)."""
    per_row: dict[str, list[RougeScores]] = {"lead": []}
    for variant in variants:
        per_row[variant.name] = []
    for cluster in clusters:
        articles = parse(cluster.body)  # type: ignore[attr-defined]
        references = cluster.references  # type: ignore[attr-defined]
        query = cluster.query if use_query else None  # type: ignore[attr-defined]
        per_row["lead"].append(score_summary(lead_summary(articles, words), references, words))  # type: ignore[arg-type]
        for variant in variants:
            options = Options(max_words=words, query=query, diversity=variant.diversity)
            summary = summarize(articles, options, embedder, variant.settings)  # type: ignore[arg-type]
            text = " ".join(s.text for s in summary.sentences)
            per_row[variant.name].append(score_summary(text, references, words))
    return [AblationRow(name, mean_scores(scores)) for name, scores in per_row.items()]


def format_table(title: str, rows: Sequence[AblationRow]) -> str:
    """A Markdown table: R1/R2 recall and F1, x100."""
    lines = [
        f"**{title}**",
        "",
        "| configuration | R1 rec | R2 rec | R1 F1 | R2 F1 |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        s = row.scores
        values = (s.rouge1_recall, s.rouge2_recall, s.rouge1_f1, s.rouge2_f1)
        lines.append(f"| {row.name} | " + " | ".join(f"{100 * v:.2f}" for v in values) + " |")
    return "\n".join(lines)


def reference_embedder(directory: Path | None) -> CachedEmbedder:
    """The fp32 torch model behind the on-disk cache (the model loads only on a miss).

    The fp32 model is the reference the int8 backends are checked against: the figures
    in docs/quality.md must not move when the serving backend changes, and the on-disk
    shards are named after the model alone.
    """
    from ..config import Settings
    from ..embeddings import DEFAULT_MODEL_NAME, load_embedder
    from ..embeddings.cache import CachedEmbedder

    settings = Settings.from_env()
    return CachedEmbedder(
        lambda: load_embedder(settings.model, settings.models_dir, settings.batch_size, backend="torch", cache_size=0),
        directory,
        name=settings.model or DEFAULT_MODEL_NAME,
    )


def run_files(
    paths: Sequence[str], budgets: Sequence[int], use_query: bool, limit: int | None = None, cache: bool = True
) -> dict[str, list[AblationRow]]:
    """The ablation on each file with its word budget: ``{title: rows}``, in file order."""
    from ..config import Settings
    from ..inputs import read_evaluation_set
    from ..schema import parse_cluster

    settings = Settings.from_env()
    embedder = reference_embedder(CACHE_DIR if cache else None)

    def parse(body: dict[str, object]) -> object:
        return parse_cluster(body, settings.limits)[0]

    results: dict[str, list[AblationRow]] = {}
    for path, words in zip(paths, budgets, strict=True):
        clusters = read_evaluation_set(path)[:limit]
        rows = run_ablation(clusters, words, use_query, ABLATION, embedder, parse)
        embedder.save()
        kind = "query-focused" if use_query else "generic"
        results[f"{Path(path).name}, {len(clusters)} clusters, {words} words, {kind}"] = rows
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m summarizer.tools.ablation", description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="+", metavar="DATA.jsonl")
    parser.add_argument("--words", type=int, nargs="+", required=True, help="word budget, one per file or one for all")
    parser.add_argument("--use-query", action="store_true", help="query-focused summaries")
    parser.add_argument("--limit", type=int, default=None, help="only the first N clusters of each file")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the on-disk embedding cache")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if len(args.words) not in (1, len(args.data)):
        parser.error("give one --words value, or one per file")
    budgets = args.words * len(args.data) if len(args.words) == 1 else args.words
    results = run_files(args.data, budgets, args.use_query, args.limit, cache=not args.no_cache)
    if args.json:
        print(json.dumps({t: {r.name: r.scores.to_dict() for r in rows} for t, rows in results.items()}))
    else:
        print("\n\n".join(format_table(t, rows) for t, rows in results.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
