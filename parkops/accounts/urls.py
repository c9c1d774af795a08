from django.urls import path

from parkops.accounts import views

app_name = "accounts"
urlpatterns = [
    path("api-keys/", views.api_keys, name="api_keys"),
    path("api-keys/<str:pk>/revoke/", views.api_key_revoke, name="api_key_revoke"),
]
