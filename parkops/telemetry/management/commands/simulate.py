"""`parkops simulate --park CODE [--mqtt|--http] [--days N] [--once]`: send believable readings for
the park's meters and sensors so the demo is alive (see parkops.telemetry.simulation).

It first fills each point from its last stored reading (or ``--days`` back) up to now in 15-minute
steps, then, unless ``--once``, sends the current quarter-hour every ``--every`` seconds. Along the
way one meter is replaced (recorded with its final and initial readings), a meter with a counter
range wraps, and one environment sensor (the last one) stays silent, so the offline alarm and the
gap show. ``--http`` posts to ``--url`` with ``--key`` (a read-write key of the park, see
``parkops apikey``); ``--mqtt`` publishes to the broker (PARKOPS_MQTT_URL) for ``parkops
mqtt-ingest``; without either it stores in-process through the same ingest.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
import urllib.request
from decimal import Decimal
from urllib.parse import urlparse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from parkops.core import clock
from parkops.core.models import Park
from parkops.telemetry import services
from parkops.telemetry.alarms import integration_account
from parkops.telemetry.ingest import ingest
from parkops.telemetry.models import Device, Point
from parkops.telemetry.rollups import floor15
from parkops.telemetry.simulation import STEP, increments

BATCH = 5000


class Command(BaseCommand):
    help = "Send simulated meter and sensor readings for a park."

    def add_arguments(self, parser):
        parser.add_argument("--park", required=True)
        how = parser.add_mutually_exclusive_group()
        how.add_argument("--mqtt", action="store_true", help="publish to the broker")
        how.add_argument("--http", action="store_true", help="POST to /api/telemetry/")
        parser.add_argument("--days", type=int, default=None, help="history to fill when a point has none")
        parser.add_argument("--once", action="store_true", help="fill up to now and stop")
        parser.add_argument("--every", type=float, default=60.0, help="seconds between live sends")
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="ParkOps base URL for --http")
        parser.add_argument("--key", default="", help="read-write API key for --http")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **o):
        park = Park.objects.filter(code=o["park"]).first()
        if park is None:
            raise CommandError(f"no park {o['park']}")
        if o["http"] and not o["key"]:
            raise CommandError("--http needs --key (parkops apikey create --park … --write)")
        self.park, self.options, self.rng = park, o, random.Random(o["seed"])  # noqa: S311 (simulation)
        self.mqtt = self._mqtt() if o["mqtt"] else None
        points = list(
            Point.objects.filter(device__park=park, device__active=True)
            .exclude(device__kind__in=(Device.Kind.CAMERA, Device.Kind.ALARM_PANEL))
            .select_related("device")
            .order_by("device__code", "code")
        )
        if not points:
            raise CommandError("the park has no meters or sensors (parkops demo creates them)")
        sensors = [p for p in points if p.device.kind == Device.Kind.ENVIRONMENT]
        self.silent = sensors[-1].device.code if sensors else None
        cumulative = [p for p in points if p.cumulative]
        # One meter is replaced halfway through a history fill (--days), not on every live send.
        self.replace = next((p for p in cumulative if p.rollover is None), None) if o["days"] else None
        self.register = {p.pk: p.last_value or Decimal(self.rng.randint(1000, 9000)) for p in cumulative}
        sent = self.fill(points, floor15(clock.now()))
        self.stdout.write(f"simulate: sent {sent} readings up to now")
        while not o["once"]:
            time.sleep(o["every"])
            sent = self.fill(points, floor15(clock.now()))
            self.stdout.write(f"simulate: sent {sent} readings")

    def fill(self, points, until: dt.datetime) -> int:
        days = self.options["days"] if self.options["days"] is not None else 1
        readings = []
        for point in points:
            if point.device.code == self.silent:
                continue
            start = point.last_ts + STEP if point.last_ts else until - dt.timedelta(days=days)
            if start > until:
                continue
            replace_at = (
                start + (until - start) / 2 if point is self.replace and until - start > STEP * 8 else None
            )
            for ts, value in increments(point, start, until + dt.timedelta(seconds=1), self.rng):
                if point.cumulative:
                    if replace_at is not None and ts > replace_at:
                        self._replace(point, replace_at)
                        replace_at = None
                    self.register[point.pk] += value
                    if point.rollover is not None and self.register[point.pk] > point.rollover:
                        self.register[point.pk] -= point.rollover  # the counter wraps
                    value = self.register[point.pk]
                readings.append(
                    {
                        "device": point.device.code,
                        "point": point.code,
                        "ts": ts.isoformat(),
                        "value": float(value),
                    }
                )
            point.last_ts = until
        for i in range(0, len(readings), BATCH):
            self.send(readings[i : i + BATCH])
        return len(readings)

    def _replace(self, point, at: dt.datetime) -> None:
        final = self.register[point.pk]
        services.record_meter_replacement(
            point=point,
            replaced_at=at,
            old_final_value=final,
            new_initial_value=Decimal(0),
            note="模拟：电表更换",
            by=integration_account(self.park),
        )
        self.register[point.pk] = Decimal(0)
        self.stdout.write(f"simulate: replaced meter {point} at {at.isoformat()} (final {final})")

    def send(self, readings) -> None:
        if self.mqtt is not None:
            by_device: dict[str, list] = {}
            for r in readings:
                by_device.setdefault(r.pop("device"), []).append(r)
            for device, items in by_device.items():
                for i in range(0, len(items), 1000):
                    info = self.mqtt.publish(
                        f"parkops/{self.park.code}/{device}/telemetry",
                        json.dumps({"readings": items[i : i + 1000]}),
                        qos=1,
                    )
                    info.wait_for_publish(30)
        elif self.options["http"]:
            request = urllib.request.Request(  # noqa: S310 (the operator's own URL)
                self.options["url"].rstrip("/") + f"/api/telemetry/?park={self.park.code}",
                data=json.dumps({"readings": readings}).encode(),
                headers={
                    "Content-Type": "application/json",
                    "Authorization": f"Api-Key {self.options['key']}",
                },
                method="POST",
            )
            with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
                answer = json.loads(response.read())
            if answer["rejected"]:
                self.stdout.write(
                    f"simulate: {len(answer['rejected'])} rejected, e.g. {answer['rejected'][0]}"
                )
        else:
            result = ingest(
                park=self.park, readings=readings, source="http", by=integration_account(self.park)
            )
            if result.rejected:
                self.stdout.write(f"simulate: {len(result.rejected)} rejected, e.g. {result.rejected[0]}")

    def _mqtt(self):
        import paho.mqtt.client as mqtt

        url = urlparse(settings.MQTT_URL)
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
        if url.username:
            client.username_pw_set(url.username, url.password or "")
        client.connect(url.hostname or "127.0.0.1", url.port or 1883)
        client.loop_start()
        return client
