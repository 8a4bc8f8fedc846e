"""Demo data of the regions app: a city pair arranged under a province pairing, and agreements."""

import datetime

from .models import Agreement, KeyTask, Pairing, PolicyDocument

DEMO_AGREEMENTS = [
    # (northeast, east, title, kind, signed_on, key task codes)
    ("210000", "320000", "辽宁省人民政府 江苏省人民政府对口合作框架协议（演示）", "framework", "2017-06-12", ["1.1", "2.1", "4.2"]),
    ("220000", "330000", "吉林省人民政府 浙江省人民政府对口合作框架协议（演示）", "framework", "2017-07-20", ["1.3", "2.3", "4.2"]),
    ("230000", "440000", "黑龙江省人民政府 广东省人民政府对口合作框架协议（演示）", "framework", "2017-08-10", ["2.2", "2.4", "3.1"]),
    ("210100", "110000", "沈阳市—北京市对口合作框架协议（演示）", "framework", "2017-09-05", ["1.4", "3.2"]),
    ("210200", "310000", "大连市—上海市对口合作框架协议（演示）", "framework", "2017-09-18", ["2.4", "4.1"]),
    ("220100", "120000", "长春市—天津市对口合作框架协议（演示）", "framework", "2017-10-09", ["2.1", "4.3"]),
    ("230100", "440300", "哈尔滨市—深圳市对口合作框架协议（演示）", "framework", "2017-11-02", ["3.3", "4.2"]),
    ("220000", "330000", "吉林—浙江人才交流合作备忘录（演示）", "memorandum", "2018-04-16", ["3.4"]),
]


def load(*, stdout):
    document = PolicyDocument.objects.get(number="国办发〔2017〕22号")
    liaoning_jiangsu = Pairing.objects.get(northeast_id="210000", east_id="320000")
    Pairing.objects.get_or_create(
        northeast_id="210700", east_id="320500",
        defaults={"tier": Pairing.Tier.CITY, "status": Pairing.Status.FORMAL,
                  "established_on": datetime.date(2017, 11, 1), "source_document": document,
                  "parent": liaoning_jiangsu,
                  "note": "演示：辽宁、江苏两省在省际对口合作框架下安排的市际结对（锦州—苏州）。"},
    )
    tasks = {t.code: t for t in KeyTask.objects.all()}
    for northeast, east, title, kind, signed_on, codes in DEMO_AGREEMENTS:
        pairing = Pairing.objects.get(northeast_id=northeast, east_id=east)
        agreement, created = Agreement.objects.get_or_create(
            pairing=pairing, title=title,
            defaults={"kind": kind, "signed_on": datetime.date.fromisoformat(signed_on),
                      "signatories": "演示数据", "summary": "演示数据：用于展示平台功能，不是官方文本。"},
        )
        if created:
            agreement.key_tasks.set([tasks[c] for c in codes])
    stdout.write(f"  regions: {Pairing.objects.count()} pairings, {Agreement.objects.count()} agreements")
