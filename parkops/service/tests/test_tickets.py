"""Enquiries and complaints: submitted by tenants, handled by customer service, confirmed by
the enterprise or reopened; response times; the complaint ledger; tenant isolation."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parkops.core import clock
from parkops.core.queues import autodiscover, queues_for
from parkops.service import services
from parkops.service.models import Ticket

S = Ticket.State


def complaint(world, **kw):
    data = {
        "kind": Ticket.Kind.COMPLAINT,
        "subject": "电梯等候时间过长",
        "content": "早高峰 A 栋电梯要等 10 分钟",
    }
    data.update(kw)
    return services.submit_ticket(by=world.tenant_a, **data)


def test_ticket_loop_with_reopen_and_confirmation(svc, sent):
    t0 = timezone.now() - dt.timedelta(minutes=50)
    ticket = complaint(svc, received_at=t0)
    assert (ticket.enterprise, ticket.park, ticket.state) == (svc.ent_a, svc.alpha, S.NEW)
    assert ticket.response_due_at == t0 + dt.timedelta(minutes=30)
    assert sent and sent[0]["kind"] == "service.ticket_submitted"
    with pytest.raises(PermissionDenied):
        services.accept_ticket(ticket=ticket, by=svc.tenant_a)
    services.accept_ticket(ticket=ticket, by=svc.kefu)
    ticket.refresh_from_db()
    assert ticket.state == S.ACCEPTED and ticket.response_minutes == 50 and ticket.response_overdue
    services.note_ticket(ticket=ticket, by=svc.kefu, note="已联系工程部调整电梯群控")
    with pytest.raises(ValidationError):
        services.reply_ticket(ticket=ticket, by=svc.kefu, reply=" ")
    services.reply_ticket(ticket=ticket, by=svc.kefu, reply="已调整高峰运行模式")
    with pytest.raises(PermissionDenied):
        services.confirm_ticket(ticket=ticket, by=svc.tenant_b)
    services.reopen_ticket(ticket=ticket, by=svc.tenant_a, reason="仍需等待 8 分钟")
    ticket.refresh_from_db()
    assert ticket.state == S.REOPENED and ticket.reopen_count == 1
    services.accept_ticket(ticket=ticket, by=svc.kefu)
    ticket.refresh_from_db()
    assert ticket.response_minutes == 50  # the first response counts
    services.reply_ticket(ticket=ticket, by=svc.kefu, reply="增开 3 号梯高峰直达")
    services.confirm_ticket(ticket=ticket, by=svc.tenant_a)
    ticket.refresh_from_db()
    assert ticket.state == S.CONFIRMED and ticket.confirmed_at is not None
    assert [e.action for e in ticket.events.order_by("created_at", "pk")] == [
        "提交",
        "受理",
        "处理进展",
        "回复",
        "重新打开",
        "受理",
        "回复",
        "企业确认",
    ]


def test_tenants_see_only_their_own_tickets(svc):
    mine = complaint(svc)
    services.submit_ticket(by=svc.tenant_b, kind="enquiry", subject="停车月卡", content="如何办理")
    phone = services.submit_ticket(
        by=svc.kefu,
        park=svc.alpha,
        kind="suggestion",
        subject="增加共享单车",
        content="电话建议",
        channel="phone",
        contact="访客",
    )
    assert list(Ticket.objects.restrict(svc.tenant_a)) == [mine]
    assert not Ticket.objects.restrict(svc.tenant_c).exists()
    assert Ticket.objects.restrict(svc.kefu).count() == 3
    assert Ticket.objects.restrict(svc.assessor).count() == 3
    assert not Ticket.objects.restrict(svc.assessor, "change").exists()
    # A tenant cannot file on behalf of another enterprise: the service ties it to its own.
    forced = services.submit_ticket(
        by=svc.tenant_b, kind="enquiry", subject="x", content="y", enterprise=svc.ent_a
    )
    assert forced.enterprise == svc.ent_b
    assert phone.enterprise is None


def test_complaint_ledger_and_export(svc, client):
    late = complaint(svc, received_at=timezone.now() - dt.timedelta(hours=2))
    quick = complaint(svc, subject="空调噪音")
    services.submit_ticket(by=svc.tenant_a, kind="enquiry", subject="发票", content="如何开票")
    services.accept_ticket(ticket=late, by=svc.kefu)
    services.accept_ticket(ticket=quick, by=svc.kefu)
    client.force_login(svc.kefu)
    page = client.get(reverse("service:complaint_ledger"))
    assert page.status_code == 200
    assert {row["object"] for row in page.context["rows"]} == {late, quick}
    stats = page.wsgi_request.complaint_stats
    assert (stats["total"], stats["answered"], stats["on_time"]) == (2, 2, 1)
    assert "按时响应率" in page.content.decode()
    export = client.get(reverse("service:complaint_ledger"), {"export": "xlsx"})
    assert export.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.content)).active
    header = [c.value for c in sheet[1]]
    assert "响应用时（分钟）" in header and "按时响应" in header
    assert sheet.max_row == 3


def test_ticket_pages_for_tenant(svc, client):
    client.force_login(svc.tenant_a)
    bad = client.post(reverse("service:ticket_add"), {"kind": "complaint", "subject": "", "content": "x"})
    assert bad.status_code == 200 and "subject" in bad.context["form"].errors
    response = client.post(
        reverse("service:ticket_add"), {"kind": "complaint", "subject": "噪音", "content": "装修噪音"}
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and ticket.enterprise == svc.ent_a
    services.accept_ticket(ticket=ticket, by=svc.kefu)
    services.reply_ticket(ticket=ticket, by=svc.kefu, reply="已要求施工方错峰")
    assert "confirm" in client.get(ticket.get_absolute_url()).context["actions"]
    client.post(ticket.get_absolute_url(), {"action": "confirm"})
    ticket.refresh_from_db()
    assert ticket.state == S.CONFIRMED
    client.force_login(svc.tenant_b)
    assert client.get(ticket.get_absolute_url()).status_code == 404


def test_api_lists_only_own_tickets(svc, client):
    mine = complaint(svc)
    client.force_login(svc.tenant_b)
    assert client.get("/api/service/tickets/").json()["count"] == 0
    client.force_login(svc.tenant_a)
    assert [r["number"] for r in client.get("/api/service/tickets/").json()["results"]] == [mine.number]
    client.force_login(svc.kefu)
    assert client.get("/api/service/value-added/").status_code == 200
    assert client.get("/api/schema/").status_code == 200


def test_home_queue_names_each_enterprise_in_one_query(svc, sent):
    """Tickets to answer name their enterprise: read with the tickets, not once per ticket."""
    autodiscover()
    complaint(svc)
    services.submit_ticket(by=svc.tenant_b, kind="enquiry", subject="停车月卡", content="如何办理")
    with CaptureQueriesContext(connection) as queries:
        [queue] = [q for q in queues_for(svc.kefu, clock.localdate()) if q.queue.key == "service.tickets"]
    assert sorted(i.detail for i in queue.items) == ["乙企业", "甲企业"]
    assert sum('FROM "service_ticket"' in q["sql"] for q in queries.captured_queries) == 1
    assert not any('FROM "core_enterprise"' in q["sql"] for q in queries.captured_queries)
