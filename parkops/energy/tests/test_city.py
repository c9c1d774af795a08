"""City platform: the day's XML reports by building and category code, and the upload over
TCP (login, heartbeat, reports, resend after a reconnect) against a fake platform server."""

from __future__ import annotations

import datetime as dt
import hashlib
import socket
import socketserver
import threading
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.management import call_command

from parkops.core.models import Building
from parkops.energy import city
from parkops.energy.models import Meter
from parkops.energy.tests.factories import at, meter, point, send

pytestmark = pytest.mark.django_db
SECRET = "s3cret"


@pytest.fixture
def park_day(world, clock_at):
    clock_at(at(2026, 12, 7, 12))
    park = world.alpha
    building = Building.objects.get(park=park)
    p_main, p_light = point(park, "A-MAIN"), point(park, "A-LIGHT")
    meter(park, "A-MAIN", scope=Meter.Scope.BUILDING, building=building, pt=p_main)
    meter(park, "A-LIGHT", scope=Meter.Scope.SYSTEM, building=building, category="01A20", pt=p_light)
    # A tenant meter is not reported on its own: the platform takes the building by category.
    meter(
        park,
        "A-T1",
        scope=Meter.Scope.TENANT,
        building=building,
        enterprise=world.ent_a,
        pt=point(park, "A-T1"),
    )
    send(park, p_main, [(at(2026, 12, 1, 8), 100), (at(2026, 12, 1, 9), 160), (at(2026, 12, 1, 10), 250)])
    send(park, p_light, [(at(2026, 12, 1, 8), 10), (at(2026, 12, 1, 9), 14), (at(2026, 12, 1, 10), 20)])
    return park


def test_export_writes_one_report_per_building_and_hour(park_day, tmp_path):
    call_command("energy", "city-export", "--park", "ALPHA", "--date", "2026-12-01", "--out", str(tmp_path))
    files = sorted((tmp_path / "ALPHA" / "20261201").glob("*.xml"))
    assert [f.name for f in files] == ["ALPHAA-202612010900.xml", "ALPHAA-202612011000.xml"]
    root = ET.fromstring(files[1].read_bytes())
    assert root.findtext("common/building_id") == "ALPHAA"
    assert root.findtext("common/type") == "report"
    assert root.find("data").get("operation") == "report"
    assert root.findtext("data/time") == "20261201100000"
    items = {e.get("code"): e.text for e in root.iter("energy_item")}
    assert items == {"01000": "90.00", "01A20": "6.00"}


class FakePlatform(socketserver.ThreadingTCPServer):
    """The city platform's side: login by sequence/md5, heartbeats answered with the time,
    reports acknowledged; ``drop_after`` closes the link on that report without acknowledging."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.received: list[str] = []  # report times, in arrival order
        self.logins: list[str] = []
        self.drop_after: int | None = None
        self.heartbeats = 0


class Handler(socketserver.BaseRequestHandler):
    def reply(self, kind, element=None, building="ALPHAA"):
        self.request.sendall(city.frame(city.message(building, "01", kind, element)))

    def handle(self):
        server: FakePlatform = self.server
        sock = self.request
        sequence = "20261201123456"
        try:
            while True:
                root = city.read_frame(sock)
                kind = city.kind_of(root)
                building = root.findtext("common/building_id")
                if kind == "request":
                    ask = ET.Element("id_validate", operation="sequence")
                    ET.SubElement(ask, "sequence").text = sequence
                    self.reply("sequence", ask, building)
                elif kind == "md5":
                    good = hashlib.md5((sequence + SECRET).encode()).hexdigest()
                    ok = root.findtext("id_validate/md5") == good
                    result = ET.Element("id_validate", operation="result")
                    ET.SubElement(result, "result").text = "pass" if ok else "fail"
                    server.logins.append("pass" if ok else "fail")
                    self.reply("result", result, building)
                elif kind == "notify":
                    server.heartbeats += 1
                    beat = ET.Element("heart_beat", operation="time")
                    ET.SubElement(beat, "time").text = "20261201123000"
                    self.reply("time", beat, building)
                elif kind == "report":
                    if server.drop_after is not None and len(server.received) + 1 == server.drop_after:
                        server.drop_after = None
                        sock.shutdown(socket.SHUT_RDWR)
                        return
                    server.received.append(root.findtext("data/time"))
                    ack = ET.Element("data", operation="report_ack")
                    ET.SubElement(ack, "sequence").text = root.findtext("data/sequence")
                    self.reply("report_ack", ack, building)
        except (city.LinkClosed, OSError):
            return


@pytest.fixture
def platform():
    server = FakePlatform()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_login_heartbeat_and_upload(park_day, tmp_path, platform):
    city.export(park_day, dt.date(2026, 12, 1), tmp_path)
    up = city.Uploader(*platform.server_address, profile=city.Profile(secret=SECRET), sleep=lambda s: None)
    up.connect("ALPHAA")
    assert up.heartbeat() == dt.datetime(2026, 12, 1, 12, 30)
    assert platform.logins == ["pass"]
    assert up.upload(tmp_path) == 2
    assert platform.received == ["20261201090000", "20261201100000"]
    assert city.pending(tmp_path) == []
    assert up.upload(tmp_path) == 0  # acknowledged reports are not sent again


def test_wrong_secret_is_refused(park_day, tmp_path, platform):
    up = city.Uploader(*platform.server_address, profile=city.Profile(secret="wrong"))
    with pytest.raises(city.LoginRefused):
        up.connect("ALPHAA")
    assert platform.logins == ["fail"]


def test_resends_after_a_reconnect(park_day, tmp_path, platform):
    city.export(park_day, dt.date(2026, 12, 1), tmp_path)
    platform.drop_after = 2  # the link drops on the second report, before its acknowledgement
    up = city.Uploader(*platform.server_address, profile=city.Profile(secret=SECRET), sleep=lambda s: None)
    assert up.upload(tmp_path) == 2
    assert up.connects == 2
    assert platform.logins == ["pass", "pass"]
    assert platform.received == ["20261201090000", "20261201100000"]  # each stored once
    assert city.pending(tmp_path) == []


def test_export_keeps_acknowledged_reports(park_day, tmp_path, platform):
    paths = city.export(park_day, dt.date(2026, 12, 1), tmp_path)
    paths[0].with_suffix(".ack").write_text("x")
    assert city.pending(tmp_path) == [paths[1]]
    assert Decimal(ET.fromstring(paths[1].read_bytes()).findtext("data/energy_items/energy_item")) == Decimal(
        "90.00"
    )


def test_upload_command(park_day, tmp_path, platform):
    call_command("energy", "city-export", "--park", "ALPHA", "--date", "2026-12-01", "--out", str(tmp_path))
    secret = tmp_path / "secret"
    secret.write_text(SECRET + "\n")
    host, port = platform.server_address
    call_command(
        "energy",
        "city-upload",
        "--host",
        host,
        "--port",
        str(port),
        "--secret-file",
        str(secret),
        "--out",
        str(tmp_path),
    )
    assert platform.received == ["20261201090000", "20261201100000"]
