"""Demo reform practices of 广东/深圳, 江苏, 浙江, 上海 and 北京 (recorded by their coordinators) and their
replication in 黑龙江/哈尔滨, 辽宁/沈阳, 吉林 and 大连 (recorded by the northeastern coordinators) at different
statuses with dated histories, all through the real services. Titles are marked （演示）; the source
documents are described, not numbered, so nobody mistakes them for real ones. Idempotent: a practice is
known by its title, a replication by its practice and region."""

from __future__ import annotations

import datetime

from django.db import transaction

from duikou.accounts.models import User
from duikou.regions.models import KeyTask, Region

from . import services
from .models import ReformPractice, Replication

D = datetime.date

# key: (coordinator, origin, key task, title, source document, introduced on, tags, description)
PRACTICES = {
    "gd_online": (
        "guangdong",
        "440000",
        "1.1",
        "企业开办“一网通办”：一个环节、一天办结（演示）",
        "广东省人民政府办公厅关于进一步压缩企业开办时间的实施意见（演示，文号从略）",
        D(2019, 1, 1),
        "放管服, 营商环境, 企业开办",
        "企业设立登记、公章刻制、申领发票、社保登记合并为一个环节，通过全省统一平台一表申报、一天办结（演示数据）。",
    ),
    "sz_instant": (
        "shenzhen",
        "440300",
        "1.1",
        "商事登记“秒批”与“证照分离”改革（演示）",
        "深圳市商事登记“秒批”改革工作方案（演示，文号从略）",
        D(2018, 6, 1),
        "放管服, 商事登记, 证照分离",
        "以数据共享替代人工审核，符合条件的商事登记由系统自动审批、即时发照；涉企经营许可事项分类改革（演示数据）。",
    ),
    "js_no_visit": (
        "jiangsu",
        "320000",
        "1.1",
        "“不见面审批（服务）”改革（演示）",
        "江苏省深化“不见面审批（服务）”改革实施方案（演示，文号从略）",
        D(2017, 6, 1),
        "放管服, 不见面审批, 政务服务",
        "网上办、集中批、联合审、区域评、代办制、不见面，推行企业投资项目审批全流程网上办理（演示数据）。",
    ),
    "zj_once": (
        "zhejiang",
        "330000",
        "1.1",
        "“最多跑一次”改革（演示）",
        "浙江省加快推进“最多跑一次”改革实施方案（演示，文号从略）",
        D(2016, 12, 1),
        "放管服, 最多跑一次, 营商环境",
        "群众和企业到政府办理一件事情，在申请材料齐全、符合法定受理条件时，从受理申请到形成办理结果全过程只需一次上门或零上门（演示数据）。",
    ),
    "sh_ftz": (
        "shanghai",
        "310000",
        "1.4",
        "自由贸易试验区外商投资准入前国民待遇加负面清单管理（演示）",
        "中国（上海）自由贸易试验区外商投资准入特别管理措施（负面清单）的复制推广经验（演示）",
        D(2013, 9, 29),
        "自贸试验区, 对外开放, 负面清单",
        "负面清单之外的外商投资项目由核准改为备案，配套事中事后监管和国际贸易“单一窗口”（演示数据）。",
    ),
    "bj_zgc": (
        "beijing",
        "110000",
        "3.1",
        "中关村科技成果转化“先使用后付费”试点（演示）",
        "中关村国家自主创新示范区科技成果转化若干措施（演示，文号从略）",
        D(2021, 3, 1),
        "科技成果转化, 创新",
        "高校院所的科技成果许可中小企业先行使用，产生收益后再按约定付费，降低企业承接成果的门槛（演示数据）。",
    ),
}

