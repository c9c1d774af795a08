"""My notifications, the unread badge (htmx), and group-robot management for administrators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from parkops.core.scope import ADD, can_write_model
from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from parkops.notifications import services
from parkops.notifications.filters import DeliveryFilterSet, WebhookEndpointFilterSet
from parkops.notifications.forms import WebhookEndpointForm
from parkops.notifications.models import Notification, WebhookEndpoint


@login_required
def my_notifications(request):
    qs = Notification.objects.restrict(request.user).filter(recipient=request.user)
    show = request.GET.get("show", "")
    if show == "unread":
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs.select_related("park"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/my_notifications.html",
        {"page_obj": page, "show": show, "unread": services.unread_count(request.user)},
    )


@login_required
def badge(request):
    """htmx partial: the unread count for the bell in the top bar."""
    return render(request, "notifications/badge.html", {"unread": services.unread_count(request.user)})


@login_required
@require_POST
def read(request, pk):
    notification = get_object_or_404(
        Notification.objects.restrict(request.user), pk=pk, recipient=request.user
    )
    services.mark_read(user=request.user, ids=[notification.pk])
    target = notification.url if request.POST.get("open") and notification.url else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    if request.htmx:
        return render(request, "notifications/item.html", {"n": Notification.objects.get(pk=pk)})
    return redirect("notifications:mine")


read.model = Notification  # for the route enumeration in the isolation tests


@login_required
@require_POST
def read_all(request):
    count = services.mark_read(user=request.user)
    messages.success(request, gettext("已将 %(count)s 条通知标记为已读") % {"count": count})
    return redirect("notifications:mine")


class AdminOnly:
    """Group robots hold keys: only those who may configure them see them."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_write_model(request.user, WebhookEndpoint, ADD):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class WebhookList(AdminOnly, ObjectListView):
    columns = ("name", "kind", "park", "enabled", "last_status", "last_attempt_at", "last_error")
    select_related = ("park",)
    filterset_class = WebhookEndpointFilterSet


class WebhookDetail(AdminOnly, ObjectDetailView):
    template_name = "notifications/webhook_detail.html"
    fields = ("park", "name", "kind", "kinds", "enabled", "last_status", "last_attempt_at", "last_error")
    related = (("deliveries", "最近投递"),)


class WebhookEdit(AdminOnly, ObjectEditView):
    form_class = WebhookEndpointForm


class WebhookDelete(AdminOnly, ObjectDeleteView):
    pass


@login_required
@require_POST
def webhook_test(request, pk):
    endpoint = get_object_or_404(WebhookEndpoint.objects.restrict(request.user, "change"), pk=pk)
    error = services.send_test_message(endpoint=endpoint, by=request.user)
    if error:
        messages.error(request, gettext("测试消息发送失败：%(error)s") % {"error": error})
    else:
        messages.success(request, gettext("测试消息已发送"))
    return redirect(endpoint.get_absolute_url())


webhook_test.model = WebhookEndpoint


class DeliveryList(AdminOnly, ObjectListView):
    columns = ("created_at", "channel", "target", "subject", "result", "detail")
    filterset_class = DeliveryFilterSet
