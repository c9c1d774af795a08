from django.urls import path

from parkops.core.views import object_urls
from parkops.notifications import views
from parkops.notifications.models import Delivery, WebhookEndpoint

app_name = "notifications"

urlpatterns = [
    path("", views.my_notifications, name="mine"),
    path("badge/", views.badge, name="badge"),
    path("<int:pk>/read/", views.read, name="read"),
    path("read-all/", views.read_all, name="read_all"),
    *object_urls(
        "webhooks",
        WebhookEndpoint,
        list_view=views.WebhookList,
        detail_view=views.WebhookDetail,
        edit_view=views.WebhookEdit,
        delete_view=views.WebhookDelete,
    ),
    path("webhooks/<int:pk>/test/", views.webhook_test, name="webhookendpoint_test"),
    path("deliveries/", views.DeliveryList.as_view(model=Delivery), name="delivery_list"),
]
