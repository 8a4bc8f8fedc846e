"""Monthly progress reports (issue #4, point 2): who may report, figures questioned at entry, and missing
and late reports flagged."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from duikou.accounts.models import RoleGrant
from duikou.core.testing import OrganisationFactory, UserFactory, pairing

from .. import services
from ..models import ProjectReport, ProjectStageChange
from ..selectors import latest_overdue_period, project_report_rows
from .factories import ProjectFactory


@pytest.fixture
def project(db):
    host = OrganisationFactory(name="哈尔滨某产业园", region_id="230100", kind="park")
    project = ProjectFactory(pairing=pairing("230100", "440300"), host_organisation=host, location_id="230100",
                             planned_investment=1000, stage="building", stage_since=datetime.date(2026, 3, 1))
    ProjectStageChange.objects.create(project=project, from_stage="signed", to_stage="started",
                                      on=datetime.date(2026, 1, 15))
    return project


def person(username, role, region, organisation=None):
    user = UserFactory(username=username, organisation=organisation or OrganisationFactory(region_id=region))
    RoleGrant.objects.create(user=user, role=role, region_id=region)
    return user


def report(period, month, total, **extra):
    return {"period": period, "investment_in_period": Decimal(month), "investment_cumulative": Decimal(total),
            "narrative": "按计划推进", **extra}


def test_the_host_reports_on_its_own_projects_only(project):
    own = person("park-reporter", "reporter", "230100", organisation=project.host_organisation)
    other = person("other-reporter", "reporter", "230100")
    services.project_report_create(user=own, project=project, data=report("2026-01", 100, 100))
    with pytest.raises(PermissionDenied):
        services.project_report_create(user=other, project=project, data=report("2026-02", 100, 200))
    coordinator = person("shenzhen", "coordinator", "440300")
    services.project_report_create(user=coordinator, project=project, data=report("2026-02", 100, 200))
    assert ProjectReport.objects.filter(project=project).count() == 2


def test_questionable_figures_must_be_confirmed(project):
    user = person("harbin", "coordinator", "230100")
    services.project_report_create(user=user, project=project, data=report("2026-01", 300, 300))
    with pytest.raises(services.NeedsConfirmation) as error:
        services.project_report_create(user=user, project=project, data=report("2026-02", 50, 250))
    assert set(error.value.warnings) >= {"cumulative_down"}
    assert ProjectReport.objects.count() == 1
    with pytest.raises(services.NeedsConfirmation) as error:
        services.project_report_create(user=user, project=project, data=report("2026-02", 900, 1200))
    assert set(error.value.warnings) == {"beyond_plan"}
    kept = services.project_report_create(user=user, project=project, data=report("2026-02", 900, 1200), confirm=True)
    assert kept.confirmed_warnings == ["beyond_plan"]


def test_a_future_month_and_a_negative_amount_are_refused(project):
    user = person("harbin", "coordinator", "230100")
    future = (timezone.localdate().replace(day=28) + datetime.timedelta(days=5)).strftime("%Y-%m")
    with pytest.raises(ValidationError) as error:
        services.project_report_create(user=user, project=project, data=report(future, 1, 1))
    assert "period" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.project_report_create(user=user, project=project, data=report("2026-01", -1, 1))
    assert "investment_in_period" in error.value.message_dict
    assert not ProjectReport.objects.exists()


def test_missing_and_late_reports_are_flagged(project, settings):
    settings.DUIKOU_PROJECT_REPORT_DUE_DAY = 10
    user = person("harbin", "coordinator", "230100")
    services.project_report_create(user=user, project=project, data=report("2026-01", 100, 100))
    late = services.project_report_create(user=user, project=project, data=report("2026-02", 100, 200))
    ProjectReport.objects.filter(pk=late.pk).update(created_at=timezone.make_aware(datetime.datetime(2026, 3, 20)))
    first = ProjectReport.objects.get(period="2026-01")
    ProjectReport.objects.filter(pk=first.pk).update(created_at=timezone.make_aware(datetime.datetime(2026, 2, 5)))
    rows = {row.period: row.state for row in project_report_rows(project=project, today=datetime.date(2026, 5, 15))}
    assert rows == {"2026-01": "on_time", "2026-02": "late", "2026-03": "missing", "2026-04": "missing",
                    "2026-05": "open"}
    assert latest_overdue_period(datetime.date(2026, 5, 15)) == "2026-04"
    assert latest_overdue_period(datetime.date(2026, 5, 9)) == "2026-03"


def test_reports_through_the_page_and_the_api(project, client):
    user = person("harbin", "coordinator", "230100")
    client.force_login(user)
    url = reverse("projects:report_create", args=[project.pk])
    response = client.post(url, {"period": "2026-01", "investment_in_period": "300", "investment_cumulative": "300",
                                 "narrative": "开工建设"})
    assert response.status_code == 302
    response = client.post(url, {"period": "2026-02", "investment_in_period": "10", "investment_cumulative": "100",
                                 "narrative": "调整"})
    assert response.status_code == 200 and response.context["form"].errors["confirm"]
    response = client.post(url, {"period": "2026-02", "investment_in_period": "10", "investment_cumulative": "100",
                                 "narrative": "调整", "confirm": "on"})
    assert response.status_code == 302
    api = f"/api/v1/projects/{project.pk}/reports/"
    response = client.post(api, {"period": "2026-03", "investment_in_period": "5000", "investment_cumulative": "5100",
                                 "narrative": "超计划"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "needs_confirmation"
    response = client.post(api, {"period": "2026-03", "investment_in_period": "5000", "investment_cumulative": "5100",
                                 "narrative": "超计划", "confirm": True}, content_type="application/json")
    assert response.status_code == 201
    assert [r["period"] for r in client.get(api).json()] == ["2026-03", "2026-02", "2026-01"]
    page = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert 'data-period="2026-03"' in page
    # The wrong region: 404 on the page, the form and the API.
    client.force_login(person("dalian", "coordinator", "210200"))
    assert client.get(api).status_code == 404
    assert client.get(url).status_code == 404
    assert client.post(api, {"period": "2026-04"}, content_type="application/json").status_code == 404


def test_the_list_flags_missing_reports(project, client, settings):
    user = person("harbin", "coordinator", "230100")
    client.force_login(user)
    missing = client.get(reverse("projects:project_list"), {"report_missing": "true"}).context["object_list"]
    assert list(missing) == [project]
    services.project_report_create(user=user, project=project, data=report(latest_overdue_period(), 1, 1),
                                   confirm=True)
    assert not client.get(reverse("projects:project_list"), {"report_missing": "true"}).context["object_list"]
