"""A file that cannot be imported gets a clear message and leaves nothing behind."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from duikou.imports import services
from duikou.imports.models import ImportBatch

from .helpers import PROJECT_HEADERS, project_row, upload, xlsx_bytes, xlsx_upload


def refused(user, file, kind="projects") -> str:
    with pytest.raises(ValidationError) as error:
        services.import_batch_create(user=user, kind=kind, upload=file)
    assert not ImportBatch.objects.exists()
    return " ".join(error.value.message_dict["file"])


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_word_document_renamed_xlsx_is_refused(shenzhen):
    assert "Word" in refused(shenzhen, upload(docx_bytes(), "项目.xlsx"))


def test_a_text_file_renamed_xlsx_is_refused(shenzhen):
    assert "content is" in refused(shenzhen, upload("项目名称,计划总投资\n".encode(), "项目.xlsx"))


def test_other_extensions_say_what_to_do(shenzhen):
    assert "97–2003" in refused(shenzhen, upload(b"\xd0\xcf\x11\xe0" + b"0" * 100, "项目.xls"))
    assert "CSV" in refused(shenzhen, upload(b"a,b\n", "项目.csv"))
    assert "not an Excel workbook" in refused(shenzhen, upload(docx_bytes(), "项目.docx"))


def test_an_empty_file_and_a_sheet_without_rows(shenzhen):
    assert "empty" in refused(shenzhen, upload(b"", "项目.xlsx"))
    assert "no data rows" in refused(shenzhen, xlsx_upload(PROJECT_HEADERS, []))
    assert "none of the template's headers" in refused(shenzhen, xlsx_upload(["甲", "乙"], [["1", "2"]]))


def test_missing_columns_are_named(shenzhen):
    headers = [h for h in PROJECT_HEADERS if h not in ("项目名称", "计划总投资（万元）")]
    message = refused(shenzhen, xlsx_upload(headers, [["x"] * len(headers)]))
    assert "“项目名称”" in message and "“计划总投资（万元）”" in message


def test_an_oversize_file_is_refused_before_it_is_read(shenzhen, settings):
    settings.DUIKOU_MAX_IMPORT_MB = 1
    big = SimpleUploadedFile("大文件.xlsx", b"PK" + b"\0" * (1024 * 1024 + 10))
    message = refused(shenzhen, big)
    assert "at most 1 MB" in message and "Split" in message


def test_too_many_rows_are_refused(shenzhen, settings):
    settings.DUIKOU_MAX_IMPORT_ROWS = 3
    message = refused(shenzhen, xlsx_upload(PROJECT_HEADERS, [project_row(f"项目{i}") for i in range(4)]))
    assert "more than 3 rows" in message


def test_a_title_row_above_the_headers_and_blank_rows_are_fine(shenzhen, host):
    content = xlsx_bytes(PROJECT_HEADERS, [project_row("项目甲"), [None] * 15, ["", " ", "\u3000"], project_row("项目乙")],
                         before=[["2026年哈尔滨–深圳合作项目汇总表"]])
    batch = services.import_batch_create(user=shenzhen, kind="projects", upload=upload(content))
    assert batch.row_count == 2 and [row[0] for row in batch.rows] == [3, 6]
    assert not batch.errors, batch.errors
