"""`python -m bench [NAME ...]`: run the benchmarks on a scratch database.

Each benchmark measures ParkOps' way of doing something against a plain baseline in the
same run (e.g. audited writes against bare INSERTs), so the ratio means something on any
machine. Set PARKOPS_DATABASE_URL to a PostgreSQL URL to measure there instead of SQLite.

``python -m bench`` with no names runs BENCHES. EXPLICIT ones run only when named, because they
load millions of rows and take minutes: ``python -m bench queries``.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile

BENCHES = [
    "bench.audit_bench",
    "bench.imports_bench",
    "bench.scorecard_bench",  # before dashboard, which scales the demo park up tenfold
    "bench.dashboard_bench",
    "bench.ingest_bench",
]
EXPLICIT = [
    "bench.queries_bench",  # PostgreSQL only; loads 7 M readings by default (5–6 minutes here)
]


def setup_django() -> None:
    scratch = tempfile.mkdtemp(prefix="parkops-bench-")
    os.environ.setdefault("PARKOPS_VAR_DIR", scratch)
    os.environ.setdefault("PARKOPS_DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkops.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def main(argv: list[str]) -> int:
    names = [f"bench.{n}" if not n.startswith("bench.") else n for n in argv] or BENCHES
    names = [n if n.endswith("_bench") else f"{n}_bench" for n in names]  # `python -m bench dashboard`
    unknown = [n for n in names if n not in BENCHES + EXPLICIT]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHES + EXPLICIT)}")
        return 2
    setup_django()
    for name in names:
        module = importlib.import_module(name)
        print(f"== {name.split('.')[-1]} ==")
        module.main()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
