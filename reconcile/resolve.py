"""Resolve: group articles into stories and give each entity one key across the sources of a story."""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from reconcile.extract.terms import story_terms
from reconcile.extract.text import singular
from reconcile.records import Article, Claim, QuantityValue, Source, Story
from reconcile.rules import RuleSet

@dataclass
class Resolution:
    stories: list[Story]
    claims: list[Claim]
    set_aside: list[Article]


def _tfidf(documents: list[dict[str, int] | None]) -> list[dict[str, float]]:
    """Unit TF-IDF vectors. Each document is released from the list once weighed (the list is
    the caller's to give up): at 11,000 articles the term counts alone take 150 MB."""
    frequency: Counter = Counter()
    for document in documents:
        frequency.update(document.keys())
    total = len(documents)
    vectors = []
    for index, document in enumerate(documents):
        documents[index] = None
        vector = {term: (1 + math.log(count)) * math.log((1 + total) / (1 + frequency[term]) + 1)
                  for term, count in document.items()}
        norm = math.sqrt(sum(weight * weight for weight in vector.values())) or 1.0
        # A term no other article uses weighs in the norm but pairs with nothing: not kept.
        vectors.append({term: weight / norm for term, weight in vector.items() if frequency[term] > 1})
    return vectors


# A term shared by more articles than this says little about which event they cover, and
# pairing all of them would make grouping quadratic; such terms are left out of the blocking.
_BLOCKING_MAX_POSTINGS = 50
# Pairs less similar than this share of the threshold barely move any cluster's average, yet they
# are nine in ten of all pairs in a corpus of many stories: they are dropped before merging.
_MIN_PAIR_SHARE = 0.2


def _similar_pairs(vectors: list[dict[str, float]], least: float) -> dict[int, dict[int, float]]:
    """Cosine similarity (at least `least`) of the pairs of articles that share a discriminating term,
    as a symmetric adjacency map.

    Article by article, so only one article's running sums are held at a time: holding every
    pair at once took 400 MB at 11,000 articles, most of it for pairs that are then dropped.
    """
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for term, weight in vector.items():
            postings[term].append((index, weight))
    seen: dict[str, int] = defaultdict(int)  # how far each term's posting list has been walked
    adjacent: dict[int, dict[int, float]] = defaultdict(dict)
    for left, vector in enumerate(vectors):
        sums: dict[int, float] = defaultdict(float)
        for term, left_weight in vector.items():
            position = seen[term]
            seen[term] = position + 1
            posting = postings[term]
            if len(posting) > _BLOCKING_MAX_POSTINGS:
                continue
            for right, right_weight in posting[position + 1:]:
                sums[right] += left_weight * right_weight
        for right, score in sums.items():
            if score >= least:
                adjacent[left][right] = adjacent[right][left] = score
    return adjacent


def group_stories(articles: list[Article], sources: dict[str, Source], threshold: float,
                  terms: list[dict[str, int]] | None = None) -> list[list[Article]]:
    """Average-link clustering of articles by the names, terms and numbers they share.

    Only pairs that share a term are compared, and clusters merge best-first through a heap, so
    a corpus of many stories groups in near-linear time. `terms` are the articles' story terms
    when extraction has already counted them; the list is emptied as they are weighed.
    """
    if terms is None:
        terms = [story_terms(sources[a.source].text[a.start:a.end]) for a in articles]
    vectors = _tfidf(terms)
    sums = _similar_pairs(vectors, threshold * _MIN_PAIR_SHARE)
    members = {index: [index] for index in range(len(articles))}
    heap = [(-score, left, right) for left, others in sums.items() for right, score in others.items()
            if left < right and score >= threshold]
    close = {(left, right) for _, left, right in heap} | {(right, left) for _, left, right in heap}
    heapq.heapify(heap)
    while heap:
        negative, left, right = heapq.heappop(heap)
        if left not in members or right not in members:
            continue
        current = sums[left].get(right, 0.0) / (len(members[left]) * len(members[right]))
        if abs(current + negative) > 1e-12:
            continue  # a stale entry: these clusters changed since it was pushed
        members[left] = sorted(members[left] + members.pop(right))
        for other, score in sums.pop(right).items():
            del sums[other][right]
            if other != left:
                sums[left][other] = sums[other][left] = sums[left].get(other, 0.0) + score
        sums[left].pop(right, None)
        for other, score in sums[left].items():
            average = score / (len(members[left]) * len(members[other]))
            if average >= threshold:
                heapq.heappush(heap, (-average, min(left, other), max(left, other)))
    _adopt_strays(members, sums, close, threshold)
    return [[articles[index] for index in cluster] for cluster in sorted(members.values())]


