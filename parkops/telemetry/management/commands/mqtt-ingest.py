"""`parkops mqtt-ingest [--url mqtt://…] [--client-id ID] [--group NAME]`: store readings
published to parkops/<park>/<device>/telemetry (see parkops.telemetry.mqtt). Run several with
different client ids to share the load; each keeps its persistent session under its id."""

from __future__ import annotations

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from parkops.telemetry.mqtt import GROUP, IngestWorker, shared_topic


class Command(BaseCommand):
    help = "Store telemetry published over MQTT (QoS 1, shared subscription, ack after commit)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default=settings.MQTT_URL, help="broker URL (PARKOPS_MQTT_URL)")
        parser.add_argument("--client-id", default=None, help="stable id of this worker's persistent session")
        parser.add_argument("--group", default=GROUP, help="shared subscription group")

    def handle(self, *args, **options):
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        worker = IngestWorker(options["url"], client_id=options["client_id"], group=options["group"])
        self.stdout.write(
            f"mqtt-ingest: {worker.client_id} on {options['url']} {shared_topic(options['group'])}"
        )
        worker.run(stop)
        self.stdout.write(f"mqtt-ingest: stopped after {worker.stored_messages} messages")
