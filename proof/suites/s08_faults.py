"""Suite 8: faults. Services are broken on purpose while data flows, and afterwards every
reading and record a client was told is saved must be saved, exactly once.

- A private Mosquitto (``parkops.testing.faults.Broker``, own port) is SIGKILLed and
  restarted while a device sends numbered readings at QoS 1 to ``parkops mqtt-ingest`` (a
  real process on the proof database). Mosquitto acknowledges a PUBLISH before its
  persistence file holds it, so the device, as field meters do, resends its buffer of recent
  readings after a reconnect; resent and redelivered readings are duplicates that change
  nothing.
- Two ``parkops mqtt-ingest`` processes share the subscription; one is SIGKILLed mid-stream
  and started again under its client id (its unacknowledged messages wait in its session).
- The DATABASE is stopped hard (``pg_ctl -m immediate``, a crash) and started again during
  HTTP ingest and during form submissions (a tenant's ticket form). It is a private
  PostgreSQL cluster (``parkops.testing.faults.Cluster``, initdb in the scratch folder, own
  port) holding a copy of the demo park (without its reading history), served by its own
  ``parkops serve``; the machine's PostgreSQL is never touched. What the client was refused
  it sends again after the restart.

Figures: readings/records lost (must be 0), stored more than once (must be 0), and successes
reported for data that was not saved (must be 0), checked before anything is resent.

This suite is also how CI runs the reliability tests of issue 13: `make test-reliability`
runs the same faults as pytest tests at the full 10,000 readings, on request.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from parkops.testing.faults import (
    Broker,
    Cluster,
    connected,
    free_port,
    pg_bin,
    post_json,
    publish_numbered,
    sender,
    wait_until,
)
from proof.suites.common import PASSWORD, SuiteFailed, api_key, django_figures

SUITE = "8 faults"
SIZES = {
    # readings through the killed broker, readings with a worker killed, HTTP batches of
    # PER_BATCH readings, ticket forms submitted
    "ci": {"broker": 3_000, "workers": 2_000, "batches": 16, "forms": 24},
    "full": {"broker": 10_000, "workers": 10_000, "batches": 40, "forms": 60},
}
PER_BATCH = 250
RESEND = 1_000  # what a device resends after a reconnect (its buffer of recent readings)
# Readings are dated from here on, a minute apart: in the past (never "in the future") and
# on meters made for this suite (never a conflict with the demo's history).
# Meters made for this run (a second run on the same database starts from nothing too).
RUN = uuid.uuid4().hex[:6].upper()
BASE = (dt.datetime.now(dt.UTC) - dt.timedelta(days=40)).replace(minute=0, second=0, microsecond=0)


def run(proof, ctx) -> None:
    if not ctx.database_url.startswith("postgres"):
        raise SuiteFailed("the faults need the proof on PostgreSQL (PARKOPS_PROOF_DATABASE_URL)")
    size = SIZES["full" if ctx.full else "ci"]
    mqtt_faults(proof, ctx, size)
    database_faults(proof, ctx, size)


# --- Broker and worker killed -----------------------------------------------------------------


def payload(i: int) -> bytes:
    ts = BASE + dt.timedelta(minutes=i)
    return json.dumps({"readings": [{"point": "kwh", "ts": ts.isoformat(), "value": i}]}).encode()


class Ingest:
    """``parkops mqtt-ingest`` as its own process, killable."""

    def __init__(self, ctx, url: str, client_id: str, log: Path):
        self.args = [sys.executable, "-m", "parkops", "mqtt-ingest", "--url", url, "--client-id", client_id]
        self.env, self.log = ctx.env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(self.args, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)


def stored(database_url: str, point_id: int) -> tuple[int, int, set[int]]:
    """(readings, distinct times, values) stored for the point from BASE on."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT ts, value FROM telemetry_reading WHERE point_id = %s AND ts >= %s", (point_id, BASE)
        ).fetchall()
    return len(rows), len({ts for ts, _ in rows}), {int(value) for _, value in rows}


def until_stored(database_url: str, point_id: int, total: int, timeout: float) -> None:
    wait_until(lambda: stored(database_url, point_id)[0] >= total, timeout, every=1)


def subscribed(client, topic: str, database_url: str, point_id: int) -> None:
    """Send reading 0 until a worker stores it: the shared subscription exists from then on."""
    for _ in range(60):
        client.publish(topic, payload(0), qos=1).wait_for_publish(30)
        if wait_until(lambda: stored(database_url, point_id)[0] > 0, 2, every=0.2):
            return
    raise SuiteFailed("no ingest worker subscribed")


