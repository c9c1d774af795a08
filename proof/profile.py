"""For the load suite, in a Django process on the proof database: ``python -m proof.profile
PATH…`` requests each page as the demo's operator administrator (once to warm up, then once
under cProfile) and prints ``{PATH: {"status", "ms", "queries", "costs"}}`` as one JSON object,
``costs`` naming the project's functions with the most cumulative time (the middleware that
wraps every request left out, since it would head every list) and the queries the page repeats
most, by shape (an N+1 shows as one shape run hundreds of times). The full profiles go to
var/proof/profile.txt."""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(paths: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkops.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from parkops.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="admin"))
    found, full = {}, io.StringIO()
    for path in paths:
        client.get(path)
        profiler = cProfile.Profile()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            profiler.enable()
            response = client.get(path)
            profiler.disable()
            ms = round((time.perf_counter() - started) * 1000)
        stats = pstats.Stats(profiler)
        own = [
            (info[3], f"{Path(func[0]).relative_to(ROOT)}:{func[1]} {func[2]}")
            for func, info in stats.stats.items()
            if func[0].startswith(str(ROOT / "parkops")) and not wrapper(func[0], func[2])
        ]
        own.sort(reverse=True)
        shapes = Counter(shape(query["sql"]) for query in queries.captured_queries)
        found[path] = {
            "status": response.status_code,
            "ms": ms,
            "queries": len(queries.captured_queries),
            "costs": [f"{round(seconds * 1000)} ms in {where}" for seconds, where in own[:6]]
            + [f"{count}× {sql[:160]}" for sql, count in shapes.most_common(2) if count > 1],
        }
        full.write(f"=== {path}: {response.status_code}, {ms} ms, {len(queries.captured_queries)} queries\n")
        pstats.Stats(profiler, stream=full).sort_stats("cumulative").print_stats(30)
    out = ROOT / "var" / "proof" / "profile.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(full.getvalue())
    print(json.dumps(found, ensure_ascii=False))
    return 0


def wrapper(filename: str, function: str) -> bool:
    """Code every request passes through (middleware, the request wrapper): not a page's cost."""
    return "/tests/" in filename or filename.endswith("middleware.py") or function == "__call__"


def shape(sql: str) -> str:
    """A query with its values taken out, so that the same query for each row counts as one."""
    return re.sub(r"\b\d+\b|'[^']*'|%s", "?", sql)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
