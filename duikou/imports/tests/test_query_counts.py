"""An import asks the database per row only what the services themselves ask (plus its savepoint): the
lookups are read once per batch, not once per row."""

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from duikou.imports import services
from duikou.imports.models import ImportBatch
from duikou.projects import services as project_services
from duikou.projects.models import Industry, Project
from duikou.regions.models import KeyTask

from .helpers import PROJECT_HEADERS, REPORT_HEADERS, hs_pairing, project_row, report_row, xlsx_upload

SAVEPOINT = 2  # SAVEPOINT and RELEASE SAVEPOINT around each row


def queries(function) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context)


def service_cost(function) -> int:
    """The queries of one service call, rolled back."""
    with transaction.atomic():
        count = queries(function)
        transaction.set_rollback(True)
    return count


def preview_cost(user, kind, headers, rows, title) -> int:
    batch = services.import_batch_create(user=user, kind=kind, upload=xlsx_upload(headers, rows, title=title))
    assert not batch.errors, batch.errors
    return queries(lambda: services.import_batch_preview(user=user, batch=ImportBatch.objects.get(pk=batch.pk)))


def test_project_rows_cost_no_more_than_the_service(shenzhen, host):
    one = service_cost(lambda: project_services.project_create(user=shenzhen, data={
        "pairing": hs_pairing(), "title": "单独登记", "key_task": KeyTask.objects.get(code="4.1"),
        "industry": Industry.objects.get(code="34"), "location_id": "230100", "host_organisation": host,
        "investors": [], "national_code": "", "planned_investment": 1200, "is_landmark": False, "is_key": False,
        "green_channel_officer": None, "description": "两期建设"}))
    small = preview_cost(shenzhen, "projects", PROJECT_HEADERS, [project_row(f"项目{i}") for i in range(3)], "项目")
    large = preview_cost(shenzhen, "projects", PROJECT_HEADERS, [project_row(f"项目{i}") for i in range(13)], "项目")
    assert (large - small) <= 10 * (one + SAVEPOINT), (small, large, one)
    assert not Project.objects.filter(title__startswith="项目").exists()


def test_report_rows_cost_no_more_than_the_service(shenzhen, project):
    one = service_cost(lambda: project_services.project_report_create(user=shenzhen, project=project, data={
        "period": "2026-01", "investment_in_period": 1, "investment_cumulative": 1, "narrative": "进展"}))
    months = [f"2026-{m:02d}" for m in range(1, 11)]  # construction started 2026-01-15
    small = preview_cost(shenzhen, "project_reports", REPORT_HEADERS,
                         [report_row(project.title, m, "1", str(i + 1)) for i, m in enumerate(months[:2])], "月度进展")
    large = preview_cost(shenzhen, "project_reports", REPORT_HEADERS,
                         [report_row(project.title, m, "1", str(i + 1)) for i, m in enumerate(months)], "月度进展")
    assert (large - small) <= 8 * (one + SAVEPOINT), (small, large, one)


def test_funding_rows_cost_no_more_than_the_service(shenzhen, project, park):
    import datetime
    from decimal import Decimal

    from duikou.funding import services as funding_services

    from .helpers import FUNDING_HEADERS, PARK_NAME, funding_row

    one = service_cost(lambda: funding_services.funding_entry_create(user=shenzhen, data={
        "project": project, "park": None, "source": "central_budget", "stage": "in_place", "amount": Decimal(1),
        "on": datetime.date(2025, 6, 1), "document_number": "单独", "note": ""}))

    def rows(n):
        return [funding_row(title=project.title, document=f"文{i}") if i % 2 else
                funding_row(park=PARK_NAME, document=f"文{i}") for i in range(n)]

    small = preview_cost(shenzhen, "funding", FUNDING_HEADERS, rows(3), "资金台账")
    large = preview_cost(shenzhen, "funding", FUNDING_HEADERS, rows(13), "资金台账")
    assert (large - small) <= 10 * (one + SAVEPOINT), (small, large, one)


def test_park_figure_rows_cost_no_more_than_the_service(shenzhen, park):
    from duikou.parks import services as park_services

    from .helpers import FIGURE_HEADERS, figure_row

    one = service_cost(lambda: park_services.park_figure_record(user=shenzhen, park=park, data={
        "period": "2024-01", "output_value": 1, "tax_revenue": 1, "gdp": 1, "employment": 1, "basis": "统计"}))
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    small = preview_cost(shenzhen, "park_figures", FIGURE_HEADERS, [figure_row(m) for m in months[:2]], "园区月度指标")
    large = preview_cost(shenzhen, "park_figures", FIGURE_HEADERS, [figure_row(m) for m in months], "园区月度指标")
    assert (large - small) <= 10 * (one + SAVEPOINT), (small, large, one)
