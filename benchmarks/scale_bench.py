"""End-to-end throughput, scaling, peak memory and cached re-runs, side by side with a naive baseline.

    python benchmarks/scale_bench.py SEED_DIR [--articles 625] [--scales 1,4,16] [--jobs N]
                                     [--baseline-articles 120] [--timeout 900] [--work DIR]
    python benchmarks/scale_bench.py --corpus PATH [...]      # an existing corpus, at 1x only

SEED_DIR is a folder of real news articles (e.g. ECB+ dev); benchmarks/corpus.py turns it into
corpora of many stories with 2-5 KB articles at each scale (N, 4N, 16N articles) in a temporary
folder, deleted afterwards unless --work is given. Nothing is written to the repository.

For each scale, in a fresh child process (so peak memory is the run's own):
- a cold run (no cache entries yet; the cache is written, as the CLI does by default):
  `analyse` with --jobs N, then the Markdown report; wall time, articles/s, MB/s, time per stage,
  peak RSS of the main process and of the largest worker, and the run's total memory (PSS) sampled;
- unchanged re-runs of the `reconcile run` command in a new interpreter (start-up included): the
  first reads every file (content-keyed cache), the next ones replay its output (files untouched).
Then the naive baseline, in this process on the 1x corpus: `dateparser.search.search_dates` on
every article (dates relative to the publication date), then rapidfuzz `token_set_ratio` on every
pair of date-bearing sentences from different articles. dateparser is too slow to run on every
scale, so it runs on the first --baseline-articles articles and its per-article and per-pair rates
are extrapolated (the output says which figures are measured and which are extrapolated).

Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))


# ---------------------------------------------------------------------------------------------- child


def child(corpus: str, jobs: int, cache_dir: str | None) -> None:
    """One cold or warm run; prints one JSON line. Stage times also go to stderr as they finish."""
    started = time.perf_counter()
    from reconcile.engines import RunOptions
    from reconcile.pipeline import analyse
    from reconcile.report import to_markdown

    peaks: dict[str, float] = {}

    def observe(stage: str, seconds: float) -> None:
        peaks[stage] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"stage {stage} {seconds:.3f}", file=sys.stderr, flush=True)

    imported = time.perf_counter()
    options = RunOptions(jobs=jobs, cache_dir=Path(cache_dir) if cache_dir else None, observer=observe)
    analysis = analyse([corpus], options=options)
    analysed = time.perf_counter()
    report = to_markdown(analysis, {})
    done = time.perf_counter()
    timings = dict(analysis.timings, report=done - analysed)
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "articles": len(analysis.articles), "sources": len(analysis.sources), "stories": len(analysis.stories),
        "multi_source_stories": sum(1 for story in analysis.stories if len(story.sources) > 1),
        "largest_story": max((len(story.articles) for story in analysis.stories), default=0),
        "claims": len(analysis.claims), "flags": len(analysis.flags), "report_chars": len(report),
        "import": imported - started, "analyse": analysed - imported, "total": done - imported,
        "timings": timings, "cpu_self": own.ru_utime + own.ru_stime, "cpu_workers": workers.ru_utime + workers.ru_stime,
        "rss_self_mb": own.ru_maxrss / 1024, "rss_worker_mb": workers.ru_maxrss / 1024,
        "rss_after_stage_mb": peaks}), flush=True)
    sys.stdout.flush()


def _tree_rss_mb(pid: int) -> float:
    """Memory of a process and all its descendants, from /proc (Linux), in MB: the proportional set
    size (PSS), which counts a page that forked workers share with their parent once, not once per
    process as summing resident sizes would; the resident size where PSS is not available."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            try:
                lines = Path(f"/proc/{current}/smaps_rollup").read_text().splitlines()
                key = "Pss:"
            except OSError:
                lines, key = Path(f"/proc/{current}/status").read_text().splitlines(), "VmRSS:"
            for line in lines:
                if line.startswith(key):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total / 1024


