"""Rule data: YAML files over a small fixed set of kinds, validated at load.

A rule file says its `kind`; its id is its file stem, and each entry's id is `<stem>.<label>`.
Every label ships example sentences (tests check that each one fires). Errors name the file
and line, the offending value and what is allowed.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal, Union, get_args

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator, model_validator

from reconcile.errors import RuleError
from reconcile.records import Modality, Severity
from reconcile.yamlpos import YamlStructureError, parse_yaml


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


WORD_START, WORD_END = r"(?<![\w-])", r"(?![\w-])"


def phrase_regex(phrase: str, bounded: bool = True) -> str:
    """Turn one trigger phrase into a regular-expression fragment (no groups).

    Words match case-insensitively on word boundaries; `word*` matches any ending ("clos*"
    matches closed, closing); a lone `...` skips up to three words ("ceased ... operations").
    `bounded=False` leaves out the word-boundary checks, for callers that put them once around
    many phrases.
    """
    parts: list[str] = []
    for word in phrase.split():
        if word == "...":
            parts.append(r"(?:\S+\s+){0,3}?")
            continue
        stem, wildcard = (word[:-1], True) if word.endswith("*") and len(word) > 1 else (word, False)
        escaped = re.escape(stem).replace("\\-", "[-\\s]?").replace("'", "['’]")
        parts.append(escaped + (r"\w*" if wildcard else "") + r"\s+")
    body = "".join(parts)
    body = body[: -len(r"\s+")] if body.endswith(r"\s+") else body
    return WORD_START + body + WORD_END if bounded else body


def _check_phrases(phrases: list[str]) -> list[str]:
    for phrase in phrases:
        if not phrase.strip() or phrase.strip() == "...":
            raise ValueError(f"empty phrase {phrase!r}")
        re.compile(phrase_regex(phrase))
    return phrases


def _check_patterns(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)
        except regex.error as error:
            raise ValueError(f"invalid regular expression {pattern!r}: {error}") from None
    return patterns


class Label(_Strict):
    description: str
    phrases: list[str] = []
    # Regular expressions (Python `regex` syntax) for what phrases cannot say; matched under a
    # time limit so a slow pattern cannot hang a run.
    patterns: list[str] = []
    examples: list[str] = Field(min_length=1)
    counter_examples: list[str] = []

    _phrases_ok = field_validator("phrases")(_check_phrases)
    _patterns_ok = field_validator("patterns")(_check_patterns)

    @model_validator(mode="after")
    def _has_something_to_match(self):
        if not self.phrases and not self.patterns:
            raise ValueError("a label needs at least one of 'phrases' or 'patterns'")
        return self


class EventLabel(Label):
    # Who the event is about: the thing acted on ("built the mill" -> the mill), the actor (claims
    # compared across the whole story), or the subject of a verb without an object ("Jane Roe died").
    subject: Literal["patient", "agent", "intransitive"] = "patient"
    # The values this event takes from its sentence.
    values: list[Literal["time", "clock", "duration", "quantity", "object", "count"]] = ["time"]
    # Head nouns of subjects that give the trigger another sense: a deal "closes" when it completes.
    not_subjects: list[str] = []
    # Head nouns of subjects that make the trigger another event: a deal that "closes" completes
    # ({completion: [deal, merger]}), so it is claimed as that event instead.
    subject_senses: dict[str, list[str]] = {}
    # Head nouns the subject must have, by the kind of thing each names: a quake that "struck"
    # ({quake: [earthquake, quake, tremor]}). Claims align on the kind, so "the earthquake struck
    # on Monday" is set against "the quake hit on Tuesday"; a subject of no listed kind is no claim.
    subject_kinds: dict[str, list[str]] = {}
    # Counts that later reports may lower as well as raise (the missing are found, evacuees go home):
    # a later, lower figure is then an update (a warning), as a later, higher toll is.
    may_fall: bool = False
    # Measurements that grow as an event goes on (an area burned, a damage estimate): a later,
    # higher figure is an update (a warning), as a later, higher toll is.
    may_rise: bool = False
    # Events a person goes through more than once (arrests, convictions): a background sentence
    # (a cue from background.yaml, or a date of only a year or month) tells of an earlier one.
    recurs: bool = False
    # A person named as the object is who the event is about: "the club signed winger Tomas Vigo to
    # a five-year deal" is Vigo's contract, so it is never set against another player's.
    person_object: bool = False
    # The event happens to people (arrests, verdicts): a surname alone ("Lorne was arrested") is the
    # person the article named in full, even if it gave them no title or age.
    people: bool = False
    # For counts: where the number stands. "both": "40 people were killed" and "killing 40";
    # "before": only the doers before the verb ("three gunmen opened fire"), since a number after
    # it ("kidnapped 12 people") counts whom it was done to.
    count_side: Literal["both", "before"] = "both"


class _RuleFile(_Strict):
    kind: str
    description: str


class EventsFile(_RuleFile):
    """Event and attribute triggers: what happened, and which values attach to it."""

    kind: Literal["events"]
    labels: dict[str, EventLabel] = Field(min_length=1)


class CuesFile(_RuleFile):
    """Cue phrases that set a label on a nearby claim (modality, quantity qualifiers)."""

    kind: Literal["cues"]
    labels: dict[str, Label] = Field(min_length=1)
    # Phrases that give way to an earlier cue in the same clause: reported speech turns "will"
    # into "would", so in "rumours that the firm would close" the rumour sets the certainty.
    yields: list[str] = []

    @model_validator(mode="after")
    def _yields_are_phrases(self):
        known = {phrase.lower() for label in self.labels.values() for phrase in label.phrases}
        unknown = [phrase for phrase in self.yields if phrase.lower() not in known]
        if unknown:
            raise ValueError(f"'yields' names phrases no label has: {', '.join(map(repr, unknown))}")
        return self


class LexiconFile(_RuleFile):
    """A word list, or a word-to-value table."""

    kind: Literal["lexicon"]
    terms: Union[list[str], dict[str, Union[float, str]]]
    examples: list[str] = Field(min_length=1)

    @field_validator("terms")
    @classmethod
    def _non_empty(cls, terms):
        if not terms:
            raise ValueError("terms must not be empty")
        return terms


class SynonymsFile(_RuleFile):
    """Groups of words that name the same kind of thing; values in one group agree."""

    kind: Literal["synonyms"]
    groups: dict[str, list[str]] = Field(min_length=1)
    # Groups that belong to one family differ only in a minor way (protocol vs agreement).
    families: dict[str, list[str]] = {}
    examples: list[str] = Field(min_length=1)


class TolerancesFile(_RuleFile):
    """Thresholds the comparer and resolver use."""

    kind: Literal["tolerances"]
    name_variant_min_similarity: float = Field(ge=0, le=100)
    name_variant_max_edits: int = Field(ge=1, le=5)
    entity_min_similarity: float = Field(ge=0, le=100)
    approximate_quantity_tolerance: float = Field(ge=0, le=1)
    unit_conversion_slack: float = Field(ge=0, le=0.5)
    lead_characters: int = Field(ge=0)
    story_min_similarity: float = Field(ge=0, le=1)
    examples: list[str] = Field(min_length=1)


class SeveritiesFile(_RuleFile):
    """How serious each kind of flag is; the CI gate compares against these."""

    kind: Literal["severities"]
    discrepancy: Severity
    minor_discrepancy: Severity
    modality: Severity
    variant: Severity
    agreement: Severity
    attributes: dict[str, Severity] = {}
    examples: list[str] = Field(min_length=1)


RuleFile = Annotated[
    Union[EventsFile, CuesFile, LexiconFile, SynonymsFile, TolerancesFile, SeveritiesFile],
    Field(discriminator="kind"),
]
_RULE_FILE = TypeAdapter(RuleFile)
KINDS = ("events", "cues", "lexicon", "synonyms", "tolerances", "severities")


def load_rule_file(path: Path) -> RuleFile:
    """Read and validate one rule file; any problem is a RuleError naming file and line."""
    shown = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleError(f"cannot read rule file: {error}", shown) from None
    try:
        document = parse_yaml(text)
    except yaml.YAMLError as error:
        # Where the broken construct began is more useful than where the parser gave up.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise RuleError(f"malformed YAML: {problem}", shown, mark.line + 1 if mark else None) from None
    except YamlStructureError as error:
        raise RuleError(error.message, shown, error.line) from None
    data = document.data
    if not isinstance(data, dict):
        raise RuleError("a rule file must be a mapping with a 'kind' key", shown, 1)
    if data.get("kind") not in KINDS:
        raise RuleError(
            f"'kind' must be one of {', '.join(KINDS)} (got {data.get('kind')!r})",
            shown,
            document.line_of(("kind",)) or 1,
        )
    try:
        return _RULE_FILE.validate_python(data)
    except ValidationError as error:
        errors = error.errors()
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        location = tuple(part for part in first["loc"][1:])  # drop the discriminator tag
        raise RuleError(_explain(first, location, data), shown, document.line_of(location)) from None


def _explain(error: dict, location: tuple, data: dict) -> str:
    where = ".".join(str(part) for part in location) or "file"
    if error["type"] == "extra_forbidden":
        allowed = _allowed_keys(data["kind"], location[:-1])
        return f"unknown key {location[-1]!r}" + (f" (allowed: {', '.join(allowed)})" if allowed else "")
    if error["type"] == "missing":
        return f"missing required key {where!r}"
    given = error.get("input")
    shown = repr(given) if not isinstance(given, (dict, list)) else type(given).__name__
    return f"{where}: {error['msg']} (got {shown})"


def _allowed_keys(kind: str, parent: tuple) -> list[str]:
    model: type[BaseModel] = {
        "events": EventsFile, "cues": CuesFile, "lexicon": LexiconFile,
        "synonyms": SynonymsFile, "tolerances": TolerancesFile, "severities": SeveritiesFile,
    }[kind]
    if parent and parent[0] == "labels" and len(parent) == 2:
        model = EventLabel if kind == "events" else Label
    return sorted(model.model_fields)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class RuleSet:
    """Every rule file of one rules directory, by file stem."""

    def __init__(self, files: dict[str, RuleFile], directory: str):
        self.files = files
        self.directory = directory

    def get(self, stem: str, kind: type):
        rule = self.files.get(stem)
        if not isinstance(rule, kind):
            raise RuleError(f"required rule file {stem}.yaml of kind {kind.model_fields['kind'].annotation} "
                            "is missing", self.directory)
        return rule

    @cached_property
    def events(self) -> EventsFile:
        return self.get("events", EventsFile)

    @cached_property
    def modality(self) -> CuesFile:
        cues = self.get("modality", CuesFile)
        unknown = sorted(set(cues.labels) - set(get_args(Modality)))
        if unknown:
            raise RuleError(f"modality labels must be among {', '.join(get_args(Modality))} "
                            f"(got {', '.join(unknown)})", f"{self.directory}/modality.yaml")
        return cues

    @cached_property
    def qualifiers(self) -> CuesFile:
        return self.get("qualifiers", CuesFile)

    @cached_property
    def tolerances(self) -> TolerancesFile:
        return self.get("tolerances", TolerancesFile)

    @cached_property
    def severities(self) -> SeveritiesFile:
        return self.get("severities", SeveritiesFile)

    def lexicon(self, stem: str) -> LexiconFile:
        return self.get(stem, LexiconFile)

    def synonyms(self, stem: str) -> SynonymsFile:
        return self.get(stem, SynonymsFile)

    def fingerprint(self) -> str:
        """A digest of every rule's content, for cache invalidation."""
        import hashlib

        digest = hashlib.sha256()
        for stem in sorted(self.files):
            digest.update(stem.encode())
            digest.update(self.files[stem].model_dump_json().encode())
        return digest.hexdigest()