def _adopt_strays(members: dict[int, list[int]], sums: dict[int, dict[int, float]], close: set[tuple[int, int]],
                  threshold: float) -> None:
    """A lone article as close as the threshold to one article of a story, and half as close to the
    story as a whole, joins it: a local follow-up ("the toll rises to 41") shares its names with
    the first report but less with the wire copy, and the average alone would leave it out."""
    for stray in sorted(index for index, cluster in members.items() if len(cluster) == 1):
        candidates = [(score / len(members[other]), other) for other, score in sums.get(stray, {}).items()
                      if other in members and len(members[other]) > 1
                      and any((stray, member) in close for member in members[other])]
        if not candidates:
            continue
        average, story = max(candidates)
        if average >= threshold / 2:
            members[story] = sorted(members[story] + members.pop(stray))


def _canonical_keys(claims: list[Claim], min_similarity: float) -> dict[str, str]:
    """Map each subject key in one story to the key of the entity it names."""
    names: dict[str, str] = {}
    articles: dict[str, set[str]] = defaultdict(set)
    ages: dict[str, set[float]] = defaultdict(set)
    for claim in claims:
        if claim.subject.key:
            names.setdefault(claim.subject.key, claim.subject.kind)
            articles[claim.subject.key].add(claim.article)
            if claim.attribute == "age" and isinstance(claim.value, QuantityValue) and claim.value.low is not None:
                ages[claim.subject.key].add(claim.value.low)
    keys = sorted(names)
    parent = {key: key for key in keys}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    members = {key: [key] for key in keys}  # each cluster's keys, under its root
    pairs = [(left, right) for index, left in enumerate(keys) for right in keys[index + 1:]
             if not ("person" in (names[left], names[right])
                     and _two_people(articles[left], articles[right], ages[left], ages[right]))
             and same_entity(left, right, names[left], names[right], min_similarity)]
    # The most reported entities first: a bare "the plant" joins the story's main plant, not
    # another plant one article mentions in passing.
    pairs.sort(key=lambda pair: (-max(len(articles[pair[0]]), len(articles[pair[1]])), pair))
    for left, right in pairs:
        a, b = find(left), find(right)
        if a == b:
            continue
        # "plant" may be the "packaging plant" or the "tissue plant", but it cannot make them one.
        if any(not _compatible(x, y, names[x], names[y], min_similarity) for x in members[a] for y in members[b]):
            continue
        parent[a] = b
        members[b].extend(members.pop(a))
    canonical = {}
    for cluster in members.values():  # the roots' clusters: every key is in exactly one
        best = max(cluster, key=lambda key: (len(key.split()), len(key), key))
        for key in cluster:
            canonical[key] = best
    return canonical


def _compatible(left: str, right: str, left_kind: str, right_kind: str, min_similarity: float) -> bool:
    """Whether two keys can name one entity: one entity's names, or every word of the shorter
    (singular, spelled near alike) in the longer ("new mills", "new steel mill"; "blackberry curve",
    "rim blackbery curve"), but not "packaging plant" and "tissue plant"."""
    if same_entity(left, right, left_kind, right_kind, min_similarity):
        return True
    short, long = sorted(([singular(word) for word in left.split()], [singular(word) for word in right.split()]), key=len)
    return all(any(fuzz.ratio(word, other) >= min_similarity for other in long) for word in short)


