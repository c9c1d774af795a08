"""`python -m parkops.testing.postgres URL`: exit 0 if PostgreSQL answers at URL (creating the
database if it is missing), else print what to do and exit 1."""

from __future__ import annotations

import sys
from urllib.parse import urlparse


def main(url: str) -> int:
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/") or "parkops"
    admin_url = parsed._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        print(
            f"PostgreSQL tests skipped: cannot reach {parsed.hostname}:{parsed.port or 5432} ({exc}). "
            "Install and start PostgreSQL (apt-get install postgresql) or set TEST_POSTGRES_URL.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "postgresql://postgres@127.0.0.1:5432/parkops"))
