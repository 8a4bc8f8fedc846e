from rest_framework import serializers

from duikou.dashboards.selectors import MEASURES


def _measure_fields():
    fields = {}
    for key, label, amount in MEASURES:
        fields[key] = (
            serializers.DecimalField(max_digits=18, decimal_places=2, help_text=str(label))
            if amount
            else serializers.IntegerField(help_text=str(label))
        )
    return fields


MeasuresSerializer = type("DashboardMeasuresSerializer", (serializers.Serializer,), _measure_fields())


class PairingFiguresSerializer(serializers.Serializer):
    pairing = serializers.IntegerField()
    name = serializers.CharField()
    tier = serializers.CharField()
    values = MeasuresSerializer()
    stages = serializers.DictField(child=serializers.IntegerField())
    lights = serializers.DictField(child=serializers.IntegerField())


class KeyTaskFiguresSerializer(serializers.Serializer):
    key_task = serializers.CharField(help_text="The key task's code, e.g. 1.3.")
    title = serializers.CharField()
    projects = serializers.IntegerField()
    planned_investment = serializers.DecimalField(max_digits=18, decimal_places=2)
    plan_items = serializers.IntegerField()


class MonthFiguresSerializer(serializers.Serializer):
    month = serializers.CharField()
    projects = serializers.IntegerField()
    investment_completed = serializers.DecimalField(max_digits=18, decimal_places=2)


class YearFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    projects = serializers.IntegerField()
    investment_completed = serializers.DecimalField(max_digits=18, decimal_places=2)


class DashboardSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    tier = serializers.CharField(allow_null=True)
    pairing = serializers.IntegerField(allow_null=True, help_text="The pairing filter, if any.")
    national = serializers.BooleanField()
    refreshed_at = serializers.DateTimeField(
        allow_null=True,
        help_text="The figures are as of this moment (the last refresh of the aggregates); null: never refreshed.",
    )
    totals = MeasuresSerializer()
    stages = serializers.DictField(child=serializers.IntegerField())
    lights = serializers.DictField(child=serializers.IntegerField())
    pairings = PairingFiguresSerializer(many=True)
    key_tasks = KeyTaskFiguresSerializer(many=True)
    months = MonthFiguresSerializer(many=True)
    years = YearFiguresSerializer(many=True)


def dashboard_payload(figures) -> dict:
    return {
        "start": figures.start,
        "end": figures.end,
        "tier": figures.tier,
        "pairing": figures.pairing,
        "national": figures.national,
        "refreshed_at": figures.refreshed_at,
        "totals": figures.totals,
        "stages": figures.stages,
        "lights": figures.lights,
        "pairings": [
            {
                "pairing": row.pairing_id,
                "name": str(row.pairing),
                "tier": row.pairing.tier,
                "values": row.values,
                "stages": row.stages,
                "lights": row.lights,
            }
            for row in figures.pairings
        ],
        "key_tasks": [
            {
                "key_task": row["key_task"].code,
                "title": row["key_task"].display_title,
                "projects": row["projects"],
                "planned_investment": row["planned_investment"],
                "plan_items": row["plan_items"],
            }
            for row in figures.key_tasks
        ],
        "months": figures.months,
        "years": figures.years,
    }
