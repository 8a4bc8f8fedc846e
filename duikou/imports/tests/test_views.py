"""The pages: template download, upload and preview, commit, and the project list's export (a round trip)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from duikou.core.models import AuditAction, AuditEntry
from duikou.core.testing import make_persona
from duikou.projects.models import Project
from duikou.projects.tests.factories import ProjectFactory

from ..models import ImportBatch
from .helpers import PROJECT_HEADERS, REPORT_HEADERS, hs_pairing, project_row, read_back, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload_page(client, kind, content, name="项目.xlsx"):
    return client.post("/work/imports/", {"kind": kind, "file": SimpleUploadedFile(name, content, content_type=XLSX)})


def list_values(workbook, formula: str) -> list:
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, cells = formula.split("!")
    return [cell.value for row in workbook[sheet.strip("'")][cells.replace("$", "")] for cell in row]


def test_the_template_has_headers_drop_down_lists_and_an_explanation(client, shenzhen):
    from openpyxl import load_workbook

    client.force_login(shenzhen)
    response = client.get("/work/imports/templates/projects/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["项目", "说明", "列表"] and workbook["列表"].sheet_state == "hidden"
    sheet = workbook["项目"]
    assert [cell.value for cell in sheet[1]] == PROJECT_HEADERS
    assert sheet.freeze_panes == "A2" and sheet["C1"].font.bold
    validations = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations["J2"].startswith('"') and "在建" in validations["J2"]  # stages, inline
    assert validations["L2"] == '"是,否"'
    assert list_values(workbook, validations["B2"]) == ["哈尔滨市–深圳市"]  # the user's own pairings only
    assert validations["E2"].startswith("'列表'!")  # a long list: on the hidden sheet, by range
    assert "34 通用设备制造业" in list_values(workbook, validations["E2"])
    explanation = [row for row in workbook["说明"].iter_rows(values_only=True)]
    described = {row[0]: row for row in explanation if row and row[0] in PROJECT_HEADERS}
    assert set(described) == set(PROJECT_HEADERS)
    assert described["项目名称"][1] == "是" and described["投资方"][1] == "否"
    assert described["计划总投资（万元）"][4] == "万元" and described["计划总投资（万元）"][3]
    reports = load_workbook(io.BytesIO(client.get("/work/imports/templates/project_reports/").content))
    assert [cell.value for cell in reports["月度进展"][1]] == REPORT_HEADERS


def test_who_may_import(client, db):
    client.force_login(make_persona("cod"))  # the national reviewer reads, does not import
    assert client.get("/work/imports/").status_code == 403
    assert client.get("/work/imports/templates/projects/").status_code == 403
    client.force_login(make_persona("liaoning_reporter"))
    assert client.get("/work/imports/templates/project_reports/").status_code == 200
    assert client.get("/work/imports/templates/projects/").status_code == 403
    assert client.get("/work/imports/templates/nothing/").status_code == 404


def test_upload_preview_and_commit_through_the_pages(client, shenzhen, host):
    client.force_login(shenzhen)
    page = client.get("/work/imports/?kind=projects")
    assert page.status_code == 200 and b'id="template-projects"' in page.content
    bad = xlsx_bytes(PROJECT_HEADERS, [project_row("合作项目甲"), project_row("合作项目乙", amount="abc")])
    response = upload_page(client, "projects", bad)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    detail = client.get(batch.get_absolute_url()).content.decode()
    assert 'id="errors"' in detail and '<tr data-row="3">' in detail and "计划总投资（万元）" in detail
    assert 'id="commit-button" disabled' in detail
    good = xlsx_bytes(PROJECT_HEADERS, [project_row("合作项目甲"), project_row("合作项目乙")])
    upload_page(client, "projects", good)
    batch = ImportBatch.objects.latest("id")
    detail = client.get(batch.get_absolute_url()).content.decode()
    assert 'id="commit-button"' in detail and 'id="commit-button" disabled' not in detail
    assert not Project.objects.exists()
    response = client.post(f"/work/imports/{batch.pk}/commit/")
    assert response.status_code == 302
    detail = client.get(batch.get_absolute_url()).content.decode()
    assert 'data-status="committed"' in detail
    for project in Project.objects.all():
        assert f'href="{project.get_absolute_url()}"' in detail


def test_bad_files_get_a_message_on_the_form(client, shenzhen):
    client.force_login(shenzhen)
    response = upload_page(client, "projects", b"just text", name="项目.xlsx")
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_50_mb_file_gets_a_message_not_a_server_error(client, shenzhen):
    client.force_login(shenzhen)
    response = upload_page(client, "projects", b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024))
    assert response.status_code == 200
    assert "50.0 MB" in response.content.decode() and not ImportBatch.objects.exists()


def test_the_project_list_exports_its_filtered_scoped_rows(client, shenzhen, dalian, host):
    from duikou.core.testing import pairing

    hs = [ProjectFactory(pairing=hs_pairing(), host_organisation=host, location_id="230100", title=f"哈深项目{i}",
                         stage=stage) for i, stage in enumerate(["signed", "signed", "intention"])]
    ProjectFactory(pairing=pairing("210200", "310000"), location_id="210200", title="大连项目")
    hs[0].investors.add(host)
    client.force_login(shenzhen)
    page = client.get("/work/projects/?stage=signed").content.decode()
    assert 'id="excel-import"' in page and 'id="export-xlsx"' in page and "stage=signed&amp;export=xlsx" in page
    response = client.get("/work/projects/?stage=signed&export=xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    rows = read_back(b"".join(response.streaming_content))
    assert rows[0] == PROJECT_HEADERS
    assert sorted(row[2] for row in rows[1:]) == ["哈深项目0", "哈深项目1"]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.changes["rows"] == [None, 2] and entry.changes["query"] == [None, "stage=signed"]
    # 大连 exports only its own pairing's project.
    client.force_login(dalian)
    rows = read_back(b"".join(client.get("/work/projects/?export=xlsx").streaming_content))
    assert [row[2] for row in rows[1:]] == ["大连项目"]


def test_an_htmx_filter_moves_the_export_link_too(client, shenzhen):
    client.force_login(shenzhen)
    response = client.get("/work/projects/?stage=building", HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert 'id="export-xlsx"' in content and 'hx-swap-oob="true"' in content and "stage=building" in content


def test_the_export_imports_back_unchanged(client, shenzhen, host, harbin):
    from duikou.imports import services

    services.import_batch_commit(user=shenzhen, batch=services.import_batch_create(
        user=shenzhen, kind="projects", upload=SimpleUploadedFile("a.xlsx", xlsx_bytes(PROJECT_HEADERS, [
            project_row("合作项目（甲）", stage="签约", since=46027, investors="哈尔滨某产业园"),
            project_row("合作项目乙", key="是", officer="harbin", code="2024-230100-34-03-000123",
                        description="第一行\n第二行")]))))
    versions = dict(Project.objects.values_list("title", "version"))
    client.force_login(shenzhen)
    exported = b"".join(client.get("/work/projects/?export=xlsx").streaming_content)
    batch = services.import_batch_create(user=shenzhen, kind="projects",
                                         upload=SimpleUploadedFile("项目库.xlsx", exported))
    assert not batch.errors, batch.errors
    assert batch.summary == {"created": 0, "updated": 0, "unchanged": 2}
    services.import_batch_commit(user=shenzhen, batch=batch)
    assert dict(Project.objects.values_list("title", "version")) == versions


def test_the_request_list_exports_too(client, shenzhen):
    client.force_login(shenzhen)
    response = client.get("/work/coordination-requests/?export=xlsx")
    assert response.status_code == 200
    assert read_back(b"".join(response.streaming_content))[0][0]
