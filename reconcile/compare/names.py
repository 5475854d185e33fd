"""Name spellings across a story: one word spelled two ways by different outlets."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from itertools import combinations

from rapidfuzz.distance import Levenshtein

from typing import NamedTuple

from reconcile.compare.values import Comparer, fingerprint, name_variant, transliteration_key
from reconcile.extract.text import FUNCTION_WORDS, normalise_name
from reconcile.ingest import locate
from reconcile.records import Claim, Entity, Flag, NameMentions, NameValue, Source, claim_id


_JOINERS = {"and", "&", "or", "with", "vs", "vs.", "v"}


class Mention(NamedTuple):
    """One name's first mention in one article (see NameMentions)."""

    source: str
    article: str
    name: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int


def story_mentions(names: list[NameMentions], story_of: dict[str, str]) -> dict[str, list[Mention]]:
    """The name mentions of each story, by story id."""
    found: dict[str, list[Mention]] = defaultdict(list)
    for article in names:
        story = story_of.get(article.article, "")
        found[story].extend(Mention(article.source, article.article, *name) for name in article.names)
    return found


def mention_claim(mention: Mention, story: str, source: Source) -> Claim:
    """The claim a flag cites for a name mention: the id and evidence extraction would have given it."""
    return Claim(id=claim_id(mention.source, mention.start, mention.end, "name", "names.mention"),
                 source=mention.source, article=mention.article, story=story,
                 subject=Entity(name=mention.name, key="", kind="thing"), attribute="name",
                 value=NameValue(name=mention.name), modality="asserted",
                 text=source.text[mention.start:mention.end], span=locate(source, mention.start, mention.end),
                 sentence=source.text[mention.sentence_start:mention.sentence_end], rule="names.mention")


def _plain(word: str, conventions: dict[str, str]) -> str:
    """A spelling with accents removed and house-style differences (-our/-or, -ise/-ize) evened out."""
    text = "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
    for old, new in conventions.items():
        text = text.replace(old, new)
    return text


def _name_tokens(name: str) -> list[str]:
    words = normalise_name(name).split()
    return [word.split("-", 1)[1] if word.startswith(("al-", "el-")) and len(word) > 3 else word for word in words]


