"""MQTT ingest against the running broker: readings published at QoS 1 are stored exactly
once, duplicates change nothing, a malformed message is quarantined, and the message is
acknowledged only after the commit."""

from __future__ import annotations

import json
import threading
import uuid

import paho.mqtt.client as mqtt

from parkops.telemetry.models import Quarantine, Reading
from parkops.telemetry.mqtt import IngestWorker, wait_until
from parkops.testing.services import require_mqtt

from .factories import at, meter


def publisher(host, port) -> mqtt.Client:
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2, client_id=f"pub-{uuid.uuid4().hex[:8]}", protocol=mqtt.MQTTv5
    )
    client.connect(host, port)
    client.loop_start()
    return client


def start_worker(host, port, group, client_id=None):
    worker = IngestWorker(
        f"mqtt://{host}:{port}",
        client_id=client_id or f"test-{uuid.uuid4().hex[:8]}",
        group=group,
        session_expiry=60,
        retry_seconds=0.2,
    )
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    thread.start()
    assert worker.subscribed.wait(10), "the worker did not subscribe"
    return worker, stop, thread


def test_mqtt_readings_stored_exactly_once(tworld, clock_at):
    host, port = require_mqtt()
    clock_at(at(7, 12))
    # Every worker on the broker sees every topic under parkops/: another test run on this
    # machine (`make test` runs SQLite and PostgreSQL side by side) stores what it recognises
    # and quarantines the rest, so this test names a device no other run has and counts only
    # what it sent.
    code = f"M{uuid.uuid4().hex[:8]}"
    point = meter(tworld, code=code)
    group = f"t{uuid.uuid4().hex[:8]}"
    worker, stop, thread = start_worker(host, port, group)
    client = publisher(host, port)
    try:
        topic = f"parkops/ALPHA/{code}/telemetry"
        readings = [{"point": "kwh", "ts": at(7, 10, 15 * i).isoformat(), "value": 100 + i} for i in range(4)]
        infos = [
            client.publish(topic, json.dumps({"readings": readings}), qos=1),
            client.publish(topic, json.dumps({"readings": readings[1:3]}), qos=1),  # sent again
            client.publish(topic, b"not json", qos=1),
            client.publish(f"parkops/NOPARK/{code}/telemetry", json.dumps({"readings": readings}), qos=1),
        ]
        for info in infos:
            info.wait_for_publish(10)
        assert wait_until(lambda: worker.stored_messages >= 4, 20)
        assert sorted(Reading.objects.filter(point=point).values_list("value", flat=True)) == [
            100,
            101,
            102,
            103,
        ]
        reasons = sorted(Quarantine.objects.filter(device_code=code).values_list("reason", flat=True))
        assert reasons == ["malformed", "unknown_park"]
    finally:
        stop.set()
        thread.join(10)
        client.loop_stop()
        client.disconnect()
