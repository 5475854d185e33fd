"""Benchmark the temporal tagger against a TIMEX3-annotated corpus, TempEval-3 style.

    python benchmarks/timex_bench.py CORPUS [--dateparser-docs N] [--debug {fp,fn,value,type,all}]

CORPUS is a .jsonl file or a folder of them, one document per line:
{"doc_id", "dct", "text", "timexes": [{"start", "end", "text", "type", "value"}]}.

Scores (TempEval-3 definitions):
- relaxed span: a system timex matches a gold one when they overlap (one-to-one);
- strict span: the offsets are identical;
- type / value: counted when the spans match relaxed and the attribute strings are equal;
  attribute precision = correct / system timexes, recall = correct / gold timexes.

Throughput: the tagger and `dateparser.search.search_dates` run on the same texts in the same
process, two ways: in blocks (dateparser once over the documents, then the tagger, best of N passes)
and interleaved document by document (one run each, garbage collected before every timed call; the
stricter figure, since the tagger then starts each text with caches cold from dateparser's work).
`--dateparser-docs N` caps the dateparser side to the first N documents; the output says so.
This prints figures; it is not a test and the test suite never runs it.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reconcile.timex import tag  # noqa: E402


def load(path: Path) -> list[dict]:
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    docs = []
    for file in files:
        with file.open(encoding="utf-8") as handle:
            docs.extend(json.loads(line) for line in handle if line.strip())
    return docs


def parse_dct(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        pass
    dmy = re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", raw.strip())  # one MEANTIME record writes DD-MM-YYYY
    try:
        return date(int(dmy[3]), int(dmy[2]), int(dmy[1])) if dmy else None
    except ValueError:
        return None


def align(gold: list[dict], system: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one relaxed alignment: each gold timex takes the best-overlapping free system timex."""
    pairs = []
    used: set[int] = set()
    for g in gold:
        best, best_overlap = None, 0
        for i, s in enumerate(system):
            if i in used:
                continue
            overlap = min(g["end"], s["end"]) - max(g["start"], s["start"])
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is not None:
            used.add(best)
            pairs.append((g, system[best]))
    return pairs


