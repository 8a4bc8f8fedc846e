"""/api/v1/imports/: upload (→ preview), read the preview, commit; the template; the same services as the pages."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from duikou.core.testing import make_persona
from duikou.projects.models import Project, ProjectReport

from .helpers import PROJECT_HEADERS, REPORT_HEADERS, project_row, report_row, xlsx_bytes


def post_file(client, kind, content, name="导入.xlsx"):
    return client.post("/api/v1/imports/", {"kind": kind, "file": SimpleUploadedFile(name, content)})


def test_upload_preview_and_commit(client, shenzhen, host):
    client.force_login(shenzhen)
    response = post_file(client, "projects", xlsx_bytes(PROJECT_HEADERS, [project_row("合作项目甲"),
                                                                           project_row("合作项目乙", amount="x")]))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "previewed" and body["can_commit"] is False and body["row_count"] == 2
    assert body["errors"] == [{"row": 3, "column": "计划总投资（万元）", "letter": "I", "message": body["errors"][0]["message"]}]
    refused = client.post(f"/api/v1/imports/{body['id']}/commit/", {}, content_type="application/json")
    assert refused.status_code == 400 and not Project.objects.exists()
    response = post_file(client, "projects", xlsx_bytes(PROJECT_HEADERS, [project_row("合作项目甲")]))
    batch_id = response.json()["id"]
    assert client.get(f"/api/v1/imports/{batch_id}/").json()["summary"] == {"created": 1, "updated": 0, "unchanged": 0}
    response = client.post(f"/api/v1/imports/{batch_id}/commit/", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "committed"
    assert response.json()["results"][0]["project"] == Project.objects.get().pk


def test_reports_with_warnings_need_confirm_warnings(client, shenzhen, project):
    from duikou.projects import services as project_services

    project_services.project_report_create(user=shenzhen, project=project, data={
        "period": "2026-01", "investment_in_period": 300, "investment_cumulative": 300, "narrative": "进展"})
    client.force_login(shenzhen)
    content = xlsx_bytes(REPORT_HEADERS, [report_row(project.title, "2026-02", "50", "250")], title="月度进展")
    body = post_file(client, "project_reports", content).json()
    assert body["can_commit"] is True and body["unconfirmed_warnings"] == 1
    assert body["warnings"][0]["code"] == "cumulative_down"
    url = f"/api/v1/imports/{body['id']}/commit/"
    assert client.post(url, {}, content_type="application/json").status_code == 400
    response = client.post(url, {"confirm_warnings": True}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert ProjectReport.objects.get(period="2026-02").confirmed_warnings == ["cumulative_down"]


def test_files_that_cannot_be_imported_are_400_with_the_reason(client, shenzhen, settings):
    client.force_login(shenzhen)
    response = post_file(client, "projects", b"plain text")
    assert response.status_code == 400 and "实际内容" in response.json()["file"][0]
    settings.DUIKOU_MAX_IMPORT_MB = 1
    response = post_file(client, "projects", b"PK" + b"\0" * (2 * 1024 * 1024))
    assert response.status_code == 400 and "1 MB" in response.json()["file"][0]
    response = post_file(client, "projects", xlsx_bytes(["项目名称"], [["甲"]]))
    assert response.status_code == 400 and "“对口合作关系”" in response.json()["file"][0]


def test_the_template_and_who_may_use_the_api(client, shenzhen):
    from openpyxl import load_workbook

    client.force_login(shenzhen)
    response = client.get("/api/v1/imports/templates/project_reports/")
    assert response.status_code == 200
    assert [c.value for c in load_workbook(io.BytesIO(response.content))["月度进展"][1]] == REPORT_HEADERS
    assert client.get("/api/v1/imports/templates/nothing/").status_code == 404
    client.force_login(make_persona("ndrc"))  # reads every batch, imports none
    assert client.get("/api/v1/imports/").status_code == 200
    assert post_file(client, "projects", b"x").status_code == 403
    client.logout()
    assert client.get("/api/v1/imports/").status_code in (401, 403)


def test_the_schema_documents_the_endpoints(client):
    schema = client.get("/api/schema/?format=json").json()
    for path in ("/api/v1/imports/", "/api/v1/imports/{id}/", "/api/v1/imports/{id}/commit/",
                 "/api/v1/imports/templates/{kind}/"):
        assert path in schema["paths"], path
    assert "multipart/form-data" in schema["paths"]["/api/v1/imports/"]["post"]["requestBody"]["content"]
