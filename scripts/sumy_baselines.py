"""sumy's LexRank and TextRank on evaluation files, as summaries for ``summarizer.tools.comparison --extra``.

For measurement only: sumy is not a dependency of the package and nothing under
``summarizer/`` imports it. Install it into the environment that runs this script:

    .venv/bin/pip install sumy==0.13.0
    .venv/bin/python scripts/sumy_baselines.py .data/eval/duc2006.jsonl --words 100 --out .data/sumy --score

Writes one JSONL file per input file and system, ``OUT/<file>.<system>.<words>w[.clean].jsonl``,
one line ``{"id", "summary"}`` per cluster. With ``--score`` it also prints mean ROUGE
(``summarizer.tools.evaluation``, x100) per file and system.

Setup (docs/baselines-sumy.md):

* sentences: ``summarizer.method.splitting.split_sentences`` on each article's text,
  whitespace collapsed; titles left out. sumy's own splitter is NLTK punkt, whose data
  is not installed with NLTK. ``--sentences clean`` also applies ``cleaning.trim_span``
  and keeps only sentences ``cleaning.reject_reason`` accepts.
* one ``ObjectDocumentModel`` per cluster, one ``Paragraph`` per article;
* words: ``\\w+`` runs (sumy lowercases them); sumy's English Snowball stemmer and stop
  words; every other parameter at sumy's default;
* ratings: TextRank by ``rate_sentences``; sumy 0.13's LexRank has none, so its ratings
  are the steps of ``LexRankSummarizer.__call__`` up to ``power_method``;
* budget: sentences by descending rating (ties in document order), an exact repeat of a
  text already taken skipped, added until the summary has at least ``--words`` words,
  in rating order. The scorer cuts the overflow of the last one.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from summarizer.inputs import read_evaluation_set
from summarizer.method.cleaning import reject_reason, trim_span
from summarizer.method.splitting import split_sentences
from summarizer.tools.evaluation import mean_scores, score_summary

try:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence  # type: ignore[import-untyped]
    from sumy.nlp.stemmers import Stemmer  # type: ignore[import-untyped]
    from sumy.summarizers.lex_rank import LexRankSummarizer  # type: ignore[import-untyped]
    from sumy.summarizers.text_rank import TextRankSummarizer  # type: ignore[import-untyped]
    from sumy.utils import get_stop_words  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - the message is the point
    sys.exit("sumy is not installed here: .venv/bin/pip install sumy==0.13.0")

LANGUAGE = "english"
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


class WordTokenizer:
    """What ``sumy.models.dom.Sentence`` asks of a tokenizer: its words (sumy lowercases them)."""

    language = LANGUAGE

    def to_words(self, sentence: str) -> list[str]:
        return _WORD.findall(sentence)


def sentences_of(text: str, clean: bool) -> list[str]:
    """The article's sentences in order, whitespace collapsed; with ``clean``, trimmed and filtered."""
    out = []
    for span in split_sentences(text):
        start, end = trim_span(text, span.start, span.end) if clean else (span.start, span.end)
        sentence = _SPACE.sub(" ", text[start:end]).strip()
        if sentence and (not clean or reject_reason(sentence) is None):
            out.append(sentence)
    return out


def lexrank_ratings(summarizer: Any, document: Any) -> list[float]:
    """The ratings ``LexRankSummarizer.__call__`` computes, one per sentence in document order."""
    words = [summarizer._to_words_set(s) for s in document.sentences]
    tf = summarizer._compute_tf(words)
    idf = summarizer._compute_idf(words)
    matrix = summarizer._create_matrix(words, summarizer.threshold, tf, idf)
    return [float(x) for x in summarizer.power_method(matrix, summarizer.epsilon)]


def textrank_ratings(summarizer: Any, document: Any) -> list[float]:
    """``rate_sentences`` in document order (sumy keys it by sentence text: repeats share a rating)."""
    rated = summarizer.rate_sentences(document)
    return [float(rated[s]) for s in document.sentences]


def fill_budget(texts: Sequence[str], ratings: Sequence[float], words: int) -> str:
    """Best-rated first (ties in document order), no repeated text, until ``words`` words are reached."""
    chosen: list[str] = []
    seen: set[str] = set()
    count = 0
    for i in sorted(range(len(texts)), key=lambda i: (-ratings[i], i)):
        if count >= words:
            break
        if texts[i] in seen:
            continue
        seen.add(texts[i])
        chosen.append(texts[i])
        count += len(texts[i].split())
    return " ".join(chosen)


def _summarizers() -> dict[str, tuple[Any, Callable[[Any, Any], list[float]]]]:
    stemmer = Stemmer(LANGUAGE)
    stop_words = get_stop_words(LANGUAGE)
    systems: dict[str, tuple[Any, Callable[[Any, Any], list[float]]]] = {
        "lexrank": (LexRankSummarizer(stemmer), lexrank_ratings),
        "textrank": (TextRankSummarizer(stemmer), textrank_ratings),
    }
    for summarizer, _ in systems.values():
        summarizer.stop_words = stop_words
    return systems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="+", metavar="DATA.jsonl")
    parser.add_argument("--words", type=int, nargs="+", required=True, help="word budget, one per file or one for all")
    parser.add_argument("--out", type=Path, required=True, help="directory for the summaries")
    parser.add_argument("--systems", nargs="+", choices=("lexrank", "textrank"), default=["lexrank", "textrank"])
    parser.add_argument("--sentences", choices=("raw", "clean"), default="raw")
    parser.add_argument("--score", action="store_true", help="print mean ROUGE per file and system")
    args = parser.parse_args(argv)
    if len(args.words) not in (1, len(args.data)):
        parser.error("give one --words value, or one per file")
    budgets = args.words * len(args.data) if len(args.words) == 1 else args.words
    clean = args.sentences == "clean"
    summarizers = _summarizers()
    tokenizer = WordTokenizer()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for path, words in zip(args.data, budgets, strict=True):
        clusters = read_evaluation_set(path)
        summaries: dict[str, list[dict[str, str]]] = {name: [] for name in args.systems}
        for cluster in clusters:
            articles = cluster.body["articles"]
            paragraphs = [
                Paragraph([Sentence(t, tokenizer) for t in sentences_of(str(a.get("text", "")), clean)])
                for a in articles
            ]
            document = ObjectDocumentModel(paragraphs)
            texts = [str(s) for s in document.sentences]
            for name in args.systems:
                summarizer, rate = summarizers[name]
                ratings = rate(summarizer, document) if texts else []
                summaries[name].append({"id": cluster.id, "summary": fill_budget(texts, ratings, words)})
        suffix = ".clean" if clean else ""
        for name, lines in summaries.items():
            target = args.out / f"{Path(path).stem}.{name}.{words}w{suffix}.jsonl"
            target.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
            if args.score:
                scores = mean_scores(
                    score_summary(line["summary"], c.references, words) for line, c in zip(lines, clusters, strict=True)
                )
                values = (scores.rouge1_recall, scores.rouge1_f1, scores.rouge2_recall, scores.rouge2_f1)
                rows.append(
                    f"| {Path(path).stem} | {words} | {len(clusters)} | {name} | "
                    + " | ".join(f"{100 * v:.2f}" for v in values)
                    + " |"
                )
    if rows:
        print("| file | words | clusters | system | R1 rec | R1 F1 | R2 rec | R2 F1 |")
        print("|---|---:|---:|---|---:|---:|---:|---:|")
        print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
