"""The park's own importers: units (房源) and tenants (入驻企业). Other apps declare theirs in
their own ``importers.py`` (customers and leases in parkops/investment)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from parkops.core.models import Enterprise, Floor, Unit
from parkops.imports.framework import Column, ImportContext, Importer, Lookup, RowErrors, Unique, register


def _existing_units(ctx: ImportContext) -> set[tuple]:
    rows = Unit.objects.filter(floor__building__park=ctx.park).values_list("floor_id", "code")
    return {(floor_id, code.strip().upper()) for floor_id, code in rows}


@register
class UnitImporter(Importer):
    key = "units"
    title = _("房源")
    description = _("楼栋、楼层须已在系统中建立；已租房源填写使用企业的统一社会信用代码。")
    model = Unit
    result_url_name = "core:unit_list"
    columns = (
        Column("楼栋编号", "building_code", required=True, example="A", help="系统中已有楼栋的编号"),
        Column("楼层", "floor_number", type="int", required=True, example=3, help="地下层用负数，如 -1"),
        Column("房号", "code", required=True, example="A-301"),
        Column("面积", "area", type="decimal", required=True, example="268.50", help="建筑面积，平方米"),
        Column(
            "用途",
            "use",
            type="choice",
            choices=Unit.Use.choices,
            default=Unit.Use.OFFICE,
            example="办公",
            help="留空为“办公”",
        ),
        Column(
            "状态",
            "state",
            type="choice",
            choices=Unit.State.choices,
            default=Unit.State.VACANT,
            example="已租",
            help="留空为“空置”；已租须填使用企业",
        ),
        Column(
            "使用企业信用代码",
            "enterprise",
            type="lookup",
            lookup=Lookup("core.Enterprise", "credit_code"),
            example="91440300MA50001019",
            help="本园区已有入驻企业的统一社会信用代码",
        ),
        Column("挂牌租金", "listed_rent", type="decimal", example="98.00", help="元/㎡·月"),
    )
    unique = (
        Unique(
            fields=("floor", "code"),
            columns=("房号", "楼栋编号", "楼层"),
            existing=_existing_units,
            message="该楼层已有此房号",
        ),
    )

    def prepare(self, ctx: ImportContext) -> None:
        floors = ctx.restricted(Floor).select_related("building")
        ctx.cache["floors"] = {(f.building.code.upper(), f.number): f for f in floors}
        ctx.cache["buildings"] = {code for code, _ in ctx.cache["floors"]}

    def row_data(self, values: dict, ctx: ImportContext, errors: RowErrors) -> dict | None:
        building = values.pop("building_code").strip().upper()
        number = values.pop("floor_number")
        floor = ctx.cache["floors"].get((building, number))
        if floor is None:
            if building not in ctx.cache["buildings"]:
                errors.add("楼栋编号", f"本园区没有编号为“{building}”的楼栋")
            else:
                errors.add("楼层", f"楼栋 {building} 没有第 {number} 层，请先在系统中建立该楼层")
            return None
        return {**values, "floor": floor}


def _current_industries(qs, ctx):
    return qs.filter(catalogue__is_current=True)


def _existing_credit_codes(ctx: ImportContext) -> set[tuple]:
    codes = Enterprise.objects.filter(park=ctx.park).values_list("credit_code", flat=True)
    return {(c.strip().upper(),) for c in codes}


@register
class EnterpriseImporter(Importer):
    key = "tenants"
    title = _("入驻企业")
    description = _("所属产业按现行产业目录中的名称填写。")
    model = Enterprise
    result_url_name = "core:enterprise_list"
    columns = (
        Column("企业名称", "name", required=True, example="深圳市示例科技有限公司"),
        Column(
            "统一社会信用代码",
            "credit_code",
            required=True,
            example="91440300MA50001019",
            help="18 位，系统会核对校验位",
        ),
        Column(
            "所属产业",
            "industry",
            type="lookup",
            lookup=Lookup("core.Industry", "name", scope=_current_industries, label="产业（现行目录）"),
            example="半导体与集成电路",
            help="现行产业目录中的产业名称",
        ),
        Column("法定代表人", "legal_representative", example="王小明"),
        Column("注册资本", "registered_capital", type="decimal", example="1000", help="万元"),
        Column("成立日期", "established_on", type="date", example="2018-05-20"),
        Column("入驻日期", "moved_in_on", type="date", example="2024-03-01"),
        Column("在园人数", "headcount", type="int", default=0, example=45),
        Column("联系人", "contact_name", example="李娜"),
        Column("联系电话", "contact_phone", example="13800138000", help="手机 11 位或座机如 0755-86001234"),
    )
    unique = (
        Unique(
            fields=("credit_code",),
            columns=("统一社会信用代码",),
            existing=_existing_credit_codes,
            message="本园区已有使用此统一社会信用代码的企业",
        ),
    )

    def row_data(self, values: dict, ctx: ImportContext, errors: RowErrors) -> dict | None:
        data = {k: ("" if v is None and k in _BLANK_TEXT else v) for k, v in values.items()}
        data["credit_code"] = data["credit_code"].replace(" ", "").upper()
        if data["headcount"] is not None and data["headcount"] < 0:
            errors.add("在园人数", "不能为负数")
        if (
            data.get("established_on")
            and data.get("moved_in_on")
            and data["moved_in_on"] < data["established_on"]
        ):
            errors.add("入驻日期", "入驻日期早于成立日期")
        if isinstance(data.get("registered_capital"), Decimal):
            data["registered_capital"] = data["registered_capital"].quantize(Decimal("0.01"))
        return {**data, "park": ctx.park}


_BLANK_TEXT = {"legal_representative", "contact_name", "contact_phone"}
