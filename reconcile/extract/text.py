"""Shallow reading of English news text: sentences, tokens, names and noun phrases.

No parser and no model: the rules here are small, general facts about how news copy is
written (capitalised names, determiners before nouns, commas around appositives).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "cmdr", "gov", "sen", "rep",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "inc",
    "ltd", "co", "corp", "jr", "sr", "u.s", "u.k", "u.n", "e.g", "i.e", "etc", "approx", "est", "fig", "mt",
}
# A sentence ends at terminal punctuation before a capital, at a blank line, before a bullet,
# or at a line break after terminal punctuation. Other single line breaks are hard wrapping.
_SENTENCE_END = re.compile(
    r"[.!?]+[\"”’')\]]*(?=[ \t]+[\"“‘'(\[]?[A-Z0-9])|\n[ \t]*\n|\n(?=[ \t]*[•*\-–—][ \t])"
    r"|(?<=[.!?\"”’:])[ \t]*\n|(?<![\w,;(-])[ \t]*\n|\n(?=[ \t]*\n)"
)
TOKEN = re.compile(r"[A-Z]\.(?:[A-Z]\.)+|[A-Z]\.(?=\s)|\d+(?:[.,]\d+)*|\w+(?:['’]\w+)*(?:-\w+)*|[^\w\s]")

# Words that start a sentence or a phrase without being part of a name.
FUNCTION_WORDS = {
    "a", "an", "the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your",
    "in", "on", "at", "by", "for", "from", "to", "of", "with", "without", "about", "after", "before",
    "during", "since", "until", "while", "when", "where", "as", "but", "and", "or", "nor", "so", "yet",
    "it", "he", "she", "they", "we", "i", "you", "there", "here", "however", "meanwhile", "also", "both",
    "following", "according", "despite", "although", "though", "if", "once", "some", "many", "several",
    "all", "any", "each", "every", "no", "not", "one", "two", "three", "other", "another", "such", "speaking",
    "than", "then", "into", "over", "under", "between", "among", "through", "via", "is", "was", "are",
    "were", "be", "been", "has", "have", "had", "will", "would", "can", "could", "may", "might", "should",
    "said", "says", "say", "what", "which", "who", "whom", "whose", "why", "how", "more", "most", "only",
}
DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
               "another", "some", "several", "both", "each", "every", "any", "no"}
NAME_CONNECTORS = {"of", "and", "de", "del", "la", "le", "al", "bin", "van", "von", "der", "for", "&", "el"}
_POSSESSIVE = re.compile(r"['’]s\b")
_NAME_PUNCTUATION = re.compile(r"[^\w\s&-]")
_WORD_BEFORE_DOT = re.compile(r"([\w.]+)$")
_BULLET = re.compile(r"[•*\-–—]\s+")

CALENDAR_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}


class Token(NamedTuple):
    """A word, number or punctuation mark with its offsets in the source text.

    A tuple, because a corpus makes hundreds of thousands of them; the lower-case form and the
    capital are computed once here since the phrase readers ask for them over and over.
    """

    text: str
    start: int
    end: int
    lower: str
    capitalised: bool


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class NameChunk:
    """A run of capitalised words read as one name."""

    text: str
    start: int
    end: int
    tokens: tuple[Token, ...]


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of text[start:end], with absolute offsets; paragraph and bullet breaks end one."""
    end = len(text) if end is None else end
    result: list[Sentence] = []
    position = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.group(0).startswith((".",)) and _is_abbreviation(text, match.start()):
            continue
        _add_sentence(text, position, match.end(), result)
        position = match.end()
    _add_sentence(text, position, end, result)
    return result


def _is_abbreviation(text: str, dot: int) -> bool:
    word = _WORD_BEFORE_DOT.search(text[max(0, dot - 12):dot])
    if not word:
        return False
    stem = word.group(1).lower().rstrip(".")
    return stem in _ABBREVIATIONS or len(stem) == 1


