"""`make bench`: start Rathaus on gunicorn, run every registered scenario, print a table
and write var/bench/<module>.json.

    .venv/bin/python bench/run.py                 # all modules
    .venv/bin/python bench/run.py core --seconds 5
"""

import argparse
import datetime
import importlib
import json
import os
import pkgutil
import platform
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path; the package lives one level up.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench import scenarios  # noqa: E402
from bench.framework import SCENARIOS, Bench, BenchError, Report  # noqa: E402
from bench.server import Server  # noqa: E402

OUT_DIR = ROOT / "var" / "bench"


def discover() -> None:
    for info in pkgutil.iter_modules(scenarios.__path__):
        importlib.import_module(f"{scenarios.__name__}.{info.name}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="only these modules (default: all)")
    parser.add_argument("--seconds", type=float, default=10, help="measured time per target")
    parser.add_argument("--warmup", type=float, default=2, help="unmeasured time per target")
    parser.add_argument("--concurrency", type=int, default=8, help="open connections")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap per target")
    parser.add_argument("--workers", type=int, default=min(4, max(2, os.cpu_count() or 2)))
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--keep", action="store_true", help="keep var/bench/run/ for inspection")
    args = parser.parse_args()
    if not 0 < args.seconds <= 60 or not 0 <= args.warmup <= 10:
        parser.error("--seconds must be in (0, 60] and --warmup in [0, 10]")
    if not 1 <= args.concurrency <= 256:
        parser.error("--concurrency must be between 1 and 256")
    return args


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def _busy_cpus(seconds: float = 1.0) -> float:
    """How many CPUs were busy over a short sample (Linux /proc/stat; 0 elsewhere)."""

    def sample():
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        idle = values[3] + values[4]
        return sum(values) - idle, sum(values)

    try:
        busy1, total1 = sample()
        time.sleep(seconds)
        busy2, total2 = sample()
    except OSError:
        return 0.0
    return (busy2 - busy1) / max(1, total2 - total1) * (os.cpu_count() or 1)


def _on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def main() -> int:
    args = _arguments()
    discover()
    selected = [s for s in SCENARIOS if not args.modules or s.module in args.modules]
    selected.sort(key=lambda s: s.last)  # stable: registration order otherwise
    if not selected:
        print(f"No scenarios for {args.modules}; known: {sorted({s.module for s in SCENARIOS})}")
        return 2

    signal.signal(signal.SIGTERM, _on_sigterm)
    server = Server(
        workers=args.workers,
        threads=args.threads,
        state_dir=OUT_DIR / "run",
        log_path=OUT_DIR / "server.log",
    )
    bench = Bench(server, args.concurrency, args.seconds, args.warmup, args.max_requests)
    started = time.monotonic()
    busy_before = 0.0
    reports: dict[str, dict] = {}
    failed: list[str] = []
    try:
        print(f"Preparing the {server.database} database and static files ...", flush=True)
        server.prepare()
        server.start()
        busy_before = _busy_cpus()
        if busy_before > 0.3:
            print(
                f"Note: other processes kept {busy_before:.1f} of {os.cpu_count()} CPUs busy "
                "before the run; requests/s and latency will be low and noisy (server CPU "
                "ms/request less so).",
                flush=True,
            )
        print(
            f"gunicorn on http://{server.host}:{server.port}/ with {args.workers} workers x "
            f"{args.threads} threads (gthread), DEBUG off; load: {args.concurrency} "
            f"connections, {args.warmup:g} s warm-up + {args.seconds:g} s per target\n",
            flush=True,
        )
        for item in selected:
            report = Report()
            try:
                item.func(bench, report)
            except BenchError as error:
                failed.append(f"{item.module}.{item.name}: {error}")
                print(f"FAILED {item.module}.{item.name}: {error}\n", flush=True)
                report.data["error"] = str(error)
            for table in report.tables:
                print(table.render() + "\n", flush=True)
            reports.setdefault(item.module, {})[item.name] = {
                "description": item.description,
                **report.data,
            }
    finally:
        server.stop()
        if not args.keep:
            server.cleanup()

    meta = {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": _git_commit(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "busy_cpus_before": round(busy_before, 2),
        },
        "server": {
            "software": "gunicorn gthread",
            "workers": args.workers,
            "threads": args.threads,
            "database": server.database,
            "debug": False,
        },
        "load": {
            "concurrency": args.concurrency,
            "seconds": args.seconds,
            "warmup_seconds": args.warmup,
            "max_requests": args.max_requests,
            "generator": "bench/loadgen.py (asyncio, HTTP/1.1 keep-alive, loopback)",
        },
    }
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for module, data in reports.items():
        path = OUT_DIR / f"{module}.json"
        path.write_text(json.dumps({"module": module, **meta, "scenarios": data}, indent=2))
        print(f"Wrote {path.relative_to(ROOT)}")
    print(f"Finished in {time.monotonic() - started:.0f} s")
    if failed:
        print("Failed scenarios:\n  " + "\n  ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
