"""Simple attributes of objects: the colour of a car, a van, a named model ("a silver Northline Vela").

A colour is read where it stands right before the thing it describes: a vehicle noun from the
rules' lexicon (with an optional model year between, "a gray 2013 sedan"), or a capitalised
name that is not a plural ("black Americans" is about people, not an object). Capitalised
colours are names ("White House", "Red Cross") and are never read as colours.
"""

from __future__ import annotations

from dataclasses import dataclass

from reconcile.extract.text import NameChunk, Sentence, singular


@dataclass(frozen=True)
class Attribute:
    thing: str
    key: str
    colour: str
    start: int
    end: int


def find_colours(sentence: Sentence, chunks: list[NameChunk], colours: set[str], things: set[str]) -> list[Attribute]:
    tokens = sentence.tokens
    found: list[Attribute] = []
    for index, token in enumerate(tokens):
        if token.text != token.lower or token.lower not in colours:
            continue
        position = index + 1
        if position < len(tokens) and tokens[position].text.isdigit() and len(tokens[position].text) == 4:
            position += 1  # a model year: "a gray 2013 sedan"
        if position >= len(tokens):
            continue
        following = tokens[position]
        chunk = next((c for c in chunks if c.start == following.start), None)
        if chunk is not None:
            head = chunk.tokens[-1].text
            if head.lower().endswith("s") or len(chunk.tokens) > 4:
                continue
            found.append(Attribute(chunk.text, chunk.text.lower(), token.lower, token.start, chunk.end))
        elif singular(following.lower) in things:
            found.append(Attribute(following.text, singular(following.lower), token.lower, token.start,
                                   following.end))
    return found
