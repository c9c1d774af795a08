"""Telemetry ingest: readings per second over HTTP (``POST /api/telemetry/`` through a real HTTP
server and client on this machine) and over MQTT (the running broker and ``IngestWorker``),
rollups maintained, against a raw PostgreSQL COPY of the same rows (formatting included) into a
bare table with a primary key, measured in the same run.

    PARKOPS_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/parkops_bench python -m bench ingest

Prints one JSON object: http_points_per_s, mqtt_points_per_s, copy_points_per_s (the median of
three COPY runs: before HTTP, between HTTP and MQTT, after MQTT, listed in copy_runs) and the
ratios http_to_copy (target ≥ 0.15) and mqtt_to_copy (target ≥ 0.1), each against the mean of
the two COPY runs around it. On SQLite there is no COPY: the copy figures and the ratios are
null.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time

DEVICES = int(os.environ.get("BENCH_INGEST_DEVICES", "100"))
HTTP_BATCHES = int(os.environ.get("BENCH_INGEST_HTTP_BATCHES", "10"))  # of 10,000 readings
MQTT_MESSAGES = int(os.environ.get("BENCH_INGEST_MQTT_MESSAGES", "100"))  # of 1,000 readings
PER_HTTP = 10_000
PER_MESSAGE = 1_000
STEP = dt.timedelta(minutes=15)


def _setup():
    from decimal import Decimal

    from parkops.core.services import create_object
    from parkops.telemetry.models import Device, Point, Quantity
    from parkops.testing.world import build_world, world

    build_world()
    w = world()
    points = []
    for i in range(DEVICES):
        device = create_object(
            model=Device,
            data={"park": w.alpha, "code": f"BM-{i:04d}", "name": f"电表{i}", "kind": "electricity"},
            by=w.admin,
        )
        points.append(
            create_object(
                model=Point,
                data={
                    "device": device,
                    "code": "kwh",
                    "name": "电能",
                    "quantity": Quantity.ENERGY,
                    "unit": "kWh",
                    "min_value": Decimal(0),
                    "max_value": Decimal(10**9),
                    "cumulative": True,
                },
                by=w.admin,
            )
        )
    return w, points


def _key(w) -> str:
    from parkops.accounts.services import issue_api_key

    _k, raw = issue_api_key(
        by=w.admin, owner=w.api_user, name="bench", park_ids=[w.alpha.pk], can_write=True, expires_at=None
    )
    return raw


def _server():
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=WSGIServer, handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _times(start: dt.datetime, n: int):
    return [(start + STEP * k).isoformat() for k in range(n)]


def bench_http(w, points, start: dt.datetime) -> float:
    import http.client

    server = _server()
    key = _key(w)
    per_device = PER_HTTP // len(points)
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=600)
    total, began = 0, time.perf_counter()
    for batch in range(HTTP_BATCHES):
        times = _times(start + STEP * per_device * batch, per_device)
        readings = [
            {"device": p.device.code, "point": "kwh", "ts": ts, "value": 1000 + batch * per_device + k}
            for p in points
            for k, ts in enumerate(times)
        ]
        body = json.dumps({"readings": readings})
        conn.request(
            "POST",
            "/api/telemetry/",
            body=body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Api-Key {key}",
                "Host": "127.0.0.1",
            },
        )
        answer = json.loads(conn.getresponse().read())
        assert answer.get("accepted") == len(readings), answer
        total += len(readings)
    elapsed = time.perf_counter() - began
    server.shutdown()
    return total / elapsed


def bench_mqtt(w, points, start: dt.datetime) -> float | None:
    import paho.mqtt.client as mqtt

    from parkops.telemetry.models import Reading
    from parkops.telemetry.mqtt import IngestWorker, wait_until
    from parkops.testing.services import mqtt_address, port_open

    host, port = mqtt_address()
    if not port_open(host, port):
        return None
    worker = IngestWorker(
        f"mqtt://{host}:{port}",
        client_id=f"bench-{os.getpid()}",
        group=f"bench{os.getpid()}",
        session_expiry=60,
    )
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    thread.start()
    worker.subscribed.wait(10)
    before = Reading.objects.count()
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    client.max_inflight_messages_set(100)
    client.connect(host, port)
    client.loop_start()
    per_device = PER_MESSAGE
    total, began = 0, time.perf_counter()
    infos = []
    for m in range(MQTT_MESSAGES):
        point = points[m % len(points)]
        offset = (m // len(points)) * per_device
        times = _times(start + STEP * offset, per_device)
        payload = json.dumps(
            {
                "readings": [
                    {"point": "kwh", "ts": ts, "value": 5000 + offset + k} for k, ts in enumerate(times)
                ]
            }
        )
        infos.append(client.publish(f"parkops/ALPHA/{point.device.code}/telemetry", payload, qos=1))
        total += per_device
    for info in infos:
        info.wait_for_publish(600)
    stored = wait_until(lambda: worker.stored_messages >= MQTT_MESSAGES, 900)
    elapsed = time.perf_counter() - began
    stop.set()
    thread.join(30)
    client.loop_stop()
    client.disconnect()
    assert stored and Reading.objects.count() - before == total, "MQTT readings missing"
    return total / elapsed


def bench_copy(points, start: dt.datetime) -> float | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    n = HTTP_BATCHES * PER_HTTP
    per_device = n // len(points)
    times = [start + STEP * k for k in range(per_device)]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy_readings")
        cursor.execute(
            "CREATE TABLE bench_copy_readings (point_id bigint, ts timestamptz, value numeric(20, 6),"
            " PRIMARY KEY (point_id, ts))"
        )
    connection.ensure_connection()
    raw = connection.connection  # autocommit: the COPY commits on its own
    began = time.perf_counter()
    with (
        raw.cursor() as cursor,
        cursor.copy("COPY bench_copy_readings (point_id, ts, value) FROM STDIN") as copy,
    ):
        for p in points:
            for k, ts in enumerate(times):
                copy.write_row((p.pk, ts, 1000 + k))
    elapsed = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_copy_readings")
    return len(points) * per_device / elapsed


def main() -> dict:
    w, points = _setup()
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    # The baseline is measured before, between and after the two transports (the machine is
    # shared and its load moves): each transport is set against the mean of the COPY runs on
    # either side of it.
    copies = [bench_copy(points, start)]
    http = bench_http(w, points, start)
    copies.append(bench_copy(points, start))
    mqtt_rate = bench_mqtt(w, points, start + dt.timedelta(days=30))
    copies.append(bench_copy(points, start))
    known = [c for c in copies if c is not None]
    copy = sorted(known)[len(known) // 2] if known else None
    around_http = (copies[0] + copies[1]) / 2 if known else None
    around_mqtt = (copies[1] + copies[2]) / 2 if known else None
    result = {
        "http_points_per_s": round(http),
        "mqtt_points_per_s": None if mqtt_rate is None else round(mqtt_rate),
        "copy_points_per_s": None if copy is None else round(copy),
        "http_to_copy": None if not around_http else round(http / around_http, 3),
        "mqtt_to_copy": None if not around_mqtt or mqtt_rate is None else round(mqtt_rate / around_mqtt, 3),
        "copy_runs": [None if c is None else round(c) for c in copies],
        "devices": len(points),
        "http_readings": HTTP_BATCHES * PER_HTTP,
        "mqtt_readings": MQTT_MESSAGES * PER_MESSAGE,
    }
    print(json.dumps(result))
    return result
