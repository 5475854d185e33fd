"""People with titles and organisations: "General Director of Acme LLC Jane Roe", "Jane Roe, the chief of police"."""

from __future__ import annotations

from dataclasses import dataclass

from reconcile.extract.text import NameChunk, Sentence, Token, is_possessive


@dataclass(frozen=True)
class RoleMention:
    person: str
    person_start: int
    person_end: int
    title: str
    organisation: str | None
    start: int
    end: int


class RoleReader:
    def __init__(self, titles: list[str], organisation_suffixes: list[str]):
        self.titles = {tuple(title.lower().split()) for title in titles}
        self.longest_title = max(len(title) for title in self.titles)
        self.title_starts = {title[0] for title in self.titles}
        self.title_ends = {title[-1] for title in self.titles}
        self.title_words = {word for title in self.titles for word in title}
        self.suffixes = {suffix.lower().rstrip(".") for suffix in organisation_suffixes}

    def _title_at(self, words: list[str], index: int) -> int:
        """Length of the longest title starting at words[index], or 0."""
        if words[index].lower() not in self.title_starts:
            return 0  # most words: one look-up instead of one per title length
        for length in range(min(self.longest_title, len(words) - index), 0, -1):
            if tuple(word.lower() for word in words[index:index + length]) in self.titles:
                return length
        return 0

    def _title_continues(self, words: list[Token]) -> bool:
        """Whether the words between a title word and a name still belong to the title: "editor" (in
        "deputy editor"), "of health", "for the region", "of Acme Ltd", but not a clause ("who
        survived two nights on")."""
        other = [word for word in words if not word.capitalised and word.lower not in _TITLE_LINKS
                 and word.lower not in self.title_words]
        # "deputy finance minister": up to two describing words before a last title word.
        return not other or (words[0].lower == "of" or words[-1].lower in self.title_ends) and len(other) <= 2

    def is_organisation(self, tokens: tuple[Token, ...] | list[Token]) -> bool:
        return any(token.lower.rstrip(".") in self.suffixes for token in tokens[1:])

    def _person(self, tokens: list[Token]) -> list[Token] | None:
        """A person's name: two to four capitalised words that are neither titles nor organisation words."""
        if not 2 <= len(tokens) <= 4:
            return None
        if any(token.lower.rstrip(".") in self.suffixes or not token.capitalised for token in tokens):
            return None
        if any(is_possessive(token) for token in tokens[:-1]):
            return None
        if any(self._title_at([token.text], 0) for token in tokens):
            return None
        return tokens

    def read(self, sentence: Sentence, chunks: list[NameChunk]) -> list[RoleMention]:
        found = []
        for position, chunk in enumerate(chunks):
            pair = self._two_people(chunk)
            if pair:
                found.extend(pair)
                continue
            mention = self._inside(chunk) or self._before(sentence, chunk, chunks, position) \
                or self._appositive(sentence, chunk)
            if mention:
                found.append(mention)
        return found

    def _two_people(self, chunk: NameChunk) -> list[RoleMention] | None:
        """"Minister A B and General Director of X LLC C D" run together as one capitalised run."""
        for index, token in enumerate(chunk.tokens):
            if token.lower != "and" or index == 0:
                continue
            left, right = chunk.tokens[:index], chunk.tokens[index + 1:]
            first = self._inside(_chunk(left)) if left else None
            second = self._inside(_chunk(right)) if right else None
            if first and second:
                return [first, second]
        return None

    def _inside(self, chunk: NameChunk) -> RoleMention | None:
        """Title, optional "of" organisation, then the person, all capitalised in one run."""
        words = [token.text for token in chunk.tokens]
        for index in range(len(words)):
            length = self._title_at(words, index)
            if not length:
                continue
            rest = list(chunk.tokens[index + length:])
            title_tokens = list(chunk.tokens[index:index + length])
            organisation = None
            if rest and rest[0].lower == "of":
                suffix_positions = [i for i, token in enumerate(rest) if token.lower.rstrip(".") in self.suffixes]
                if suffix_positions and self._person(rest[suffix_positions[-1] + 1:]):
                    organisation = rest[1:suffix_positions[-1] + 1]
                    rest = rest[suffix_positions[-1] + 1:]
                else:
                    person = self._trailing_person(rest)
                    if not person:
                        return None
                    title_tokens += rest[:len(rest) - len(person)]
                    rest = person
            person = self._person(rest)
            if not person:
                # "Deputy Transport Minister Paola Verhoven": the title runs on to its last title word.
                person = self._trailing_person(rest)
                between = rest[:len(rest) - len(person)] if person else []
                if not person or organisation or not self._title_at([between[-1].text], 0):
                    return None
                title_tokens += between
            return _mention(person, title_tokens, organisation, chunk.tokens[index].start, chunk.end)
        return None

    def _organisation(self, tokens: tuple[Token, ...]) -> list[Token]:
        """An organisation's name up to its last suffix word: "Acme LLC of Ohio" is "Acme LLC"."""
        last = max(i for i, token in enumerate(tokens) if token.lower.rstrip(".") in self.suffixes)
        return list(tokens[:last + 1])

    def _trailing_person(self, tokens: list[Token]) -> list[Token] | None:
        """The last name-like words of a run: two words, stretched over middle initials."""
        if len(tokens) < 3:
            return None
        start = len(tokens) - 2
        while start > 1 and len(tokens[start].text.rstrip(".")) == 1:
            start -= 1
        return self._person(tokens[start:])

    def _before(self, sentence: Sentence, chunk: NameChunk, chunks: list[NameChunk],
                position: int) -> RoleMention | None:
        """A lower-case title just before a name: "secretary of health Jane Roe",
        or before an organisation and then the person: "director of Acme Ltd, Jane Roe"."""
        tokens = sentence.tokens
        index = next(i for i, token in enumerate(tokens) if token.start == chunk.start)
        possessed = self._after_possessive(tokens, index, chunk)
        if possessed:
            return possessed
        lead = index
        while lead > 0 and index - lead < 8 and tokens[lead - 1].text[0].isalpha() and (
                tokens[lead - 1].text.islower() or lead == 1):  # a sentence starts with a capital
            lead -= 1
        words = [token.text for token in tokens[lead:index]]
        for start in range(len(words)):
            length = self._title_at(words, start)
            if not length:
                continue
            title_tokens = list(tokens[lead + start:index])
            if not self._title_continues(title_tokens[length:]):
                continue  # "the climber who survived two nights on Mount Orle": a clause, not a title
            # "chief executive of Acme Labs": a name after "of"/"at" is where the person works, not who.
            # So is a name right after an article: "general manager of the new Cloud Unit".
            employer_follows = title_tokens[-1].lower in ("of", "at", "for", "with") or any(
                token.lower in ("the", "a", "an") for token in title_tokens[-2:])
            if self._person(list(chunk.tokens)) and not employer_follows:
                return _mention(list(chunk.tokens), title_tokens, None, title_tokens[0].start, chunk.end)
            if title_tokens[-1].lower == "of" and self.is_organisation(chunk.tokens):
                after = [c for c in chunks[position + 1:position + 3]]
                for candidate in after:
                    gap = sentence.text[chunk.end - sentence.start:candidate.start - sentence.start]
                    if "," in gap and len(gap) < 30 and self._person(list(candidate.tokens)):
                        return _mention(list(candidate.tokens), title_tokens[:-1], self._organisation(chunk.tokens),
                                        title_tokens[0].start, candidate.end)
            return None
        return None

    def _after_possessive(self, tokens: tuple[Token, ...], index: int, chunk: NameChunk) -> RoleMention | None:
        """ "Acme's chief executive, Jane Roe,": a title after a possessive, a comma, then the name
        (token `index` starts it)."""
        if index < 3 or tokens[index - 1].text != "," or not self._person(list(chunk.tokens)):
            return None
        lead = index - 1
        while lead > 0 and index - lead < 6 and tokens[lead - 1].text.islower() and not is_possessive(tokens[lead - 1]):
            lead -= 1
        title = list(tokens[lead:index - 1])
        if lead > 0 and is_possessive(tokens[lead - 1]) and title and title[-1].lower in self.title_ends \
                and all(token.lower in self.title_words for token in title):
            return _mention(list(chunk.tokens), title, None, title[0].start, chunk.end)
        return None

    def _appositive(self, sentence: Sentence, chunk: NameChunk) -> RoleMention | None:
        """"Jane Roe, the chief of police" / "Jane Roe, general director of Acme LLC"."""
        if not self._person(list(chunk.tokens)):
            return None
        tokens = sentence.tokens
        index = next(i for i, token in enumerate(tokens) if token.start == chunk.end - len(chunk.tokens[-1].text))
        if index + 2 >= len(tokens) or tokens[index + 1].text != ",":
            return None
        position = index + 2
        if tokens[position].lower in ("the", "a", "an"):
            position += 1
        if position + 1 < len(tokens) and is_possessive(tokens[position]):
            position += 1  # "Jane Roe, the trust's chief information officer"
        words = [token.text for token in tokens[position:position + 8]]
        length = self._title_at(words, 0)
        if not length:
            return None
        # "the deputy chief financial officer": a title runs on over title words to its last title end.
        longer = [n for n in range(length + 1, len(words) + 1)
                  if words[n - 1].lower() in self.title_ends
                  and all(word.lower() in self.title_words for word in words[length:n])]
        length = max(longer, default=length)
        title_tokens = list(tokens[position:position + length])
        end = title_tokens[-1].end
        organisation = None
        following = tokens[position + length:position + length + 8]
        if following and following[0].lower in ("of", "at") and len(following) > 1:
            run = []
            for token in following[1:]:
                if token.capitalised or (run and token.lower in ("of", "and", "&")):
                    run.append(token)
                elif token.lower == "the" and not run:
                    continue
                else:
                    break
            while run and not run[-1].capitalised:
                run.pop()
            if run and self.is_organisation(run):
                organisation = run
                end = run[-1].end
            else:  # a portfolio, not an organisation: "chief of police", "minister of health"
                portfolio = run or ([following[1]] if following[1].text.isalpha() else [])
                title_tokens = title_tokens + [following[0]] + portfolio if portfolio else title_tokens
                end = title_tokens[-1].end
        return _mention(list(chunk.tokens), title_tokens, organisation, chunk.start, end)


def _chunk(tokens: tuple[Token, ...]) -> NameChunk:
    text = " ".join(token.text for token in tokens)
    return NameChunk(text, tokens[0].start, tokens[-1].end, tuple(tokens))


_TITLE_LINKS = {"of", "the", "a", "an", "and", "for", "at", "&"}


def _mention(person: list[Token], title: list[Token], organisation: list[Token] | None,
             start: int, end: int) -> RoleMention:
    name = " ".join(token.text for token in person)
    name = name[:-2] if name.endswith(("'s", "’s")) else name  # "President Jane Roe's visit"
    return RoleMention(
        person=name, person_start=person[0].start, person_end=person[-1].end,
        title=" ".join(token.text for token in title),
        organisation=" ".join(token.text for token in organisation) if organisation else None,
        start=min(start, person[0].start), end=max(end, person[-1].end))
