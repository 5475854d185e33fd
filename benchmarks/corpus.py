"""Make a benchmark corpus of many stories from a folder of real news articles.

    python benchmarks/corpus.py SEED_DIR OUT_DIR --articles 2000 [--seed 1]

SEED_DIR is a folder of plain-text articles (for example ECB+ dev: one topic per folder,
`N_Mecb.txt` / `N_Mecbplus.txt`; an `index.jsonl` with `subtopic` and `outlet` is used when present).
Articles of one sub-topic (one real event) are the material of a *story*. The generator writes
stories of 2 to 8 articles each, every article 2-5 KB, until it has written `--articles` files:

- replica 0 of a sub-topic uses its text as it is; each further replica of the same sub-topic
  respells every capitalised word (names, places, organisations) and about half of the longer
  lower-case words with invented syllables, and shifts its years and numbers, so that replicas
  are different stories about different people that share the generic vocabulary of their kind
  of event;
- within a story, each article takes sentences from several real articles of the sub-topic in
  a shuffled order, and sometimes nudges a number, so outlets agree on some facts and differ on
  others;
- a `sources.toml` per folder gives each file an outlet and a publication date.

Nothing is copied into the repository: OUT_DIR is wherever you like (a temporary folder).
The same arguments always write the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections import defaultdict
from pathlib import Path

_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
_LONG_WORD = re.compile(r"\b[a-z]{7,}\b")
_NUMBER = re.compile(r"\b(1[89]\d\d|20\d\d|\d{1,3})\b")
_KEEP = {"The", "This", "That", "These", "Those", "There", "They", "Their", "Then", "When", "What", "Where",
         "Who", "Which", "While", "After", "Before", "But", "And", "For", "His", "Her", "She", "Its", "Our",
         "Not", "With", "From", "Into", "About", "According", "Monday", "Tuesday", "Wednesday", "Thursday",
         "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July",
         "August", "September", "October", "November", "December", "Updated", "Published", "Mr", "Mrs",
         "President", "Minister", "Police", "However", "Some", "Many", "One", "Two", "Three", "Earlier",
         "Later", "Last", "Now", "Also", "Although", "Because", "During", "Since", "Under", "Over"}
_SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "vo", "sa", "dru", "bel", "qui", "nor", "tas", "en", "por", "li",
              "gan", "ze", "hol", "mar", "vin", "ost", "ul", "fer", "da", "ri", "wen", "co", "bas", "ith", "ya"]
_OUTLETS = [f"Outlet {chr(65 + i)}{chr(65 + j)}" for i in range(26) for j in range(4)]


def _load(seed_dir: Path) -> dict[str, list[str]]:
    """Sub-topic -> texts of its real articles."""
    groups: dict[str, list[str]] = defaultdict(list)
    index = seed_dir / "index.jsonl"
    if index.is_file():
        for line in index.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            path = seed_dir / record["path"]
            if path.is_file():
                groups[record["subtopic"]].append(path.read_text(encoding="utf-8"))
    else:
        for path in sorted(seed_dir.rglob("*.txt")):
            kind = "plus" if path.stem.endswith("plus") else ""
            groups[f"{path.parent.name}{kind}"].append(path.read_text(encoding="utf-8"))
    return {key: texts for key, texts in sorted(groups.items()) if sum(len(t) for t in texts) >= 1500}


def _invented(word: str, replica: int) -> str:
    digest = hashlib.sha1(f"{replica}:{word}".encode()).digest()
    parts = [_SYLLABLES[b % len(_SYLLABLES)] for b in digest[:2 + digest[2] % 2]]
    return "".join(parts).capitalize()


def _respell(text: str, replica: int) -> str:
    if replica == 0:
        return text
    text = _CAPITALISED.sub(lambda m: m.group(0) if m.group(0) in _KEEP else _invented(m.group(0), replica), text)
    # Different events of one kind share their generic words but not their specific ones: respell
    # about half of the longer lower-case words too (always the same half within a replica).
    text = _LONG_WORD.sub(lambda m: _invented(m.group(0), replica).lower()
                          if hashlib.sha1(f"{replica}/{m.group(0)}".encode()).digest()[0] < 128 else m.group(0), text)

    def shift(match: re.Match) -> str:
        value = int(match.group(0))
        if value >= 1800:
            return str(value - (replica % 15))
        return str(value + replica % 7) if value > 3 else match.group(0)

    return _NUMBER.sub(shift, text)


def _nudge(sentence: str, rng: random.Random) -> str:
    """Sometimes change one small number: outlets disagree."""
    if rng.random() > 0.15:
        return sentence
    return _NUMBER.sub(lambda m: str(int(m.group(0)) + rng.choice((1, 2, 5))) if int(m.group(0)) < 1000
                       else m.group(0), sentence, count=1)


def generate(seed_dir: Path, out_dir: Path, articles: int, seed: int = 1, per_folder: int = 500) -> dict:
    """Write `articles` files under out_dir; returns {"articles", "stories", "bytes"}."""
    rng = random.Random(seed)
    groups = _load(seed_dir)
    if not groups:
        raise SystemExit(f"no usable articles under {seed_dir}")
    keys = list(groups)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = stories = total = 0
    manifest: dict[int, list[str]] = defaultdict(list)
    replica_of: dict[str, int] = defaultdict(int)
    while written < articles:
        key = keys[stories % len(keys)]
        replica = replica_of[key]
        replica_of[key] += 1
        stories += 1
        texts = [_respell(text, replica) for text in groups[key]]
        sentences = [line for text in texts for line in text.splitlines()[1:] if len(line.split()) > 3]
        headlines = [text.splitlines()[0] for text in texts]
        if not sentences:
            continue
        year = 2010 + rng.randrange(15)
        month, day = 1 + rng.randrange(12), 1 + rng.randrange(27)
        for member in range(min(2 + rng.randrange(7), articles - written)):
            target = rng.randrange(2000, 5000)
            body: list[str] = []
            size = 0
            order = sentences[:]
            rng.shuffle(order)
            while size < target:
                for sentence in order:
                    body.append(_nudge(sentence, rng))
                    size += len(sentence) + 1
                    if size >= target:
                        break
            text = headlines[member % len(headlines)] + "\n" + "\n".join(body) + "\n"
            folder = written // per_folder
            name = f"s{stories:05d}-{member}.txt"
            path = out_dir / f"{folder:03d}" / name
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            published = f"{year}-{month:02d}-{min(28, day + rng.randrange(3)):02d}"
            outlet = _OUTLETS[(stories * 7 + member) % len(_OUTLETS)]
            manifest[folder].append(f'[[source]]\nfile = "{name}"\noutlet = "{outlet}"\npublished = "{published}"\n')
            written += 1
            total += len(text.encode("utf-8"))
    for folder, entries in manifest.items():
        (out_dir / f"{folder:03d}" / "sources.toml").write_text("\n".join(entries), encoding="utf-8")
    return {"articles": written, "stories": stories, "bytes": total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seed_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    made = generate(args.seed_dir, args.out_dir, args.articles, args.seed)
    print(f"wrote {made['articles']} articles in {made['stories']} stories, {made['bytes'] / 1e6:.1f} MB, "
          f"to {args.out_dir}")


if __name__ == "__main__":
    main()
