"""Importing projects: the preview lists every bad row and writes nothing; committing is all-or-nothing;
importing the same file again updates the same records instead of duplicating them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from duikou.core.models import AuditAction, AuditEntry
from duikou.imports import services
from duikou.imports.models import ImportBatch
from duikou.projects.models import Project

from .helpers import PROJECT_HEADERS, project_row, upload, xlsx_bytes, xlsx_upload


def preview(user, rows, headers=PROJECT_HEADERS):
    return services.import_batch_create(user=user, kind="projects", upload=xlsx_upload(headers, rows))


def test_one_bad_row_among_many_is_listed_and_nothing_is_written(shenzhen, host):
    rows = [project_row(f"合作项目{i:03d}") for i in range(300)]
    rows[150][8] = "一千二百"  # 计划总投资 that is not a number, on Excel row 152
    rows[200][4] = "C"  # a 门类, refused by the model's own clean()
    batch = preview(shenzhen, rows)
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.row_count == 300
    assert [(e["row"], e["column"], e["letter"]) for e in batch.errors] == [
        (152, "计划总投资（万元）", "I"), (202, "所属行业", "E")]
    assert "not an amount" in batch.errors[0]["message"]
    assert "division" in batch.errors[1]["message"]  # the model's message, mapped to its column
    assert batch.summary == {"created": 298, "updated": 0, "unchanged": 0}
    assert not Project.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="projects.project").exists()
    with pytest.raises(ValidationError, match="error"):
        services.import_batch_commit(user=shenzhen, batch=batch)
    assert not Project.objects.exists()


def test_commit_writes_every_row_through_the_service_and_is_audited(shenzhen, host):
    batch = preview(shenzhen, [project_row("合作项目甲", stage="签约", since=datetime.date(2026, 1, 5)),
                               project_row("合作项目乙")])
    assert not batch.errors, batch.errors
    batch = services.import_batch_commit(user=shenzhen, batch=batch)
    assert batch.status == ImportBatch.Status.COMMITTED and batch.summary["created"] == 2
    first = Project.objects.get(title="合作项目甲")
    assert (first.stage, first.stage_since) == ("signed", datetime.date(2026, 1, 5))
    assert first.stage_changes.count() == 1  # project_create's own stage history
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="projects.project").count() == 2
    entry = AuditEntry.objects.get(action=AuditAction.WORKFLOW, object_type="imports.importbatch")
    assert entry.changes["created"] == [None, 2] and entry.actor == shenzhen
    with pytest.raises(ValidationError, match="already"):
        services.import_batch_commit(user=shenzhen, batch=batch)


def test_reimporting_the_same_file_updates_instead_of_duplicating(shenzhen, host):
    content = xlsx_bytes(PROJECT_HEADERS, [project_row("合作项目甲"), project_row("合作项目乙", amount="500")])
    services.import_batch_commit(user=shenzhen, batch=services.import_batch_create(
        user=shenzhen, kind="projects", upload=upload(content)))
    versions = dict(Project.objects.values_list("title", "version"))
    again = services.import_batch_create(user=shenzhen, kind="projects", upload=upload(content))
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 2}
    services.import_batch_commit(user=shenzhen, batch=again)
    assert Project.objects.count() == 2 and dict(Project.objects.values_list("title", "version")) == versions
    # A changed amount (and trailing spaces around the title) updates that project only.
    changed = xlsx_bytes(PROJECT_HEADERS, [project_row("合作项目甲"), project_row(" 合作项目乙\u3000", amount="600")])
    batch = services.import_batch_create(user=shenzhen, kind="projects", upload=upload(changed))
    assert batch.summary == {"created": 0, "updated": 1, "unchanged": 1}
    assert batch.results[0][5] == ["计划总投资（万元）"]
    services.import_batch_commit(user=shenzhen, batch=batch)
    assert Project.objects.count() == 2
    assert Project.objects.get(title="合作项目乙").planned_investment == 600
    assert dict(Project.objects.values_list("title", "version")) == {"合作项目甲": versions["合作项目甲"],
                                                                     "合作项目乙": versions["合作项目乙"] + 1}


def test_full_width_digits_yi_yuan_serial_dates_and_a_national_code(shenzhen, host, harbin):
    headers = [("计划总投资（亿元）" if h == "计划总投资（万元）" else h) for h in PROJECT_HEADERS]
    row = project_row("  合作项目丙  ", code="２０２４－２３０１００－３４－０３－０００１２３", amount="１.２", stage="签约",
                      since=46027, key="是", officer="harbin")  # 46027: 2026-01-05 as an Excel serial
    batch = preview(shenzhen, [row], headers=headers)
    assert not batch.errors, batch.errors
    services.import_batch_commit(user=shenzhen, batch=batch)
    project = Project.objects.get()
    assert project.title == "合作项目丙" and project.national_code == "2024-230100-34-03-000123"
    assert project.planned_investment == Decimal(12000)
    assert project.stage_since == datetime.date(2026, 1, 5)
    assert project.is_key and project.green_channel_officer == harbin
    # The national code finds it again, even under a new title: the title is corrected.
    renamed = project_row("合作项目丙（更名）", code="2024-230100-34-03-000123", amount="12000", stage="签约",
                          since=46027, key="是", officer="harbin")
    batch = preview(shenzhen, [renamed])
    assert batch.summary == {"created": 0, "updated": 1, "unchanged": 0}, batch.errors
    services.import_batch_commit(user=shenzhen, batch=batch)
    assert Project.objects.get().title == "合作项目丙（更名）"


def test_a_new_stage_moves_the_project_and_a_step_back_is_refused(shenzhen, host):
    services.import_batch_commit(user=shenzhen, batch=preview(shenzhen, [
        project_row("合作项目甲", stage="签约", since=datetime.date(2026, 1, 5))]))
    batch = preview(shenzhen, [project_row("合作项目甲", stage="开工", since=datetime.date(2026, 2, 1))])
    assert batch.summary["updated"] == 1, batch.errors
    services.import_batch_commit(user=shenzhen, batch=batch)
    project = Project.objects.get()
    assert (project.stage, project.stage_since) == ("started", datetime.date(2026, 2, 1))
    back = preview(shenzhen, [project_row("合作项目甲", stage="意向", since=datetime.date(2026, 3, 1))])
    assert [(e["column"], "needs a reason" in e["message"]) for e in back.errors] == [("项目阶段", True)]


def test_a_key_project_without_officer_is_the_models_error_in_its_column(shenzhen, host):
    batch = preview(shenzhen, [project_row("合作项目甲", key="是")])
    assert [(e["row"], e["column"]) for e in batch.errors] == [(2, "绿色通道责任人")]
    assert "green-channel officer" in batch.errors[0]["message"]


def test_a_row_repeating_another_is_an_error(shenzhen, host):
    batch = preview(shenzhen, [project_row("合作项目甲"), project_row("合作项目甲", amount="99")])
    assert [(e["row"], "row 2" in e["message"]) for e in batch.errors] == [(3, True)]


def test_the_rows_of_a_failed_commit_roll_back_whole(shenzhen, host, monkeypatch):
    """An exception at row N (here a database error in the third row's service) leaves rows 1..N-1 unwritten."""
    from duikou.projects import services as project_services

    batch = preview(shenzhen, [project_row(f"合作项目{i}") for i in range(5)])
    real = project_services.project_create
    calls = []

    def failing(**kwargs):
        calls.append(kwargs["data"]["title"])
        if len(calls) == 3:
            raise RuntimeError("the process dies here")
        return real(**kwargs)

    monkeypatch.setattr(project_services, "project_create", failing)
    with pytest.raises(RuntimeError):
        services.import_batch_commit(user=shenzhen, batch=batch)
    assert calls == ["合作项目0", "合作项目1", "合作项目2"]
    assert not Project.objects.exists()
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEWED


def test_rows_that_fail_only_at_commit_leave_the_batch_failed_and_nothing_written(shenzhen, host):
    batch = preview(shenzhen, [project_row("合作项目甲"), project_row("合作项目乙")])
    host.delete()  # the host organisation disappears between the preview and the commit
    batch = services.import_batch_commit(user=shenzhen, batch=batch)
    assert batch.status == ImportBatch.Status.FAILED and {e["row"] for e in batch.errors} == {2, 3}
    assert not Project.objects.exists()