def name_flags(comparer: Comparer, story: str, story_names: list[Mention], sources: dict[str, Source],
               variants: list[Flag], evidence: dict[str, Claim], persons: frozenset[str] = frozenset()) -> list[Flag]:
    """Names spelled two ways across the sources of a story: one word differing by a small edit.

    A pair is flagged only when no article uses both spellings next to the same word (an article
    that does means two different names; "Teodor Aberfoyle" beside "Lucan Abervoyle" does not),
    the spellings come from different sources, and either they stand next to the same other word
    ("Rashid"/"Rachid" before one surname) or the word is long enough that one letter is unlikely
    to make another name. `persons` are the story's people's names (normalised): "Ingrid Volkert"
    and "Ingrid Volkerts" (or "Pavel Oderkamp"/"Oderkampf"), beside a person's given name, are one
    name respelled, not a plural or another ending. The mentions each
    flag cites are added to `evidence` as claims.
    """
    mentions: dict[str, list[Mention]] = defaultdict(list)
    neighbours: dict[str, set[str]] = defaultdict(set)
    articles: dict[str, set[str]] = defaultdict(set)
    beside: dict[tuple[str, str], set[str]] = defaultdict(set)  # the articles writing a word next to another
    conventions = comparer.conventions
    plain_of: dict[str, str] = {}  # a story repeats its names many times over
    for mention in story_names:
        words = _name_tokens(mention.name)
        # Neighbours are compared without accents: "Joao Velasco" and "João Velazco" share "joao".
        plain = [plain_of.get(word) or plain_of.setdefault(word, _plain(word, conventions)) for word in words]
        for index, word in enumerate(words):
            if len(word) < 4 or not word.replace("-", "").isalpha():
                continue
            mentions[word].append(mention)
            articles[word].add(mention.article)
            for neighbour in plain[max(0, index - 1):index] + plain[index + 1:index + 2]:
                neighbours[word].add(neighbour)
                beside[(word, neighbour)].add(mention.article)
    tolerances = comparer.tolerances
    flagged = " ".join(flag.summary.lower() for flag in variants)
    # Words the story's sources also write in lower case are ordinary words ("escape", "charges"),
    # even where a headline capitalises them.
    common = {word for source_id in sorted({m.source for m in story_names})
              for word in re.findall(r"(?<![\w'’-])[a-z][a-z'’-]+", sources[source_id].text)}
    found: list[Flag] = []
    pairs: list[tuple[str, str, list[str], str]] = []
    in_one_article: set[tuple[str, str]] = set()
    for left, right in _near_pairs(sorted(mentions), tolerances.name_variant_max_edits):
        if abs(len(left) - len(right)) > tolerances.name_variant_max_edits:
            continue
        shared = sorted(neighbours[left] & neighbours[right])
        if articles[left] & articles[right]:
            if not any(not beside[(left, word)] & beside[(right, word)] for word in shared):
                continue
            in_one_article.add((left, right))
        if {c.source for c in mentions[left]} == {c.source for c in mentions[right]} == \
                {mentions[left][0].source}:
            continue
        if left in common or right in common or _plain(left, conventions) == _plain(right, conventions):
            continue
        short, long = sorted((left, right), key=len)
        # A short form ("Phil"/"Philip") or an added ending ("Pakistan"/"Pakistani") is not a
        # respelling; a silent final letter or a doubled last letter beside the same word is
        # ("Port Anselm"/"Port Anselme", "Kim Russel"/"Kim Russell", "St Aldric"/"St Aldrick"),
        # and so is any final letter on a person's surname ("Ingrid Volkert"/"Ingrid Volkerts").
        surname_letter = len(long) == len(short) + 1 and long.startswith(short) and any(
            f"{word} {short}" in persons or f"{word} {long}" in persons for word in shared)
        final_letter = surname_letter or bool(shared) and long in (short + "e", short + "h", short + "k",
                                                                   short + short[-1])
        if long.startswith(short) and not final_letter:
            continue
        # "Teltman"/"Teltmann" beside one given name: a final letter, though "n" also ends "Korean".
        reason = f"'{short}' and '{long}' differ by a final letter" if final_letter else name_variant(
            left, right, tolerances.name_variant_min_similarity, tolerances.name_variant_max_edits)
        if reason is None:
            continue
        if not shared and neighbours[left] and neighbours[right]:
            continue  # "Jane Colman" and "Rita Coleman": other words differ too, so other people
        edits = Levenshtein.distance(left, right)
        if not shared and not (min(len(left), len(right)) >= 6 and edits == 1 or min(len(left), len(right)) >= 7
                               and transliteration_key(left) == transliteration_key(right)):
            continue  # a lone short word: one letter may make another name ("Ostervale"/"Ostervail" may not)
        if left in flagged and right in flagged:
            continue
        pairs.append((left, right, shared, reason))
    # One flag per name, however many ways it is spelled ("Velasco"/"Velazco"/"Velaszo"), and one
    # for a name with two words respelled ("Abdel Rahman Haddad"/"Abdul Rahman Hadad").
    by_mentions: dict[frozenset[str], tuple[int, set[str]]] = {}
    for group in _spelling_groups(pairs):
        flag = _name_flag(comparer, story, group, mentions, sources, evidence,
                          any(pair[:2] in in_one_article for pair in group))
        beside = set.intersection(*(set(pair[2]) for pair in group)) - _JOINERS
        earlier, first_beside = by_mentions.setdefault(frozenset(flag.claims), (len(found), beside))
        if earlier == len(found) or not beside & first_beside:
            found.append(flag)  # "Ghulam Azad and Muammar Gaddafi": one mention, two people's names
            continue
        first = found[earlier]
        words = sorted({word for pair in group for word in pair[:2]})
        found[earlier] = first.model_copy(update={
            "id": fingerprint(first.id, *words),
            "explanation": f"{first.explanation} Also, {group[0][3]} in the same mentions."})
    return found


