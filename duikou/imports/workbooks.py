"""The .xlsx template of an import kind, made for one user: a data sheet with the Chinese headers (bold, frozen,
sized, required ones in red), drop-down lists for coded columns (the user's pairings, key tasks, industries,
stages, yes/no; long lists kept on a hidden sheet and referenced by range), and an explanation sheet (说明)
that says for each column whether it is required, its format, an example and its unit."""

from __future__ import annotations

import io

from django.conf import settings
from django.utils.translation import gettext as _

from .kinds import ImportKind

EXPLANATION_SHEET = "说明"
LISTS_SHEET = "列表"
TEMPLATE_ROWS = 2000  # rows the drop-down lists and formats cover
INLINE_LIST_LIMIT = 200  # Excel allows 255 characters in an inline list


def template_filename(kind: ImportKind) -> str:
    return f"{kind.sheet_title}导入模板.xlsx"


def template_xlsx(*, kind: ImportKind, user) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.properties.creator = "Duikou"
    workbook.properties.title = template_filename(kind)
    sheet = workbook.active
    sheet.title = kind.sheet_title
    lists_sheet = workbook.create_sheet(LISTS_SHEET)
    lists_sheet.sheet_state = "hidden"
    lists = kind.template_lookups(user=user)
    header_fill = PatternFill("solid", fgColor="EEEEEE")
    last_row = TEMPLATE_ROWS + 1
    list_column = 0

    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        note = str(column.help)
        if column.required:
            note = _("Required.") + " " + note
        cell.comment = Comment(note, "Duikou", width=300, height=120)
        sheet.column_dimensions[letter].width = column.width
        if column.number_format:
            for row in range(2, last_row + 1):
                sheet.cell(row=row, column=index).number_format = column.number_format
        if column.choices is None:
            continue
        values = list(column.choices(lists))
        if not values:
            continue
        inline = ",".join(values)
        if len(inline) <= INLINE_LIST_LIMIT and '"' not in inline and all("," not in v for v in values):
            formula = f'"{inline}"'
        else:
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists_sheet.cell(row=1, column=list_column, value=column.header).font = Font(bold=True)
            for offset, value in enumerate(values, start=2):
                lists_sheet.cell(row=offset, column=list_column, value=value)
            formula = f"'{LISTS_SHEET}'!${list_letter}$2:${list_letter}${len(values) + 1}"
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
        validation.showErrorMessage = True
        validation.errorStyle = "stop" if column.choices_strict else "warning"
        validation.errorTitle = column.header
        validation.error = _("Choose a value from the list.") if column.choices_strict else _(
            "Not in the list: it must be written exactly as registered.")
        validation.promptTitle = column.header
        validation.prompt = str(column.help)[:255]
        validation.showInputMessage = True
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{last_row}")
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 30

    _explanation(workbook.create_sheet(EXPLANATION_SHEET, 1), kind)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _explanation(sheet, kind: ImportKind) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.append([_("How to fill in the sheet “%(sheet)s”") % {"sheet": kind.sheet_title}])
    sheet["A1"].font = Font(bold=True, size=14)
    general = [
        *[str(note) for note in kind.notes],
        _("Numbers: full-width digits (１２３４) are read as ordinary digits; spaces before and after a value are "
          "ignored; fully blank rows are skipped."),
        _("Amounts are in 万元. A column whose header ends in （亿元）, e.g. “计划总投资（亿元）”, is read in 亿元 and "
          "multiplied by 10,000; a cell may also say its unit, e.g. 1.2亿."),
        _("Dates: 2026-05-01, 2026/5/1, 2026年5月1日 or an Excel date cell. Months: 2026-05 or 2026年5月."),
        _("Upload the file under Excel import: a preview lists every error with its row and column before "
          "anything is written, and the rows are written all together or not at all."),
        _("At most %(rows)s rows and %(size)s MB per file.") % {
            "rows": f"{settings.DUIKOU_MAX_IMPORT_ROWS:,}", "size": settings.DUIKOU_MAX_IMPORT_MB},
    ]
    for line in general:
        sheet.append([f"• {line}"])
    sheet.append([])
    headers = [_("Column"), _("Required"), _("Format"), _("Example"), _("Unit"), _("Explanation")]
    sheet.append(headers)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEEEEE")
    for column in kind.columns:
        sheet.append([column.header, "是" if column.required else "否", column.describe(), str(column.example),
                      column.unit, str(column.help)])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (22, 8, 36, 26, 8, 60), strict=True):
        sheet.column_dimensions[letter].width = width
