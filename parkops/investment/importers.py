"""Excel importers of the investment app: customers (招商客户) and leases (租赁合同).

Both write row by row through the domain services (``create_customer``, ``sign_lease``),
inside the import's single transaction, so each row leaves the same stage history, unit
states and audit entries as a customer or lease entered on its page.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from parkops.core.models import Unit
from parkops.imports.framework import Column, ImportContext, Importer, Lookup, RowErrors, Unique, register
from parkops.investment import selectors, services
from parkops.investment.models import Customer, Lease, PollutionCategory, Stage


def _current_industries(qs, ctx):
    return qs.filter(catalogue__is_current=True)


def _existing_customer_codes(ctx: ImportContext) -> set[tuple]:
    codes = (
        Customer.objects.filter(park=ctx.park).exclude(credit_code="").values_list("credit_code", flat=True)
    )
    return {(c.upper(),) for c in codes}


@register
class CustomerImporter(Importer):
    key = "investment.customers"
    title = _("招商客户")
    description = _("目标客户和意向客户；入驻客户须通过签订租赁合同产生，不能导入。")
    model = Customer
    result_url_name = "investment:customer_list"
    columns = (
        Column("客户名称", "name", required=True, example="深圳市示例芯片科技有限公司"),
        Column("统一社会信用代码", "credit_code", example="91440300MA50001019", help="签约前可暂缺"),
        Column(
            "所属产业",
            "industry",
            type="lookup",
            lookup=Lookup("core.Industry", "name", scope=_current_industries, label=_("产业（现行目录）")),
            example="半导体与集成电路",
        ),
        Column("行业说明", "industry_note", example="芯片设计"),
        Column(
            "环保类别",
            "pollution",
            type="choice",
            choices=PollutionCategory.choices,
            default=PollutionCategory.NONE,
            example="无污染",
        ),
        Column("联系人", "contact_name", example="王小明"),
        Column("联系电话", "contact_phone", example="13800138000"),
        Column(
            "客户来源",
            "source",
            type="choice",
            choices=Customer.Source.choices,
            default=Customer.Source.OWN,
            example="自主拓展",
        ),
        Column(
            "客户阶段",
            "stage",
            type="choice",
            choices=[(Stage.TARGET, Stage.TARGET.label), (Stage.INTENT, Stage.INTENT.label)],
            default=Stage.TARGET,
            example="意向客户",
        ),
        Column("招商负责人账号", "owner_username", example="zhaoshang", help="本园区招商人员的登录账号"),
        Column("需求面积", "need_area", type="decimal", example="500", help="平方米"),
        Column("备注", "note"),
    )
    unique = (
        Unique(
            fields=("credit_code",),
            columns=("统一社会信用代码",),
            existing=_existing_customer_codes,
            message="本园区已有使用此统一社会信用代码的客户",
        ),
    )

    def prepare(self, ctx: ImportContext) -> None:
        from parkops.accounts.models import User

        users = User.objects.filter(parks=ctx.park, is_active=True)
        ctx.cache["owners"] = {u.username: u for u in users}

    def row_data(self, values: dict, ctx: ImportContext, errors: RowErrors) -> dict | None:
        data = {k: ("" if v is None and k in _TEXT else v) for k, v in values.items()}
        data["credit_code"] = (data.get("credit_code") or "").replace(" ", "").upper()
        username = (data.pop("owner_username") or "").strip()
        data["owner"] = None
        if username:
            data["owner"] = ctx.cache["owners"].get(username)
            if data["owner"] is None:
                errors.add("招商负责人账号", f"本园区没有账号“{username}”")
        if data.get("need_area") is not None and data["need_area"] < 0:
            errors.add("需求面积", "不能为负数")
        return {**data, "park": ctx.park}

    def save_rows(self, rows, *, by, park, progress) -> int:
        for done, data in enumerate(rows, start=1):
            services.create_customer(data=data, by=by)
            if done % 50 == 0:
                progress(done)
        progress(len(rows))
        return len(rows)


_TEXT = {"credit_code", "industry_note", "contact_name", "contact_phone", "note", "owner_username"}


def _existing_lease_numbers(ctx: ImportContext) -> set[tuple]:
    return {(n.upper(),) for n in Lease.objects.filter(park=ctx.park).values_list("number", flat=True)}


@register
class LeaseImporter(Importer):
    key = "investment.leases"
    title = _("租赁合同")
    description = _(
        "承租企业须已在系统中（入驻企业）；房号填系统中的房号，多个用顿号或逗号分隔。"
        "同一房源的租期不得与已有合同或本文件中的其他合同重叠。"
    )
    model = Lease
    result_url_name = "investment:lease_list"
    columns = (
        Column("合同编号", "number", required=True, example="ZL2026-0101"),
        Column(
            "承租企业信用代码",
            "enterprise",
            type="lookup",
            required=True,
            lookup=Lookup("core.Enterprise", "credit_code"),
            example="91440300MA50001019",
        ),
        Column("房号", "unit_codes", required=True, example="A-301、A-302"),
        Column("起租日", "start", type="date", required=True, example="2026-01-01"),
        Column("到期日", "end", type="date", required=True, example="2028-12-31"),
        Column("月租金单价", "rent_per_m2", type="decimal", required=True, example="98.00", help="元/㎡·月"),
        Column(
            "年递增率",
            "escalation_pct",
            type="decimal",
            default=Decimal("0"),
            example="3",
            help="百分数，如 3 表示 3%",
        ),
        Column("押金", "deposit", type="decimal", default=Decimal("0"), example="60000", help="元"),
        Column("签约日期", "signed_on", type="date", example="2025-12-15", help="留空为起租日"),
    )
    unique = (
        Unique(
            fields=("number",),
            columns=("合同编号",),
            existing=_existing_lease_numbers,
            message="本园区已有此合同编号",
        ),
    )

    def prepare(self, ctx: ImportContext) -> None:
        units = ctx.restricted(Unit).select_related("floor__building", "enterprise")
        by_code: dict[str, list[Unit]] = {}
        for unit in units:
            by_code.setdefault(unit.code.strip().upper(), []).append(unit)
        ctx.cache["units"] = by_code
        ctx.cache["claimed"] = []  # (unit pk, start, end, row's contract number) in this file

    def row_data(self, values: dict, ctx: ImportContext, errors: RowErrors) -> dict | None:
        data = dict(values)
        codes = [
            c.strip().upper()
            for c in str(data.pop("unit_codes") or "").replace("，", ",").replace("、", ",").split(",")
        ]
        units = []
        for code in filter(None, codes):
            found = ctx.cache["units"].get(code, [])
            if not found:
                errors.add("房号", f"本园区没有房号“{code}”")
            elif len(found) > 1:
                errors.add("房号", f"房号“{code}”在多个楼层重复，请联系管理员")
            else:
                units.append(found[0])
        start, end, enterprise = data.get("start"), data.get("end"), data.get("enterprise")
        if start and end and end < start:
            errors.add("到期日", "到期日不能早于起租日")
            return None
        if not units or errors or enterprise is None:
            return None
        for unit in units:
            if unit.state == Unit.State.SELF_USED:
                errors.add("房号", f"{unit} 为运营方自用房源，不能出租")
            elif (
                unit.state == Unit.State.LEASED
                and unit.enterprise_id != enterprise.pk
                and not unit.lease_units.exists()
            ):
                errors.add("房号", f"{unit} 当前已租给{unit.enterprise}（无合同记录）")
        for row in selectors.unit_conflicts(units, start, end):
            errors.add(
                "房号",
                f"{row.unit} 与已有合同 {row.lease.number}（{row.start:%Y-%m-%d}—{row.end:%Y-%m-%d}）租期重叠",
            )
        for unit in units:
            for pk, a, b, number in ctx.cache["claimed"]:
                if pk == unit.pk and a <= end and start <= b:
                    errors.add("房号", f"{unit} 与本文件中的合同 {number} 租期重叠")
        if errors:
            return None
        ctx.cache["claimed"].extend((u.pk, start, end, data["number"]) for u in units)
        data["signed_on"] = data.get("signed_on") or start
        area = sum((u.area for u in units), Decimal("0"))
        # ``_units`` is not a model field: instance() drops it, save_rows uses it.
        return {**data, "park": ctx.park, "area": area, "_units": units}

    def instance(self, data: dict) -> Lease:
        return Lease(**{k: v for k, v in data.items() if not k.startswith("_")})

    def save_rows(self, rows, *, by, park, progress) -> int:
        for done, data in enumerate(rows, start=1):
            enterprise = data["enterprise"]
            customer = Customer.objects.filter(enterprise=enterprise).first()
            if customer is None:
                customer = services.create_customer(
                    data={
                        "park": park,
                        "name": enterprise.name,
                        "credit_code": enterprise.credit_code,
                        "industry": enterprise.industry,
                        "industry_note": enterprise.industry_note,
                        "stage": Stage.INTENT,
                        "enterprise": enterprise,
                    },
                    by=by,
                )
            services.sign_lease(
                customer=customer,
                units=data["_units"],
                start=data["start"],
                end=data["end"],
                rent_per_m2=data["rent_per_m2"],
                escalation_pct=data["escalation_pct"] or Decimal("0"),
                deposit=data["deposit"] or Decimal("0"),
                signed_on=data["signed_on"] or data["start"],
                number=data["number"],
                by=by,
                note="导入租赁合同",
            )
            if done % 50 == 0:
                progress(done)
        progress(len(rows))
        return len(rows)