def _add_sentence(text: str, start: int, end: int, result: list[Sentence]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    begin = start + lead
    # A bullet marker is layout, not part of the sentence.
    bullet = _BULLET.match(stripped)
    if bullet:
        begin += bullet.end()
        stripped = stripped[bullet.end():]
    finish = begin + len(stripped)
    result.append(Sentence(begin, finish, text[begin:finish], tokenize(text, begin, finish)))


def tokenize(text: str, start: int, end: int) -> tuple[Token, ...]:
    new = tuple.__new__  # Token's own constructor adds a Python call per token
    # "al-Khayr", "el-Kheir": an Arabic article before a capital starts a name too.
    return tuple([new(Token, (word := match.group(), match.start(), match.end(), word.lower(),
                              word[:1].isupper() or word[2:3] == "-" and word[3:4].isupper() and word[:2] in _ARTICLES))
                  for match in TOKEN.finditer(text, start, end)])


_ARTICLES = ("al", "el")


def name_chunks(sentence: Sentence, known_names: set[str]) -> list[NameChunk]:
    """Capitalised runs in a sentence, joined across "of"/"and" when a capital follows.

    A sentence's first word counts only when the article also capitalises it mid-sentence,
    so "Built 40 years ago" does not make "Built" a name.
    """
    tokens = sentence.tokens
    chunks: list[NameChunk] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not _name_word(token, index, tokens, known_names):
            index += 1
            continue
        run = [token]
        index += 1
        while index < len(tokens):
            current = tokens[index]
            if _name_word(current, index, tokens, known_names) and _adjacent(run[-1], current, sentence):
                run.append(current)
                index += 1
            elif (current.lower in NAME_CONNECTORS and index + 1 < len(tokens)
                  and _name_word(tokens[index + 1], index + 1, tokens, known_names)
                  and not (current.lower == "and" and len(run) == 1)):
                run.extend([current, tokens[index + 1]])
                index += 2
            else:
                break
        while run and (run[-1].lower in NAME_CONNECTORS or run[-1].lower in CALENDAR_WORDS):
            run.pop()
        if run and not all(t.lower in CALENDAR_WORDS for t in run):
            chunks.append(NameChunk(sentence.text[run[0].start - sentence.start:run[-1].end - sentence.start],
                                    run[0].start, run[-1].end, tuple(run)))
    return chunks


def _adjacent(left: Token, right: Token, sentence: Sentence) -> bool:
    between = sentence.text[left.end - sentence.start:right.start - sentence.start]
    return between.strip() == "" and between.count("\n") <= 1


def _name_word(token: Token, index: int, tokens: tuple[Token, ...], known_names: set[str]) -> bool:
    if not token.capitalised or not token.text[0].isalpha():
        return False
    if token.lower in FUNCTION_WORDS and not token.text.isupper():
        return False
    if index == 0 or tokens[index - 1].text in ("“", '"', "‘", "(", ":"):
        # A capital after a sentence start is only a name when the text says so elsewhere,
        # or when a capitalised word follows ("Police Chief Ana Ruiz", not "Built 40 years ago").
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        return (token.text in known_names or token.text.isupper() and len(token.text) > 1
                or following is not None and following.capitalised and following.text[0].isalpha())
    return True


def known_capitalised(sentence_list: list[Sentence]) -> set[str]:
    """Words the text capitalises somewhere other than at a sentence start: likely names."""
    names: set[str] = set()
    for sentence in sentence_list:
        for index, token in enumerate(sentence.tokens):
            if index > 0 and token.capitalised and tokens_before_are_words(sentence.tokens, index):
                names.add(token.text)
    return names


def is_possessive(token: Token) -> bool:
    return token.lower.endswith(("'s", "’s", "s'", "s’"))


def tokens_before_are_words(tokens: tuple[Token, ...], index: int) -> bool:
    return tokens[index - 1].text not in (":", "“", '"', "‘", "(", "•")


def strip_determiners(words: list[str]) -> list[str]:
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    return words


@lru_cache(maxsize=1 << 16)  # asked of every word of every article by story grouping
def singular(word: str) -> str:
    """A plain English singular for a plural noun; other words unchanged."""
    lower = word.lower()
    if len(lower) > 4 and lower.endswith("ies"):
        return word[:-3] + "y"
    if len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    return word


def is_plural(word: str) -> bool:
    return singular(word) != word


@lru_cache(maxsize=1 << 16)  # names recur within and across articles
def normalise_name(name: str) -> str:
    """A comparison key for a name: case, spacing, possessives and leading articles removed."""
    text = _POSSESSIVE.sub("", name)
    text = _NAME_PUNCTUATION.sub(" ", text).lower()
    words = strip_determiners(text.split())
    return " ".join(words)
