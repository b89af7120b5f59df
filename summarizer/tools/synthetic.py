"""Clusters for benchmarks: generated news-like ones (deterministic, any size, wire copy repeated), or cut from a file.

``generate_cluster(articles, seed)`` gives the same cluster for the same arguments,
so runs of ``summarizer bench`` compare like with like. About one sentence in eight is
shared wire copy, as in real clusters, so caching and duplicate handling are exercised.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence

from ..documents import Article

__all__ = ["bench_clusters", "generate_cluster", "read_articles"]


_PEOPLE = ("Maria Alvarez", "James Okafor", "Chen Wei", "Anna Kowalski", "David Mensah", "Sofia Rossi", "Omar Haddad")
_ROLES = ("the mayor", "the finance minister", "a company spokesman", "the police chief", "the union leader")
_PLACES = ("Riverton", "the northern province", "the capital", "Port Elena", "the border region", "Lakeside County")
_ORGS = ("the city council", "the central bank", "Northwind Energy", "the health ministry", "the transit authority")
_THINGS = (
    "the new bridge",
    "the budget plan",
    "the water supply",
    "the rail line",
    "the vaccine program",
    "the factory",
    "the peace talks",
    "the housing project",
    "the tax increase",
)
_VERBS = ("approved", "rejected", "delayed", "announced", "criticized", "defended", "expanded", "suspended")
_WHEN = ("on Tuesday", "late Friday", "earlier this week", "last month", "on Monday morning", "after a long debate")
_WHY = (
    "citing rising costs and a shortage of skilled workers",
    "after months of protests by residents who feared higher prices",
    "because officials said safety inspections had found serious problems",
    "despite warnings from several economists about the long-term risks",
    "following a report that questioned how the money had been spent",
)
_TEMPLATES = (
    "{person}, {role} of {place}, said {when} that {org} had {verb} {thing}, {why}.",
    "{org} {verb} {thing} {when}, {why}, according to {person}.",
    "Officials in {place} said {n} people had been affected by the decision on {thing} so far.",
    "{person} told reporters {when} that {thing} would cost about {n} million dollars over {k} years.",
    "Critics in {place} argued that {org} had {verb} {thing} without consulting the {n} families it affects.",
    "The decision, which {person} called a turning point for {place}, is expected to take effect within {k} weeks.",
    "{role} of {place} said {when} that talks with {org} about {thing} would resume in {k} days.",
    "About {n} residents gathered outside the offices of {org} {when} to protest against plans for {thing}.",
)


def generate_cluster(articles: int, seed: int = 0, sentences_per_article: int = 28) -> list[Article]:
    """A synthetic cluster: ``articles`` articles of about ``sentences_per_article`` news sentences each.

    Deterministic for a seed. One cluster shares its cast (people, places, things);
    about one sentence in eight is copied verbatim from a shared pool, as wire copy repeats.
    """
    rng = random.Random(seed)

    def pick(options: Sequence[str], k: int) -> list[str]:
        return rng.sample(list(options), k)

    cast = {
        "person": pick(_PEOPLE, 3),
        "role": pick(_ROLES, 2),
        "place": pick(_PLACES, 2),
        "org": pick(_ORGS, 2),
        "thing": pick(_THINGS, 3),
    }

    def sentence() -> str:
        text = rng.choice(_TEMPLATES).format(
            person=rng.choice(cast["person"]),
            role=rng.choice(cast["role"]),
            place=rng.choice(cast["place"]),
            org=rng.choice(cast["org"]),
            thing=rng.choice(cast["thing"]),
            verb=rng.choice(_VERBS),
            when=rng.choice(_WHEN),
            why=rng.choice(_WHY),
            n=rng.randint(12, 9_000),
            k=rng.randint(2, 30),
        )
        return text[0].upper() + text[1:]

    wire = [sentence() for _ in range(12)]
    out = []
    for a in range(articles):
        lines = [rng.choice(wire) if rng.random() < 0.125 else sentence() for _ in range(sentences_per_article)]
        paragraphs = [" ".join(lines[i : i + 3]) for i in range(0, len(lines), 3)]
        out.append(Article(id=f"gen-{seed}-{a}", text="\n\n".join(paragraphs)))
    return out


def bench_clusters(data: str | None, size: int, count: int, seed: int = 0) -> Iterator[list[Article]]:
    """``count`` clusters of ``size`` articles: generated, or consecutive articles of the JSONL file ``data``.

    From a file, a cluster's own articles come first, running on into the next cluster
    when it is smaller (1,000 DUC articles make one cluster of many events).
    """
    if data is None:
        for n in range(count):
            yield generate_cluster(size, seed=seed * 100_003 + size * 1_009 + n)
        return
    pool = read_articles(data)
    if not pool:
        return
    for n in range(count):
        start = (n * size) % len(pool)
        chosen = [pool[(start + i) % len(pool)] for i in range(min(size, len(pool)))]
        yield [Article(id=f"{i}-{a.id}", text=a.text) for i, a in enumerate(chosen)]


def read_articles(path: str) -> list[Article]:
    """Every article of a JSONL file of clusters (``articles`` or ``documents``: strings or objects with text)."""
    articles: list[Article] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            body = json.loads(line)
            for item in body.get("articles") or body.get("documents") or []:
                if isinstance(item, str):
                    articles.append(Article(id=str(len(articles)), text=item))
                else:
                    articles.append(Article(id=str(item.get("id", len(articles))), text=str(item["text"])))
    return articles
