"""Mixed journeys of the demo park for the load suite (``proof/suites/s09_load.py``), run by
locust, headless, against ``parkops serve``.

- Staff of several departments and the operator administrator, tenants and the assessor sign
  in through the login page, then move between the pages their own navigation offers (links
  read from the home page they are shown, so each role walks what it may see), with a pause
  of 0.5–2 s as people do. Tenants now and then submit a ticket.
- Devices POST telemetry readings with a read-write key to meters made for the run.

Set by the suite: PARKOPS_LOAD_PASSWORD, PARKOPS_LOAD_KEY, PARKOPS_LOAD_DEVICES (codes,
comma-separated). Every status of 400 or more counts as a failure.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, task

PASSWORD = os.environ.get("PARKOPS_LOAD_PASSWORD", "ParkOps-Demo-2026")
KEY = os.environ.get("PARKOPS_LOAD_KEY", "")
DEVICES = [d for d in os.environ.get("PARKOPS_LOAD_DEVICES", "").split(",") if d]
STAFF = ("admin", "zhaoshang", "anquan", "gongcheng", "kefu", "huanjing", "qiye", "zonghe")
TENANTS = ("tenant", "tenant2")
SKIP = re.compile(
    r"logout|export|download|print|\.(xlsx|pdf|csv|zip)|/api/|/admin/|/static/|/media/|/files/|format="
)
_minutes = itertools.count()
PICK = random.Random(15)  # noqa: S311 - which page next, not a secret: seeded for repeatable runs
# Readings from two days ago on, ten seconds apart: never in the future, never the same time twice.
START = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - dt.timedelta(days=2)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith("//") and not SKIP.search(href):
            self.found.add(href.split("#")[0])


class Person(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    usernames: tuple[str, ...] = ()

    def on_start(self) -> None:
        self.username = PICK.choice(self.usernames)
        page = self.client.get("/login/", name="/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        with self.client.post(
            "/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token[1] if token else "",
            },
            headers={"Referer": self.host + "/login/"},
            name="POST /login/",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"{self.username} could not sign in ({answer.status_code})")
        home = self.client.get("/", name="/ (home)")
        links = Links()
        links.feed(home.text)
        self.links = sorted(links.found - {"/", "/login/"}) or ["/"]

    @task(10)
    def browse(self) -> None:
        path = PICK.choice(self.links)
        self.client.get(path, name=re.sub(r"/\d+/", "/<id>/", path.split("?")[0]))

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="/ (home)")


class Staff(Person):
    weight = 4
    usernames = STAFF


class Tenant(Person):
    weight = 2
    usernames = TENANTS

    @task(1)
    def submit_ticket(self) -> None:
        page = self.client.get("/service/tickets/add/", name="/service/tickets/add/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        with self.client.post(
            "/service/tickets/add/",
            data={
                "kind": "enquiry",
                "subject": "压力测试咨询",
                "content": "请问停车位如何办理？",
                "csrfmiddlewaretoken": token[1] if token else "",
            },
            headers={"Referer": self.host + "/service/tickets/add/"},
            name="POST /service/tickets/add/",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"ticket not saved ({answer.status_code})")


class Assessor(Person):
    weight = 1
    usernames = ("assessor",)


class Device(HttpUser):
    weight = 2
    wait_time = between(0.5, 2)

    @task
    def send(self) -> None:
        minute = next(_minutes)
        device = DEVICES[minute % len(DEVICES)] if DEVICES else "LOAD-1"
        readings = [
            {
                "device": device,
                "point": "kwh",
                "ts": (START + dt.timedelta(seconds=10 * (minute * 10 + k))).isoformat(),
                "value": minute * 10 + k,
            }
            for k in range(10)
        ]
        with self.client.post(
            "/api/telemetry/",
            json={"readings": readings},
            headers={"Authorization": f"Api-Key {KEY}"},
            name="POST /api/telemetry/",
            catch_response=True,
        ) as answer:
            if answer.status_code != 200 or answer.json().get("rejected"):
                answer.failure(f"telemetry refused ({answer.status_code}) {answer.text[:200]}")
