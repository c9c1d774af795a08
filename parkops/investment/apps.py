from django.apps import AppConfig


class InvestmentConfig(AppConfig):
    name = "parkops.investment"
    label = "investment"
    verbose_name = "招商与客户"