def run_child(corpus: Path, jobs: int, cache_dir: Path | None, timeout: float, memory_limit_mb: int) -> dict:
    """Run one child; sample the resident memory of it and its workers every 0.2 s."""
    import threading

    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(corpus), "--jobs", str(jobs)]
    if cache_dir:
        command += ["--cache-dir", str(cache_dir)]

    def limit() -> None:  # a run that needs more than this fails with MemoryError instead of swapping others out
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit_mb * 2**20, memory_limit_mb * 2**20))

    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                               preexec_fn=limit)
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_rss_mb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        done.set()
        return {"timeout": timeout, "stages": _stages(stderr), "rss_sampled_mb": peak[0]}
    finally:
        done.set()
    if process.returncode != 0:
        failure = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit {process.returncode}"
        return {"failed": failure, "stages": _stages(stderr), "rss_sampled_mb": peak[0]}
    result = json.loads(stdout.strip().splitlines()[-1])
    result["rss_sampled_mb"] = peak[0]
    return result


def _stages(stderr: str) -> dict[str, float]:
    stages: dict[str, float] = {}
    for line in stderr.splitlines():
        if line.startswith("stage "):
            _, rest = line.split(" ", 1)
            name, seconds = rest.rsplit(" ", 1)
            stages[name] = stages.get(name, 0.0) + float(seconds)
    return stages


def _newest_change(folder: Path) -> float:
    return max(max(info.st_mtime, info.st_ctime) for info in (path.stat() for path in folder.rglob("*")))


def cli_rerun(corpus: Path, cache_dir: Path, output: Path, jobs: int) -> float:
    """Wall time of `reconcile run` in a new interpreter, start-up included."""
    command = [sys.executable, "-m", "reconcile.cli", "run", str(corpus), "--cache-dir", str(cache_dir),
               "--output", str(output), "--jobs", str(jobs)]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------------- baseline


def baseline(corpus: Path, limit: int) -> dict:
    """dateparser.search_dates on each article, then rapidfuzz on every cross-article pair of dated sentences."""
    import warnings
    from datetime import datetime

    warnings.filterwarnings("ignore")
    from dateparser.search import search_dates
    from rapidfuzz import fuzz

    from reconcile.ingest import read_corpus

    read = read_corpus([str(corpus)])
    by_id = {source.id: source for source in read.sources}
    articles = read.articles[:limit]
    size = sum(len(by_id[a.source].text[a.start:a.end].encode()) for a in articles)
    claims: list[tuple[int, str, datetime]] = []
    started = time.perf_counter()
    for number, article in enumerate(articles):
        text = by_id[article.source].text[article.start:article.end]
        base = datetime.combine(article.published, datetime.min.time()) if article.published else datetime.now()
        found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        for phrase, moment in found:
            at = text.find(phrase)
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            claims.append((number, text[line_start:line_end if line_end >= 0 else len(text)], moment))
    dateparser_seconds = time.perf_counter() - started
    started = time.perf_counter()
    pairs = matched = conflicts = 0
    for index, (article_a, sentence_a, moment_a) in enumerate(claims):
        for article_b, sentence_b, moment_b in claims[index + 1:]:
            if article_a == article_b:
                continue
            pairs += 1
            if fuzz.token_set_ratio(sentence_a, sentence_b) >= 70:
                matched += 1
                conflicts += moment_a.date() != moment_b.date()
    pair_seconds = time.perf_counter() - started
    return {"articles": len(articles), "bytes": size, "claims": len(claims), "pairs": pairs, "matched": matched,
            "conflicts": conflicts, "dateparser_s": dateparser_seconds, "pairs_s": pair_seconds,
            "claims_per_article": len(claims) / max(1, len(articles)),
            "dateparser_rate": len(articles) / dateparser_seconds, "pair_rate": pairs / max(pair_seconds, 1e-9)}


def baseline_seconds(measured: dict, articles: int) -> float:
    """The baseline's time on `articles` articles, from its measured per-article and per-pair rates."""
    claims = measured["claims_per_article"] * articles
    pairs = claims * (claims - 1) / 2 * (1 - 1 / max(1, articles))  # pairs within one article are skipped
    return articles / measured["dateparser_rate"] + pairs / measured["pair_rate"]


