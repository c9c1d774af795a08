"""City building-energy platform (clause 8.1: 与深圳市建筑能耗管理信息平台联网): the day's data
reports by building and 分类分项 code as XML, and a TCP client that logs in, keeps the link
alive with heartbeats and uploads the reports, resending whatever was not acknowledged after
a reconnect.

The message shapes follow the national data-transfer guide as collectors implement it
(``<root><common><building_id/><gateway_id/><type/></common>…</root>``; login by
``id_validate``: request → sequence → md5 → result; ``heart_beat``: notify → time;
``<data operation="report">``). What the guide leaves open, or what the Shenzhen profile may
change, is isolated in :class:`Profile` and :func:`frame`/:func:`read_frame` and documented:
the md5 construction (here ``md5(sequence + secret)`` in lower-case hex), the report
acknowledgement (here a ``<type>report_ack</type>`` reply naming the report's sequence), the
framing (here a 4-byte start mark, a 4-byte big-endian length, the UTF-8 XML and a 4-byte end
mark, without the guide's optional AES encryption and CRC), the building id (here
``<park code><building code>`` unless the profile maps it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import socket
import struct
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from parkops.core import clock
from parkops.energy import selectors
from parkops.energy.models import Meter, energy_kind

log = logging.getLogger(__name__)

START = b"\x55\xaa\x55\xaa"
END = b"\x68\x16\x68\x16"
TIME_FORMAT = "%Y%m%d%H%M%S"
MAX_FRAME = 1 << 20


@dataclass
class Profile:
    """What a deployment sets for its city platform."""

    gateway_id: str = "01"
    secret: str = ""
    building_ids: dict[str, str] = field(default_factory=dict)  # building code -> platform id

    def building_id(self, park, building) -> str:
        return self.building_ids.get(building.code) or f"{park.code}{building.code}"


# ------------------------------------------------------------------------------ framing
def frame(xml: bytes) -> bytes:
    return START + struct.pack(">I", len(xml)) + xml + END


class LinkClosed(ConnectionError):
    pass


def _read_exact(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise LinkClosed("connection closed")
        buf += chunk
    return buf


def read_frame(sock: socket.socket) -> ET.Element:
    if _read_exact(sock, 4) != START:
        raise ConnectionError("bad start mark")
    (length,) = struct.unpack(">I", _read_exact(sock, 4))
    if length > MAX_FRAME:
        raise ConnectionError("frame too large")
    body = _read_exact(sock, length)
    if _read_exact(sock, 4) != END:
        raise ConnectionError("bad end mark")
    return ET.fromstring(body)  # noqa: S314 (our own platform peer; no entities are expanded by ElementTree)


def message(building_id: str, gateway_id: str, kind: str, element: ET.Element | None = None) -> bytes:
    root = ET.Element("root")
    common = ET.SubElement(root, "common")
    ET.SubElement(common, "building_id").text = building_id
    ET.SubElement(common, "gateway_id").text = gateway_id
    ET.SubElement(common, "type").text = kind
    if element is not None:
        root.append(element)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def kind_of(root: ET.Element) -> str:
    return root.findtext("common/type", "")


# ------------------------------------------------------------------------------ reports
@dataclass
class CityReport:
    building_code: str
    building_id: str
    at: dt.datetime  # end of the hour reported (local time)
    items: dict[str, Decimal]
    sequence: int

    def xml(self, gateway_id: str) -> bytes:
        data = ET.Element("data", operation="report")
        ET.SubElement(data, "sequence").text = str(self.sequence)
        ET.SubElement(data, "parser").text = "yes"
        ET.SubElement(data, "time").text = self.at.strftime(TIME_FORMAT)
        items = ET.SubElement(data, "energy_items")
        for code, value in sorted(self.items.items()):
            ET.SubElement(items, "energy_item", code=code).text = f"{value:.2f}"
        return message(self.building_id, gateway_id, "report", data)

    @property
    def filename(self) -> str:
        return f"{self.building_id}-{self.at:%Y%m%d%H%M}.xml"


def build_reports(park, day: dt.date, profile: Profile | None = None) -> list[CityReport]:
    """One report per building and hour of ``day``: the building meters' consumption by energy
    (01000, 02000, …) and the sub-item codes of the building's system and public-area meters,
    from hourly rollups. Hours with no data are left out, never invented."""
    profile = profile or Profile()
    meters = list(
        Meter.objects.filter(
            park=park, active=True, building__isnull=False, direction=Meter.Direction.CONSUMPTION
        ).select_related("building")
    )
    start = selectors.local_midnight(day)
    series = selectors.meter_series(meters, selectors.HOUR, start, start + dt.timedelta(days=1))
    reports: list[CityReport] = []
    buildings = {m.building_id: m.building for m in meters}
    for building in sorted(buildings.values(), key=lambda b: b.code):
        by_hour: dict[dt.datetime, dict[str, Decimal]] = {}
        for m in meters:
            if m.building_id != building.pk:
                continue
            if m.scope == Meter.Scope.BUILDING:
                code = energy_kind(m.category).value
            elif m.scope in (
                Meter.Scope.SYSTEM,
                Meter.Scope.PUBLIC,
                Meter.Scope.EQUIPMENT,
            ) and m.category != energy_kind(m.category):
                code = m.category
            else:
                continue
            for bucket, value in series.get(m.pk, {}).items():
                items = by_hour.setdefault(bucket, {})
                items[code] = items.get(code, Decimal(0)) + value
        for i, (bucket, items) in enumerate(sorted(by_hour.items()), start=1):
            reports.append(
                CityReport(
                    building.code,
                    profile.building_id(park, building),
                    bucket + dt.timedelta(hours=1),
                    items,
                    int(f"{day:%Y%m%d}") * 100 + i,
                )
            )
    return reports


def export(park, day: dt.date, out_dir: Path, profile: Profile | None = None) -> list[Path]:
    """Write the day's reports as XML files under ``out_dir/<park>/<yyyymmdd>/``; a report
    already acknowledged (its ``.ack`` beside it) is left as it is."""
    profile = profile or Profile()
    folder = Path(out_dir) / park.code / f"{day:%Y%m%d}"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for report in build_reports(park, day, profile):
        path = folder / report.filename
        if not path.with_suffix(".ack").exists():
            path.write_bytes(report.xml(profile.gateway_id))
        written.append(path)
    return written


def pending(folder: Path) -> list[Path]:
    """Reports not yet acknowledged, oldest first (collectors keep ≥ 2 months and resend)."""
    return sorted(p for p in Path(folder).rglob("*.xml") if not p.with_suffix(".ack").exists())


# ------------------------------------------------------------------------------- client
class LoginRefused(Exception):
    pass


class Uploader:
    """One link per building id: login, heartbeat, reports; reconnect and resend the reports
    not acknowledged when the link drops."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        profile: Profile,
        timeout: float = 10.0,
        retries: int = 5,
        backoff: float = 1.0,
        sleep=time.sleep,
    ):
        self.host, self.port, self.profile = host, port, profile
        self.timeout, self.retries, self.backoff, self.sleep = timeout, retries, backoff, sleep
        self.sock: socket.socket | None = None
        self.building_id = ""
        self.connects = 0

    # -- link
    def connect(self, building_id: str) -> None:
        self.close()
        self.building_id = building_id
        self.sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        self.connects += 1
        self._send("request", ET.Element("id_validate", operation="request"))
        reply = self._expect("sequence")
        sequence = reply.findtext("id_validate/sequence", "")
        digest = hashlib.md5((sequence + self.profile.secret).encode(), usedforsecurity=False).hexdigest()
        check = ET.Element("id_validate", operation="md5")
        ET.SubElement(check, "md5").text = digest
        self._send("md5", check)
        result = self._expect("result")
        if result.findtext("id_validate/result", "") != "pass":
            self.close()
            raise LoginRefused(building_id)

    def close(self) -> None:
        if self.sock is not None:
            try:
                self.sock.close()
            finally:
                self.sock = None

    def _send(self, kind: str, element: ET.Element | None = None, raw: bytes | None = None) -> None:
        assert self.sock is not None
        body = raw if raw is not None else message(self.building_id, self.profile.gateway_id, kind, element)
        self.sock.sendall(frame(body))

    def _expect(self, kind: str) -> ET.Element:
        assert self.sock is not None
        root = read_frame(self.sock)
        if kind_of(root) != kind:
            raise ConnectionError(f"expected {kind}, got {kind_of(root)}")
        return root

    # -- messages
    def heartbeat(self) -> dt.datetime:
        """Send a heartbeat; the platform answers with its time (yyyyMMddHHmmss)."""
        self._send("notify", ET.Element("heart_beat", operation="notify"))
        root = self._expect("time")
        return dt.datetime.strptime(root.findtext("heart_beat/time", ""), TIME_FORMAT)

    def send_report(self, path: Path) -> None:
        body = path.read_bytes()
        sequence = ET.fromstring(body).findtext("data/sequence", "")  # noqa: S314 (our own file)
        self._send("report", raw=body)
        ack = self._expect("report_ack")
        if ack.findtext("data/sequence", "") != sequence:
            raise ConnectionError("acknowledgement for another report")
        path.with_suffix(".ack").write_text(clock.now().strftime(TIME_FORMAT))

    def upload(self, folder: Path) -> int:
        """Send every pending report of ``folder``, building by building; after a dropped
        link, reconnect (with backoff, up to ``retries`` times in a row) and resend from the
        first report not acknowledged. Returns how many were acknowledged."""
        sent = 0
        by_building: dict[str, list[Path]] = {}
        for path in pending(folder):
            root = ET.fromstring(path.read_bytes())  # noqa: S314 (our own export)
            by_building.setdefault(root.findtext("common/building_id", ""), []).append(path)
        for building_id, paths in by_building.items():
            failures = 0
            queue = list(paths)
            while queue:
                try:
                    if self.sock is None or self.building_id != building_id:
                        self.connect(building_id)
                    self.send_report(queue[0])
                    queue.pop(0)
                    sent += 1
                    failures = 0
                except (OSError, ConnectionError, ET.ParseError) as exc:
                    self.close()
                    failures += 1
                    log.warning("city upload: link to %s lost (%s); retry %s", building_id, exc, failures)
                    if failures > self.retries:
                        raise
                    self.sleep(self.backoff * failures)
        self.close()
        return sent
