"""A ParkOps web server on a database of its own, for the PostgreSQL outage test
(``test_ingest_outage.py``): ``python -m parkops.telemetry.tests.outage_server PORT`` with
PARKOPS_DATABASE_URL set. It migrates, builds the test world with one meter (ALPHA/M1/kwh),
prints a read-write API key of park ALPHA on one line, then serves until killed."""

from __future__ import annotations

import os
import sys
import tempfile


def main(port: int) -> None:
    os.environ.setdefault("PARKOPS_VAR_DIR", tempfile.mkdtemp(prefix="parkops-outage-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkops.settings")
    import django

    django.setup()
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    from parkops.accounts.services import issue_api_key
    from parkops.testing.world import build_world, world

    from .factories import meter

    call_command("migrate", verbosity=0)
    build_world()
    w = world()
    meter(w)
    _key, raw = issue_api_key(
        by=w.admin, owner=w.api_user, name="outage", park_ids=[w.alpha.pk], can_write=True, expires_at=None
    )

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server(
        "127.0.0.1", port, get_wsgi_application(), server_class=WSGIServer, handler_class=Quiet
    )
    print(raw, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
