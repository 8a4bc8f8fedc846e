"""The uploaded workbook: checked before anything is parsed (size, kind of file by its content, not its name),
then read in openpyxl's read-only mode, row by row, keeping only the non-blank rows of the kind's columns.

Every refusal says what is wrong and what to do, under the ``file`` key (the form field and the API field)."""

from __future__ import annotations

import datetime
import hashlib
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .specs import Cell, SheetColumns, is_blank, match_headers

HEADER_SEARCH_ROWS = 10  # the header row is the first row, or one of the first ten under a title
OTHER_PACKAGES = {"word/document.xml": "Word", "ppt/presentation.xml": "PowerPoint"}


def _refuse(message: str, code: str = "invalid"):
    raise ValidationError({"file": [ValidationError(message, code=code)]})


def check_upload(upload) -> str:
    """Refuse what is not a usable .xlsx workbook before reading it; return its SHA-256."""
    name = getattr(upload, "name", "") or _("the file")
    limit_mb = settings.DUIKOU_MAX_IMPORT_MB
    if upload.size > limit_mb * 1024 * 1024:
        _refuse(_("“%(name)s” is %(size).1f MB; an import file may be at most %(limit)s MB. Split the rows into "
                  "several files and import them one after another.") % {
            "name": name, "size": upload.size / 1024 / 1024, "limit": limit_mb}, "too_large")
    if upload.size == 0:
        _refuse(_("“%(name)s” is empty (0 bytes): choose the workbook you filled in.") % {"name": name}, "empty")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in ("xls", "et"):
        _refuse(_("“%(name)s” is in the old Excel 97–2003 format: open it in Excel or WPS and save it as an Excel "
                  "workbook (.xlsx), then upload that.") % {"name": name}, "file_type")
    if extension == "csv":
        _refuse(_("“%(name)s” is a CSV file: download the template, paste the rows into it and upload the .xlsx "
                  "workbook.") % {"name": name}, "file_type")
    if extension != "xlsx":
        _refuse(_("“%(name)s” is not an Excel workbook (.xlsx): download the template, fill it in and upload it.")
                % {"name": name}, "file_type")
    upload.seek(0)
    if not zipfile.is_zipfile(upload):
        import filetype

        upload.seek(0)
        kind = filetype.guess(upload.read(8192))
        what = kind.mime if kind else _("not a workbook (text or an unknown format)")
        _refuse(_("“%(name)s” is named .xlsx but its content is %(what)s: upload the workbook itself (the "
                  "template, filled in and saved in Excel or WPS).") % {"name": name, "what": what}, "file_type")
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError):
        _refuse(_("“%(name)s” is damaged and cannot be opened: save it again in Excel or WPS.") % {"name": name},
                "file_type")
    if "xl/workbook.xml" not in names:
        other = next((label for path, label in OTHER_PACKAGES.items() if path in names), None)
        _refuse((_("“%(name)s” is named .xlsx but is a %(other)s document: upload the Excel workbook.")
                 if other else _("“%(name)s” is named .xlsx but is not an Excel workbook: upload the template, filled "
                                 "in.")) % {"name": name, "other": other}, "file_type")
    if unpacked > 40 * limit_mb * 1024 * 1024:
        _refuse(_("“%(name)s” unpacks to %(size)d MB, far more than its rows can need: remove the pictures and "
                  "other sheets, or split it.") % {"name": name, "size": unpacked // 1024 // 1024}, "too_large")
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def storable(value) -> Cell:
    """A cell's value as JSON keeps it: dates as ISO text (read back by the date readers)."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


@dataclass
class SheetRows:
    sheet: str
    columns: SheetColumns
    rows: list[list] = field(default_factory=list)


def _choose_sheet(workbook, title: str):
    if title in workbook.sheetnames:
        return workbook[title]
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "visible":
            return sheet
    return workbook.worksheets[0]


def read_rows(upload, kind) -> SheetRows:
    """The kind's columns and the non-blank rows of the workbook's data sheet, or a ValidationError naming
    the missing columns, the empty sheet or the row limit."""
    from openpyxl import load_workbook

    name = getattr(upload, "name", "")
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged package
        _refuse(_("“%(name)s” could not be read as an Excel workbook: open it in Excel or WPS, save it again as "
                  ".xlsx and upload it again.") % {"name": name}, "unreadable")
    try:
        sheet = _choose_sheet(workbook, kind.sheet_title)
        sheet.reset_dimensions()  # some programs write a wrong size: read every row there is
        limit = settings.DUIKOU_MAX_IMPORT_ROWS
        result, header_row = None, None
        lines = sheet.iter_rows(values_only=True)
        for number, cells in enumerate(lines, start=1):
            if header_row is None:
                matched = match_headers(kind.columns, list(cells))
                if matched.found:
                    result, header_row = SheetRows(sheet=sheet.title, columns=matched), number
                elif number >= HEADER_SEARCH_ROWS:
                    break
                continue
            values = [storable(cells[i]) if i < len(cells) else None for i in result.columns.positions]
            if all(is_blank(value) for value in values):
                continue
            if len(result.rows) >= limit:
                _refuse(_("The sheet “%(sheet)s” has more than %(limit)s rows: split them into several files.")
                        % {"sheet": sheet.title, "limit": f"{limit:,}"}, "too_many_rows")
            result.rows.append([number, *values])
    finally:
        workbook.close()
    if result is None:
        _refuse(_("The sheet “%(sheet)s” has none of the template's headers (such as %(example)s) in its first rows: "
                  "download the template and keep its header row.") % {
            "sheet": sheet.title, "example": "、".join(f"“{c.header}”" for c in kind.columns if c.required)[:80]},
            "no_header")
    problems = list(result.columns.problems)
    found = {key for key, *_rest in result.columns.found}
    missing = [column.header for column in kind.columns if column.required and column.key not in found]
    if missing:
        problems.insert(0, _("The sheet “%(sheet)s” lacks the column(s) %(columns)s: add them (the template has "
                             "every column).") % {"sheet": result.sheet, "columns": "、".join(f"“{m}”" for m in missing)})
    if problems:
        raise ValidationError({"file": [ValidationError(problem, code="columns") for problem in problems]})
    if not result.rows:
        _refuse(_("The sheet “%(sheet)s” has its header row but no data rows: fill in one row per record.")
                % {"sheet": result.sheet}, "no_rows")
    return result
