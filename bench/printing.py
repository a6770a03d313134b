"""Printing benchmarks (not a test): notice boards (牌) in one batch, and plan_progress.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a database with the demo county> \\
        .venv/bin/python bench/printing.py [--year 2009] [--sizes 50,267] [--in-process]

A database without villages is seeded first (`seed_demo --scale small`: boards read no
household rows, so the scale changes nothing but the paired-household counts).

1. Boards: for each size N (default 50 and 267 villages, in code order), one batch exactly as
   the background job prints it (documents.board_batch.boards_batch + render_batch: chunks of
   CHUNK boards, each chunk in a limited child render, merged with pypdf into one file). Reports
   seconds per board and peak memory: the batch process's own peak (VmHWM) and the peak of the
   sum of the proportional set sizes (Pss) of the batch process and all its descendants (the
   forkserver and the render children), sampled every 20 ms. Flat = the same for 50 and 267.
   `--in-process` also renders in the batch process itself (no child): its VmHWM then holds
   WeasyPrint's own peak, which must not grow with N either.
2. The county summary (documents.summaries, what the "summary" job builds for the leader):
   the data and HTML, the WeasyPrint render, pages; median of `--summary-runs` (default 3);
   goal < 2 s for the PDF.
3. Score sheets (documents.print_kinds.score_sheets_batch, as the "score_sheets" job, and with one
   chunk rendering at a time, the plain way, before it): for each
   size, seconds per sheet (goal < 0.3 s for the county's 267) and the same peaks.
4. Dossiers (documents.print_kinds.dossiers_batch, as the "dossiers" job: a zip of one PDF per
   village, each rendered alone with its thumbnails): seconds per village and the peaks (goal
   < 500 MB, flat = the same for 50 and 267).
5. plan_progress for the county (targets.progress.year_progress, what the command prints):
   median of 5 runs and its query count, for the county and for one township.
"""

import argparse
import dataclasses
import io
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import setup_django  # noqa: E402


def _pss_kb(pid: int) -> int:
    """The process's proportional set size: its share of pages shared with others (a forked
    render child shares the forkserver's preloaded Django and WeasyPrint), so sums are fair."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _hwm_kb() -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def _reset_hwm() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        for child in parents.get(pid, []):
            found.append(child)
            todo.append(child)
    return found


class TreeSampler(threading.Thread):
    """The peak of the summed proportional set size of this process and its descendants."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kb, self.stop = 0, threading.Event()

    def run(self):
        me = os.getpid()
        while not self.stop.is_set():
            total = _pss_kb(me) + sum(_pss_kb(pid) for pid in _descendants(me))
            self.peak_kb = max(self.peak_kb, total)
            self.stop.wait(0.02)


def bench_boards(year: int, size: int, in_process: bool) -> dict:
    from django.conf import settings
    from pypdf import PdfReader

    from documents import board_batch
    from villages.models import Village
    from xixiang.core.documents import render_batch
    from xixiang.lib.pdf import render_pdf

    codes = list(Village.objects.order_by("code").values_list("code", flat=True)[:size])
    _reset_hwm()
    sampler = TreeSampler()
    sampler.start()
    started, cpu = time.perf_counter(), time.process_time()
    batch = board_batch.boards_batch(Village.objects.filter(code__in=codes), year=year)
    out = tempfile.TemporaryFile()  # as the job writes it: a file, not the process's memory
    outcome = render_batch(batch, out, seconds=settings.XIXIANG_PDF_RENDER_SECONDS,
                           render=render_pdf if in_process else None)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    sampler.stop.set()
    sampler.join()
    size = out.tell()
    out.seek(0)
    pages = len(PdfReader(out).pages)
    return {"villages": len(codes), "printed": outcome.printed, "failures": len(outcome.failures), "pages": pages,
            "seconds": seconds, "per_board": seconds / max(1, outcome.printed),
            "cpu_per_board": cpu / max(1, outcome.printed), "mb": size / 1e6,
            "self_peak_mb": _hwm_kb() / 1024, "tree_peak_mb": sampler.peak_kb / 1024}


