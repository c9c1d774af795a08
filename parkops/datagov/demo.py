"""The demo park's open data (row 54): three published datasets, two external clients — the
district's investment-promotion platform, connected for months, and a university lab that
registered but has not connected yet — and a record of an unmasking. The 数据分类分级保护制度
is deliberately not in the library yet, so the gap plan offers the platform's draft."""

from __future__ import annotations

import datetime as dt

from parkops.core import clock
from parkops.core.demo.context import DemoContext
from parkops.datagov import models as m
from parkops.datagov import services


def exists(ctx: DemoContext) -> bool:
    return ctx.park is not None and m.OpenDataset.objects.filter(park=ctx.park).exists()


def build(ctx: DemoContext) -> None:
    park = ctx.park
    published = {}
    for code, frequency, days, description in (
        ("park_profile", m.UpdateFrequency.ON_CHANGE, 180, "供区投资推广平台和招商合作伙伴展示园区概况"),
        ("vacant_units", m.UpdateFrequency.DAILY, 120, "每日更新的可租房源，供招商平台同步"),
        ("fee_standards", m.UpdateFrequency.ON_CHANGE, 120, "经公示的收费标准，与园区公示栏一致"),
    ):
        published[code] = ctx.create(
            m.OpenDataset,
            park=park,
            code=code,
            description=description,
            frequency=frequency,
            published=True,
            published_on=ctx.today - dt.timedelta(days=days),
        )
    promotion = ctx.create(
        m.ExternalClient,
        park=park,
        organisation="福田区投资推广服务中心",
        system="区产业空间招商服务平台",
        purpose="同步园区概况和空置房源，向意向企业推荐可租空间",
        contact_name="陈立",
        contact_phone="13760001234",
        contact_email="chenli@example.org",
        registered_on=ctx.today - dt.timedelta(days=110),
        rate_per_minute=120,
    )
    promotion.datasets.set([published["park_profile"], published["vacant_units"]])
    services.issue_open_key(client=promotion, by=ctx.admin, name="招商平台同步")
    lab = ctx.create(
        m.ExternalClient,
        park=park,
        organisation="深圳大学城市数据实验室",
        system="园区公共数据研究",
        purpose="研究园区收费标准的公开透明程度（尚未接入）",
        contact_name="李楠",
        contact_phone="13820005678",
        registered_on=ctx.today - dt.timedelta(days=20),
        rate_per_minute=30,
    )
    lab.datasets.set([published["fee_standards"]])
    now = clock.now()
    for days_ago in (100, 60, 30, 7, 1):
        at = now - dt.timedelta(days=days_ago, hours=3)
        with clock.backdated(at):
            for dataset, rows in (("park_profile", 1), ("vacant_units", 12)):
                services.log_access(
                    client=promotion, dataset=dataset, status=200, rows=rows, path=f"/api/open/{dataset}/"
                )
    with clock.backdated(now - dt.timedelta(days=2)):
        services.log_access(
            client=promotion, dataset="vacant_units", status=429, rows=0, path="/api/open/vacant_units/"
        )
