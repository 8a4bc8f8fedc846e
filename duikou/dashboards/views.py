"""The dashboard of the user's scope: national for national roles, regional for a coordinator or reporter.

``?start=&end=`` (dates) and ``?tier=`` (province / city) filter everything; ``?export=xlsx`` downloads
every table of the page, one sheet each (recorded in the audit log); ``?print=1`` is the print view."""

from __future__ import annotations

import tempfile

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from duikou.core.exports import XLSX_MIME, cell_value, safe_sheet_title
from duikou.core.models import AuditAction
from duikou.core.services import audit_record
from duikou.plans import lights
from duikou.projects.models import Stage

from .forms import DashboardFilterForm
from .maps import map_url, province_code, seat
from .selectors import MEASURES, dashboard_figures

# Okabe–Ito: eight colours distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
LIGHT_COLOURS = {
    lights.RED: "#D55E00",
    lights.YELLOW: "#E69F00",
    lights.GREEN: "#009E73",
    lights.DONE: "#999999",
}
MAP_MEASURES = ("projects", "investment_completed", "cadres")


def figures_for_request(request):
    form = DashboardFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    figures = dashboard_figures(
        user=request.user,
        start=filters.get("start"),
        end=filters.get("end"),
        tier=filters.get("tier") or None,
    )
    return form, figures


def dashboard_tables(figures) -> list[dict]:
    """Every table of the dashboard: ``{"key", "title", "headers", "rows"}`` (rows of cell values); the
    page shows them under the charts and the .xlsx export writes one sheet each."""
    measure_headers = [str(label) for _key, label, _amount in MEASURES]
    tables = [
        {
            "key": "headline",
            "title": _("Headline figures"),
            "headers": [_("Measure"), _("Value")],
            "rows": [[str(label), figures.totals[key]] for key, label, _amount in MEASURES],
        },
        {
            "key": "pairings",
            "title": _("By pairing"),
            "headers": [_("Pairing"), _("Tier"), *measure_headers],
            "rows": [
                [
                    str(row.pairing),
                    row.pairing.get_tier_display(),
                    *(row.values[key] for key, _l, _a in MEASURES),
                ]
                for row in figures.pairings
            ],
        },
        {
            "key": "stages",
            "title": _("Projects by stage"),
            "headers": [_("Stage"), _("Projects")],
            "rows": [[str(Stage(stage).label), n] for stage, n in figures.stages.items()],
        },
        {
            "key": "lights",
            "title": _("Plan items by light"),
            "headers": [_("Light"), _("Plan items")],
            "rows": [[str(lights.LABELS[light]), n] for light, n in figures.lights.items()],
        },
        {
            "key": "key_tasks",
            "title": _("By key task"),
            "headers": [_("Key task"), _("Projects"), _("Planned investment (10,000 yuan)"), _("Plan items")],
            "rows": [
                [
                    f"{row['key_task'].code} {row['key_task'].display_title}",
                    row["projects"],
                    row["planned_investment"],
                    row["plan_items"],
                ]
                for row in figures.key_tasks
            ],
        },
        {
            "key": "months",
            "title": _("By month"),
            "headers": [_("Month"), _("Projects registered"), _("Investment completed (10,000 yuan)")],
            "rows": [[row["month"], row["projects"], row["investment_completed"]] for row in figures.months],
        },
        {
            "key": "years",
            "title": _("By year"),
            "headers": [_("Year"), _("Projects registered"), _("Investment completed (10,000 yuan)")],
            "rows": [[row["year"], row["projects"], row["investment_completed"]] for row in figures.years],
        },
    ]
    return tables


