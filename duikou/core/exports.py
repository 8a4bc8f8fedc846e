"""Every filtered list exports to .xlsx, streamed so memory stays flat (issue #4, item 6).

A list view declares its columns (header and accessor); ``XlsxExportMixin`` answers ``?export=xlsx`` with the
rows of the list's own filtered, scoped queryset: read in chunks (``iterator(chunk_size=…)``), written into a
write-only openpyxl workbook (each row goes to a temporary file as it is written, none is kept) and sent
from a temporary file. The export is recorded in the audit log with its filters and row count."""

from __future__ import annotations

import datetime
import decimal
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import models
from django.http import FileResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .models import AuditAction
from .services import audit_record

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class ExportColumn:
    """A column of an export: its header and how to read the value from a record (a callable, or an
    attribute path such as ``"project.pairing"``)."""

    header: str
    accessor: str | Callable
    width: int = 16
    number_format: str | None = None

    def value(self, record):
        if callable(self.accessor):
            value = self.accessor(record)
        else:
            value = record
            for part in self.accessor.split("."):
                value = getattr(value, part, None)
                if value is None:
                    break
                if callable(value) and not isinstance(value, models.Model):
                    value = value()
        return cell_value(value)


def field_column(model: type[models.Model], path: str, *, width: int = 16, header: str | None = None) -> ExportColumn:
    """A column named after the model field's verbose name (translated like the pages); a choice field
    is written as its label."""
    names = path.split(".")
    field = model._meta.get_field(names[0])
    for name in names[1:]:
        field = field.related_model._meta.get_field(name)
    accessor: str | Callable = path
    if getattr(field, "choices", None):
        def accessor(record, names=names):
            for name in names[:-1]:
                record = getattr(record, name)
            return getattr(record, f"get_{names[-1]}_display")()
    return ExportColumn(header=header or str(field.verbose_name), accessor=accessor, width=width)


def cell_value(value):
    """A value as an Excel cell takes it: aware times in local time without their zone (Excel has none),
    lazy texts and records as text, yes/no as the interface says them."""
    if value is None or isinstance(value, (int, float, decimal.Decimal, str)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (Promise, models.Model)):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return "、".join(str(item) for item in value)
    return str(value)


def safe_sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31] or "Sheet1"


def write_xlsx(*, rows: Iterable, columns: Sequence[ExportColumn], title: str, target) -> int:
    """Write a header row and one row per record into ``target`` (a file); return the number of rows.
    Write-only mode: memory does not grow with the rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(safe_sheet_title(title))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="EEEEEE")
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)
    formats = [column.number_format for column in columns]
    count = 0
    for record in rows:
        row = []
        for column, fmt in zip(columns, formats, strict=True):
            value = column.value(record)
            if value is not None and fmt is None and isinstance(value, datetime.date):
                fmt = "yyyy-mm-dd hh:mm" if isinstance(value, datetime.datetime) else "yyyy-mm-dd"
            if fmt is None or value is None:
                row.append(value)
            else:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = fmt
                row.append(cell)
        sheet.append(row)
        count += 1
    workbook.save(target)
    return count


def xlsx_rows_response(*, rows: Iterable, columns: Sequence[ExportColumn], title: str, filename: str, user,
                       object_type: str = "", instance: models.Model | None = None,
                       query: str | None = None) -> FileResponse:
    """Write ``rows`` into a temporary .xlsx file and send it; record the export in the audit log (what was
    exported: ``instance``, or ``object_type`` and the title; the rows written; the filters, if any)."""
    target = tempfile.TemporaryFile(suffix=".xlsx")
    count = write_xlsx(rows=rows, columns=columns, title=title, target=target)
    target.seek(0)
    changes = {"format": [None, "xlsx"], "rows": [None, count]}
    if query is not None:
        changes["query"] = [None, query]
    audit_record(action=AuditAction.EXPORT, user=user, instance=instance, object_type=object_type,
                 object_repr="" if instance is not None else str(title)[:255], changes=changes)
    return FileResponse(target, as_attachment=True, filename=filename, content_type=XLSX_MIME)


def xlsx_file_response(*, queryset, columns: Sequence[ExportColumn], title: str, filename: str, user,
                       query: str = "", chunk_size: int = CHUNK_SIZE) -> FileResponse:
    """Stream ``queryset`` into a temporary .xlsx file and send it; record the export in the audit log."""
    return xlsx_rows_response(rows=queryset.iterator(chunk_size=chunk_size), columns=columns, title=title,
                              filename=filename, user=user, object_type=queryset.model._meta.label_lower,
                              query=query)


class XlsxExportMixin:
    """For a ``ScopedListView``: ``?export=xlsx`` downloads the filtered list as .xlsx.

    Declare ``export_columns`` (or override ``get_export_columns``); optionally ``export_title`` and
    ``export_queryset(queryset)`` to add the joins the columns need."""

    export_columns: Sequence[ExportColumn] | None = None
    export_title: str | None = None
    export_parameter = "export"

    def get_export_columns(self) -> Sequence[ExportColumn]:
        return self.export_columns or ()

    def get_export_title(self) -> str:
        return str(self.export_title or self.model._meta.verbose_name_plural)

    def export_queryset(self, queryset):
        return queryset

    def get(self, request, *args, **kwargs):
        if request.GET.get(self.export_parameter) == "xlsx" and self.get_export_columns():
            return self.export_xlsx()
        return super().get(request, *args, **kwargs)

    def export_xlsx(self):
        query = self.request.GET.copy()
        query.pop(self.export_parameter, None)
        query.pop("page", None)
        title = self.get_export_title()
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_file_response(queryset=self.export_queryset(self.get_queryset()), columns=self.get_export_columns(),
                                  title=title, filename=f"{title}-{stamp}.xlsx", user=self.request.user,
                                  query=query.urlencode())

    def export_url(self) -> str:
        query = self.request.GET.copy()
        query.pop("page", None)
        query[self.export_parameter] = "xlsx"
        return f"{self.request.path}?{query.urlencode()}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.get_export_columns():
            context["export_url"] = self.export_url()
        return context

    def render_to_response(self, context, **response_kwargs):
        """An htmx request swaps only the table: the export link (outside it) follows the new filters
        out of band."""
        response = super().render_to_response(context, **response_kwargs)
        if "export_url" in context and getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            link = render_to_string("core/_export_link.html", {"export_url": context["export_url"], "oob": True},
                                    request=self.request)

            def append_link(rendered):
                rendered.content += link.encode()

            response.add_post_render_callback(append_link)
        return response