def _spelling_groups(pairs: list[tuple[str, str, list[str], str]]) -> list[list[tuple[str, str, list[str], str]]]:
    """The pairs joined into groups of spellings of one name, in the order their first pair came."""
    group_of: dict[str, int] = {}
    groups: list[list[tuple[str, str, list[str], str]]] = []
    for pair in pairs:
        left, right = pair[0], pair[1]
        known = sorted({group_of[word] for word in (left, right) if word in group_of})
        if not known:
            groups.append([])
            known = [len(groups) - 1]
        target = known[0]
        for other in known[1:]:  # the pair joins two groups
            groups[target].extend(groups[other])
            groups[other] = []
        groups[target].append(pair)
        for word in {word for member in groups[target] for word in member[:2]}:
            group_of[word] = target
    return [group for group in groups if group]


@lru_cache(maxsize=1 << 16)
def _deletions(word: str, depth: int) -> frozenset[str]:
    found, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return frozenset(found)


def _near_pairs(words: list[str], max_edits: int) -> list[tuple[str, str]]:
    """Pairs of words within `max_edits` edits, found through shared deletions (no all-pairs loop),
    so a story with thousands of names stays fast."""
    buckets: dict[str, set[str]] = defaultdict(set)
    for word in words:
        for key in _deletions(word, max_edits):
            buckets[key].add(word)
        buckets["\0" + transliteration_key(word)].add(word)  # "Yusuf"/"Yousef": vowels written two ways
    pairs: set[tuple[str, str]] = set()
    for bucket in buckets.values():
        if len(bucket) > 1:
            ordered = sorted(bucket)
            pairs.update(combinations(ordered, 2))
    return sorted(pairs)


_COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def _name_flag(comparer: Comparer, story: str, group: list[tuple[str, str, list[str], str]],
               mentions: dict[str, list[Mention]], sources: dict[str, Source], evidence: dict[str, Claim],
               in_one_article: bool = False) -> Flag:
    """One variant flag for the spellings in `group` (pairs of words, each with the words both stand
    beside and why they are near); `in_one_article` if some article uses two of them, each beside
    another word."""
    words = sorted({word for pair in group for word in pair[:2]})
    shared = sorted(set.intersection(*(set(pair[2]) for pair in group)))

    def pick(word: str) -> list[Claim]:
        seen: set[str] = set()
        chosen = []
        # Mentions standing next to the shared word first: "Tomas Vigo", not "Tomas Brandt".
        context = [m for m in mentions[word]
                   if {_plain(token, comparer.conventions) for token in _name_tokens(m.name)} & set(shared)] \
            or mentions[word]
        for mention in sorted(context, key=lambda m: (m.source, m.start)):
            if mention.source not in seen and len(chosen) < 3:
                seen.add(mention.source)
                claim = mention_claim(mention, story, sources[mention.source])
                chosen.append(evidence.setdefault(claim.id, claim))
        return chosen

    # The spelling most sources use first.
    ordered = sorted(words, key=lambda word: (-len({m.source for m in mentions[word]}), words.index(word)))
    picked = {word: pick(word) for word in words}
    outlets = {word: ", ".join(sorted({sources[m.source].outlet for m in mentions[word]})) for word in words}
    many = len(words)
    count = _COUNT_WORDS.get(many, str(many))
    reasons = "; ".join(pair[3] for pair in group)
    used = f"'{words[0]}' is used by {outlets[words[0]]}; " + "; ".join(
        f"'{word}' by {outlets[word]}" for word in words[1:])
    # The neighbour as a source wrote it, not its house-style folding ("street", not "steret").
    beside = next((token for mention in mentions[words[0]] for token in _name_tokens(mention.name)
                   if _plain(token, comparer.conventions) == shared[0]), shared[0]) if shared else ""
    context = f"; {'both' if many == 2 else 'all'} stand next to '{beside}'" if shared else ""
    spellings = 'both spellings' if many == 2 else 'two of these spellings'
    uses = (f"An article uses {spellings}, but never beside the same word" if in_one_article
            else f"No article uses {spellings}")
    explanation = (f"{reasons[0].upper() + reasons[1:]}. {used}. {uses}{context}, so they are probably "
                   f"one name spelled {count} ways (a typo or another transliteration).")
    claims = [claim for word in ordered for claim in picked[word]]
    shown = [_around(picked[word][0].value.name, word, comparer.title_words) for word in ordered]
    severities = comparer.rules.severities
    return Flag(id=fingerprint("variant", "name", words), kind="variant", severity=severities.variant, story=story,
                attribute="name", subject=shown[0], claims=tuple(c.id for c in claims),
                summary=f"name spelled {count} ways: " + " vs ".join(f"'{name}'" for name in shown),
                explanation=explanation, rule="names.mention")


