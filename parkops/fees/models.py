"""Fees and commercial operation (clauses 6.1.7, 5.4; indicator 12): published fee standards,
bills whose every line traces to a standard (or, for rent, to a lease) and never exceeds it,
payments, utility readings and the revenue ledger by business line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core.models import Enterprise, Park, RestrictedModel, Unit
from parkops.core.scope import DepartmentKind

ZERO = Decimal("0")
BILLING = (DepartmentKind.ADMINISTRATION, DepartmentKind.SERVICE)


class FeeKind(models.TextChoices):
    RENT = "rent", _("租金")
    WATER = "water", _("水费")
    ELECTRICITY = "electricity", _("电费")
    PARKING = "parking", _("停车费")
    DECORATION = "decoration", _("装修管理费")
    PROPERTY = "property", _("物业服务费")
    OTHER = "other", _("其他")


class ChargeUnit(models.TextChoices):
    YUAN_PER_TONNE = "yuan_t", _("元/吨")
    YUAN_PER_KWH = "yuan_kwh", _("元/kWh")
    YUAN_PER_MONTH = "yuan_month", _("元/月")
    YUAN_PER_M2_MONTH = "yuan_m2_month", _("元/㎡·月")
    YUAN_PER_M2 = "yuan_m2", _("元/㎡")
    YUAN_PER_HOUR = "yuan_hour", _("元/小时")
    YUAN_PER_TIME = "yuan_time", _("元/次")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


class FeeStandard(RestrictedModel):
    """公示的收费标准 (clause 6.1.7): what the park may charge for a kind of fee, from when, and
    where it is published. Every non-rent bill line names the standard it charges under."""

    write_departments = (DepartmentKind.ADMINISTRATION,)
    tenant_visible = True

    park = models.ForeignKey(Park, models.CASCADE, related_name="fee_standards", verbose_name=_("园区"))
    kind = models.CharField(
        _("收费项目"), max_length=20, choices=[c for c in FeeKind.choices if c[0] != "rent"]
    )
    name = models.CharField(_("标准名称"), max_length=100)
    unit = models.CharField(_("计费单位"), max_length=20, choices=ChargeUnit.choices)
    price = models.DecimalField(
        _("单价（元）"), max_digits=10, decimal_places=4, validators=[MinValueValidator(ZERO)]
    )
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True, help_text=_("留空表示长期有效"))
    published_at = models.CharField(_("公示位置"), max_length=300, help_text=_("公示栏位置或公示网页地址"))
    approval_document = models.CharField(
        _("批准文件"), max_length=200, blank=True, help_text=_("如价格主管部门批复文号")
    )

    class Meta:
        verbose_name = _("收费标准")
        verbose_name_plural = pgettext_lazy("list", "收费标准")
        ordering = ["park", "kind", "-effective_from"]

    def clean(self) -> None:
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": gettext("失效日期不能早于生效日期")})
        if self.park_id and self.kind and self.name and self.effective_from:
            far = dt.date(9999, 12, 31)
            overlapping = FeeStandard.objects.filter(
                park_id=self.park_id, kind=self.kind, name=self.name
            ).filter(
                Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from),
                effective_from__lte=self.effective_to or far,
            )
            if self.pk:
                overlapping = overlapping.exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(
                    {
                        "effective_from": gettext(
                            "同名收费标准的有效期与已有标准重叠，请先为旧标准设置失效日期"
                        )
                    }
                )

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @property
    def price_text(self) -> str:
        return f"{self.price.normalize():f}{self.get_unit_display()}"

    def __str__(self) -> str:
        return f"{self.name}（{self.price_text}）"


class UtilityReading(RestrictedModel):
    """水电抄表: one unit's water or electricity use for a month. Entered by hand or imported
    for now; the telemetry app's meter readings will fill it later."""

    park_path = "unit__floor__building__park"
    enterprise_path = "enterprise"
    write_departments = BILLING + (DepartmentKind.ENGINEERING,)

    class Kind(models.TextChoices):
        WATER = "water", _("水")
        ELECTRICITY = "electricity", _("电")

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="utility_readings", verbose_name=_("房源"))
    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, related_name="utility_readings", verbose_name=_("用户企业")
    )
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    month = models.DateField(_("月份"), help_text=_("该月 1 日"))
    previous = models.DecimalField(
        _("上期读数"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    current = models.DecimalField(
        _("本期读数"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        verbose_name = _("水电抄表")
        verbose_name_plural = pgettext_lazy("list", "水电抄表")
        ordering = ["-month", "unit", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "month"], name="unique_reading_per_month")
        ]

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            self.month = month_start(self.month)
        if self.current is not None and self.previous is not None and self.current < self.previous:
            raise ValidationError({"current": gettext("本期读数不能小于上期读数")})

    @property
    def quantity(self) -> Decimal:
        return self.current - self.previous

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m} {self.get_kind_display()}"


class Bill(RestrictedModel):
    """月度账单 for one enterprise (clause 6.1.7); the tenant sees its own bills only."""

    enterprise_path = "enterprise"
    write_departments = BILLING

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已出账")
        PARTIAL = "partial", _("部分缴费")
        PAID = "paid", _("已缴清")
        OVERDUE = "overdue", _("已逾期")

    park = models.ForeignKey(Park, models.PROTECT, related_name="bills", verbose_name=_("园区"))
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="bills", verbose_name=_("企业"))
    number = models.CharField(_("账单编号"), max_length=40)
    period = models.DateField(_("账期"), help_text=_("该月 1 日"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    issued_on = models.DateField(_("出账日期"), null=True, blank=True)
    due_on = models.DateField(_("缴费截止日"), null=True, blank=True)
    total = models.DecimalField(_("应收合计（元）"), max_digits=14, decimal_places=2, default=ZERO)
    paid = models.DecimalField(_("已收（元）"), max_digits=14, decimal_places=2, default=ZERO)

    class Meta:
        verbose_name = _("账单")
        verbose_name_plural = pgettext_lazy("list", "账单")
        ordering = ["-period", "enterprise"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "period"], name="unique_bill_per_month"),
            models.UniqueConstraint(fields=["park", "number"], name="unique_bill_number"),
        ]

    def clean(self) -> None:
        if self.enterprise_id and self.park_id and self.enterprise.park_id != self.park_id:
            raise ValidationError({"enterprise": gettext("企业不在本园区")})
        if self.period and self.period.day != 1:
            raise ValidationError({"period": gettext("账期须为某月 1 日")})

    @property
    def outstanding(self) -> Decimal:
        return self.total - self.paid

    def __str__(self) -> str:
        return f"{self.number} {self.enterprise} {self.period:%Y-%m}"