def chart_data(figures) -> dict:
    """What dashboard.js draws, read from ``json_script``: numbers as floats for the charts only (the
    tables and the export keep the decimals)."""
    pairings, regions = [], {}
    for row in figures.pairings:
        pairing = row.pairing
        measures = {
            "projects": row.values["projects"],
            "investment_completed": float(row.values["investment_completed"]),
            "cadres": row.cadres,
        }
        url = reverse("regions:pairing_detail", args=[pairing.pk])
        sides = [code for code in (pairing.northeast_id, pairing.east_id) if code]
        entry = {
            "id": pairing.pk,
            "name": str(pairing),
            "url": url,
            "measures": measures,
            "events": row.values["events"],
            "trainees": row.values["trainees"],
            "from": seat(pairing.northeast_id),
            "to": seat(pairing.east_id),
        }
        pairings.append(entry)
        for code in sides:
            region = regions.setdefault(
                province_code(code),
                {
                    "code": province_code(code),
                    "measures": dict.fromkeys(MAP_MEASURES, 0),
                    "url": reverse("projects:project_list") + f"?pairing={pairing.pk}",
                },
            )
            for key in MAP_MEASURES:
                region["measures"][key] += measures[key]
    return {
        "locale": "ZH" if (get_language() or "").startswith("zh") else "EN",
        "palette": PALETTE,
        "mapUrl": map_url(),
        "pairings": pairings,
        "regions": list(regions.values()),
        "stages": [{"name": str(Stage(stage).label), "value": n} for stage, n in figures.stages.items()],
        "lights": [
            {"name": str(lights.LABELS[light]), "value": n, "color": LIGHT_COLOURS[light]}
            for light, n in figures.lights.items()
        ],
        "months": [row["month"] for row in figures.months],
        "monthProjects": [row["projects"] for row in figures.months],
        "monthInvestment": [float(row["investment_completed"]) for row in figures.months],
        "labels": {
            "projects": _("Projects"),
            "investment_completed": _("Investment completed (10,000 yuan)"),
            "cadres": _("Cadres seconded"),
            "events": _("Events"),
            "trainees": _("Trainees"),
            "registered": _("Projects registered"),
            "mapUnavailable": _("The map file could not be loaded."),
        },
    }


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "dashboards/dashboard.html"

    def get(self, request, *args, **kwargs):
        self.form, self.figures = figures_for_request(request)
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def title(self) -> str:
        return _("National dashboard") if self.figures.national else _("Regional dashboard")

    def export(self):
        from openpyxl import Workbook
        from openpyxl.styles import Font

        tables = dashboard_tables(self.figures)
        workbook = Workbook()
        workbook.remove(workbook.active)
        rows = 0
        for table in tables:
            sheet = workbook.create_sheet(safe_sheet_title(table["title"]))
            sheet.append([str(header) for header in table["headers"]])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in table["rows"]:
                sheet.append([cell_value(value) for value in row])
                rows += 1
        target = tempfile.TemporaryFile(suffix=".xlsx")
        workbook.save(target)
        target.seek(0)
        audit_record(
            action=AuditAction.EXPORT,
            user=self.request.user,
            object_type="dashboards.dashboard",
            object_repr=self.title()[:255],
            changes={
                "format": [None, "xlsx"],
                "rows": [None, rows],
                "query": [None, self.request.GET.urlencode()],
            },
        )
        return FileResponse(target, as_attachment=True, filename="dashboard.xlsx", content_type=XLSX_MIME)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("print", None)
        query["export"] = "xlsx"
        export_url = f"{self.request.path}?{query.urlencode()}"
        query.pop("export")
        query["print"] = "1"
        headline = [
            {"key": key, "label": label, "value": self.figures.totals[key], "amount": amount}
            for key, label, amount in MEASURES
        ]
        context.update(
            title=self.title(),
            form=self.form,
            figures=self.figures,
            headline=headline,
            tables={table["key"]: table for table in dashboard_tables(self.figures)},
            chart_data=chart_data(self.figures),
            export_url=export_url,
            print_url=f"{self.request.path}?{query.urlencode()}",
            print_view=self.request.GET.get("print") == "1",
            map_measures=[(key, chart_data_label(key)) for key in MAP_MEASURES],
        )
        return context


def chart_data_label(key: str) -> str:
    return {
        "projects": _("Projects"),
        "investment_completed": _("Investment completed"),
        "cadres": _("Cadres seconded"),
    }[key]
