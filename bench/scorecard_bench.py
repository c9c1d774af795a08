"""The live self-assessment on pages (issue: the scorecard recomputed the whole assessment on
every view, about 1,300 queries and 350 ms): the scorecard page and the administrator's home
page on the demo park, cold (the cached assessment dropped before each request, as after a
write) and warm (``assess_cached`` answering), against the park's unit list measured in the
same run. Prints p95 and median in ms, queries per request, and the ratios to the baseline."""

from __future__ import annotations

import os
import statistics
import time

from bench.demo_park import on_demo_park, p95

RUNS = int(os.environ.get("PARKOPS_BENCH_RUNS", "30"))


def measure(client, url: str, *, cold: bool, runs: int = RUNS) -> tuple[list[float], int]:
    from django.core.cache import cache
    from django.db import connection

    client.get(url)  # templates, translations, the first assessment
    samples, counted = [], [0]

    def count(execute, sql, params, many, context):
        counted[0] += 1
        return execute(sql, params, many, context)

    for _ in range(runs):
        if cold:
            cache.clear()
        counted[0] = 0
        with connection.execute_wrapper(count):
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples, counted[0]


def main() -> dict:
    return on_demo_park(_run)


def _run(client, park) -> dict:
    from django.urls import reverse

    base, base_queries = measure(client, reverse("core:unit_list") + f"?park={park.pk}", cold=False)
    figures: dict[str, float] = {"unit_list_p95_ms": round(p95(base), 1)}
    print(
        f"  unit list (baseline)   p95 {p95(base):7.1f} ms  median {statistics.median(base):7.1f} ms  {base_queries} queries"
    )
    for label, url in (
        ("scorecard", reverse("assessment:scorecard") + f"?park={park.pk}"),
        ("home", reverse("home")),
    ):
        for state in ("cold", "warm"):
            samples, queries = measure(client, url, cold=state == "cold")
            figures[f"{label}_{state}_p95_ms"] = round(p95(samples), 1)
            figures[f"{label}_{state}_queries"] = queries
            print(
                f"  {label:<9} {state}   p95 {p95(samples):7.1f} ms  median {statistics.median(samples):7.1f} ms  "
                f"{queries} queries  ({p95(samples) / p95(base):.1f}× the unit list)"
            )
    print(
        "  warm ÷ cold (p95): scorecard "
        f"{figures['scorecard_warm_p95_ms'] / figures['scorecard_cold_p95_ms']:.2f}, home "
        f"{figures['home_warm_p95_ms'] / figures['home_cold_p95_ms']:.2f}"
    )
    return figures