# ---------------------------------------------------------------------------------------------- report


def machine() -> str:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} cores ({model}), {memory} RAM, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; load average at start {load:.2f}")


def _corpus_bytes(corpus: Path) -> int:
    return sum(path.stat().st_size for path in corpus.rglob("*") if path.is_file() and path.name != "sources.toml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seed_dir", nargs="?", type=Path, help="real articles to generate corpora from")
    parser.add_argument("--corpus", type=Path, help="benchmark this corpus as it is (1x only)")
    parser.add_argument("--articles", type=int, default=625, help="articles at 1x (default 625: 16x is 10,000)")
    parser.add_argument("--scales", default="1,4,16")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--baseline-articles", type=int, default=120)
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed for one cold run")
    parser.add_argument("--memory-limit-mb", type=int, default=6144,
                        help="address-space limit of each run (default 6144): past it the run fails, not the machine")
    parser.add_argument("--work", type=Path, help="keep the generated corpora and caches here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.jobs, args.cache_dir)
        return
    if not args.seed_dir and not args.corpus:
        parser.error("give SEED_DIR (to generate corpora) or --corpus PATH")

    work = args.work or Path(tempfile.mkdtemp(prefix="reconcile-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    print(f"jobs: {args.jobs}; work folder: {work}")
    try:
        corpora: list[tuple[str, Path]] = []
        if args.corpus:
            corpora.append(("1x", args.corpus))
        else:
            from corpus import generate

            for scale in (int(s) for s in args.scales.split(",")):
                folder = work / f"corpus-{scale}x"
                if not folder.exists():
                    made = generate(args.seed_dir, folder, args.articles * scale)
                    print(f"generated {scale}x: {made['articles']} articles in {made['stories']} stories, "
                          f"{made['bytes'] / 1e6:.1f} MB")
                corpora.append((f"{scale}x", folder))
        results = []
        for label, folder in corpora:
            cache = work / f"cache-{label}"
            shutil.rmtree(cache, ignore_errors=True)
            size = _corpus_bytes(folder)
            cold = run_child(folder, args.jobs, cache, args.timeout, args.memory_limit_mb)
            row = {"label": label, "bytes": size, "cold": cold}
            if "timeout" not in cold and "failed" not in cold:
                row["warm"] = run_child(folder, args.jobs, cache, args.timeout, args.memory_limit_mb)
                # The first re-run reads every file (content-keyed cache) and stores its output; the
                # next ones find the files untouched and replay it. Files younger than the replay's
                # settling time are never stored, so wait that out first.
                time.sleep(max(0.0, 3.5 - (time.time() - _newest_change(folder))))
                reruns = [cli_rerun(folder, cache, work / "report.md", args.jobs) for _ in range(3)]
                row["cli_rerun_read"], row["cli_rerun"] = reruns[0], min(reruns[1:])
            results.append(row)
            _print_row(row)
        first = corpora[0][1]
        measured = baseline(first, args.baseline_articles)
        _print_baseline(measured)
        _print_summary(results, measured, args.jobs)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


def _print_row(row: dict) -> None:
    cold = row["cold"]
    if "timeout" in cold or "failed" in cold:
        done = ", ".join(f"{stage} {seconds:.1f}s" for stage, seconds in cold["stages"].items())
        why = f"did not finish in {cold['timeout']:.0f} s" if "timeout" in cold else f"failed ({cold['failed']})"
        print(f"\n[{row['label']}] {row['bytes'] / 1e6:.1f} MB: cold run {why}; stages done: {done}; "
              f"peak RSS sampled {cold['rss_sampled_mb']:.0f} MB")
        return
    seconds = cold["total"]
    print(f"\n[{row['label']}] {cold['articles']:,} articles, {row['bytes'] / 1e6:.1f} MB, {cold['stories']:,} stories "
          f"({cold['multi_source_stories']:,} with 2+ sources, largest {cold['largest_story']}), "
          f"{cold['claims']:,} claims, {cold['flags']:,} flags")
    print(f"  cold: {seconds:.2f} s = {cold['articles'] / seconds:,.0f} articles/s, {row['bytes'] / 1e6 / seconds:.2f} MB/s"
          f"  (CPU: main {cold['cpu_self']:.1f} s, workers {cold['cpu_workers']:.1f} s)")
    print("  stages: " + ", ".join(f"{stage} {value:.2f}s" for stage, value in cold["timings"].items()))
    print(f"  peak RSS: main {cold['rss_self_mb']:.0f} MB, largest worker {cold['rss_worker_mb']:.0f} MB; "
          f"main and workers together (PSS, sampled every 0.2 s) {cold['rss_sampled_mb']:.0f} MB")
    print("  main's peak RSS by the end of each stage: "
          + ", ".join(f"{stage} {mb:.0f} MB" for stage, mb in cold.get("rss_after_stage_mb", {}).items()))
    extract = cold["timings"].get("extract", 0.0)
    if extract:
        print(f"  extraction alone: {cold['articles'] / extract:,.0f} articles/s; everything but extraction: "
              f"{seconds - extract:.2f} s")
    warm = row["warm"]
    print(f"  unchanged re-run: analyse+report {warm['total']:.2f} s in-process; `reconcile run` "
          f"{row['cli_rerun_read']:.2f} s reading every file, {row['cli_rerun']:.2f} s replayed (files untouched), "
          f"wall incl. interpreter start-up; stages: "
          + ", ".join(f"{stage} {value:.2f}s" for stage, value in warm["timings"].items()))


def _print_baseline(measured: dict) -> None:
    print(f"\n[baseline, measured on {measured['articles']} articles, 1 process] dateparser.search_dates "
          f"{measured['dateparser_s']:.1f} s ({measured['dateparser_rate']:.1f} articles/s, "
          f"{measured['bytes'] / 1e6 / measured['dateparser_s']:.3f} MB/s); {measured['claims']} dated sentences, "
          f"{measured['pairs']:,} cross-article pairs in {measured['pairs_s']:.2f} s "
          f"({measured['pair_rate']:,.0f} pairs/s), {measured['matched']} matched, {measured['conflicts']} date conflicts")


def _print_summary(results: list[dict], measured: dict, jobs: int) -> None:
    print("\nsummary (cold runs; baseline extrapolated from its measured rates except where marked)")
    print(f"{'scale':>6} {'articles':>9} {'seconds':>8} {'art/s':>7} {'MB/s':>6} {'peak MB':>8} {'re-read s':>9} {'replay s':>8} "
          f"{'baseline s':>11} {'speed-up':>9}")
    previous = None
    for row in results:
        cold = row["cold"]
        if "timeout" in cold or "failed" in cold:
            shown = f">{int(cold['timeout'])}" if "timeout" in cold else "failed"
            print(f"{row['label']:>6} {'-':>9} {shown:>8} {'':>7} {'':>6} {cold['rss_sampled_mb']:>8.0f}")
            previous = None
            continue
        seconds = cold["total"]
        base = baseline_seconds(measured, cold["articles"])
        marked = "*" if cold["articles"] <= measured["articles"] else ""
        peak = cold["rss_sampled_mb"]
        print(f"{row['label']:>6} {cold['articles']:>9,} {seconds:>8.2f} {cold['articles'] / seconds:>7.0f} "
              f"{row['bytes'] / 1e6 / seconds:>6.2f} {peak:>8.0f} {row['cli_rerun_read']:>9.2f} {row['cli_rerun']:>8.2f} {base:>10.0f}{marked:1} "
              f"{base / seconds:>8.1f}x")
        if previous is not None:
            ratio = seconds / previous["total"]
            growth = cold["articles"] / previous["articles"]
            nominal = round(growth)
            print(f"{'':>6} t({row['label']})/t(previous) = {ratio:.2f} for {growth:.2f}x the articles "
                  f"({ratio * nominal / growth:.2f} scaled to exactly {nominal}x)")
        previous = cold
    print("peak MB = memory of the run and its workers together (PSS: pages shared after a fork count once), "
          "sampled every 0.2 s")


if __name__ == "__main__":
    main()
