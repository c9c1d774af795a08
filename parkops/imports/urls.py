from django.urls import path

from parkops.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/errors.xlsx", views.job_errors, name="job_errors"),
    path("<str:key>/", views.upload, name="upload"),
    path("<str:key>/template.xlsx", views.template_download, name="template"),
]
