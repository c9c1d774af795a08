"""Delivery jobs for the task queue (huey). They never raise: failures are recorded."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from parkops.notifications import services


@db_task()
def deliver_email(notification_ids: list[int]) -> None:
    services.send_emails(notification_ids)


@db_task()
def deliver_webhooks(park_id: int, kind: str, subject: str, body: str, url: str) -> None:
    services.send_webhooks(park_id, kind, subject, body, url)