def bench_summary(year: int, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from documents import summaries
    from xixiang.accounts.models import User
    from xixiang.lib import svg_charts
    from xixiang.lib.pdf import render_pdf

    leader = User.objects.filter(role="leader").first() or User.objects.filter(role="admin").first()
    builds, renders, cold, cpu = [], [], None, []
    for run in range(runs):
        if run == 0:
            svg_charts._bar_chart.cache_clear()  # the first run draws its charts, the others find them
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            built = summaries.job_build(leader, {"year": year, "township": ""})
            built_at = time.perf_counter()
        cpu_started = time.process_time()
        content = render_pdf(built.html)
        done = time.perf_counter()
        cpu.append(time.process_time() - cpu_started)
        builds.append(built_at - started)
        renders.append(done - built_at)
        cold = cold if cold is not None else done - started
    return {"build": statistics.median(builds), "render": statistics.median(renders), "cold": cold,
            "render_cpu": statistics.median(cpu),
            "total": statistics.median(b + r for b, r in zip(builds, renders, strict=True)),
            "queries": len(captured), "pages": len(PdfReader(io.BytesIO(content)).pages), "kb": len(content) / 1024}


def _operator():
    """The user the batches read as: the administrator (as `manage.py render_batch` does)."""
    from xixiang.accounts.choices import Role
    from xixiang.accounts.models import User

    return User(username="bench", role=Role.ADMIN, is_active=True)


def bench_print_kind(kind: str, year: int, size: int, at_once: int | None = None) -> dict:
    """One batch of `kind` ("score_sheets" or "dossiers") over the first `size` villages, as the job
    prints it; `at_once` overrides how many chunks render at the same time (1: the plain way)."""
    from django.conf import settings

    from documents import print_kinds
    from villages.models import Village
    from xixiang.core.documents import render_batch, render_zip

    batch = print_kinds.batch_for(kind, _operator(), {"township": "", "year": year})
    batch = dataclasses.replace(batch, items=batch.items[:size])
    if at_once is not None:
        batch = dataclasses.replace(batch, renders_at_once=at_once)
    _reset_hwm()
    sampler = TreeSampler()
    sampler.start()
    started, cpu = time.perf_counter(), time.process_time()
    out = tempfile.TemporaryFile()  # as the job writes it
    renderer = render_zip if batch.zipped else render_batch
    outcome = renderer(batch, out, seconds=settings.XIXIANG_PDF_RENDER_SECONDS)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    sampler.stop.set()
    sampler.join()
    assert Village.objects.exists()
    return {"villages": len(batch.items), "at_once": batch.renders_at_once,
            "printed": outcome.printed, "failures": len(outcome.failures),
            "seconds": seconds, "each": seconds / max(1, outcome.printed), "cpu_each": cpu / max(1, outcome.printed),
            "mb": out.tell() / 1e6, "self_peak_mb": _hwm_kb() / 1024, "tree_peak_mb": sampler.peak_kb / 1024}


def bench_plan_progress(year: int) -> list[tuple[str, float, int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from targets import progress
    from villages.models import Township

    rows = []
    for label, township in (("county", None), ("one township", Township.objects.order_by("code").first())):
        times, queries = [], 0
        for _ in range(5):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                progress.year_progress(year, township=township)
                times.append(time.perf_counter() - started)
            queries = len(captured)
        rows.append((label, statistics.median(times), queries))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2009)
    parser.add_argument("--sizes", default="50,267")
    parser.add_argument("--in-process", action="store_true")
    parser.add_argument("--only-in-process", action="store_true")
    parser.add_argument("--skip-boards", action="store_true")
    parser.add_argument("--summary-runs", type=int, default=3)
    parser.add_argument("--parts", default="summary,boards,score_sheets,dossiers,plan_progress",
                        help="which parts to run (comma-separated)")
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    from villages.models import Village

    call_command("migrate", verbosity=0)
    if not Village.objects.exists():
        call_command("seed_demo", "--scale", "small")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    parts = set(args.parts.split(","))
    if "summary" in parts:
        r = bench_summary(args.year, args.summary_runs)
        print(f"county summary {args.year}: {r['total']:.2f} s median of {args.summary_runs} (goal < 2 s) = "
              f"data and HTML {r['build']:.2f} s ({r['queries']} queries) + render {r['render']:.2f} s "
              f"(CPU {r['render_cpu']:.2f} s); "
              f"first run with its charts drawn {r['cold']:.2f} s; {r['pages']} pages, {r['kb']:.0f} KB")
    if not args.skip_boards and "boards" in parts:
        modes = [True] if args.only_in_process else [False, True] if args.in_process else [False]
        for in_process in modes:
            for size in [int(s) for s in args.sizes.split(",")]:
                r = bench_boards(args.year, size, in_process)
                mode = "in-process render" if in_process else "child renders (as the job)"
                print(f"boards {r['villages']:>3} villages, {mode}: {r['printed']} printed, {r['failures']} failed, "
                      f"{r['pages']} pages, {r['seconds']:.1f} s = {r['per_board']:.3f} s/board "
                      f"(CPU of the batch process {r['cpu_per_board']:.3f} s/board), "
                      f"PDF {r['mb']:.1f} MB; peak RSS batch process {r['self_peak_mb']:.0f} MB, "
                      f"process tree (Pss) {r['tree_peak_mb']:.0f} MB")
    sizes = [int(s) for s in args.sizes.split(",")]
    for kind, unit in (("score_sheets", "sheet"), ("dossiers", "village")):
        if kind not in parts:
            continue
        # score sheets: one chunk at a time (the plain way) beside the job's two at once
        ways = (1, None) if kind == "score_sheets" else (None,)
        for size, at_once in [(size, at_once) for size in sizes for at_once in ways]:
            r = bench_print_kind(kind, args.year, size, at_once)
            print(f"{kind} {r['villages']:>3} villages, {r['at_once']} render(s) at once: "
                  f"{r['printed']} printed, {r['failures']} failed, "
                  f"{r['seconds']:.1f} s = {r['each']:.3f} s/{unit} (CPU of the batch process {r['cpu_each']:.3f} s), "
                  f"output {r['mb']:.1f} MB; peak RSS batch process {r['self_peak_mb']:.0f} MB, "
                  f"process tree (Pss) {r['tree_peak_mb']:.0f} MB")
    if "plan_progress" not in parts:
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        return
    try:
        rows = bench_plan_progress(args.year)
    except ImportError:
        print("plan_progress: targets not merged")
    else:
        for label, seconds, queries in rows:
            print(f"plan_progress {args.year} {label}: median {seconds * 1000:.0f} ms, {queries} queries")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
