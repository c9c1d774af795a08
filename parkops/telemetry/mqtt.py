"""MQTT ingest: ``parkops mqtt-ingest``.

Topic ``parkops/<park code>/<device code>/telemetry``, payload ``{"readings": [{"point", "ts",
"value"}, …]}``. The worker connects with MQTT 5, a persistent session (``clean_start`` off, a
session expiry) and a fixed client id, subscribes at QoS 1 to the shared subscription
``$share/parkops/parkops/+/+/telemetry`` (several workers share the load), and acknowledges a
message (manual PUBACK) only after its readings are committed. Messages received together are
stored in one transaction; if the database fails the batch is retried, unacknowledged, until it
succeeds, and a worker that dies leaves its unacknowledged messages in its session for the
broker to deliver again. Redelivered readings are duplicates and change nothing.

Acknowledgements are tied to the connection a message came on: after a reconnect, messages of
the old connection are not acknowledged (packet ids are reused per connection) and the broker
sends them again.
"""

from __future__ import annotations

import logging
import queue
import socket
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

import paho.mqtt.client as mqtt
from django.db import close_old_connections, connection, transaction
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from parkops.core import clock
from parkops.core.input_limits import loads_limited
from parkops.core.models import Park
from parkops.telemetry.ingest import MAX_READINGS, ingest_parts
from parkops.telemetry.models import Quarantine

log = logging.getLogger(__name__)

GROUP = "parkops"
TOPIC_FILTER = "parkops/+/+/telemetry"
SESSION_EXPIRY_SECONDS = 7 * 24 * 3600


def shared_topic(group: str = GROUP) -> str:
    return f"$share/{group}/{TOPIC_FILTER}"


@dataclass
class _Received:
    generation: int
    mid: int
    qos: int
    topic: str
    payload: bytes


class IngestWorker:
    """One ingest worker. ``run(stop)`` blocks until ``stop`` is set."""

    def __init__(
        self,
        url: str,
        *,
        client_id: str | None = None,
        group: str = GROUP,
        max_batch_readings: int = 20_000,
        retry_seconds: float = 2.0,
        session_expiry: int = SESSION_EXPIRY_SECONDS,
    ) -> None:
        parsed = urlparse(url)
        self.host = parsed.hostname or "127.0.0.1"
        self.port = parsed.port or (8883 if parsed.scheme == "mqtts" else 1883)
        self.client_id = client_id or f"parkops-ingest-{socket.gethostname()}"
        self.group = group
        self.max_batch_readings = max_batch_readings
        self.retry_seconds = retry_seconds
        self.session_expiry = session_expiry
        self.received: queue.Queue[_Received] = queue.Queue()
        self.generation = 0
        self.subscribed = threading.Event()
        self.stored_messages = 0
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=self.client_id,
            protocol=mqtt.MQTTv5,
            manual_ack=True,
        )
        if parsed.username:
            self.client.username_pw_set(unquote(parsed.username), unquote(parsed.password or ""))
        if parsed.scheme == "mqtts":
            self.client.tls_set()
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.on_subscribe = lambda *a, **k: self.subscribed.set()
        self.client.reconnect_delay_set(min_delay=1, max_delay=10)

    # --- network thread -------------------------------------------------------------
    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code.is_failure:
            log.warning("mqtt-ingest: connection refused: %s", reason_code)
            return
        self.generation += 1
        client.subscribe(shared_topic(self.group), options=SubscribeOptions(qos=1))
        log.info("mqtt-ingest: connected to %s:%s as %s", self.host, self.port, self.client_id)

    def _on_disconnect(self, client, userdata, flags, reason_code, properties) -> None:
        self.generation += 1  # messages of the old connection will be delivered again
        self.subscribed.clear()
        log.warning("mqtt-ingest: disconnected (%s); reconnecting", reason_code)

    def _on_message(self, client, userdata, message) -> None:
        self.received.put(
            _Received(self.generation, message.mid, message.qos, message.topic, message.payload)
        )

    # --- worker thread -------------------------------------------------------------
    def run(self, stop: threading.Event) -> None:
        properties = Properties(PacketTypes.CONNECT)
        properties.SessionExpiryInterval = self.session_expiry
        self.client.connect_async(
            self.host, self.port, keepalive=30, clean_start=False, properties=properties
        )
        self.client.loop_start()
        try:
            while not stop.is_set():
                batch = self._take(stop)
                if batch:
                    self._store(batch, stop)
        finally:
            self.client.disconnect()
            self.client.loop_stop()
            connection.close()  # this thread's connection: never leave it open behind

    def _take(self, stop: threading.Event) -> list[_Received]:
        try:
            first = self.received.get(timeout=0.2)
        except queue.Empty:
            return []
        batch, size = [first], len(first.payload)
        # What has arrived meanwhile goes into the same transaction (about 60 bytes a reading).
        while size < self.max_batch_readings * 60:
            try:
                item = self.received.get_nowait()
            except queue.Empty:
                break
            batch.append(item)
            size += len(item.payload)
        return batch

    def _store(self, batch: list[_Received], stop: threading.Event) -> None:
        while True:
            batch = [m for m in batch if m.generation == self.generation]
            if not batch:
                return
            try:
                close_old_connections()
                touched = store_messages(batch)
                break
            except Exception:
                # The database is away: keep the messages unacknowledged and try again.
                log.exception("mqtt-ingest: storing %s messages failed; retrying", len(batch))
                if stop.wait(self.retry_seconds):
                    return
        for message in batch:
            if message.generation == self.generation and message.qos > 0:
                self.client.ack(message.mid, message.qos)
        self.stored_messages += len(batch)
        if touched:
            from parkops.telemetry import alarms

            try:
                alarms.check_points(touched)
            except Exception:
                log.exception("mqtt-ingest: alarm check failed")


