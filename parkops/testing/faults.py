"""Private services to break on purpose, shared by the reliability tests
(``parkops/telemetry/tests/test_mqtt_reliability.py``, ``test_ingest_outage.py``) and the
faults suite of ``make proof`` (``proof/suites/s08_faults.py``).

Nothing here touches the machine's own PostgreSQL or broker: a ``Broker`` is a Mosquitto of
ours on a free port, a ``Cluster`` a PostgreSQL cluster of ours (initdb in a temp dir, its own
port). Both raise ``Unavailable`` when the Debian package is missing; tests turn that into a
skip (or a failure under PARKOPS_REQUIRE_SERVICES=1).

No Django here: the proof harness uses this module without setting Django up."""

from __future__ import annotations

import contextlib
import getpass
import glob
import http.client
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path


class Unavailable(Exception):
    """A program the fault needs is not installed (the message says which package)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(predicate, timeout: float, every: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()


class Broker:
    """A private Mosquitto with persistence saved on every change, on a free port."""

    def __init__(self, workdir: Path):
        binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        if not os.path.exists(binary):
            raise Unavailable("mosquitto is not installed (apt-get install mosquitto)")
        self.binary, self.port = binary, free_port()
        self.url = f"mqtt://127.0.0.1:{self.port}"
        self.conf = Path(workdir) / "mosquitto.conf"
        self.conf.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
            f"persistence_location {workdir}/\nautosave_interval 1\nautosave_on_changes true\n"
            "max_queued_messages 0\nmax_inflight_messages 100\n"
            # Started as root, Mosquitto drops to the user `mosquitto`, which cannot write the
            # persistence file into a temp dir of ours: it then keeps nothing over a kill.
            # Staying the user that runs it keeps it (ignored when not started as root).
            f"user {getpass.getuser()}\n"
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([self.binary, "-c", str(self.conf)], stderr=subprocess.DEVNULL)
        if not wait_until(lambda: port_open(self.port), 10):
            raise RuntimeError("the private mosquitto did not start")

    def kill(self) -> None:
        """SIGKILL: no goodbye, no last save."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def sender(port: int, client_id: str | None = None):
    """A device's MQTT 5 client with a persistent session, reconnecting by itself."""
    import paho.mqtt.client as mqtt
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2,
        client_id=client_id or f"sender-{uuid.uuid4().hex[:6]}",
        protocol=mqtt.MQTTv5,
    )
    client.reconnect_delay_set(min_delay=1, max_delay=2)
    props = Properties(PacketTypes.CONNECT)
    props.SessionExpiryInterval = 300
    client.connect("127.0.0.1", port, clean_start=False, properties=props)
    client.loop_start()
    return client


def connected(client, timeout: float = 30) -> None:
    """Wait for a sender to be connected again (after a broker restart): paho refuses to wait
    for a message published while it is away."""
    if not wait_until(client.is_connected, timeout, every=0.1):
        raise RuntimeError("the sender did not reconnect")


IN_FLIGHT = 100  # the broker's max_inflight_messages: a device never has more unacknowledged


def publish_numbered(client, topic: str, payload_of, total: int, *, on=None) -> None:
    """Publish ``payload_of(i)`` for i in range(total) at QoS 1 with a device's flow control
    (at most IN_FLIGHT unacknowledged: paho resends everything it holds at once after a
    reconnect, past the broker's receive maximum, and then stalls). ``on(i)`` runs before
    message i is sent (where a fault is injected)."""
    infos = []
    for i in range(total):
        if on is not None:
            on(i)
        infos.append(client.publish(topic, payload_of(i), qos=1))
        if i >= IN_FLIGHT:
            infos[i - IN_FLIGHT].wait_for_publish(60)
            if not infos[i - IN_FLIGHT].is_published():
                raise RuntimeError("the broker never acknowledged")


def pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class Cluster:
    """A private PostgreSQL cluster on a free port. initdb refuses to run as root: then the
    cluster belongs to the system user ``postgres``. Not under pytest's tmp_path: its parents
    are private to the user running the test."""

    def __init__(self, database: str = "outage"):
        self.initdb, self.pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
        if not self.initdb or not self.pg_ctl:
            raise Unavailable("initdb/pg_ctl are not installed (apt-get install postgresql)")
        self.port = free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable(
                    "running as root and there is no user postgres to own a private cluster"
                ) from None
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.dir = Path(tempfile.mkdtemp(prefix="parkops-fault-pg-"))
        if self.prefix:
            shutil.chown(self.dir, "postgres", "postgres")
        self.run(self.initdb, "-D", str(self.dir), "-A", "trust", "-U", "postgres", "--no-sync")
        self.admin_url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/{database}"
        self.database = database

    def run(self, *args) -> None:
        done = subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stdout} {done.stderr}")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(self.pg_ctl, "-D", str(self.dir), "-o", options, "-l", str(self.dir / "log"), "-w", "start")

    def stop(self) -> None:
        """Stopped hard: ``immediate`` is a crash, connections cut mid-transaction."""
        self.run(self.pg_ctl, "-D", str(self.dir), "-m", "immediate", "-w", "stop")

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.database}"')

    def query(self, sql: str, params=()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    def remove(self) -> None:
        with contextlib.suppress(RuntimeError):  # already stopped
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def post_json(port: int, path: str, payload: dict, key: str, timeout: float = 120) -> tuple[int, dict | None]:
    """POST JSON with an API key: (status, answer); status 0 when no answer came at all."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(
            "POST",
            path,
            body=json.dumps(payload),
            headers={"Content-Type": "application/json", "Authorization": f"Api-Key {key}"},
        )
        response = conn.getresponse()
        text = response.read()
    except OSError:
        return 0, None
    finally:
        conn.close()
    try:
        return response.status, json.loads(text)
    except ValueError:
        return response.status, None
