"""The NDRC office's default due date rules (editable afterwards): annual work plans by 31 March of their
year, annual summaries by 31 January of the next year; both required from every formal pairing."""

from django.db import migrations

RULES = [
    {"kind": "annual", "month": 3, "day": 31, "years_after": 0, "required": True},
    {"kind": "summary", "month": 1, "day": 31, "years_after": 1, "required": True},
]


def load(apps, schema_editor):
    PlanDueRule = apps.get_model("plans", "PlanDueRule")
    for rule in RULES:
        PlanDueRule.objects.update_or_create(kind=rule["kind"], defaults={**rule, "first_year": 2026, "remind_days": 14})


def unload(apps, schema_editor):
    apps.get_model("plans", "PlanDueRule").objects.filter(kind__in=[r["kind"] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
