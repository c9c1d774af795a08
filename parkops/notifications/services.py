"""Sending notifications: stored in the platform at once, delivered by email and to the park's
group webhooks after the caller's transaction commits.

Every other app calls :func:`notify`; its signature is stable::

    notify(recipients=[user], kind="safety.hazard.escalated", subject="隐患逾期未整改",
           body="…", url=hazard.get_absolute_url(), park=hazard.park, obj=hazard)

``subject`` and ``body`` may be :class:`Message` objects (or lazy translations): each
recipient's copy is written in that recipient's language, the group webhooks in the
platform's.

Delivery never raises into the caller: a failed email or webhook is recorded on the
notification, on the endpoint and as a :class:`Delivery` row.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from parkops.audit import services as audit
from parkops.core import clock
from parkops.core.scope import park_of
from parkops.notifications.models import Delivery, Notification, WebhookEndpoint

log = logging.getLogger(__name__)
WEBHOOK_TIMEOUT = 5  # seconds; a slow robot must not hold a worker


def absolute_url(url: str) -> str:
    """A link usable outside the platform (email, group chat): ``PARKOPS_SITE_URL`` + path."""
    if not url or url.startswith(("http://", "https://")):
        return url
    base = getattr(settings, "PARKOPS_SITE_URL", "") or ""
    return base.rstrip("/") + url if base else url


class Message:
    """A platform text written when it is read, in the reader's language: a Chinese msgid and
    its parameters. Parameters may themselves be lazy (a choice's label) or Messages.

    ``Message("隐患整改通知：%(hazard)s", hazard=hazard.title)``"""

    def __init__(self, msgid: str, **params):
        self.msgid = msgid
        self.params = params

    def __str__(self) -> str:
        text = gettext(self.msgid)
        if not self.params:
            return text
        return text % {key: str(value) for key, value in self.params.items()}

    def __repr__(self) -> str:
        return f"Message({self.msgid!r})"


def choice_label(obj, field: str):
    """The label of ``obj``'s choice ``field``, translated when it is read (``get_FOO_display``
    translates at once, in whatever language the writer reads)."""
    value = getattr(obj, field)
    return dict(obj._meta.get_field(field).flatchoices).get(value, value)


def language_of(user) -> str:
    """The language a user reads platform texts in: their own choice where the account keeps
    one, else the platform's."""
    chosen = getattr(user, "language", "") or ""
    known = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in known else settings.LANGUAGE_CODE


def render(text, language: str | None = None) -> str:
    """``text`` (a str, lazy translation or Message) written out in ``language``."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return str(text)


_quiet: ContextVar[bool] = ContextVar("parkops_notifications_quiet", default=False)


@contextmanager
def quiet() -> Iterator[None]:
    """Send no notifications inside this block (loading history: the demo's past year,
    imports of old records)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def is_quiet() -> bool:
    """Whether notifications are switched off here (for senders outside ``notify``)."""
    return _quiet.get()


@transaction.atomic
def notify(
    *,
    recipients: Iterable,
    kind: str,
    subject,
    body="",
    url: str = "",
    park=None,
    obj=None,
) -> list[Notification]:
    """Store one notification per (distinct, active) recipient and, once the surrounding
    transaction commits, deliver them by email and to the park's enabled group webhooks.
    Nothing is sent inside ``quiet()``."""
    if _quiet.get():
        return []
    if obj is not None:
        park = park if park is not None else park_of(obj)
        if not url and hasattr(obj, "get_absolute_url"):
            url = obj.get_absolute_url()
    seen: set[int] = set()
    rows: list[Notification] = []
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        language = language_of(user)
        rows.append(
            Notification(
                recipient=user,
                park=park,
                kind=kind[:60],
                subject=render(subject, language)[:200],
                body=render(body, language),
                url=url[:500],
                object_type=obj._meta.label_lower if obj is not None else "",
                object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            )
        )
    for row in rows:
        row.save()
    created = rows
    # The audit trail and the park's group chats read the platform's language.
    subject, body = render(subject), render(body)
    if created or park is not None:
        audit.record(
            action="event",
            event="notify",
            obj=obj,
            by=None,
            park_id=park.pk if park is not None else None,
            after={"kind": kind, "subject": subject, "recipients": sorted(seen)},
            object_type=obj._meta.label_lower if obj is not None else "notifications.notification",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=str(obj) if obj is not None else subject,
        )
    ids = [n.pk for n in created]
    park_id = park.pk if park is not None else None
    transaction.on_commit(lambda: _enqueue(ids, park_id, kind, subject, body, url))
    return created


def _enqueue(ids: list[int], park_id: int | None, kind: str, subject: str, body: str, url: str) -> None:
    from parkops.notifications import tasks

    try:
        if ids:
            tasks.deliver_email(ids)
        if park_id is not None:
            tasks.deliver_webhooks(park_id, kind, subject, body, url)
    except Exception:  # the queue being down must not fail the request that committed
        log.exception("could not enqueue notification delivery")


# --- Delivery (run by the task queue) -------------------------------------------------------


