"""notify(): rows now, email and group robots after commit; failures recorded, never raised."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.db import transaction

from parkops.core.services import create_object
from parkops.notifications import services
from parkops.notifications.models import Delivery, Notification, WebhookEndpoint


class RobotServer:
    """A local stand-in for the WeCom/DingTalk robot API on 127.0.0.1 and a random port."""

    def __init__(self, status: int = 200, answer: dict | None = None):
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                outer.requests.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
                payload = json.dumps(
                    answer if answer is not None else {"errcode": 0, "errmsg": "ok"}
                ).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def endpoint(world, **data):
    return create_object(
        model=WebhookEndpoint, data={"park": world.alpha, "name": "安全群", **data}, by=world.admin
    )


def test_rows_are_stored_at_once_and_delivery_waits_for_commit(world, django_capture_on_commit_callbacks):
    world.staff_safety.email = "safety@example.com"
    world.staff_safety.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = services.notify(
            recipients=[world.staff_safety, world.admin, world.staff_safety],
            kind="safety.test",
            subject="消防通道堵塞",
            body="A 栋一楼消防通道堆放杂物",
            url="/safety/hazards/1/",
            park=world.alpha,
        )
    assert len(rows) == 2  # the repeated recipient gets one
    assert Notification.objects.filter(kind="safety.test").count() == 2
    assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["safety@example.com"]]  # admin_alpha has no email address
    assert "消防通道堵塞" in mail.outbox[0].subject
    assert "/safety/hazards/1/" in mail.outbox[0].body
    assert Notification.objects.get(recipient=world.staff_safety, kind="safety.test").emailed_at is not None


def test_rolled_back_caller_sends_nothing(world, django_capture_on_commit_callbacks):
    world.admin.email = "admin@example.com"
    world.admin.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.notify(recipients=[world.admin], kind="x", subject="不该发出", park=world.alpha)
                raise RuntimeError("caller fails")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.filter(subject="不该发出").exists()


def test_wecom_webhook_gets_markdown(world, django_capture_on_commit_callbacks):
    with RobotServer() as robot:
        hook = endpoint(world, kind="wecom", url=robot.url + "/cgi-bin/webhook/send?key=abc")
        with django_capture_on_commit_callbacks(execute=True):
            services.notify(
                recipients=[world.admin],
                kind="safety.hazard",
                subject="隐患逾期",
                body="B 区",
                park=world.alpha,
            )
    assert len(robot.requests) == 1
    body = robot.requests[0]["body"]
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["content"].startswith("**隐患逾期**")
    assert "B 区" in body["markdown"]["content"]
    hook.refresh_from_db()
    assert hook.last_status == "ok"
    assert Delivery.objects.filter(endpoint=hook, result="ok").exists()


def test_dingtalk_webhook_is_signed(world, django_capture_on_commit_callbacks):
    secret = "SEC0123456789abcdef"
    with RobotServer() as robot:
        endpoint(world, kind="dingtalk", url=robot.url + "/robot/send?access_token=t0k", secret=secret)
        with django_capture_on_commit_callbacks(execute=True):
            services.notify(recipients=[world.admin], kind="k", subject="电梯年检将到期", park=world.alpha)
    [request] = robot.requests
    assert request["body"] == {
        "msgtype": "markdown",
        "markdown": {"title": "电梯年检将到期", "text": "**电梯年检将到期**"},
    }
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request["path"]).query)
    assert query["access_token"] == ["t0k"]
    timestamp = query["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"] == [expected]


def test_failing_webhook_is_recorded_and_does_not_break_the_caller(world, django_capture_on_commit_callbacks):
    with (
        RobotServer(status=500) as broken,
        RobotServer(answer={"errcode": 93000, "errmsg": "invalid key"}) as bad,
    ):
        first = endpoint(world, kind="wecom", url=broken.url + "/send")
        second = endpoint(world, kind="wecom", url=bad.url + "/send", name="工程群")
        dead = endpoint(world, kind="wecom", url="http://127.0.0.1:9/nothing-listens", name="旧群")
        with django_capture_on_commit_callbacks(execute=True):
            rows = services.notify(recipients=[world.admin], kind="k", subject="照常保存", park=world.alpha)
    assert rows and Notification.objects.filter(subject="照常保存").exists()
    for hook, reason in ((first, "HTTP 500"), (second, "errcode 93000"), (dead, "")):
        hook.refresh_from_db()
        assert hook.last_status == "failed"
        assert reason in hook.last_error
        assert Delivery.objects.filter(endpoint=hook, result="failed").exists()


def test_webhook_filters_by_kind_and_skips_disabled(world, django_capture_on_commit_callbacks):
    with RobotServer() as robot:
        endpoint(world, kind="wecom", url=robot.url + "/a", kinds="environment")
        endpoint(world, kind="wecom", url=robot.url + "/b", enabled=False, name="停用群")
        with django_capture_on_commit_callbacks(execute=True):
            services.notify(recipients=[], kind="safety.hazard", subject="不推送", park=world.alpha)
            services.notify(recipients=[], kind="environment.exceedance", subject="推送", park=world.alpha)
    assert [r["path"] for r in robot.requests] == ["/a"]


def test_email_failure_is_recorded(world, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "parkops.notifications.tests.test_notify.BrokenBackend"
    world.admin.email = "admin@example.com"
    world.admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[world.admin], kind="k", subject="发不出去", park=world.alpha)
    row = Notification.objects.get(subject="发不出去")
    assert row.emailed_at is None and "SMTP down" in row.email_error
    assert Delivery.objects.filter(channel="email", result="failed", subject="发不出去").exists()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")


def test_my_notifications_page_badge_and_mark_read(world, client):
    services.notify(recipients=[world.tenant_a], kind="k", subject="给甲企业", park=world.alpha)
    services.notify(recipients=[world.tenant_b], kind="k", subject="给乙企业", park=world.alpha)
    client.force_login(world.tenant_a)
    page = client.get("/notifications/").content.decode()
    assert "给甲企业" in page and "给乙企业" not in page
    assert 'data-unread="1"' in client.get("/notifications/badge/").content.decode()
    other = Notification.objects.get(subject="给乙企业")
    assert client.post(f"/notifications/{other.pk}/read/").status_code == 404
    mine = Notification.objects.get(subject="给甲企业")
    client.post(f"/notifications/{mine.pk}/read/")
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "data-unread" not in client.get("/notifications/badge/").content.decode()
    # The API shows the same list and marks read too.
    services.notify(recipients=[world.tenant_a], kind="k", subject="第二条", park=world.alpha)
    data = client.get("/api/notifications/").json()
    assert [n["subject"] for n in data["results"]] == ["第二条", "给甲企业"]
    assert client.post("/api/notifications/read-all/").json() == {"marked": 1}


def test_webhook_pages_are_for_administrators(world, client):
    hook = endpoint(world, kind="wecom", url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")
    client.force_login(world.staff_safety)
    assert client.get("/notifications/webhooks/").status_code == 403
    assert client.get("/api/webhook-endpoints/").json()["count"] == 0
    client.force_login(world.admin)
    assert "安全群" in client.get("/notifications/webhooks/").content.decode()
    detail = client.get(f"/notifications/webhooks/{hook.pk}/")
    assert detail.status_code == 200
    assert f'action="/notifications/webhooks/{hook.pk}/test/"' in detail.content.decode()  # the test button
    response = client.post(
        "/notifications/webhooks/add/",
        {
            "park": world.alpha.pk,
            "name": "错",
            "kind": "wecom",
            "url": "https://x.example/h",
            "secret": "SECx",
        },
    )
    assert "企业微信群机器人不使用加签密钥" in response.content.decode()
    assert not WebhookEndpoint.objects.filter(name="错").exists()


@pytest.mark.parametrize(
    "kinds,kind,accepted",
    [
        ("", "a.b", True),
        ("safety", "safety.hazard", True),
        ("safety", "safetyx", False),
        ("a,b.c", "b.c", True),
    ],
)
def test_endpoint_kind_prefixes(kinds, kind, accepted):
    assert WebhookEndpoint(kinds=kinds).accepts(kind) is accepted