def _around(name: str, word: str, titles: set[str] = frozenset()) -> str:
    """The words of a name mention around one of its words: a long headline run is cut down to
    the name itself ("Omar Abu Salem and Rami Abu Salem" -> "Omar Abu Salem")."""
    words = name.split()
    for index, token in enumerate(words):
        if word in _name_tokens(token):
            start, end = max(0, index - 2), index + 3
            # Not across "and" or into a headline's other words ("For Top Orle Council Post").
            for cut in range(index - 1, start - 1, -1):
                if words[cut].lower() in _JOINERS:
                    start = cut + 1
                    break
            for cut in range(index + 1, min(end, len(words))):
                if words[cut].lower() in _JOINERS:
                    end = cut
                    break
            while start < index and words[start].lower() in FUNCTION_WORDS:
                start += 1
            # "Foreign Minister Mohammed Rashidi" is shown as the name alone.
            # A lone word after it stays with its title: "General Motors" is no "Motors".
            start = max([start] + [cut + 1 for cut in range(start, index)
                                   if words[cut].lower() in titles and end - cut > 2])
            return " ".join(words[start:end])
    return name


def given_name_forms(comparer: Comparer, claims: list[Claim], names: dict[str, list[Mention]],
                      sources: dict[str, Source]) -> list[Flag]:
    """One person named with two forms of a given name ("Alex"/"Alexander" style), found through
    what the story says about them: the same surname and the same stated age, in different sources,
    and no article using both names."""
    by_person: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.attribute == "age" and len(claim.subject.key.split()) >= 2:
            by_person[(claim.story or "", claim.subject.key)].append(claim)
    found = []
    people: dict[str, list[str]] = defaultdict(list)  # pairs only within a story: linear in stories
    for story, key in sorted(by_person):
        people[story].append(key)
    for story, keys in people.items():
        for left, right in ((left, right) for index, left in enumerate(keys) for right in keys[index + 1:]):
            first_a, *rest_a = left.split()
            first_b, *rest_b = right.split()
            if rest_a != rest_b or first_a == first_b or min(len(first_a), len(first_b)) < 4 \
                    or first_a[:4] != first_b[:4] or first_a.startswith(first_b) or first_b.startswith(first_a):
                continue
            a, b = by_person[(story, left)], by_person[(story, right)]
            ages = {c.value.low for c in a} & {c.value.low for c in b}
            together = {m.article for m in names.get(story, []) if normalise_name(m.name).endswith(left)} & \
                {m.article for m in names.get(story, []) if normalise_name(m.name).endswith(right)}
            if not ages or together or {c.source for c in a} == {c.source for c in b}:
                continue
            age = min(ages)
            chosen = a[:2] + b[:2]
            explanation = (f"'{a[0].subject.name}' and '{b[0].subject.name}' share the surname and the age "
                           f"({age:g}), and no article uses both names: probably one person, named with two forms "
                           f"of the given name ('{first_a}' and '{first_b}'). "
                           + "; ".join(f"{sources[c.source].outlet}: '{c.text}'" for c in chosen) + ".")
            found.append(Flag(id=fingerprint("variant", "name", sorted([left, right])), kind="variant",
                              severity=comparer.rules.severities.variant, story=story, attribute="name",
                              subject=a[0].subject.name, claims=tuple(c.id for c in chosen),
                              summary=f"name spelled two ways: '{a[0].subject.name}' vs '{b[0].subject.name}'",
                              explanation=explanation, rule="ages.apposition"))
    return found
