"""The 数据分类分级保护制度 (clause 7.2.4; row 54) drafted from the classification itself, and
the inventory workbook: both read ``registry.py``, so they say what the platform enforces."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

from django.utils.translation import gettext as _

from parkops.datagov import registry
from parkops.datagov.registry import RANK, Level


def inventory() -> list[dict]:
    """One entry per dataset (model): its record level and every field with its class."""
    out = []
    for model in sorted(registry.platform_models(), key=lambda m: m._meta.label):
        fields = []
        for field in registry.model_fields(model):
            cls = registry.classify(model, field.name)
            fields.append(
                {
                    "name": field.name,
                    "label": str(getattr(field, "verbose_name", field.name)),
                    "class": cls,
                    "level": Level(cls.level).label if cls else _("未分级"),
                }
            )
        out.append(
            {
                "label": model._meta.label,
                "title": str(model._meta.verbose_name),
                "app": str(model._meta.app_config.verbose_name),
                "level": Level(registry.model_level(model)),
                "personal": sum(1 for f in fields if f["class"] and f["class"].personal),
                "sensitive": sum(1 for f in fields if f["class"] and f["class"].sensitive),
                "fields": fields,
            }
        )
    return out


def inventory_xlsx() -> bytes:
    from openpyxl import Workbook

    from parkops.core.excel import append_row

    wb = Workbook()
    ws = wb.active
    ws.title = _("数据集")
    append_row(
        ws, [_("数据集"), _("名称"), _("所属模块"), _("记录级别"), _("个人信息字段"), _("敏感个人信息字段")]
    )
    entries = inventory()
    for e in entries:
        append_row(
            ws, [e["label"], e["title"], e["app"], str(e["level"].label), e["personal"], e["sensitive"]]
        )
    fields = wb.create_sheet(_("字段"))
    append_row(
        fields,
        [
            _("数据集"),
            _("字段"),
            _("字段名称"),
            _("级别"),
            _("个人信息"),
            _("敏感个人信息"),
            _("脱敏方式"),
            _("依据/说明"),
        ],
    )
    for e in entries:
        for f in e["fields"]:
            cls = f["class"]
            append_row(
                fields,
                [
                    e["label"],
                    f["name"],
                    f["label"],
                    str(f["level"]),
                    _("是") if cls and cls.personal else _("否"),
                    _("是") if cls and cls.sensitive else _("否"),
                    str(registry.Mask(cls.mask).label) if cls and cls.mask else "",
                    cls.note if cls else "",
                ],
            )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def protection_docx(park, as_of: dt.date) -> bytes:
    """The park's 数据分类分级保护制度, from the classification the platform enforces."""
    from docx import Document

    entries = inventory()
    levels = Counter(e["level"] for e in entries)
    doc = Document()
    doc.add_heading(f"{park.name} 数据分类分级保护制度", 0)
    doc.add_paragraph(
        f"依据：GB/T 43697-2024《数据安全技术 数据分类分级规则》、《个人信息保护法》、《产业园区运营规范》7.2.4。生成日期：{as_of:%Y-%m-%d}。"
    )
    doc.add_heading("一、适用范围", 1)
    doc.add_paragraph(
        f"本制度适用于园区运营平台存储和处理的全部数据：{len(entries)} 个数据集、"
        f"{sum(len(e['fields']) for e in entries)} 个字段，以及通过开放数据接口对外提供的数据。"
    )
    doc.add_heading("二、数据分级", 1)
    doc.add_paragraph("数据按泄露、篡改或滥用可能造成的危害分为三级：核心数据 > 重要数据 > 一般数据。")
    doc.add_paragraph(
        "核心数据：平台凭据与密钥（口令散列、接口密钥散列、机器人密钥、审计签名），泄露将危及整个平台。"
    )
    doc.add_paragraph("重要数据：企业经营与合同信息（账单金额、缴费、合同租金与押金）、安防布点、审计记录。")
    doc.add_paragraph("一般数据：其余业务数据，其中个人信息另行标识并脱敏。")
    doc.add_paragraph("一条记录按其字段中的最高级别定级（就高从严）。本平台各级数据集数量：")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "级别", "数据集数量"
    for level in sorted(Level, key=lambda lv: -RANK[lv]):
        row = table.add_row().cells
        row[0].text, row[1].text = str(level.label), str(levels.get(level, 0))
    doc.add_heading("三、个人信息与敏感个人信息", 1)
    doc.add_paragraph(
        "姓名、电话、证件号码、电子邮箱、地址等为个人信息；健康、金融账户、行踪轨迹、身份证件、"
        "生物识别及不满十四周岁未成年人的信息为敏感个人信息（《个人信息保护法》第二十八条）。"
    )
    personal = [(e, f) for e in entries for f in e["fields"] if f["class"] and f["class"].personal]
    doc.add_paragraph(
        f"平台共有个人信息字段 {len(personal)} 个，其中敏感个人信息字段 "
        f"{sum(1 for _e, f in personal if f['class'].sensitive)} 个："
    )
    table = doc.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("数据集", "字段", "敏感", "脱敏方式"), strict=True):
        cell.text = text
    for e, f in personal:
        row = table.add_row().cells
        row[0].text = e["title"]
        row[1].text = f["label"]
        row[2].text = "是" if f["class"].sensitive else "否"
        row[3].text = str(registry.Mask(f["class"].mask).label) if f["class"].mask else "不脱敏（仅标识）"
    doc.add_heading("四、保护措施", 1)
    for text in (
        "访问授权：页面、接口、导出和报表只向获准相应级别的用户和接口客户端提供字段；接口密钥默认仅获准一般数据，"
        "提高级别须由数据管理部门登记。",
        "默认脱敏：个人信息默认脱敏展示（电话和证件号码保留前 3 位和后 4 位）。",
        "查看原文：仅具有“可查看未脱敏的个人信息”权限的人员可在说明理由后查看原文；每次查看记录查看人、"
        "被查看的数据对象、时间和理由，并写入不可篡改的审计链。",
        "导出：含个人信息的导出仅限获授权人员，每次导出记入审计。",
        "开放数据：对外开放的数据集仅含一般数据且不含个人信息；外部接入单位登记单位、用途和联系人，"
        "密钥限定数据集和园区，按单位限流，访问全部留痕。",
        "日志：审计和访问日志保存不少于 6 个月（《网络安全法》第二十一条）。",
    ):
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("五、职责与复核", 1)
    doc.add_paragraph(
        "运营机构数据管理（智慧化/数据）部门负责维护分类分级清单；新增数据字段须先定级后上线（平台测试对未定级字段报错）。"
        "分类分级清单和本制度每年至少复核一次。"
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
