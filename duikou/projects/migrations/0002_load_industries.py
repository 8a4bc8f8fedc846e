"""GB/T 4754-2017: every class, loaded from data/gbt4754-2017.csv (20 门类, 97 大类, 473 中类, 1,380 小类)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "gbt4754-2017.csv"
LEVELS = {"门类": "section", "大类": "division", "中类": "group", "小类": "class"}


def load(apps, schema_editor):
    Industry = apps.get_model("projects", "Industry")
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    parents = {row["code"]: row["parent"] for row in rows}

    def section_of(code):
        while parents.get(code):
            code = parents[code]
        return code

    # Parents before children: sections, then divisions, groups and classes.
    order = {"门类": 0, "大类": 1, "中类": 2, "小类": 3}
    Industry.objects.bulk_create([
        Industry(code=row["code"], level=LEVELS[row["level"]], name=row["name"], parent_id=row["parent"] or None,
                 section_id=section_of(row["code"]))
        for row in sorted(rows, key=lambda r: order[r["level"]])
    ])


def unload(apps, schema_editor):
    Industry = apps.get_model("projects", "Industry")
    for level in ("class", "group", "division", "section"):
        Industry.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
