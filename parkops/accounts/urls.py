from django.urls import path

from parkops.accounts import user_views, views

app_name = "accounts"
urlpatterns = [
    path("users/", user_views.UserList.as_view(), name="user_list"),
    path("users/add/", user_views.UserEdit.as_view(), name="user_add"),
    path("users/<int:pk>/", user_views.UserDetail.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", user_views.UserEdit.as_view(), name="user_edit"),
    path("users/<int:pk>/password/", user_views.UserPassword.as_view(), name="user_password"),
    path("api-keys/", views.api_keys, name="api_keys"),
    path("api-keys/<str:prefix>/revoke/", views.api_key_revoke, name="api_key_revoke"),
]
