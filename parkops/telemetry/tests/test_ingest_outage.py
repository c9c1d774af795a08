"""PostgreSQL stopped during HTTP ingest: while the database is away every batch is answered
with an error status (never a success for readings not stored); after the restart the client
resends what failed and every reading is stored exactly once. The database is a PRIVATE
cluster (initdb + pg_ctl on a free port in a temp dir), never the shared server, and ParkOps
runs as a real server process on it (``outage_server.py``). Slow: `make test-reliability`."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from parkops.telemetry.mqtt import wait_until
from parkops.testing.faults import Cluster, Unavailable, free_port, post_json

from .factories import at

pytestmark = [pytest.mark.postgres, pytest.mark.reliability]
BATCHES, PER_BATCH = 40, 250  # 10,000 readings
STOP_AFTER, DOWN_FOR = 10, 6  # batches sent before the stop, and while it is down


def private_cluster() -> Cluster:
    try:
        return Cluster()
    except Unavailable as exc:
        pytest.skip(str(exc))


def body(batch: int) -> str:
    first = at(1, 0, month=11)
    readings = [
        {
            "device": "M1",
            "point": "kwh",
            "ts": (first + dt.timedelta(minutes=batch * PER_BATCH + k)).isoformat(),
            "value": batch * PER_BATCH + k,
        }
        for k in range(PER_BATCH)
    ]
    return json.dumps({"readings": readings})


def post(port: int, key: str, batch: int) -> tuple[int, dict | None]:
    return post_json(port, "/api/telemetry/", json.loads(body(batch)), key)


def test_postgres_stopped_during_http_ingest(tmp_path):
    cluster = private_cluster()
    cluster.start()
    server = None
    try:
        cluster.create_database()
        port = free_port()
        env = {**os.environ, "PARKOPS_DATABASE_URL": cluster.url, "PARKOPS_VAR_DIR": str(tmp_path)}
        env.pop("PARKOPS_CLOCK", None)
        server = subprocess.Popen(
            [sys.executable, "-m", "parkops.telemetry.tests.outage_server", str(port)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        key = server.stdout.readline().strip()
        assert key, "the server did not start"
        failed: list[int] = []
        errors_while_down = 0
        for batch in range(BATCHES):
            if batch == STOP_AFTER:
                cluster.stop()
            if batch == STOP_AFTER + DOWN_FOR:
                cluster.start()
            status, answer = post(port, key, batch)
            if status == 200:
                assert answer == {"accepted": PER_BATCH, "duplicates": 0, "rejected": []}, (batch, answer)
            else:
                assert status == 0 or status >= 500, (batch, status, answer)
                failed.append(batch)
                if STOP_AFTER <= batch < STOP_AFTER + DOWN_FOR:
                    errors_while_down += 1
        # While the database was down nothing was acknowledged.
        assert errors_while_down == DOWN_FOR, failed
        # Resending what failed completes the data (the first request after the restart may
        # still meet a connection the crash broke: an error, so it is simply sent again).
        for batch in failed:
            assert wait_until(lambda b=batch: post(port, key, b)[0] == 200, 60), batch
        count, distinct, low, high = cluster.query(
            "SELECT count(*), count(DISTINCT value), min(value), max(value) FROM telemetry_reading"
        )[0]
        assert (count, distinct, low, high) == (
            BATCHES * PER_BATCH,
            BATCHES * PER_BATCH,
            0,
            BATCHES * PER_BATCH - 1,
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        cluster.remove()
