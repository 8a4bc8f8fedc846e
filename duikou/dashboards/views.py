"""The dashboard of the user's scope: national for national roles, regional for a coordinator or reporter.

``?start=&end=`` (dates; whole months are counted), ``?tier=`` (province / city) and ``?pairing=`` (one of the
user's pairings; another is a 404) filter everything; ``?export=xlsx`` downloads every table of the page, one sheet
each (recorded in the audit log); ``?print=1`` is the print view. A POST is the NDRC office's "refresh now": the
figures are rebuilt from the records (``services.figures_refresh``), then the page is shown again."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from duikou.core.exports import XLSX_MIME, ExportColumn, cell_value, safe_sheet_title, xlsx_rows_response
from duikou.core.models import AuditAction
from duikou.core.services import audit_record
from duikou.plans import lights
from duikou.projects.models import Stage
from duikou.regions.models import KeyTask

from .coverage import CoverageCell, coverage_cell_records, coverage_matrix, coverage_pairings
from .forms import DashboardFilterForm
from .maps import map_url, province_code, seat
from .selectors import MEASURES, dashboard_figures
from .services import figures_refresh, may_refresh

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
    form = DashboardFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if form.foreign_pairing:
        raise Http404("No such pairing among the user's pairings.")
    chosen = filters.get("pairing")
    figures = dashboard_figures(
        user=request.user,
        start=filters.get("start"),
        end=filters.get("end"),
        tier=filters.get("tier") or None,
        pairing=chosen.pk if chosen else None,
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

    def post(self, request, *args, **kwargs):
        """"Refresh now" (the NDRC office only): rebuild the figures, then back to the same dashboard."""
        if not may_refresh(request.user):
            raise PermissionDenied(_("Only the NDRC office refreshes the dashboard's figures."))
        refresh = figures_refresh(user=request.user, trigger="user")
        messages.success(
            request,
            _("The figures were refreshed: %(rows)s figures written in %(ms)s ms.")
            % {"rows": refresh.rows, "ms": refresh.duration_ms},
        )
        query = request.GET.urlencode()
        return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)

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
            may_refresh=may_refresh(self.request.user),
            pairing_choices=[(row.pk, str(row)) for row in self.form.fields["pairing"].queryset],
        )
        return context


def chart_data_label(key: str) -> str:
    return {
        "projects": _("Projects"),
        "investment_completed": _("Investment completed"),
        "cadres": _("Cadres seconded"),
    }[key]


# --- The key-task coverage matrix (coverage.py): pairings × the 18 key tasks, and the records of a cell -----

COVERAGE_SHADES = 4  # the darker the shade, the more work in the cell (relative to the fullest cell)
COUNTED_STAGES = [stage for stage in Stage.values if stage != Stage.TERMINATED]


def coverage_filters(request):
    """The dashboard's filter form (period, tier, one pairing) read from the query string: a pairing the user
    does not see is a 404; another invalid value is reported on the form and ignored."""
    form = DashboardFilterForm(request.GET or None, user=request.user)
    valid = form.is_bound and form.is_valid()
    if form.foreign_pairing:
        raise Http404("No such pairing among yours.")
    filters = form.cleaned_data if valid else {}
    return form, {
        "start": filters.get("start"),
        "end": filters.get("end"),
        "tier": filters.get("tier") or None,
        "pairing": filters.get("pairing") or None,
    }


def cell_summary(cell: CoverageCell) -> str:
    """The cell in words (its tooltip, its label for screen readers, and the cell page's heading line)."""
    if cell.gap:
        text = _("Gap: no plan item, project or event under this key task.")
    else:
        separator = "、" if (get_language() or "").startswith("zh") else ", "
        lights_text = separator.join(f"{lights.LABELS[light]} {n}" for light, n in cell.lights.items() if n)
        stages_text = separator.join(f"{Stage(stage).label} {n}" for stage, n in cell.stages.items() if n)
        text = _("Plan items: %(items)s%(lights)s; projects: %(projects)s%(stages)s; events: %(events)s.") % {
            "items": cell.plan_items,
            "lights": f" ({lights_text})" if lights_text else "",
            "projects": cell.projects,
            "stages": f" ({stages_text})" if stages_text else "",
            "events": cell.events,
        }
    if cell.terminated:
        text += " " + _("Terminated projects, not counted: %(n)s.") % {"n": cell.terminated}
    return text


def _shade(work: int, fullest: int) -> int:
    if not work or not fullest:
        return 0
    return max(1, min(COVERAGE_SHADES, -(-work * COVERAGE_SHADES // fullest)))


def _light_marks(cell: CoverageCell) -> list[dict]:
    return [
        {"light": light, "n": n, "label": lights.LABELS[light]} for light, n in cell.lights.items() if n
    ]


def coverage_export_rows(matrix) -> list[dict]:
    """One row per cell (pairing × key task), then each key task's total over the pairings, each pairing's
    total over the key tasks and the grand total: the numbers of the page, on its counting bases."""
    every_pairing, every_task = _("All pairings"), _("All key tasks")

    def row(pairing, tier, group, code, title, cell, gaps=None):
        values = {
            "pairing": pairing,
            "tier": tier,
            "group": group,
            "code": code,
            "task": title,
            "plan_items": cell.plan_items,
            **{f"light_{light}": cell.lights[light] for light in lights.LIGHTS},
            "projects": cell.projects,
            **{f"stage_{stage}": cell.stages.get(stage, 0) for stage in COUNTED_STAGES},
            "terminated": cell.terminated,
            "events": cell.events,
            "work": cell.work,
            "gap": cell.gap if gaps is None else gaps,
        }
        return values

    rows = []
    for line in matrix.rows:
        pairing = line.pairing
        for column, cell in zip(matrix.columns, line.cells, strict=True):
            task = column.key_task
            rows.append(
                row(str(pairing), pairing.get_tier_display(), str(task.group), task.code, task.display_title, cell)
            )
    for column in matrix.columns:
        task = column.key_task
        rows.append(
            row(every_pairing, "", str(task.group), task.code, task.display_title, column.total, column.gaps)
        )
    for line in matrix.rows:
        pairing = line.pairing
        rows.append(row(str(pairing), pairing.get_tier_display(), "", "", every_task, line.total, line.gaps))
    rows.append(row(every_pairing, "", "", "", every_task, matrix.total, matrix.gaps))
    return rows


def coverage_export_columns() -> list[ExportColumn]:
    def column(header, key, width=12):
        return ExportColumn(header, lambda record, key=key: record[key], width=width)

    return [
        column(_("Pairing"), "pairing", 22),
        column(_("Tier"), "tier", 14),
        column(_("Key-task group"), "group", 30),
        column(_("Code"), "code", 8),
        column(_("Key task"), "task", 28),
        column(_("Plan items"), "plan_items"),
        *(column(f"{_('Plan items')}: {lights.LABELS[light]}", f"light_{light}") for light in lights.LIGHTS),
        column(_("Projects"), "projects"),
        *(column(f"{_('Projects')}: {Stage(stage).label}", f"stage_{stage}") for stage in COUNTED_STAGES),
        column(_("Terminated projects (not counted)"), "terminated", 14),
        column(_("Events"), "events"),
        column(_("Records in all"), "work"),
        column(_("Gap (nothing under the task) / gaps"), "gap", 16),
    ]


class CoverageView(LoginRequiredMixin, TemplateView):
    """Pairings (rows) × the 18 key tasks (columns, in their four groups); ``?start=&end=&tier=`` (and
    ``pairing=`` when the dashboard's form has it) as on the dashboard; ``?export=xlsx`` downloads the
    cells (audited); ``?print=1`` is the print view."""

    template_name = "dashboards/coverage.html"

    def get(self, request, *args, **kwargs):
        self.form, filters = coverage_filters(request)
        self.matrix = coverage_matrix(user=request.user, **filters)
        if request.GET.get("export") == "xlsx":
            return xlsx_rows_response(
                rows=coverage_export_rows(self.matrix),
                columns=coverage_export_columns(),
                title=_("Key-task coverage"),
                filename="coverage.xlsx",
                user=request.user,
                object_type="dashboards.coverage",
                query=request.GET.urlencode(),
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        matrix = self.matrix
        period = urlencode({"start": matrix.start.isoformat(), "end": matrix.end.isoformat()})
        fullest = matrix.fullest
        rows = []
        for line in matrix.rows:
            cells = []
            for task, cell in line.cell_pairs(matrix.key_tasks):
                cells.append(
                    {
                        "task": task,
                        "cell": cell,
                        "shade": _shade(cell.work, fullest),
                        "marks": _light_marks(cell),
                        "summary": cell_summary(cell),
                        "url": reverse("dashboards:coverage_cell", args=[line.pairing.pk, task.code])
                        + f"?{period}",
                    }
                )
            rows.append(
                {"line": line, "cells": cells, "marks": _light_marks(line.total), "summary": cell_summary(line.total)}
            )
        columns = [
            {"column": column, "marks": _light_marks(column.total), "summary": cell_summary(column.total)}
            for column in matrix.columns
        ]
        query = self.request.GET.copy()
        query.pop("print", None)
        query["export"] = "xlsx"
        export_url = f"{self.request.path}?{query.urlencode()}"
        query.pop("export")
        query["print"] = "1"
        form = self.form
        if not form.is_bound:  # show the period in use
            initial = {"start": matrix.start.isoformat(), "end": matrix.end.isoformat()}  # as <input type=date>
            form = DashboardFilterForm(initial=initial, user=self.request.user)
        untagged = [line for line in matrix.rows if line.untagged_events]
        context.update(
            title=_("Key-task coverage"),
            form=form,
            matrix=matrix,
            rows=rows,
            columns=columns,
            total_marks=_light_marks(matrix.total),
            total_summary=cell_summary(matrix.total),
            untagged=untagged,
            fullest=fullest,
            shades=range(1, COVERAGE_SHADES + 1),
            light_legend=[(light, lights.LABELS[light]) for light in lights.LIGHTS],
            export_url=export_url,
            print_url=f"{self.request.path}?{query.urlencode()}",
            print_view=self.request.GET.get("print") == "1",
            dashboard_url=reverse("dashboards:dashboard")
            + (f"?{self.request.GET.urlencode()}" if self.request.GET else ""),
        )
        return context


def key_task_from_url(value: str) -> KeyTask:
    """A key task named in a URL by its code (``2.1``) or its number."""
    lookup = {"pk": int(value)} if value.isdigit() else {"code": value}
    return get_object_or_404(KeyTask.objects.select_related("group"), **lookup)


class CoverageCellView(LoginRequiredMixin, TemplateView):
    """The records behind one cell of the matrix: the pairing's plan items, projects and events under the
    key task, on the matrix's counting bases, for ``?start=&end=``. A pairing the user does not see is a 404."""

    template_name = "dashboards/coverage_cell.html"

    def get(self, request, *args, **kwargs):
        self.pairing = get_object_or_404(coverage_pairings(user=request.user), pk=kwargs["pairing_id"])
        self.key_task = key_task_from_url(kwargs["key_task"])
        form = DashboardFilterForm(request.GET or None, user=request.user)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        self.records = coverage_cell_records(
            user=request.user,
            pairing=self.pairing,
            key_task=self.key_task,
            start=filters.get("start"),
            end=filters.get("end"),
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records, pairing, task = self.records, self.pairing, self.key_task
        both = {"pairing": pairing.pk, "key_task": task.pk}
        period = {"start": records.start.isoformat(), "end": records.end.isoformat()}
        context.update(
            title=f"{pairing} · {task.code} {task.display_title}",
            pairing=pairing,
            key_task=task,
            records=records,
            matrix_url=reverse("dashboards:coverage") + "?" + urlencode(period),
            item_list_url=reverse("plans:item_list") + "?" + urlencode(both),
            project_list_url=reverse("projects:project_list") + "?" + urlencode(both),
            event_list_url=reverse("events:event_list")
            + "?"
            + urlencode({**both, "since": records.start.isoformat(), "until": records.end.isoformat()}),
        )
        return context