class BillLine(RestrictedModel):
    """账单明细. A non-rent line names its :class:`FeeStandard` and its unit price never
    exceeds the standard's price in force in the bill's month; a rent line names its lease."""

    park_path = "bill__park"
    enterprise_path = "bill__enterprise"
    write_departments = BILLING

    bill = models.ForeignKey(Bill, models.CASCADE, related_name="lines", verbose_name=_("账单"))
    kind = models.CharField(_("收费项目"), max_length=20, choices=FeeKind.choices)
    description = models.CharField(_("说明"), max_length=200)
    quantity = models.DecimalField(
        _("数量"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    unit_price = models.DecimalField(
        _("单价（元）"), max_digits=12, decimal_places=4, validators=[MinValueValidator(ZERO)]
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    standard = models.ForeignKey(
        FeeStandard,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="bill_lines",
        verbose_name=_("收费标准"),
    )
    lease = models.ForeignKey(
        "investment.Lease",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="bill_lines",
        verbose_name=_("租赁合同"),
    )

    class Meta:
        verbose_name = _("账单明细")
        verbose_name_plural = pgettext_lazy("list", "账单明细")
        ordering = ["bill", "pk"]

    def clean(self) -> None:
        if self.kind == FeeKind.RENT:
            if not self.lease_id:
                raise ValidationError({"lease": gettext("租金明细须注明租赁合同")})
            if self.bill_id and self.lease.enterprise_id != self.bill.enterprise_id:
                raise ValidationError({"lease": gettext("租赁合同不属于该账单企业")})
            return
        if not self.standard_id:
            raise ValidationError({"standard": gettext("非租金收费须注明所依据的收费标准")})
        standard = self.standard
        if standard.kind != self.kind:
            raise ValidationError(
                {
                    "standard": gettext("收费标准《%(standard_name)s》不是“%(get_kind_display)s”的标准")
                    % {"standard_name": standard.name, "get_kind_display": self.get_kind_display()}
                }
            )
        if self.bill_id:
            bill = self.bill
            if standard.park_id != bill.park_id:
                raise ValidationError(
                    {
                        "standard": gettext("收费标准《%(standard_name)s》不属于本园区")
                        % {"standard_name": standard.name}
                    }
                )
            if not standard.in_force_on(bill.period):
                raise ValidationError(
                    {
                        "standard": gettext("收费标准《%(standard_name)s》在账期 %(period)s 不在有效期内")
                        % {"standard_name": standard.name, "period": format(bill.period, "%Y-%m")}
                    }
                )
        if self.unit_price is not None and self.unit_price > standard.price:
            raise ValidationError(
                {
                    "unit_price": gettext("超过收费标准《%(standard_name)s》（%(price_text)s）")
                    % {"standard_name": standard.name, "price_text": standard.price_text}
                }
            )

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.description}"


class Payment(RestrictedModel):
    """缴费记录 against a bill; the receipt is printed from it."""

    park_path = "bill__park"
    enterprise_path = "bill__enterprise"
    write_departments = BILLING

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("银行转账")
        WECHAT = "wechat", _("微信支付")
        ALIPAY = "alipay", _("支付宝")
        CASH = "cash", _("现金")

    bill = models.ForeignKey(Bill, models.PROTECT, related_name="payments", verbose_name=_("账单"))
    amount = models.DecimalField(
        _("金额（元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    paid_on = models.DateField(_("缴费日期"))
    method = models.CharField(_("缴费方式"), max_length=10, choices=Method.choices)
    reference = models.CharField(_("流水号"), max_length=60, blank=True)
    receipt_no = models.CharField(_("收据编号"), max_length=40)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("收款人"),
    )

    class Meta:
        verbose_name = _("缴费记录")
        verbose_name_plural = pgettext_lazy("list", "缴费记录")
        ordering = ["-paid_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["receipt_no"], name="unique_receipt_no")]

    def __str__(self) -> str:
        return f"{self.receipt_no}（{self.amount} 元）"


class BusinessLine(RestrictedModel):
    """商业化运营业态 (clause 5.4; indicator 12): leasing, services, advertising, parking …"""

    write_departments = (DepartmentKind.ADMINISTRATION,)

    class Kind(models.TextChoices):
        LEASING = "leasing", _("房屋租赁")
        PROPERTY = "property", _("物业服务")
        UTILITIES = "utilities", _("水电能源服务")
        PARKING = "parking", _("停车服务")
        ADVERTISING = "advertising", _("广告位运营")
        EVENTS = "events", _("会议活动场地")
        VALUE_ADDED = "value_added", _("企业增值服务")
        OTHER = "other", _("其他")

    park = models.ForeignKey(Park, models.CASCADE, related_name="business_lines", verbose_name=_("园区"))
    kind = models.CharField(_("业态"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("项目名称"), max_length=100)
    description = models.TextField(_("经营内容"), blank=True)
    active = models.BooleanField(_("经营中"), default=True)

    class Meta:
        verbose_name = _("经营业态")
        verbose_name_plural = pgettext_lazy("list", "经营业态")
        ordering = ["park", "kind"]
        constraints = [models.UniqueConstraint(fields=["park", "kind", "name"], name="unique_business_line")]

    def __str__(self) -> str:
        return self.name


class RevenueEntry(RestrictedModel):
    """月度经营收入台账 (indicator 12). ``source`` says whether the amount was rolled up from
    paid bills (``rollup``, rewritten by each roll-up) or entered by hand."""

    park_path = "line__park"
    write_departments = (DepartmentKind.ADMINISTRATION,)

    class Source(models.TextChoices):
        ROLLUP = "rollup", _("账单汇总")
        MANUAL = "manual", _("手工录入")

    line = models.ForeignKey(BusinessLine, models.CASCADE, related_name="revenue", verbose_name=_("业态"))
    month = models.DateField(_("月份"), help_text=_("该月 1 日"))
    amount = models.DecimalField(
        _("收入（元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("经营收入")
        verbose_name_plural = pgettext_lazy("list", "经营收入")
        ordering = ["-month", "line"]
        constraints = [
            models.UniqueConstraint(fields=["line", "month", "source"], name="unique_revenue_per_month")
        ]

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            self.month = month_start(self.month)

    def __str__(self) -> str:
        return f"{self.line} {self.month:%Y-%m}"