def default_rules_dir() -> Path:
    """The shipped rules: installed as reconcile.ruledata, or rules/ beside the package in a checkout."""
    package = Path(__file__).resolve().parent
    root = package.parent
    if (root / "pyproject.toml").is_file() and (root / "rules" / "events.yaml").is_file():
        return root / "rules"
    return package / "ruledata"


def load_rules(directory: str | Path | None = None) -> RuleSet:
    """Load and validate every `*.yaml` in `directory` (default: the rules shipped with reconcile)."""
    folder = Path(directory) if directory is not None else default_rules_dir()
    if not folder.is_dir():
        raise RuleError("rules directory not found", str(folder))
    paths = sorted(folder.glob("*.yaml"))
    # The same bytes give the same rules: a process that runs many times (a library caller, the
    # benchmarks) parses and compiles them once.
    key = (str(folder.resolve()), _display(folder), tuple((path.name, _read(path)) for path in paths))
    cached = _LOADED.get(key)
    if cached is not None:
        return cached
    files = {path.stem: load_rule_file(path) for path in paths}
    rules = RuleSet(files, _display(folder))
    for required in (lambda r: r.events, lambda r: r.modality, lambda r: r.qualifiers,
                     lambda r: r.tolerances, lambda r: r.severities):
        required(rules)
    if len(_LOADED) >= 4:
        _LOADED.pop(next(iter(_LOADED)))
    _LOADED[key] = rules
    return rules


_LOADED: dict[tuple, RuleSet] = {}


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""  # load_rule_file names the file and the error
