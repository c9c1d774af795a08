"""Suite 9: load. locust, headless, runs the mixed journeys of ``proof/locustfile.py`` (staff
of several departments, tenants, the assessor, devices posting telemetry) against the served
demo park: requests per second, p50/p95/p99 and the failure ratio. "failures over 1 %" must
be 0; p95 is reported against its 300 ms target. Then the slowest pages of the run are
profiled one by one (``proof/profile.py``): queries and where the time goes.

Sizes: "full" 50 users for 3 minutes, "ci" 20 users for 45 s."""

from __future__ import annotations

import csv
import subprocess
import sys

from proof.suites.common import ROOT, SuiteFailed, api_key, django_figures

SUITE = "9 load"
SIZES = {"ci": (20, 45), "full": (50, 180)}  # users, seconds
DEVICES = ["LOAD-1", "LOAD-2", "LOAD-3", "LOAD-4"]
P95_TARGET_MS = 300
PROFILED = 3


def run(proof, ctx) -> None:
    users, seconds = SIZES["full" if ctx.full else "ci"]
    django_figures(ctx, "proof.fault_point", *DEVICES)
    key = api_key(ctx, name="压力测试采集网关", write=True)
    prefix = ctx.scratch / "locust"
    env = {
        **ctx.env,
        "PARKOPS_LOAD_KEY": key,
        "PARKOPS_LOAD_DEVICES": ",".join(DEVICES),
    }
    args = [sys.executable, "-m", "locust", "-f", str(ROOT / "proof" / "locustfile.py"), "--headless"]
    args += ["-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{seconds}s", "--host", ctx.base]
    args += ["--csv", str(prefix), "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"]
    done = subprocess.run(
        args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=seconds + 300, check=False
    )
    try:
        with open(f"{prefix}_stats.csv", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise SuiteFailed(f"locust wrote no statistics: {done.stderr[-3000:]}") from None
    total = next(r for r in rows if r["Name"] == "Aggregated")
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    ratio = failures / requests if requests else 1.0
    proof.figure(SUITE, "concurrent users / seconds", f"{users} / {seconds}")
    proof.figure(SUITE, "requests", requests)
    proof.figure(SUITE, "requests per second", round(float(total["Requests/s"]), 1))
    for pct in ("50%", "95%", "99%"):
        proof.figure(SUITE, f"p{pct[:-1]} ms (all journeys)", int(float(total[pct])))
    proof.figure(
        SUITE, f"p95 over the {P95_TARGET_MS} ms target (0 or 1)", int(float(total["95%"]) > P95_TARGET_MS)
    )
    proof.figure(SUITE, "failure ratio %", round(100 * ratio, 2))
    proof.figure(SUITE, "failures over 1 % (0 or 1)", int(ratio > 0.01), True)
    try:
        with open(f"{prefix}_failures.csv", newline="") as handle:
            for row in csv.DictReader(handle):
                sys.stderr.write(
                    f"  9 load failure: {row['Method']} {row['Name']} ×{row['Occurrences']}: {row['Error'][:300]}\n"
                )
    except FileNotFoundError:
        pass
    pages = sorted(
        (r for r in rows if r["Type"] == "GET" and "<id>" not in r["Name"] and int(r["Request Count"]) >= 3),
        key=lambda r: -float(r["95%"]),
    )[:PROFILED]
    paths = [r["Name"].split(" ")[0] for r in pages]
    profiles = django_figures(ctx, "proof.profile", *paths)
    for n, (row, path) in enumerate(zip(pages, paths, strict=True), start=1):
        found = profiles.get(path, {})
        proof.figure(SUITE, f"slowest #{n} {path} p95 ms", int(float(row["95%"])))
        proof.figure(SUITE, f"slowest #{n} {path} queries", found.get("queries", -1))
        proof.figure(SUITE, f"slowest #{n} {path} ms alone", found.get("ms", -1))
        for line in found.get("costs", []):
            sys.stderr.write(f"  9 load profile {path}: {line}\n")
