from django.urls import path

from parkops.audit import views

app_name = "audit"
urlpatterns = [path("", views.AuditLogView.as_view(), name="entry_list")]