def _two_people(articles_a: set[str], articles_b: set[str], ages_a: set[float], ages_b: set[float]) -> bool:
    """One article naming "Carol Oakes" and "Carl Oakes", or ages 41 and 72: two people, not a typo."""
    return bool(articles_a & articles_b) or bool(ages_a and ages_b) and \
        min(abs(a - b) for a in ages_a for b in ages_b) > 5


def _display_names(claims: list[Claim], canonical: dict[str, str]) -> dict[str, str]:
    """The fullest way the story writes each entity ("Northfield Steel Works" rather than "NSW"),
    and of two spellings the one more sources use ("Ferreira", not one outlet's "Ferriera")."""
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    for claim in claims:
        key = canonical.get(claim.subject.key)
        if key is not None:
            sources[(key, claim.subject.name)].add(claim.source)
    spellings: dict[str, list[str]] = defaultdict(list)
    for key, name in sources:
        spellings[key].append(name)
    return {key: max(names, key=lambda name: (len(name.split()), len(sources[(key, name)]), len(name), name))
            for key, names in spellings.items()}


def same_entity(left: str, right: str, left_kind: str, right_kind: str, min_similarity: float) -> bool:
    """Whether two normalised names denote one entity: an acronym, a near-identical spelling, or
    (for things) a shorter phrase with the same head noun ("new mill" and "new steel mill")."""
    if left == right:
        return True
    left_words, right_words = left.split(), right.split()
    if "person" in (left_kind, right_kind):
        # People: same number of names, spelled nearly alike. A surname alone is not enough.
        return len(left_words) == len(right_words) and fuzz.ratio(left, right) >= min_similarity
    for short, long in ((left_words, right_words), (right_words, left_words)):
        if len(short) == 1 and len(long) >= 2 and short[0] == "".join(word[0] for word in long):
            return True
    if len(left_words) == len(right_words) and fuzz.ratio(left, right) >= min_similarity:
        return True
    if singular(left_words[-1]) != singular(right_words[-1]):
        return False
    short, long = sorted((set(left_words), set(right_words)), key=len)
    return short < long and ("new" in short) == ("new" in long)


def resolve(sources: list[Source], articles: list[Article], claims: list[Claim], rules: RuleSet,
            terms: list[dict[str, int]] | None = None) -> Resolution:
    """Stories (from each article's story terms, counted here unless given, one per article, and
    released as they are used) and the claims with their story and resolved subjects."""
    by_id = {source.id: source for source in sources}
    groups = group_stories(articles, by_id, rules.tolerances.story_min_similarity, terms)
    stories: list[Story] = []
    story_of: dict[str, str] = {}
    set_aside: list[Article] = []
    for number, members in enumerate(groups, start=1):
        story_id = f"story-{number}"
        source_ids = tuple(sorted({article.source for article in members}))
        lead = max(members, key=lambda a: (a.end - a.start, a.id))
        stories.append(Story(id=story_id, title=lead.title, articles=tuple(a.id for a in members),
                             sources=source_ids))
        if len(source_ids) < 2:
            set_aside.extend(members)
        for article in members:
            story_of[article.id] = story_id
    resolved: list[Claim] = []
    by_story: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_story[story_of[claim.article]].append(claim)
    for story in stories:
        story_claims = by_story.get(story.id, [])
        canonical = _canonical_keys(story_claims, rules.tolerances.entity_min_similarity)
        display = _display_names(story_claims, canonical)
        for claim in story_claims:
            subject = claim.subject
            if subject.key in canonical:
                key = canonical[subject.key]
                subject = subject.model_copy(update={"key": key, "name": display[key]})
            resolved.append(claim.model_copy(update={"story": story.id, "subject": subject}))
    order = {claim.id: index for index, claim in enumerate(claims)}
    resolved.sort(key=lambda claim: order[claim.id])
    return Resolution(stories=stories, claims=resolved, set_aside=set_aside)
