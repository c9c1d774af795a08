from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "parkops.service"
    label = "service"
    verbose_name = "客户服务"