def prf(correct: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = correct / n_sys if n_sys else 0.0
    r = correct / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*\s+(?=[\"'‘“(]*[A-Z0-9])|\n+")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|Mr|Ms|Mrs|Dr|St|Jr|Sr|vs|No|Co|Inc|Ltd|Gen|Gov|Sen|Rep|Corp|Jan|Feb|Aug|Sept|"
                           r"Oct|Nov|Dec)$")


def annotated_end(text: str, sentences: int) -> int:
    """Offset where the first `sentences` sentences end (line breaks count as sentence breaks)."""
    count = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() == 0 or (text[match.start()] == "." and _ABBREVIATION.search(text, 0, match.start())):
            continue
        count += 1
        if count >= sentences:
            return match.start()
    return len(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--dateparser-docs", type=int, default=-1,
                    help="run search_dates on the first N documents only (0 = skip, -1 = all)")
    ap.add_argument("--debug", choices=["fp", "fn", "value", "type", "all"], help="print errors")
    ap.add_argument("--repeat", type=int, default=3, help="tagger timing repetitions (best is kept)")
    ap.add_argument("--scope-sentences", type=int, default=None,
                    help="score system timexes only in the first N sentences (title and dateline count); "
                    "default: 6 for MEANTIME, whose timexes are annotated only in the title, the date line and "
                    "the first sentences of each article, otherwise the whole text")
    args = ap.parse_args(argv)
    docs = load(args.corpus)
    scope = args.scope_sentences
    if scope is None:
        scope = 6 if any(str(d.get("corpus", "")).lower().startswith("meantime") or "meantime" in str(args.corpus).lower()
                         for d in docs[:1]) else 0
    out_of_scope = 0
    n_gold = n_sys = relaxed = strict = type_ok = value_ok = 0
    for doc in docs:
        dct = parse_dct(doc.get("dct"))
        text = doc["text"]
        system = [t.model_dump() for t in tag(text, dct)]
        if scope:
            limit = max([annotated_end(text, scope)] + [g["end"] for g in doc["timexes"]])
            kept = [s for s in system if s["start"] < limit]
            out_of_scope += len(system) - len(kept)
            system = kept
        gold = doc["timexes"]
        n_gold += len(gold)
        n_sys += len(system)
        pairs = align(gold, system)
        matched_sys = {id(s) for _, s in pairs}
        matched_gold = {id(g) for g, _ in pairs}
        relaxed += len(pairs)
        for g, s in pairs:
            strict += g["start"] == s["start"] and g["end"] == s["end"]
            type_ok += g["type"] == s["type"]
            value_ok += g["value"] == s["value"]
            if args.debug in ("value", "all") and g["value"] != s["value"]:
                print(f"VALUE {doc['doc_id']} dct={doc.get('dct')} gold={g['text']!r} {g['type']} {g['value']} "
                      f"| sys={s['text']!r} {s['type']} {s['value']}  ..{_ctx(text, g['start'], g['end'])}..")
            elif args.debug in ("type",) and g["type"] != s["type"]:
                print(f"TYPE {doc['doc_id']} gold={g['text']!r} {g['type']} | sys={s['text']!r} {s['type']}")
        if args.debug in ("fp", "all"):
            for s in system:
                if id(s) not in matched_sys:
                    print(f"FP {doc['doc_id']} {s['text']!r} {s['type']} {s['value']}  ..{_ctx(text, s['start'], s['end'])}..")
        if args.debug in ("fn", "all"):
            for g in gold:
                if id(g) not in matched_gold:
                    print(f"FN {doc['doc_id']} dct={doc.get('dct')} {g['text']!r} {g['type']} {g['value']}  "
                          f"..{_ctx(text, g['start'], g['end'])}..")
    print(f"corpus: {args.corpus}  documents: {len(docs)}  gold timexes: {n_gold}  system timexes: {n_sys}")
    if scope:
        print(f"scope: system timexes scored only within the first {scope} sentences of each document (the "
              f"annotated part); {out_of_scope} system timexes beyond it were not scored (--scope-sentences 0 "
              f"scores everything)")
    for name, correct in (("relaxed span", relaxed), ("strict span", strict), ("type", type_ok),
                          ("value", value_ok)):
        p, r, f = prf(correct, n_sys, n_gold)
        print(f"{name:>13}: P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    _throughput(docs, args)
    return 0


def _ctx(text: str, start: int, end: int) -> str:
    return (text[max(0, start - 50):start] + "[" + text[start:end] + "]" + text[end:end + 40]).replace("\n", " ")


def _throughput(docs: list[dict], args: argparse.Namespace) -> None:
    texts = [(d["text"], parse_dct(d.get("dct"))) for d in docs]
    size = sum(len(t.encode("utf-8")) for t, _ in texts)
    best = float("inf")
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        for text, dct in texts:
            tag(text, dct)
        best = min(best, time.perf_counter() - t0)
    ours = len(texts) / best
    print(f"   throughput: tagger {ours:.1f} docs/s, {size / best / 1e6:.2f} MB/s "
          f"({len(texts)} docs, best of {args.repeat})")
    if args.dateparser_docs == 0:
        print("   dateparser: skipped (--dateparser-docs 0)")
        return
    from dateparser.search import search_dates

    sample = texts if args.dateparser_docs < 0 else texts[: args.dateparser_docs]
    search_dates("warm up on 3 March 2020", languages=["en"])
    tag("warm up on 3 March 2020", None)
    sample_size = sum(len(t.encode("utf-8")) for t, _ in sample)
    # 1. side by side in blocks: dateparser once over the sample (repeating a text would let its caches
    #    flatter it), then the tagger over the same sample (best of N passes, like the line above)
    gc.collect()
    t0 = time.perf_counter()
    for text, _ in sample:
        search_dates(text, languages=["en"])
    theirs_block = len(sample) / (time.perf_counter() - t0)
    best = float("inf")
    for _ in range(max(1, args.repeat)):
        gc.collect()
        t0 = time.perf_counter()
        for text, dct in sample:
            tag(text, dct)
        best = min(best, time.perf_counter() - t0)
    ours_block = len(sample) / best
    # 2. interleaved document by document, one run each, garbage collected before each timed call: a
    #    stricter figure (the tagger runs with caches cold from dateparser's work)
    theirs_total = ours_total = 0.0
    for text, dct in sample:
        gc.collect()
        t0 = time.perf_counter()
        search_dates(text, languages=["en"])
        theirs_total += time.perf_counter() - t0
        gc.collect()
        t0 = time.perf_counter()
        tag(text, dct)
        ours_total += time.perf_counter() - t0
    theirs_mixed, ours_mixed = len(sample) / theirs_total, len(sample) / ours_total
    print(f"   dateparser.search.search_dates(languages=['en']) on the first {len(sample)} of {len(texts)} docs "
          f"({sample_size / 1e6:.2f} MB):")
    print(f"     blocks:      dateparser {theirs_block:.1f} docs/s, tagger {ours_block:.1f} docs/s  -> "
          f"speed-up {ours_block / theirs_block:.1f}x")
    print(f"     interleaved: dateparser {theirs_mixed:.1f} docs/s, tagger {ours_mixed:.1f} docs/s  -> "
          f"speed-up {ours_mixed / theirs_mixed:.1f}x (one run per doc each, cold caches)")


if __name__ == "__main__":
    sys.exit(main())
