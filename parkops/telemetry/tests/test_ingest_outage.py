"""PostgreSQL stopped during HTTP ingest: while the database is away every batch is answered
with an error status (never a success for readings not stored); after the restart the client
resends what failed and every reading is stored exactly once. The database is a PRIVATE
cluster (initdb + pg_ctl on a free port in a temp dir), never the shared server, and ParkOps
runs as a real server process on it (``outage_server.py``). Slow: `make test-reliability`."""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import http.client
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from parkops.telemetry.mqtt import wait_until

from .factories import at

pytestmark = [pytest.mark.postgres, pytest.mark.reliability]
BATCHES, PER_BATCH = 40, 250  # 10,000 readings
STOP_AFTER, DOWN_FOR = 10, 6  # batches sent before the stop, and while it is down


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class Cluster:
    """A private PostgreSQL cluster. initdb refuses to run as root: then the cluster belongs
    to the system user ``postgres``."""

    def __init__(self):
        self.initdb, self.pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
        if not self.initdb or not self.pg_ctl:
            pytest.skip("initdb/pg_ctl are not installed (apt-get install postgresql): no private cluster")
        self.port = free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no user postgres to own a private cluster")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        # Not under pytest's tmp_path: its parents are private to the user running the test.
        self.dir = Path(tempfile.mkdtemp(prefix="parkops-outage-pg-"))
        if self.prefix:
            shutil.chown(self.dir, "postgres", "postgres")
        self.run(self.initdb, "-D", str(self.dir), "-A", "trust", "-U", "postgres", "--no-sync")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/outage"

    def run(self, *args):
        done = subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{args[0]} failed: {done.stdout} {done.stderr}"

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(self.pg_ctl, "-D", str(self.dir), "-o", options, "-l", str(self.dir / "log"), "-w", "start")

    def stop(self):
        """Stopped hard: ``immediate`` is a crash, connections cut mid-transaction."""
        self.run(self.pg_ctl, "-D", str(self.dir), "-m", "immediate", "-w", "stop")

    def query(self, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(sql).fetchall()


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
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(
            "POST",
            "/api/telemetry/",
            body=body(batch),
            headers={"Content-Type": "application/json", "Authorization": f"Api-Key {key}"},
        )
        response = conn.getresponse()
        text = response.read()
    except OSError:
        return 0, None  # no answer at all: an error too
    finally:
        conn.close()
    try:
        return response.status, json.loads(text)
    except ValueError:
        return response.status, None


def test_postgres_stopped_during_http_ingest(tmp_path):
    cluster = Cluster()
    cluster.start()
    server = None
    try:
        import psycopg

        with psycopg.connect(cluster.url.replace("/outage", "/postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE outage")
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
        with contextlib.suppress(AssertionError):  # already stopped
            cluster.stop()
        shutil.rmtree(cluster.dir, ignore_errors=True)
