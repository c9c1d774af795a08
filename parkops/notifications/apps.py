from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "parkops.notifications"
    label = "notifications"
    verbose_name = "通知"
