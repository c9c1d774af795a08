"""Reliability of the MQTT ingest against a private broker (never the shared one): the broker
killed with SIGKILL and restarted while a client sends 10,000 numbered readings at QoS 1, and
an ingest worker killed mid-stream while another shares the subscription — every reading is
stored exactly once. Slow (seconds, a real broker process): run once, on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time

import pytest

from parkops.telemetry.models import Reading
from parkops.telemetry.mqtt import IngestWorker, wait_until
from parkops.testing.faults import Broker, Unavailable, connected, publish_numbered, sender
from parkops.testing.services import missing, require_postgres_settings

from .factories import at, meter

# Concurrent writers need PostgreSQL (SQLite's shared-cache test database refuses them): run once,
# there, and only on request (`make test-reliability`): with real broker processes and kills the
# two runs take a minute or two.
pytestmark = [pytest.mark.postgres, pytest.mark.reliability]
TOTAL = 10_000


def private_broker(tmp_path) -> Broker:
    try:
        return Broker(tmp_path)
    except Unavailable as exc:
        missing("mosquitto", str(exc))


def worker(port, client_id):
    w = IngestWorker(f"mqtt://127.0.0.1:{port}", client_id=client_id, session_expiry=300, retry_seconds=0.2)
    stop = threading.Event()
    thread = threading.Thread(target=w.run, args=(stop,), daemon=True)
    thread.start()
    assert w.subscribed.wait(15)
    return w, stop, thread


def readings_for(i: int) -> bytes:
    ts = at(1, 0, month=11) + dt.timedelta(minutes=i)
    return json.dumps({"readings": [{"point": "kwh", "ts": ts.isoformat(), "value": i}]}).encode()


RESEND = 2_000  # what a device resends after a reconnect (its buffer of recent readings)


def test_broker_killed_and_restarted_nothing_lost(tworld, clock_at, tmp_path):
    """The broker is SIGKILLed and restarted while a device sends 10,000 numbered readings at
    QoS 1. Mosquitto acknowledges a PUBLISH before its persistence file holds it, so a kill can
    lose a few messages it had already acknowledged (seen with a bare subscriber, no ParkOps in
    the path). The device therefore does what field meters do after a reconnect: it resends its
    buffer of recent readings. Every reading must then be stored exactly once: resent and
    redelivered ones are duplicates and change nothing."""
    require_postgres_settings()
    clock_at(at(7, 12))
    point = meter(tworld)
    broker = private_broker(tmp_path)
    broker.start()
    w, stop, thread = worker(broker.port, "reliability-a")
    client = sender(broker.port)
    try:

        def kill_at_a_third(i: int) -> None:
            if i == TOTAL // 3:
                broker.kill()
                time.sleep(0.5)
                broker.start()
                connected(client)
                for k in range(max(0, i - RESEND), i):
                    client.publish("parkops/ALPHA/M1/telemetry", readings_for(k), qos=1).wait_for_publish(60)

        publish_numbered(client, "parkops/ALPHA/M1/telemetry", readings_for, TOTAL, on=kill_at_a_third)
        assert wait_until(lambda: Reading.objects.filter(point=point).count() >= TOTAL, 240)
        assert wait_until(lambda: w.received.empty(), 30)
        values = list(Reading.objects.filter(point=point).values_list("value", flat=True))
        assert len(values) == TOTAL and sorted(int(v) for v in values) == list(range(TOTAL))
    finally:
        stop.set()
        thread.join(10)
        client.loop_stop()
        client.disconnect()
        broker.stop()


class DyingWorker(IngestWorker):
    """A worker that dies (its connection cut, nothing acknowledged, nothing more stored) after
    storing ``lives`` batches — like a process killed mid-stream."""

    def __init__(self, *args, lives: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.lives = lives
        self.dead = threading.Event()

    def _store(self, batch, stop):
        if self.lives <= 0:
            if not self.dead.is_set():
                self.dead.set()
                self.client.socket().close()  # no DISCONNECT, no PUBACK: the broker keeps them
                stop.set()
            return
        self.lives -= 1
        super()._store(batch, stop)


def test_two_workers_one_killed_nothing_lost(tworld, clock_at, tmp_path):
    require_postgres_settings()
    clock_at(at(7, 12))
    point = meter(tworld)
    broker = private_broker(tmp_path)
    broker.start()
    survivor, stop_b, thread_b = worker(broker.port, "reliability-b")
    dying = DyingWorker(
        f"mqtt://127.0.0.1:{broker.port}", client_id="reliability-a", session_expiry=300, lives=3
    )
    stop_a = threading.Event()
    thread_a = threading.Thread(target=dying.run, args=(stop_a,), daemon=True)
    thread_a.start()
    assert dying.subscribed.wait(15)
    client = sender(broker.port)
    restarted = None
    try:
        for i in range(2_000):
            client.publish("parkops/ALPHA/M1/telemetry", readings_for(i), qos=1)
        assert dying.dead.wait(60), "the worker never got its share"
        thread_a.join(10)
        # The killed worker comes back under its id: the broker delivers what it never acknowledged.
        restarted = worker(broker.port, "reliability-a")
        assert wait_until(lambda: Reading.objects.filter(point=point).count() >= 2_000, 180)
        values = sorted(int(v) for v in Reading.objects.filter(point=point).values_list("value", flat=True))
        assert values == list(range(2_000))
    finally:
        for stop, thread in ((stop_b, thread_b), *([restarted[1:]] if restarted else [])):
            stop.set()
            thread.join(10)
        client.loop_stop()
        client.disconnect()
        broker.stop()