def send_emails(notification_ids: list[int]) -> None:
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("recipient"):
        email = (notification.recipient.email or "").strip()
        if not email or notification.emailed_at:
            continue
        text = notification.body
        link = absolute_url(notification.url)
        if link:
            see = render(Message("查看：%(link)s", link=link), language_of(notification.recipient))
            text = f"{text}\n\n{see}" if text else see
        try:
            send_mail(f"[ParkOps] {notification.subject}", text or notification.subject, None, [email])
        except Exception as exc:  # noqa: BLE001 (any transport failure is recorded, never raised)
            error = f"{type(exc).__name__}: {exc}"[:300]
            Notification.objects.filter(pk=notification.pk).update(email_error=error)
            _log_delivery(
                notification.park_id, Delivery.Channel.EMAIL, None, email, notification.subject, error
            )
        else:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=clock.now(), email_error="")
            _log_delivery(notification.park_id, Delivery.Channel.EMAIL, None, email, notification.subject, "")


def markdown_text(subject: str, body: str, url: str) -> str:
    parts = [f"**{subject}**"]
    if body:
        parts.append(body)
    link = absolute_url(url)
    if link:
        parts.append(f"[{render(Message('查看详情'))}]({link})")
    return "\n\n".join(parts)


def webhook_payload(endpoint: WebhookEndpoint, subject: str, body: str, url: str) -> dict:
    """The robot's markdown message: WeCom's ``markdown.content``, DingTalk's ``title`` + ``text``."""
    text = markdown_text(subject, body, url)
    if endpoint.kind == WebhookEndpoint.Kind.DINGTALK:
        return {"msgtype": "markdown", "markdown": {"title": subject, "text": text}}
    return {"msgtype": "markdown", "markdown": {"content": text}}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk 加签: Base64(HMAC-SHA256(key=secret, msg="{timestamp}\\n{secret}")), URL-encoded."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode())


def signed_url(endpoint: WebhookEndpoint, timestamp_ms: int | None = None) -> str:
    if endpoint.kind != WebhookEndpoint.Kind.DINGTALK or not endpoint.secret:
        return endpoint.url
    timestamp_ms = timestamp_ms if timestamp_ms is not None else int(time.time() * 1000)
    sep = "&" if "?" in endpoint.url else "?"
    return f"{endpoint.url}{sep}timestamp={timestamp_ms}&sign={dingtalk_sign(endpoint.secret, timestamp_ms)}"


def post_webhook(endpoint: WebhookEndpoint, subject: str, body: str, url: str) -> str:
    """Post one message; returns "" on success or the reason it failed (never raises)."""
    data = json.dumps(webhook_payload(endpoint, subject, body, url), ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 (an http(s) URL validated on the endpoint)
        signed_url(endpoint), data=data, headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:  # noqa: S310
            raw = response.read(10000)
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"[:300]
    # Both robots answer HTTP 200 with {"errcode": 0, "errmsg": "ok"}; anything else is a failure.
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return "返回内容不是 JSON"
    if isinstance(answer, dict) and answer.get("errcode", 0) not in (0, "0"):
        return f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}"[:300]
    return ""


def send_webhooks(park_id: int, kind: str, subject: str, body: str, url: str) -> None:
    for endpoint in WebhookEndpoint.objects.filter(park_id=park_id, enabled=True):
        if not endpoint.accepts(kind):
            continue
        error = post_webhook(endpoint, subject, body, url)
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            last_status=WebhookEndpoint.LastStatus.FAILED if error else WebhookEndpoint.LastStatus.OK,
            last_attempt_at=clock.now(),
            last_error=error,
        )
        _log_delivery(park_id, endpoint.kind, endpoint, endpoint.name, subject, error)


def _log_delivery(park_id, channel, endpoint, target, subject, error) -> None:
    if error:
        log.warning("notification delivery by %s to %s failed: %s", channel, target, error)
    Delivery.objects.create(
        park_id=park_id,
        channel=channel,
        endpoint=endpoint,
        target=str(target)[:200],
        subject=subject[:200],
        result=Delivery.Result.FAILED if error else Delivery.Result.OK,
        detail=error,
    )


# --- Reading and marking -------------------------------------------------------------------


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.restrict(user).filter(read_at__isnull=True).count()


@transaction.atomic
def mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications (all unread, or those ``ids``) as read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    marked = list(qs.values_list("pk", flat=True))
    count = qs.update(read_at=clock.now())
    if count:
        audit.record(
            action="event",
            event="notifications_read",
            by=user,
            park_id=None,
            after={"ids": marked[:200], "count": count},
            object_type="notifications.notification",
            object_id="",
            # Stored once for every reader of the audit trail: the platform's language.
            object_repr=render(Message("%(user)s 标记 %(count)s 条通知为已读", user=user, count=count)),
        )
    return count


@transaction.atomic
def send_test_message(*, endpoint: WebhookEndpoint, by) -> str:
    """Send a test message to one endpoint now; returns "" or the failure reason."""
    from parkops.core.services import record_event

    # The group reads the platform's language, whatever the sender reads.
    subject = render(Message("ParkOps 测试消息"))
    error = post_webhook(
        endpoint, subject, render(Message("%(user)s 发送的群机器人连通性测试。", user=by)), ""
    )
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        last_status=WebhookEndpoint.LastStatus.FAILED if error else WebhookEndpoint.LastStatus.OK,
        last_attempt_at=clock.now(),
        last_error=error,
    )
    _log_delivery(endpoint.park_id, endpoint.kind, endpoint, endpoint.name, subject, error)
    record_event(event="webhook_test", obj=endpoint, by=by, detail={"ok": not error, "error": error})
    return error