def parse_topic(topic: str) -> tuple[str, str] | None:
    parts = topic.split("/")
    if len(parts) != 4 or parts[0] != "parkops" or parts[3] != "telemetry":
        return None
    return parts[1], parts[2]


def store_messages(batch: list[_Received]) -> list[int]:
    """Store a batch of MQTT messages in one transaction; returns the point ids touched. The
    messages of one park are validated, stored and rolled up together (``ingest_parts``)."""
    touched: set[int] = set()
    parks: dict[str, Park | None] = {}
    parts: dict[str, list[tuple[str, list]]] = defaultdict(list)
    refused: list[Quarantine] = []
    for message in batch:
        where = parse_topic(message.topic)
        park_code, device_code = where if where else ("", "")
        if park_code not in parks:
            parks[park_code] = Park.objects.filter(code=park_code).first()
        park = parks[park_code]
        readings = _readings(message.payload)
        if readings is None or park is None:
            reason = Quarantine.Reason.UNKNOWN_PARK if readings is not None else Quarantine.Reason.MALFORMED
            refused.append(
                Quarantine(
                    park=park,
                    source=Quarantine.Source.MQTT,
                    received_at=clock.now(),
                    reason=reason,
                    detail=message.topic[:300],
                    payload={
                        "topic": message.topic,
                        "payload": message.payload[:2000].decode("utf-8", "replace"),
                    },
                    device_code=device_code[:200],
                )
            )
            continue
        parts[park_code].append((device_code, readings))
    with transaction.atomic():
        if refused:
            Quarantine.objects.bulk_create(refused)
        for park_code, park_parts in parts.items():
            result = ingest_parts(
                park=parks[park_code], parts=park_parts, source=Quarantine.Source.MQTT, check_alarms=False
            )
            touched.update(result.points)
    return sorted(touched)


def _readings(payload: bytes) -> list | None:
    try:
        data = loads_limited(payload)
    except (ValueError, UnicodeDecodeError):
        return None
    readings = data.get("readings") if isinstance(data, dict) else None
    if not isinstance(readings, list) or len(readings) > MAX_READINGS:
        return None
    return readings


def wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()
