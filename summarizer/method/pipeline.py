"""From a cluster of articles to a cited summary.

split -> trim and filter -> embed once -> score relevance (centroid or query cosine,
position, cross-article support) -> keep the most relevant as the candidate pool ->
group same claims -> select: MMR's relevance/redundancy trade-off with concept coverage,
solved exactly within the budgets (``exact_selection``; ``selector="mmr"``: the greedy
budgeted MMR of ``selection``) -> order for reading -> corroborate -> cite.

No stage holds an (n, n) matrix of the whole cluster: support is computed in blocks
and the square matrices are the pool's, so cost grows linearly with the sentences
(``docs/scale.md`` has the measurements).

Every method knob lives in ``PipelineSettings``; ``summarizer.tools.ablation`` measures each
against human references, and ``docs/quality.md`` records the curves that chose them.

A pure function of its inputs and the embedder: no Flask, no environment, no files.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..documents import Article, Options, Sentence, Summary
from ..embedder import Embedder
from ..errors import FieldError, InputTooLarge, NothingToSummarize
from .anaphora import refers_back
from .candidates import claim_candidates, stands_alone
from .citing import cite, reading_order, render
from .cleaning import LengthBounds, reject_reason, trim_span
from .concept_importance import ConceptModel, cluster_concept_features, reweigh
from .concepts import ConceptRule, Concepts, extract_concepts
from .corroboration import ClaimEvidence, CorroborationModel, cluster_text, corroborate
from .disputes import DisputeModel
from .exact_selection import exact_select
from .grouping import Candidate, SameClaimRule
from .lexical import content_words
from .pool import PoolView
from .quotations import join_quotations, unattributed_quotations
from .relevance import (
    RelevanceWeights,
    article_ordinals,
    by_relevance,
    cross_article_support,
    mix_relevance,
    position_prior,
)
from .scoring import LinearScorer, cluster_features
from .selection import budgeted_mmr_select
from .sentence_forms import question_or_list_item
from .splitting import split_sentences

__all__ = ["Candidate", "PipelineSettings", "extract_sentences", "summarize"]


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    """Knobs of the method itself, chosen on development data rather than per request.

    length_bounds:      which sentences may be summary sentences at all.
    same_claim:         when sentences of different articles count as one claim.
    group_claims:       whether same-claim sentences become one candidate (False: every
                        sentence is its own candidate and nothing is corroborated, as
                        in the literal recipe).
    relevance:          weights of centroid/query cosine, position prior, cross-article support.
    concepts:           which bigrams count as concepts (Gillick & Favre 2009).
    concept_model:      weighs each concept by the learned probability that a human summary
                        states it (``concept_importance``); None: by the number of articles
                        that contain it, as ICSI does.
    concept_share:      share of the MMR gain that is marginal concept coverage (0: none).
    cost_scaling:       r of Lin & Bilmes (2010): the gain is divided by (words)^r.
    redundancy_overlap: weight of content-word overlap next to cosine in the MMR
                        redundancy term (0: cosine alone, as in the literal recipe).
    corroboration:      the model that decides which other articles state each chosen
                        sentence's claim (``corroboration``); None: nothing is corroborated,
                        as in the literal recipe.
    disputes:           the model that decides which other articles report a chosen sentence's
                        claim with another figure (``disputes``); None: nothing is disputed.
    query_focus:        with a query, multiply each candidate's gain by its query cosine
                        (clipped at 0, over the maximum), so that cluster-wide signals
                        (concepts, support, position) cannot outvote the question.
    learned_share:      share of the relevance taken from the learned sentence scorer
                        (``scoring``), for generic summaries (0: none; with a query the
                        relevance stays the mix of ``relevance``). Off by default: at
                        0.3 its gain on the development files is within noise
                        (``docs/quality.md``).
    scorer:             the learned scorer (None: the fitted ``weights.GENERIC``).
    candidate_pool:     grouping and selection consider only this many sentences, the
                        most relevant (clusters with no more are unaffected). Leader
                        grouping in relevance order is exact within the pool, and the
                        (pool, pool) matrices replace the (n, n) ones that made a
                        1,000-article cluster need gigabytes.
    support_articles:   cross-article support compares each sentence with at most this
                        many articles (evenly spaced) when ranking for the pool; the
                        pool's own support is then computed against every article.
    selector:           "exact": the summary that maximises relevance plus concept coverage
                        within the budgets, no pair more redundant than 1 - diversity, by
                        branch and bound (``exact_selection``); "mmr": greedy budgeted MMR
                        (``selection``), as the literal recipe.
    exact_relevance:    in the exact objective, the weight of a sentence's relevance (scaled
                        to [0, 1]) relative to the mean concept weight of a candidate.
    exact_focus_power:  with a query, the exact objective's focus is the query focus to this power.
    exact_nodes:        the branch and bound's node limit (past it, the best summary found).
    cite_speakerless_quotes: let a sentence of quoted words with no speaker in it
                        (``quotations``) be cited as a summary sentence, as before that
                        rule (measured in ``docs/quality.md``).
    cite_back_references: let a sentence that refers back (``anaphora``: it opens with a
                        pronoun, demonstrative or counted subject whose referent came
                        before, or in the first person) be cited, as before that rule.
    cite_questions_and_list_items: let a question or a list item (``sentence_forms``)
                        be cited, as before that rule.

    The defaults are the configuration chosen in ``docs/quality.md``;
    ``PipelineSettings.literal()`` is the plain recipe it is compared with.
    """

    length_bounds: LengthBounds = field(default_factory=LengthBounds)
    same_claim: SameClaimRule = field(default_factory=SameClaimRule)
    group_claims: bool = True
    relevance: RelevanceWeights = field(
        default_factory=lambda: RelevanceWeights(target=1.0, position=0.25, support=1.0)
    )
    concepts: ConceptRule = field(default_factory=lambda: ConceptRule(unigram_weight=0.2))
    concept_model: ConceptModel | None = field(default_factory=ConceptModel.fitted)
    concept_share: float = 0.5
    cost_scaling: float = 0.5
    redundancy_overlap: float = 0.5
    query_focus: bool = True
    learned_share: float = 0.0
    scorer: LinearScorer | None = None
    corroboration: CorroborationModel | None = field(default_factory=CorroborationModel.fitted)
    disputes: DisputeModel | None = field(default_factory=DisputeModel.fitted)
    candidate_pool: int = 2500
    support_articles: int = 128
    selector: str = "exact"
    exact_relevance: float = 0.25
    exact_focus_power: float = 2.0
    exact_nodes: int = 4000
    cite_speakerless_quotes: bool = False
    cite_back_references: bool = False
    cite_questions_and_list_items: bool = False

    def __post_init__(self) -> None:
        if self.candidate_pool < 1:
            raise ValueError(f"candidate_pool must be at least 1, got {self.candidate_pool!r}")
        if self.support_articles < 2:
            raise ValueError(f"support_articles must be at least 2, got {self.support_articles!r}")
        for name in ("concept_share", "redundancy_overlap", "learned_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be within [0, 1], got {value!r}")
        if min(self.cost_scaling, self.exact_relevance, self.exact_focus_power) < 0.0 or self.exact_nodes < 1:
            raise ValueError(
                "cost_scaling, exact_relevance and exact_focus_power must be non-negative, exact_nodes positive"
            )
        if self.selector not in ("exact", "mmr"):
            raise ValueError(f"selector must be 'exact' or 'mmr', got {self.selector!r}")

    @classmethod
    def literal(cls) -> PipelineSettings:
        """The recipe taken literally: centroid cosine, plain MMR, sentences of 8-55 words, any of them citable."""
        return cls(
            length_bounds=LengthBounds(8, 55),
            group_claims=False,
            relevance=RelevanceWeights(1.0, 0.0, 0.0),
            concepts=ConceptRule(),
            concept_model=None,
            concept_share=0.0,
            cost_scaling=0.0,
            redundancy_overlap=0.0,
            query_focus=False,
            learned_share=0.0,
            corroboration=None,
            disputes=None,
            selector="mmr",
        ).any_sentence_citable()

    def any_sentence_citable(self) -> PipelineSettings:
        """These settings with every rule that a cited sentence stand alone switched off."""
        return replace(
            self, cite_speakerless_quotes=True, cite_back_references=True, cite_questions_and_list_items=True
        )


def extract_sentences(articles: Sequence[Article], bounds: LengthBounds) -> tuple[int, list[Sentence]]:
    """Split every article and keep what could be a summary sentence.

    Returns the number of sentences found in all and the kept ones, in article then
    text order. A quotation the splitter cut at its sentence ends is one sentence again
    (``quotations.join_quotations``), so a summary quotes it whole. Kept spans are
    trimmed of glued datelines and bullets, so ``text`` is always ``article.text[start:end]``;
    ``index`` counts all sentences of the article. A sentence of quoted words with no
    speaker in it (``quotations``) is kept with ``quoted`` set, one that refers back
    (``anaphora``: "He resigned.") with ``refers_back``, a question or list
    item (``sentence_forms``) with ``question_or_list_item``: each may state or support a
    claim, but is never cited as a summary sentence (alone, the first reads as the
    outlet's own claim, the second does not say whom it is about, the third states no
    claim of the story or points at a list the summary does not show).
    """
    found = 0
    kept: list[Sentence] = []
    for a, article in enumerate(articles):
        spans = join_quotations(article.text, split_sentences(article.text), bounds.max_words)
        found += len(spans)
        quoted = unattributed_quotations(article.text, spans)
        for index, span in enumerate(spans):
            start, end = trim_span(article.text, span.start, span.end)
            text = article.text[start:end]
            if reject_reason(text, bounds) is None:
                kept.append(
                    Sentence(
                        a,
                        index,
                        start,
                        end,
                        text,
                        span.paragraph,
                        quoted=quoted[index],
                        refers_back=refers_back(text),
                        question_or_list_item=question_or_list_item(text),
                    )
                )
    return found, kept


def summarize(
    articles: Sequence[Article],
    options: Options,
    embedder: Embedder,
    settings: PipelineSettings | None = None,
    *,
    check: Callable[[], None] | None = None,
    max_sentences_kept: int | None = None,
    observe: Callable[[str], None] | None = None,
) -> Summary:
    """Summarize one cluster. Raises NothingToSummarize when no article has a usable sentence.

    ``check`` is called between stages and may raise (the service passes its request
    deadline) so that a request past its time stops instead of running on unseen.
    ``max_sentences_kept`` refuses (InputTooLarge) a cluster with more summarizable
    sentences, before any embedding. ``observe`` is told the name of each stage as it
    ends (the benchmark times them).

    Each line below is one stage, a function of plain values; a new stage is one
    function and one line here. Every stage is linear in the kept sentences n except
    support (n * min(articles, ``support_articles``) cosines, in blocks) and the
    pool's grouping and selection, which are bounded by ``candidate_pool``.
    """
    settings = settings or PipelineSettings()

    def stage(name: str) -> None:
        if check is not None:
            check()
        if observe is not None:
            observe(name)

    found, sentences = extract_sentences(articles, settings.length_bounds)
    refuse_unsummarizable(found, sentences, max_sentences_kept)
    stage("extract")
    vectors = embed_sentences(sentences, embedder)
    stage("embed")
    target = target_similarity(vectors, options.query, embedder)
    relevance, support, pool = score_relevance(sentences, vectors, target, settings)
    stage("relevance")
    words = sentence_words(sentences)
    concepts = cluster_concepts(words, sentences, pool, settings)
    concepts = weigh_concepts(concepts, articles, sentences, target, support, settings)
    view = PoolView.of(pool, sentences, vectors, words, relevance, support, target)
    view_relevance = learned_relevance(view, options, settings)
    stage("words")
    candidates = claim_candidates(
        view,
        view_relevance,
        settings.same_claim if settings.group_claims else None,
        functools.partial(
            stands_alone,
            quotes=settings.cite_speakerless_quotes,
            back_references=settings.cite_back_references,
            questions_and_list_items=settings.cite_questions_and_list_items,
        ),
    )
    stage("group")
    chosen = select_candidates(candidates, view, concepts, options, settings)
    chosen = reading_order(chosen, sentences, articles, options.order)
    stage("select")
    evidence = corroborate_claims(chosen, sentences, vectors, words, options, settings)
    stage("corroborate")
    cited, sources = cite(chosen, evidence, sentences, articles)
    return Summary(
        summary=render(cited),
        sentences=tuple(cited),
        sources=tuple(sources),
        meta=run_facts(articles, sentences, found, candidates, options, embedder.name),
    )


def refuse_unsummarizable(found: int, sentences: Sequence[Sentence], max_sentences_kept: int | None) -> None:
    """Raise InputTooLarge above ``max_sentences_kept`` kept sentences, NothingToSummarize at none."""
    if max_sentences_kept is not None and len(sentences) > max_sentences_kept:
        raise InputTooLarge(
            f"{len(sentences)} sentences could go into the summary; the limit is {max_sentences_kept}",
            [FieldError("articles", f"at most {max_sentences_kept} summarizable sentences in all articles")],
        )
    if not sentences:
        raise NothingToSummarize(
            "no article contains a sentence that could go into a summary "
            f"({found} sentences found, all of them boilerplate, headlines or fragments)"
        )


def embed_sentences(sentences: Sequence[Sentence], embedder: Embedder) -> NDArray[np.float32]:
    """float32 (n, d), unit rows, one per kept sentence; each distinct text embedded once (wire copy repeats)."""
    unique: dict[str, int] = {}
    slots = [unique.setdefault(s.text, len(unique)) for s in sentences]
    vectors = embedder.encode(list(unique))
    return np.asarray(vectors[slots], dtype=np.float32)


def score_relevance(
    sentences: Sequence[Sentence],
    vectors: NDArray[np.float32],
    target: NDArray[np.float64],
    settings: PipelineSettings,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.intp]]:
    """Relevance and support (float64 (n,)), and the candidate pool (ascending sentence indices).

    Relevance mixes target cosine, position prior and cross-article support. Above
    ``support_articles`` articles, support is first estimated from a sample of them, the
    pool is drawn by that estimate, and the pool's support is computed exactly; the
    rest keep the estimate (they are never candidates).
    """
    weights = settings.relevance
    article_of = _article_of(sentences)
    position = position_prior(article_ordinals(article_of))
    n_articles = len(np.unique(article_of))
    sampled = n_articles > settings.support_articles
    if weights.support > 0:
        support = cross_article_support(
            vectors, article_of, sample_articles=settings.support_articles if sampled else None
        )
    else:
        support = np.zeros(len(sentences))
    relevance = mix_relevance(target, position, support, weights)
    pool = np.sort(np.asarray(by_relevance(relevance)[: settings.candidate_pool], dtype=np.intp))
    if sampled and weights.support > 0:
        support[pool] = cross_article_support(vectors, article_of, rows=pool)
        relevance[pool] = mix_relevance(target[pool], position[pool], support[pool], weights)
    return relevance, support, pool


def cluster_concepts(
    words: Sequence[Sequence[str]], sentences: Sequence[Sentence], pool: NDArray[np.intp], settings: PipelineSettings
) -> Concepts | None:
    """Concepts weighted by the articles of the whole cluster, with incidence rows for the pool only."""
    if settings.concept_share <= 0:
        return None
    rule = settings.concepts
    tokens = [rule.words(s.text) for s in sentences] if rule.surface_bigrams else words
    return extract_concepts(tokens, _article_of(sentences).tolist(), rule, rows=pool)


def weigh_concepts(
    concepts: Concepts | None,
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    target: NDArray[np.float64],
    support: NDArray[np.float64],
    settings: PipelineSettings,
) -> Concepts | None:
    """The concepts weighted by ``settings.concept_model`` (unchanged without one)."""
    if concepts is None or settings.concept_model is None:
        return concepts
    features = cluster_concept_features(concepts, articles, sentences, target, support, settings.concepts)
    return reweigh(concepts, settings.concept_model.probability(features), settings.concepts)


def learned_relevance(view: PoolView, options: Options, settings: PipelineSettings) -> NDArray[np.float64]:
    """float64 (pool,): the pool's relevance with ``learned_share`` of it taken from the learned scorer.

    The scorer's prediction is min-max scaled within the pool to the range of the
    relevance (0 to its maximum), so the MMR trade-off keeps its scale. Generic
    summaries only: the scorer learned generic importance, and a query's own relevance
    is left as it is.
    """
    relevance = view.relevance
    share = settings.learned_share
    if share <= 0.0 or (options.query and options.query.strip()) or len(view.sentences) < 2:
        return relevance
    features = cluster_features(view.sentences, view.words, view.support, view.target, settings.concepts)
    predicted = (settings.scorer or _fitted_scorer()).score(features, view.vectors)
    spread = float(predicted.max() - predicted.min())
    scaled = (predicted - predicted.min()) / spread if spread > 0 else np.zeros_like(predicted)
    mixed: NDArray[np.float64] = (1.0 - share) * relevance + share * float(relevance.max()) * scaled
    return mixed


def _fitted_scorer() -> LinearScorer:
    """The scorer shipped with the package (``weights.py``, written by ``tools.fitting``)."""
    from .weights import GENERIC

    return GENERIC


def sentence_words(sentences: Sequence[Sentence]) -> list[tuple[str, ...]]:
    """Each sentence's content words, in order (their overlap is the pool's, ``PoolView``)."""
    return [content_words(s.text) for s in sentences]


def select_candidates(
    candidates: Sequence[Candidate],
    view: PoolView,
    concepts: Concepts | None,
    options: Options,
    settings: PipelineSettings,
) -> list[Candidate]:
    """The summary's candidates by ``settings.selector``, over their leading sentences (exact: most relevant first).

    "exact" maximises, within every budget, the candidates' relevance (min-max scaled,
    times ``exact_relevance`` and a candidate's mean concept weight) plus the weight of the
    concepts they cover, with no two candidates more redundant than ``1 - diversity``; with a
    query, relevance and concept credit are scaled by the query focus to ``exact_focus_power``.
    Without concepts (``concept_share`` 0) the selection is MMR's.

    concepts: the cluster's concepts with incidence rows for the pool (``cluster_concepts``).
    """
    # The pool is in ascending sentence order: a leader's place in it is a binary search.
    leaders = np.searchsorted(view.pool, [c.members[0] for c in candidates]).astype(np.intp)
    leader_sentences = [view.sentences[i] for i in leaders]
    costs, budgets = _budget_arrays(leader_sentences, options)
    b = settings.redundancy_overlap
    redundancy = (1.0 - b) * view.cosine[np.ix_(leaders, leaders)] + b * view.overlap[np.ix_(leaders, leaders)]
    focused = settings.query_focus and bool(options.query and options.query.strip())
    focus = _query_focus(view.target[leaders]) if focused else None
    relevance = np.array([c.relevance for c in candidates])
    if settings.selector == "exact" and concepts is not None:
        incidence, weights = concepts.incidence[leaders], concepts.weights
        focus = None if focus is None else focus**settings.exact_focus_power
        # Both terms on the scale of a candidate's concept weight, so the knobs keep their meaning across clusters.
        scale = float((incidence @ weights).mean()) if len(leaders) else 0.0
        spread = float(np.ptp(relevance)) if len(leaders) else 0.0
        scaled = (relevance - relevance.min()) / spread if spread > 0 else np.ones_like(relevance)
        exact = exact_select(
            values=settings.exact_relevance * scale * scaled * (1.0 if focus is None else focus),
            concepts=incidence,
            concept_weights=weights,
            costs=costs,
            budgets=budgets,
            penalties=_conflicts(redundancy, options.diversity),
            focus=focus,
            node_limit=settings.exact_nodes,
        )
        # Candidates come by descending relevance: "relevance" order reads the most central first.
        return [candidates[i] for i in sorted(exact.indices)]
    selection = budgeted_mmr_select(
        relevance=relevance,
        similarity=redundancy,
        diversity=options.diversity,
        costs=costs,
        budgets=budgets,
        lengths=np.array([s.word_count for s in leader_sentences], dtype=np.float64),
        cost_scaling=settings.cost_scaling,
        concepts=None if concepts is None else concepts.incidence[leaders],
        concept_weights=None if concepts is None else concepts.weights,
        concept_share=settings.concept_share,
        focus=focus,
    )
    return [candidates[i] for i in selection.indices]


def run_facts(
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    found: int,
    candidates: Sequence[Candidate],
    options: Options,
    model: str,
) -> dict[str, Any]:
    """The ``meta`` object of a summary: what was read, kept and considered, and with what."""
    return {
        "model": model,
        "articles": len(articles),
        "sentences_found": found,
        "sentences_kept": len(sentences),
        "candidate_sentences": len(candidates),
        "skipped_articles": _skipped(articles, sentences),
        "options": options.to_dict(),
    }


def _article_of(sentences: Sequence[Sentence]) -> NDArray[np.intp]:
    """int (n,): the article index of each kept sentence."""
    return np.array([s.article_index for s in sentences], dtype=np.intp)


def target_similarity(embeddings: NDArray[np.float32], query: str | None, embedder: Embedder) -> NDArray[np.float64]:
    """Cosine of each sentence to the query, or to the cluster centroid when there is none."""
    if query and query.strip():
        target = embedder.encode([query])[0].astype(np.float64)
    else:
        target = embeddings.mean(axis=0, dtype=np.float64)
    norm = np.linalg.norm(target)
    if norm > 0:
        target = target / norm
    similarity: NDArray[np.float64] = embeddings.astype(np.float64) @ target
    return similarity


def _query_focus(similarity: NDArray[np.float64]) -> NDArray[np.float64]:
    """float64 (n,) in [0, 1]: cosine to the query, clipped at 0 and divided by its maximum."""
    clipped = np.clip(similarity, 0.0, None)
    top = float(clipped.max()) if clipped.size else 0.0
    return clipped / top if top > 0 else np.ones_like(clipped)


def _conflicts(redundancy: NDArray[np.float64], diversity: float) -> NDArray[np.float64]:
    """Pairs the exact selection may not take together: redundancy above ``1 - diversity`` (diagonal aside).

    Concept coverage already counts a repeated concept once; a soft pairwise penalty on
    top of it (McDonald 2007) cost R1 at diversity 0.1 in both forms measured
    (docs/quality.md), so ``diversity`` is a bound here: 0.1 keeps near-copies apart, 1
    any two sentences that share anything.
    """
    blocked = redundancy > 1.0 - diversity + 1e-12
    np.fill_diagonal(blocked, False)
    return np.where(blocked, _BLOCKED, 0.0)


# A penalty larger than any objective: a blocked pair never pays for itself.
_BLOCKED = 1e12


def _budget_arrays(sentences: Sequence[Sentence], options: Options) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Costs (n, 3) and capacities (3,) for the sentence, word and character budgets.

    Characters are counted as the sentences joined by single spaces, so each sentence
    costs its length plus one and the capacity is ``max_chars + 1``.
    """
    inf = np.inf
    costs = np.array([[1.0, s.word_count, len(s.text) + 1.0] for s in sentences], dtype=np.float64).reshape(-1, 3)
    max_words = options.effective_max_words
    budgets = np.array(
        [
            inf if options.max_sentences is None else options.max_sentences,
            inf if max_words is None else max_words,
            inf if options.max_chars is None else options.max_chars + 1.0,
        ],
        dtype=np.float64,
    )
    return costs, budgets


def corroborate_claims(
    chosen: Sequence[Candidate],
    sentences: Sequence[Sentence],
    vectors: NDArray[np.float32],
    words: Sequence[tuple[str, ...]],
    options: Options,
    settings: PipelineSettings,
) -> list[ClaimEvidence]:
    """Per chosen candidate, the other articles that state its claim or dispute it (``corroboration.corroborate``).

    ``options.corroboration_threshold`` and ``options.dispute_threshold`` override the two
    models' decision thresholds.
    """
    if settings.corroboration is None:
        return [ClaimEvidence((), ()) for _ in chosen]
    claims = [c.members[0] for c in chosen]
    text = cluster_text(sentences, words)
    return corroborate(
        claims,
        sentences,
        vectors,
        settings.corroboration,
        options.corroboration_threshold,
        text,
        settings.disputes,
        options.dispute_threshold,
    )


def _skipped(articles: Sequence[Article], kept: Sequence[Sentence]) -> list[str]:
    used = {s.article_index for s in kept}
    return [a.id for i, a in enumerate(articles) if i not in used]
