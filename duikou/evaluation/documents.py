"""The report of an evaluation round: a Word document in the GB/T 9704-2012 layout (``docx/round.docx``,
built like the plans' template) and a workbook of its results and breakdown. Each is made for the user who
asks: the national roles get every pairing; a region gets what the office published to it (its own rows, or
the full table if published to all). Every download is recorded in the audit log."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from duikou.core.models import AuditAction
from duikou.core.services import audit_record

from .models import IndicatorScore, PairingOutcome
from .selectors import round_results

TEMPLATE_NAME = "round.docx"
SHIPPED_TEMPLATE_DIR = Path(__file__).resolve().parent / "docx"


def docx_template_path() -> Path:
    custom_dir = getattr(settings, "DUIKOU_DOCUMENT_TEMPLATE_DIR", "")
    if custom_dir and (Path(custom_dir) / TEMPLATE_NAME).is_file():
        return Path(custom_dir) / TEMPLATE_NAME
    return SHIPPED_TEMPLATE_DIR / TEMPLATE_NAME


def _pairing_label(pairing) -> str:
    from duikou.plans.documents import pairing_label

    return pairing_label(pairing)


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def report_context(*, round_, user) -> dict:
    from duikou.plans.documents import title_lines

    results = round_results(user=user, round_=round_)
    title = _("Report on %(round)s") % {"round": round_.name}
    rows = []
    for row in results.rows:
        dims = "；".join(
            f"{d.name} {_fmt(v)}"
            for d, v in zip(results.dimensions, row.dimensions, strict=True)
            if v is not None
        )
        rows.append(
            {
                "rank": row.rank if row.rank is not None else "—",
                "pairing": _pairing_label(row.pairing),
                "dimensions": dims or "—",
                "total": _fmt(row.total),
                "outcome": str(row.outcome.get_kind_display()) if row.outcome else "—",
            }
        )
    outcome_rows = list(
        PairingOutcome.objects.for_user(user, "view")
        .filter(round=round_)
        .select_related("pairing__northeast", "pairing__east")
        .order_by("pairing_id")
    )

    def listed(kind):
        return [
            {"pairing": _pairing_label(o.pairing), "text": o.assessment}
            for o in outcome_rows
            if o.kind == kind
        ]

    return {
        "title": title,
        "title_lines": "\n".join(title_lines(title)),
        "document_number": "",
        "intro": _(
            "The NDRC office evaluated %(count)s pairings over %(start)s to %(end)s with %(framework)s. "
            "The scores are computed from the platform's records and the pairings' confirmed self-assessments."
        )
        % {
            "count": round_.pairings.count(),
            "start": date_format(round_.period_start),
            "end": date_format(round_.period_end),
            "framework": round_.framework,
        },
        "h": {
            "results": _("1. Results"),
            "commended": _("2. Pairings commended"),
            "rectified": _("3. Pairings required to rectify"),
            "assessments": _("4. Assessment of each pairing"),
            "rank": _("Rank"),
            "pairing": _("Pairing"),
            "dimensions": _("Points by dimension"),
            "total": _("Total"),
            "outcome": pgettext("evaluation", "Outcome"),
            "none": _("None."),
        },
        "rows": rows,
        "note": _(
            "Points out of 100; equal totals share a rank. Each number can be traced to its records on the platform."
        ),
        "commended": listed(PairingOutcome.Kind.COMMENDATION),
        "rectified": listed(PairingOutcome.Kind.RECTIFICATION),
        "assessments": [{"pairing": _pairing_label(o.pairing), "text": o.assessment} for o in outcome_rows],
    }


def round_docx(*, round_, user) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(docx_template_path()))
    template.render(report_context(round_=round_, user=user), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    audit_record(action=AuditAction.EXPORT, user=user, instance=round_, changes={"format": [None, "docx"]})
    return buffer.getvalue()


def round_xlsx(*, round_, user) -> bytes:
    """Two sheets: the results (pairing, points by dimension, total, rank) and the breakdown (every indicator
    of every visible pairing: raw, normalised, weighted)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    results = round_results(user=user, round_=round_)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Results"))[:31]
    sheet.append([round_.name])
    sheet.append(
        [_("Rank"), _("Pairing")] + [d.name for d in results.dimensions] + [_("Total"), pgettext("evaluation", "Outcome")]
    )
    for row in results.rows:
        sheet.append(
            [row.rank, str(row.pairing)]
            + [float(v) if v is not None else None for v in row.dimensions]
            + [
                float(row.total) if row.total is not None else None,
                str(row.outcome.get_kind_display()) if row.outcome else "",
            ]
        )
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    breakdown = workbook.create_sheet(str(_("Breakdown"))[:31])
    breakdown.append(
        [
            _("Pairing"),
            _("Dimension"),
            _("Code"),
            _("Indicator"),
            _("Side"),
            _("Weight"),
            _("Raw value"),
            _("Normalised"),
            _("Weighted"),
            _("Records"),
        ]
    )
    scores = (
        IndicatorScore.objects.for_user(user, "view")
        .filter(round=round_)
        .select_related("pairing__northeast", "pairing__east", "indicator__dimension")
        .order_by("pairing_id", "indicator__dimension__order", "indicator__order", "indicator_id", "side")
    )
    for s in scores:
        breakdown.append(
            [
                str(s.pairing),
                s.indicator.dimension.name,
                s.indicator.code,
                s.indicator.name,
                str(s.get_side_display()) if s.side else "",
                float(s.indicator.weight),
                float(s.raw) if s.raw is not None else None,
                float(s.normalised),
                float(s.weighted),
                s.record_count,
            ]
        )
    for cell in breakdown[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(action=AuditAction.EXPORT, user=user, instance=round_, changes={"format": [None, "xlsx"]})
    return buffer.getvalue()