def mqtt_faults(proof, ctx, size: dict) -> None:
    broker_meter, worker_meter = f"FAULT-BROKER-{RUN}", f"FAULT-WORKER-{RUN}"
    points = django_figures(ctx, "proof.fault_point", broker_meter, worker_meter)
    folder = ctx.scratch / "broker"
    folder.mkdir()
    broker = Broker(folder)
    broker.start()
    workers: list[Ingest] = []
    clients = []
    try:
        # The broker killed mid-stream.
        point, topic, total = points[broker_meter], f"parkops/DEMO/{broker_meter}/telemetry", size["broker"]
        first = Ingest(ctx, broker.url, "proof-faults-a", ctx.scratch / "ingest-a.log")
        workers.append(first)
        first.start()
        client = sender(broker.port)
        clients.append(client)
        subscribed(client, topic, ctx.database_url, point)

        def kill_broker(i: int) -> None:
            if i == total // 3:
                broker.kill()
                time.sleep(0.5)
                broker.start()
                connected(client)
                for k in range(max(0, i - RESEND), i):
                    client.publish(topic, payload(k), qos=1).wait_for_publish(60)

        publish_numbered(client, topic, payload, total, on=kill_broker)
        until_stored(ctx.database_url, point, total, 240)
        count, distinct, values = stored(ctx.database_url, point)
        proof.figure(SUITE, "broker SIGKILLed: numbered readings sent at QoS 1", total)
        proof.figure(SUITE, "broker SIGKILLed: readings lost", len(set(range(total)) - values), True)
        proof.figure(SUITE, "broker SIGKILLed: readings stored more than once", count - distinct, True)

        # One of two workers killed mid-stream, then started again under its id.
        point, topic, total = points[worker_meter], f"parkops/DEMO/{worker_meter}/telemetry", size["workers"]
        second = Ingest(ctx, broker.url, "proof-faults-b", ctx.scratch / "ingest-b.log")
        workers.append(second)
        second.start()
        subscribed(client, topic, ctx.database_url, point)
        # The whole stream first, then the kill once a worker has stored an eighth of it: the
        # worker then holds messages it received and has not stored (a backlog in its session,
        # and in its memory had it acknowledged them on receipt).
        sent = [client.publish(topic, payload(i), qos=1) for i in range(total)]  # as fast as it goes
        wait_until(lambda: stored(ctx.database_url, point)[0] >= total // 8, 120, every=0.02)
        first.kill()
        proof.figure(
            SUITE, "worker SIGKILLed: readings stored when it was killed", stored(ctx.database_url, point)[0]
        )
        for info in sent:
            info.wait_for_publish(60)
        first.start()
        until_stored(ctx.database_url, point, total, 240)
        count, distinct, values = stored(ctx.database_url, point)
        proof.figure(SUITE, "worker SIGKILLed: numbered readings sent to 2 workers", total)
        proof.figure(SUITE, "worker SIGKILLed: readings lost", len(set(range(total)) - values), True)
        proof.figure(SUITE, "worker SIGKILLed: readings stored more than once", count - distinct, True)
    finally:
        for client in clients:
            client.loop_stop()
            client.disconnect()
        for worker in workers:
            worker.stop()
        broker.stop()


# --- Database restarted ---------------------------------------------------------------------


def copy_demo(ctx, cluster: Cluster) -> None:
    """The demo park into the private cluster, without the reading history (the slow part of
    a copy, and nothing the faults need)."""
    cluster.create_database()
    dump = ctx.scratch / "demo.dump"
    history = ["--exclude-table-data=telemetry_reading*", "--exclude-table-data=telemetry_rollup*"]
    done = subprocess.run(
        [pg_bin("pg_dump"), "-Fc", "--no-owner", *history, "-f", str(dump), ctx.database_url],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SuiteFailed(f"pg_dump: {done.stderr[-2000:]}")
    done = subprocess.run(
        [pg_bin("pg_restore"), "--no-owner", "-d", cluster.url, str(dump)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SuiteFailed(f"pg_restore: {done.stderr[-2000:]}")


def served(env: dict, port: int, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "parkops", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
            + ["--no-mqtt", "--no-tasks", "--no-collectstatic"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    import requests

    def answers() -> bool:
        try:
            return requests.get(f"http://127.0.0.1:{port}/login/", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    if not wait_until(answers, 180, every=0.5):
        raise SuiteFailed(f"parkops serve on the private cluster: {log.read_text()[-2000:]}")
    return server


def batch(b: int) -> dict:
    return {
        "readings": [
            {
                "device": "FAULT-HTTP",
                "point": "kwh",
                "ts": (BASE + dt.timedelta(minutes=b * PER_BATCH + k)).isoformat(),
                "value": b * PER_BATCH + k,
            }
            for k in range(PER_BATCH)
        ]
    }


class Tenant:
    """The demo tenant signed in through the login page, submitting the ticket form."""

    def __init__(self, base: str):
        import requests

        self.base, self.session = base, requests.Session()
        self.token = self._token("/login/")
        answer = self.session.post(
            base + "/login/",
            data={"username": "tenant", "password": PASSWORD, "csrfmiddlewaretoken": self.token},
            headers={"Referer": base + "/login/"},
            allow_redirects=False,
            timeout=60,
        )
        if answer.status_code != 302:
            raise SuiteFailed(f"tenant login answered {answer.status_code}")
        self.token = self._token("/service/tickets/add/")

    def _token(self, path: str) -> str:
        page = self.session.get(self.base + path, timeout=60).text
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not match:
            raise SuiteFailed(f"no form on {path}")
        return match[1]

    def submit(self, subject: str) -> bool:
        """Whether the platform said the ticket was saved (a redirect away from the form)."""
        import requests

        try:
            answer = self.session.post(
                self.base + "/service/tickets/add/",
                data={
                    "kind": "complaint",
                    "subject": subject,
                    "content": "数据库重启演练",
                    "csrfmiddlewaretoken": self.token,
                },
                headers={"Referer": self.base + "/service/tickets/add/"},
                allow_redirects=False,
                timeout=60,
            )
        except requests.RequestException:
            return False
        return answer.status_code == 302 and "/login/" not in answer.headers.get("Location", "")


def with_outage(cluster: Cluster, total: int, send) -> dict[int, bool]:
    """``send(i)`` for i in range(total), the database crashed before a third of them and
    started again a quarter later; {i: success reported}."""
    down, up = total // 3, total // 3 + max(2, total // 4)
    answered = {}
    for i in range(total):
        if i == down:
            cluster.stop()
        if i == up:
            cluster.start()
        answered[i] = send(i)
    return answered


def database_faults(proof, ctx, size: dict) -> None:
    cluster = Cluster("faults")
    server = None
    try:
        cluster.start()
        copy_demo(ctx, cluster)
        env = {**ctx.env, "PARKOPS_DATABASE_URL": cluster.url}
        point = django_figures(ctx, "proof.fault_point", "FAULT-HTTP", env=env)["FAULT-HTTP"]
        key = api_key(ctx, name="故障演练采集网关", write=True, env=env)
        port = free_port()
        server = served(env, port, ctx.scratch / "faults-serve.log")

        # HTTP ingest.
        total = size["batches"]

        def ingest(b: int) -> bool:
            status, answer = post_json(port, "/api/telemetry/", batch(b), key)
            return (
                status == 200
                and bool(answer)
                and answer.get("accepted", 0) + answer.get("duplicates", 0) == PER_BATCH
            )

        answered = with_outage(cluster, total, ingest)
        _, _, values = stored(cluster.url, point)
        claimed = [b for b, ok in answered.items() if ok]
        unsaved = sum(1 for b in claimed if not set(range(b * PER_BATCH, (b + 1) * PER_BATCH)) <= values)
        refused = [b for b, ok in answered.items() if not ok]
        for b in refused:
            wait_until(lambda b=b: ingest(b), 60, every=1)
        count, distinct, values = stored(cluster.url, point)
        expected = set(range(total * PER_BATCH))
        proof.figure(SUITE, "database crashed during HTTP ingest: readings sent", total * PER_BATCH)
        proof.figure(SUITE, "database crashed during HTTP ingest: batches refused, resent", len(refused))
        proof.figure(SUITE, "database crashed during HTTP ingest: successes for unsaved", unsaved, True)
        proof.figure(
            SUITE, "database crashed during HTTP ingest: readings lost", len(expected - values), True
        )
        proof.figure(
            SUITE, "database crashed during HTTP ingest: stored more than once", count - distinct, True
        )

        # A form.
        total = size["forms"]
        tenant = Tenant(f"http://127.0.0.1:{port}")
        subject = "故障演练工单-{:03d}".format
        answered = with_outage(cluster, total, lambda i: tenant.submit(subject(i)))
        wait_until(lambda: tenant.submit(subject(-1)), 60, every=1)  # the platform answers again
        saved = tickets(cluster)
        unsaved = sum(1 for i, ok in answered.items() if ok and subject(i) not in saved)
        refused = [i for i, ok in answered.items() if not ok]
        for i in refused:
            wait_until(lambda i=i: tenant.submit(subject(i)), 60, every=1)
        saved = tickets(cluster)
        proof.figure(SUITE, "database crashed during a form: submissions", total)
        proof.figure(SUITE, "database crashed during a form: refused, submitted again", len(refused))
        proof.figure(SUITE, "database crashed during a form: successes for unsaved", unsaved, True)
        proof.figure(
            SUITE,
            "database crashed during a form: records lost",
            sum(1 for i in range(total) if subject(i) not in saved),
            True,
        )
        # A commit that reached the disk just before the crash, answered with an error, and
        # then submitted again: the form has no idempotency key, so it is stored twice.
        proof.figure(
            SUITE,
            "database crashed during a form: stored twice after a resend",
            sum(saved.get(subject(i), 1) - 1 for i in range(total) if subject(i) in saved),
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(60)
        cluster.remove()


def tickets(cluster: Cluster) -> dict[str, int]:
    rows = cluster.query(
        "SELECT subject, count(*) FROM service_ticket WHERE subject LIKE %s GROUP BY subject",
        ("故障演练工单-%",),
    )
    return {subject: count for subject, count in rows}
