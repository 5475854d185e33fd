"""Benchmark the checker on the ECB+ development topics: conflict recall, story grouping, flag rate, speed.

    python benchmarks/ecbplus_bench.py DATA_PATH [--topics 1,19,41] [--sample-flags N --seed S]
                                                 [--skip-grouping] [--skip-recall]

DATA_PATH is the ecbplus-dev folder: topic folders of one-sentence-per-line .txt files,
index.jsonl (topic, subtopic, file, path, outlet, source_url) and candidate_conflicts.jsonl.
Nothing is copied into the repository: each run builds a temporary folder holding copies of
the files it needs and a sources.toml naming each file's outlet (ECB+ has no publication dates;
a file without an outlet is named after itself, so every file is its own source).

What it prints:
1. Conflict recall. The checker runs once per sub-topic folder (N_ecb and N_ecbplus separately).
   A candidate's quote (file, match) is *covered* by a flag when one of the flag's claims comes
   from that file and the claim's evidence span overlaps the characters of the match string in
   the file. A candidate is *found* when one discrepancy or variant flag covers quotes from at
   least two of the candidate's files. Candidates whose fact_type starts with "agreement" are
   negative controls (values that agree once converted or dated): they are *handled* when no
   error-severity discrepancy covers two of their files. Each candidate is listed with the flag
   that found it or the reason it was missed.
2. Story grouping. Both sub-topics of a topic are mixed in one folder, one run per topic. Each
   file is assigned the story of its longest article; B-cubed precision, recall and F1 are computed
   against the sub-topic labels, averaged over topics (macro) and over all files (micro).
3. Flags per article, by kind, over the sub-topic runs.
4. Run time, per phase and per article.

`--sample-flags N --seed S` prints N discrepancy flags drawn at random (seeded) from the sub-topic
runs, with every quote, for judging by hand. This is a script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reconcile.pipeline import Analysis, analyse  # noqa: E402

FOUND_DEFINITION = (
    "A quote (file, match) is covered by a flag when a claim of the flag comes from that file and its\n"
    "evidence span overlaps the match's characters in the file. A conflict candidate is FOUND when one\n"
    "discrepancy or variant flag covers quotes from at least two of its files. A negative control\n"
    "(fact_type 'agreement...') is HANDLED when no error-severity discrepancy covers two of its files."
)


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def build_folder(root: Path, data: Path, entries: list[dict]) -> Path:
    """Copy the entries' files into `root` with a sources.toml naming each file's outlet."""
    root.mkdir(parents=True, exist_ok=True)
    manifest = []
    for entry in entries:
        name = Path(entry["path"]).name
        shutil.copy(data / entry["path"], root / name)
        lines = ["[[source]]", f"file = {_toml_string(name)}", f"outlet = {_toml_string(entry['outlet'] or entry['file'])}"]
        if entry.get("source_url"):
            lines.append(f"url = {_toml_string(entry['source_url'])}")
        manifest.append("\n".join(lines) + "\n")
    (root / "sources.toml").write_text("\n".join(manifest), encoding="utf-8")
    return root


def file_of(analysis: Analysis, source_id: str) -> str:
    return Path(analysis.source(source_id).path).stem


# ---------------------------------------------------------------- recall

def match_spans(analysis: Analysis, quote: dict) -> list[tuple[int, int]]:
    """Character spans of a quote's match string in its file's analysed text."""
    spans = []
    for source in analysis.sources:
        if Path(source.path).stem != quote["file"]:
            continue
        text, match = source.text, quote["match"]
        position = text.find(match)
        while position >= 0:
            spans.append((position, position + len(match)))
            position = text.find(match, position + 1)
        if not spans:  # tolerate spacing differences: anchor on the sentence instead
            sentence = text.find(quote.get("sentence", "\0"))
            if sentence >= 0:
                spans.append((sentence, sentence + len(quote["sentence"])))
    return spans


def covers(analysis: Analysis, claim_id: str, quote: dict, spans: list[tuple[int, int]]) -> bool:
    claim = analysis.claim(claim_id)
    if file_of(analysis, claim.source) != quote["file"]:
        return False
    return any(claim.span.start < end and start < claim.span.end for start, end in spans)


def judge_candidate(candidate: dict, analysis: Analysis) -> tuple[bool, str]:
    quotes = candidate["quotes"]
    spans = [match_spans(analysis, quote) for quote in quotes]
    control = candidate["fact_type"].startswith("agreement")

    def files_covered(flag) -> set[str]:
        return {quote["file"] for quote, where in zip(quotes, spans)
                if any(covers(analysis, claim_id, quote, where) for claim_id in flag.claims)}

    covering = [(flag, files_covered(flag)) for flag in analysis.flags]
    covering = [(flag, files) for flag, files in covering if len(files) >= 2]
    if control:
        bad = [flag for flag, _ in covering if flag.kind == "discrepancy" and flag.severity == "error"]
        if bad:
            return False, f"error discrepancy on a negative control: {bad[0].summary}"
        shown = covering[0][0] if covering else None
        return True, (f"{shown.kind} ({shown.severity}): {shown.summary}" if shown
                      else "no error discrepancy (no flag pairs these quotes)")
    hits = [(flag, files) for flag, files in covering if flag.kind in ("discrepancy", "variant")]
    if hits:
        flag, files = hits[0]
        return True, f"{flag.kind} ({flag.severity}) [{', '.join(sorted(files))}]: {flag.summary}"
    if covering:
        flag, _ = covering[0]
        return False, f"only a {flag.kind} pairs them: {flag.summary}"
    # Why nothing pairs them: which claims (if any) sit on each quote.
    reasons = []
    for quote, where in zip(quotes, spans):
        if not where:
            reasons.append(f"{quote['file']}: match not found in text")
            continue
        claims = [c for c in analysis.claims
                  if file_of(analysis, c.source) == quote["file"]
                  and any(c.span.start < end and start < c.span.end for start, end in where)]
        if claims:
            described = "; ".join(sorted({f"{c.attribute}/{c.subject.key or '-'}/{c.story}" for c in claims}))
            reasons.append(f"{quote['file']}: claims {described}")
        else:
            reasons.append(f"{quote['file']}: no claim on {quote['match']!r}")
    return False, "no flag pairs two files; " + " | ".join(reasons)


# ---------------------------------------------------------------- grouping

def bcubed(assigned: dict[str, str], gold: dict[str, str]) -> tuple[float, float]:
    items = list(gold)
    precision = recall = 0.0
    for item in items:
        same_cluster = [other for other in items if assigned[other] == assigned[item]]
        same_gold = [other for other in items if gold[other] == gold[item]]
        correct = sum(1 for other in same_cluster if gold[other] == gold[item])
        precision += correct / len(same_cluster)
        recall += correct / len(same_gold)
    return precision / len(items), recall / len(items)


def file_stories(analysis: Analysis) -> dict[str, str]:
    story_of = {article: story.id for story in analysis.stories for article in story.articles}
    best: dict[str, tuple[int, str]] = {}
    for article in analysis.articles:
        name = file_of(analysis, article.source)
        length = article.end - article.start
        if name not in best or length > best[name][0]:
            best[name] = (length, story_of.get(article.id, f"unassigned-{article.id}"))
    return {name: story for name, (_, story) in best.items()}


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# ---------------------------------------------------------------- main

def run(folder: Path) -> Analysis | None:
    """The checker on one folder; a crash is reported and the folder skipped, not the benchmark."""
    try:
        return analyse([str(folder)])
    except Exception as error:  # noqa: BLE001 - a benchmark reports failures and goes on
        print(f"!! {folder.name}: the checker failed: {type(error).__name__}: {error}")
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the ecbplus-dev folder")
    parser.add_argument("--topics", help="comma-separated topic numbers (default: all)")
    parser.add_argument("--sample-flags", type=int, default=0, metavar="N",
                        help="print N random discrepancy flags with their quotes")
    parser.add_argument("--seed", type=int, default=0, help="seed for --sample-flags")
    parser.add_argument("--kind", default="discrepancy",
                        help="flag kinds to sample, comma-separated (default: discrepancy; e.g. discrepancy,variant)")
    parser.add_argument("--skip-grouping", action="store_true", help="skip the per-topic grouping runs")
    parser.add_argument("--skip-recall", action="store_true", help="skip the per-sub-topic runs")
    args = parser.parse_args(argv)

    data: Path = args.data
    index = [json.loads(line) for line in (data / "index.jsonl").open(encoding="utf-8") if line.strip()]
    candidates = [json.loads(line) for line in (data / "candidate_conflicts.jsonl").open(encoding="utf-8")
                  if line.strip()]
    wanted = set(args.topics.split(",")) if args.topics else None
    if wanted:
        index = [entry for entry in index if entry["topic"] in wanted]
        candidates = [c for c in candidates if c["topic"] in wanted]
    by_subtopic: dict[str, list[dict]] = defaultdict(list)
    by_topic: dict[str, list[dict]] = defaultdict(list)
    for entry in index:
        by_subtopic[entry["subtopic"]].append(entry)
        by_topic[entry["topic"]].append(entry)

    def order(key: str):
        topic, _, kind = key.partition("_")
        return (int(topic) if topic.isdigit() else 0, topic, kind)

    scratch = Path(tempfile.mkdtemp(prefix="ecbplus-bench-"))
    try:
        analyses: dict[str, Analysis] = {}
        timings: dict[str, float] = {}
        if not args.skip_recall:
            started = time.perf_counter()
            for subtopic in sorted(by_subtopic, key=order):
                folder = build_folder(scratch / "sub" / subtopic, data, by_subtopic[subtopic])
                analysis = run(folder)
                if analysis is not None:
                    analyses[subtopic] = analysis
            timings["sub-topic runs"] = time.perf_counter() - started
            report_recall(candidates, analyses)
            report_flag_rate(analyses)
        if not args.skip_grouping:
            started = time.perf_counter()
            report_grouping(by_topic, data, scratch, order)
            timings["topic runs (grouping)"] = time.perf_counter() - started
        print("\n## Run time")
        files = len(index)
        for phase, seconds in timings.items():
            runs = len(by_subtopic) if phase.startswith("sub") else len(by_topic)
            print(f"- {phase}: {seconds:.1f} s for {files} files in {runs} runs "
                  f"({1000 * seconds / max(files, 1):.0f} ms per article)")
        if args.sample_flags:
            sample_flags(analyses, args.sample_flags, args.seed, args.kind)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def report_recall(candidates: list[dict], analyses: dict[str, Analysis]) -> None:
    print("## Conflict recall (candidate_conflicts.jsonl)\n")
    print(FOUND_DEFINITION + "\n")
    found = total = handled = controls = 0
    for candidate in candidates:
        analysis = analyses.get(candidate["subtopic"])
        if analysis is None:
            continue
        ok, reason = judge_candidate(candidate, analysis)
        control = candidate["fact_type"].startswith("agreement")
        if control:
            controls += 1
            handled += ok
            status = "HANDLED" if ok else "FALSE ALARM"
        else:
            total += 1
            found += ok
            status = "FOUND" if ok else "MISSED"
        print(f"- [{status}] {candidate['subtopic']} {candidate['fact_type']}: {candidate['summary']}\n"
              f"    {reason}")
    if total:
        print(f"\nrecall: {found}/{total} = {found / total:.0%} of conflict candidates found")
    if controls:
        print(f"negative controls handled: {handled}/{controls}")


def report_flag_rate(analyses: dict[str, Analysis]) -> None:
    kinds: Counter = Counter()
    severities: Counter = Counter()
    articles = sum(len(a.articles) for a in analyses.values())
    files = sum(len(a.sources) for a in analyses.values())
    for analysis in analyses.values():
        for flag in analysis.flags:
            kinds[flag.kind] += 1
            severities[(flag.kind, flag.severity)] += 1
    claims = sum(len(a.claims) for a in analyses.values())
    print(f"\n## Flags per article (sub-topic runs: {files} files, {articles} articles, {claims} claims)\n")
    for kind in ("discrepancy", "variant", "agreement"):
        detail = ", ".join(f"{severity} {severities[(kind, severity)]}" for severity in ("error", "warning", "info")
                           if severities[(kind, severity)])
        print(f"- {kind}: {kinds[kind]} ({kinds[kind] / max(articles, 1):.2f} per article){' — ' + detail if detail else ''}")
    by_attribute: Counter = Counter((f.kind, f.attribute) for a in analyses.values() for f in a.flags
                                    if f.kind != "agreement")
    if by_attribute:
        print("- discrepancies and variants by attribute: " + ", ".join(
            f"{kind[:4]}:{attribute} {count}" for (kind, attribute), count in sorted(by_attribute.items())))


def report_grouping(by_topic: dict[str, list[dict]], data: Path, scratch: Path, order) -> None:
    print("\n## Story grouping (both sub-topics of a topic in one folder)\n")
    macro_p = macro_r = 0.0
    assigned_all: dict[str, str] = {}
    gold_all: dict[str, str] = {}
    rows = []
    for topic in sorted(by_topic, key=order):
        entries = by_topic[topic]
        folder = build_folder(scratch / "topic" / topic, data, entries)
        analysis = run(folder)
        if analysis is None:
            continue
        assigned = file_stories(analysis)
        gold = {entry["file"]: entry["subtopic"] for entry in entries}
        assigned = {name: assigned.get(name, f"missing-{name}") for name in gold}
        precision, recall = bcubed(assigned, gold)
        macro_p += precision
        macro_r += recall
        rows.append((topic, len(gold), len(set(assigned.values())), precision, recall))
        assigned_all.update({f"{topic}/{k}": f"{topic}/{v}" for k, v in assigned.items()})
        gold_all.update({f"{topic}/{k}": v for k, v in gold.items()})
    for topic, files, stories, precision, recall in rows:
        print(f"- topic {topic}: {files} files, {stories} stories, P {precision:.2f} R {recall:.2f} "
              f"F1 {f1(precision, recall):.2f}")
    if rows:
        macro_p, macro_r = macro_p / len(rows), macro_r / len(rows)
        micro_p, micro_r = bcubed(assigned_all, gold_all)
        print(f"\nB-cubed macro (average over {len(rows)} topics): P {macro_p:.3f} R {macro_r:.3f} "
              f"F1 {f1(macro_p, macro_r):.3f}")
        print(f"B-cubed micro (over {len(gold_all)} files): P {micro_p:.3f} R {micro_r:.3f} "
              f"F1 {f1(micro_p, micro_r):.3f}")


def sample_flags(analyses: dict[str, Analysis], count: int, seed: int, kind: str) -> None:
    kinds = set(kind.split(","))
    pool = [(subtopic, flag) for subtopic, analysis in sorted(analyses.items()) for flag in analysis.flags
            if flag.kind in kinds]
    pool.sort(key=lambda item: (item[0], item[1].id, item[1].claims))
    chosen = random.Random(seed).sample(pool, min(count, len(pool)))
    print(f"\n## Random sample of {len(chosen)} of {len(pool)} {kind} flags (seed {seed}; pool sorted by "
          "sub-topic and flag id, then random.Random(seed).sample)")
    for number, (subtopic, flag) in enumerate(chosen, start=1):
        analysis = analyses[subtopic]
        print(f"\n### {number}. [{subtopic}] {flag.kind} ({flag.severity}): {flag.summary}")
        print(f"    why: {flag.explanation}")
        for claim_id in flag.claims:
            claim = analysis.claim(claim_id)
            source = analysis.source(claim.source)
            print(f"    - {Path(source.path).name}:{claim.span.line} ({source.outlet}) "
                  f"[{claim.modality}] {claim.text!r}\n        in: {claim.sentence!r}")


if __name__ == "__main__":
    sys.exit(main())
