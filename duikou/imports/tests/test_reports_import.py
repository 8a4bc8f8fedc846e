"""Importing monthly reports: created through project_report_create, corrected through project_report_update;
questioned figures are warnings in the preview, kept only when confirmed; scoping as on the pages."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from duikou.imports import services
from duikou.imports.models import ImportBatch
from duikou.projects import services as project_services
from duikou.projects.models import ProjectReport

from .helpers import REPORT_HEADERS, building_project, person, report_row, xlsx_upload


def preview(user, rows, headers=REPORT_HEADERS):
    return services.import_batch_create(user=user, kind="project_reports", upload=xlsx_upload(headers, rows,
                                                                                                title="月度进展"))


def test_reports_are_created_then_corrected_by_month(shenzhen, project):
    title = project.title
    batch = preview(shenzhen, [report_row(title, "2026-01", "100", "100"), report_row(title, "2026年2月", "１００", "200")])
    assert not batch.errors and not batch.warnings, (batch.errors, batch.warnings)
    services.import_batch_commit(user=shenzhen, batch=batch)
    assert list(ProjectReport.objects.order_by("period").values_list("period", "investment_cumulative")) == [
        ("2026-01", Decimal(100)), ("2026-02", Decimal(200))]
    february = ProjectReport.objects.get(period="2026-02")
    again = preview(shenzhen, [report_row(title, "2026-01", "100", "100"),
                               report_row(title, "2026-02", "100", "200", narrative="按计划推进；完成桩基")])
    assert again.summary == {"created": 0, "updated": 1, "unchanged": 1}
    services.import_batch_commit(user=shenzhen, batch=again)
    february.refresh_from_db()
    assert february.narrative == "按计划推进；完成桩基" and february.version == 2
    assert ProjectReport.objects.count() == 2


def test_questioned_figures_are_warnings_confirmed_by_the_row_or_the_commit(shenzhen, project):
    title = project.title
    project_services.project_report_create(user=shenzhen, project=project, data={
        "period": "2026-01", "investment_in_period": 300, "investment_cumulative": 300, "narrative": "进展"})
    batch = preview(shenzhen, [report_row(title, "2026-02", "50", "250"),  # the total goes down
                               report_row(title, "2026-03", "900", "1150", confirm="是")])  # beyond the plan
    assert not batch.errors
    assert [(w["row"], w["column"], w["code"], w["confirmed"]) for w in batch.warnings] == [
        (2, "累计完成投资（万元）", "cumulative_down", False), (3, "累计完成投资（万元）", "beyond_plan", True)]
    assert batch.summary["created"] == 2 and batch.unconfirmed_warnings == 1
    with pytest.raises(ValidationError, match="questioned"):
        services.import_batch_commit(user=shenzhen, batch=batch)
    assert ProjectReport.objects.count() == 1
    batch = services.import_batch_commit(user=shenzhen, batch=batch, confirm_warnings=True)
    assert batch.status == ImportBatch.Status.COMMITTED
    assert ProjectReport.objects.get(period="2026-02").confirmed_warnings == ["cumulative_down"]
    assert ProjectReport.objects.get(period="2026-03").confirmed_warnings == ["beyond_plan"]


def test_a_reporter_imports_only_on_projects_its_organisation_hosts(project, host):
    own = person("park-reporter", "reporter", "230100", organisation=host)
    other_host = building_project(host=person("x", "reporter", "230100").organisation, title="别家的项目")
    batch = preview(own, [report_row(project.title, "2026-01", "1", "1"), report_row(other_host.title, "2026-01", "1", "1")])
    assert [(e["row"], e["column"]) for e in batch.errors] == [(3, "项目名称")]
    assert "hosts" in batch.errors[0]["message"]
    assert not ProjectReport.objects.exists()


def test_another_pairing_looks_like_nothing_at_all(dalian, project):
    """大连 names the 哈尔滨–深圳 pairing: refused for the pairing; by code: the same answer as a code that does
    not exist."""
    project.national_code = "2024-230100-34-03-000123"
    project.save()
    batch = preview(dalian, [report_row(project.title, "2026-01", "1", "1"),
                             report_row("", "2026-01", "1", "1", code="2024-230100-34-03-000123"),
                             report_row("", "2026-01", "1", "1", code="2024-230100-34-03-000999")])
    rows = {(e["row"], e["column"]): e["message"] for e in batch.errors}
    assert "哈尔滨市–深圳市" in rows[(2, "对口合作关系")] and "not one of your pairings" in rows[(2, "对口合作关系")]
    assert rows[(3, "对口合作关系")] == rows[(2, "对口合作关系")]  # the pairing column is filled in each row
    assert not ProjectReport.objects.exists()
    code_only = preview(dalian, [["2024-230100-34-03-000123", "", "", "2026-01", "1", "1", "进展", "", ""],
                                 ["2024-230100-34-03-000999", "", "", "2026-01", "1", "1", "进展", "", ""]])
    first, second = code_only.errors
    assert first["message"].replace("000123", "000999") == second["message"]
    assert project.title not in first["message"]


def test_a_row_must_say_which_project(shenzhen, project):
    batch = preview(shenzhen, [["", "", "", "2026-01", "1", "1", "进展", "", ""]])
    assert [(e["row"], e["column"]) for e in batch.errors] == [(2, "项目名称")]