# (practice, coordinator, region, started on, [(status, date, evidence)], notes) — the first status is the
# one the replication is recorded at; the others follow through ``replication_set_status``.
REPLICATIONS = [
    (
        "gd_online",
        "heilongjiang",
        "230000",
        D(2019, 3, 1),
        [
            ("planned", D(2019, 3, 1), ""),
            ("piloting", D(2019, 9, 16), ""),
            (
                "replicated",
                D(2020, 6, 30),
                "黑龙江省人民政府办公厅关于企业开办全程网上办的通知（演示，文号从略）",
            ),
        ],
        "在哈尔滨新区先行试点，后在全省推开（演示数据）。",
    ),
    (
        "sz_instant",
        "harbin",
        "230100",
        D(2020, 5, 11),
        [
            ("planned", D(2020, 5, 11), ""),
            ("piloting", D(2020, 11, 2), ""),
            ("replicated", D(2021, 7, 1), "哈尔滨市商事登记“秒批”改革实施方案（演示，文号从略）"),
        ],
        "深哈产业园区率先实行，由深圳派驻团队协助（演示数据）。",
    ),
    (
        "sz_instant",
        "heilongjiang",
        "230000",
        D(2021, 10, 8),
        [("planned", D(2021, 10, 8), ""), ("piloting", D(2022, 4, 1), "")],
        "在哈尔滨试点基础上向全省推广，当前在齐齐哈尔、牡丹江试点（演示数据）。",
    ),
    (
        "js_no_visit",
        "liaoning",
        "210000",
        D(2018, 9, 3),
        [
            ("planned", D(2018, 9, 3), ""),
            ("piloting", D(2019, 3, 1), ""),
            ("replicated", D(2019, 12, 20), "辽宁省深化“不见面审批”改革工作方案（演示，文号从略）"),
        ],
        "",
    ),
    (
        "zj_once",
        "jilin",
        "220000",
        D(2018, 6, 1),
        [
            ("planned", D(2018, 6, 1), ""),
            ("piloting", D(2018, 10, 8), ""),
            ("replicated", D(2019, 6, 28), "吉林省“只跑一次”改革实施方案（演示，文号从略）"),
        ],
        "结合本地实际推行“只跑一次”（演示数据）。",
    ),
    (
        "sh_ftz",
        "dalian",
        "210200",
        D(2019, 11, 1),
        [("planned", D(2019, 11, 1), ""), ("piloting", D(2020, 9, 1), "")],
        "在辽宁自贸试验区大连片区试点（演示数据）。",
    ),
    (
        "bj_zgc",
        "shenyang",
        "210100",
        D(2023, 3, 1),
        [("planned", D(2023, 3, 1), ""), ("abandoned", D(2024, 1, 15), "")],
        "改以本地科技成果转化激励办法替代（演示数据）。",
    ),
    (
        "zj_once",
        "shenyang",
        "210100",
        None,
        [("planned", D(2025, 3, 3), "")],
        "与浙江尚无对口合作关系，经验通过考察学习引入（演示数据）。",
    ),
]


@transaction.atomic
def load(*, stdout):
    users = {user.username: user for user in User.objects.filter(is_demo=True)}
    practices = {}
    for key, (username, origin, task, title, source, introduced, tags, description) in PRACTICES.items():
        found = ReformPractice.objects.filter(title=title).first()
        if found is None and username in users:
            found = services.practice_create(
                user=users[username],
                data={
                    "title": title,
                    "origin": Region.objects.get(pk=origin),
                    "key_task": KeyTask.objects.get(code=task),
                    "source_document": source,
                    "description": description,
                    "introduced_on": introduced,
                    "tags": tags,
                },
            )
        if found is not None:
            practices[key] = found
    for key, username, region, started, steps, notes in REPLICATIONS:
        practice, user = practices.get(key), users.get(username)
        if (
            practice is None
            or user is None
            or Replication.objects.filter(practice=practice, region=region).exists()
        ):
            continue
        (status, since, evidence), *later = steps
        replication = services.replication_create(
            user=user,
            data={
                "practice": practice,
                "region": Region.objects.get(pk=region),
                "status": status,
                "status_since": since,
                "started_on": started,
                "evidence": evidence,
                "notes": notes,
            },
        )
        for status, on, evidence in later:
            replication = services.replication_set_status(
                user=user, replication=replication, status=status, on=on, evidence=evidence
            )
    stdout.write(
        f"  reforms: {ReformPractice.objects.count()} reform practices, {Replication.objects.count()} replications "
        "(marked 演示)"
    )
