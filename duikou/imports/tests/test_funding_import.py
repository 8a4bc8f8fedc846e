"""Importing the funding ledger: each row is money of one source at one stage for a project (national code, or
pairing and title) or a park (pairing and name), recorded through funding_entry_create and corrected through
funding_entry_update; an entry is found again by its project or park, source, stage, date and document number,
so importing the same file again changes nothing. Scoping as on the pages."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from duikou.core.exports import write_xlsx
from duikou.core.models import AuditAction, AuditEntry
from duikou.funding import services as funding_services
from duikou.funding.models import FundingEntry
from duikou.imports import services
from duikou.imports.kinds import get_kind
from duikou.imports.models import ImportBatch

from .helpers import (
    FUNDING_HEADERS,
    PARK_NAME,
    building_project,
    funding_row,
    person,
    read_back,
    upload,
    xlsx_bytes,
    xlsx_upload,
)

CODE = "2024-230100-34-03-000123"


def preview(user, rows, headers=FUNDING_HEADERS):
    return services.import_batch_create(user=user, kind="funding",
                                        upload=xlsx_upload(headers, rows, title="资金台账"))


def problems(batch) -> list[tuple]:
    return [(e["row"], e["column"]) for e in batch.errors]


@pytest.fixture
def coded(host):
    return building_project(host=host, title="哈深新能源汽车零部件项目", national_code=CODE)


def test_rows_for_projects_and_parks_are_recorded_through_the_service(shenzhen, project, coded, park):
    batch = preview(shenzhen, [
        funding_row(title=project.title),
        funding_row(code=CODE, source="Bank loans", stage="committed", amount="２０，０００", document=""),
        funding_row(park=PARK_NAME, source="social_capital", stage="Planned", amount="1.2亿", on=46143,
                    note="二期基础设施"),  # 46143: 2026-05-01 as an Excel date serial
    ])
    assert not batch.errors, batch.errors
    assert batch.summary == {"created": 3, "updated": 0, "unchanged": 0}
    assert not FundingEntry.objects.exists()  # the preview writes nothing
    batch = services.import_batch_commit(user=shenzhen, batch=batch)
    assert batch.status == ImportBatch.Status.COMMITTED
    first, loan, planned = FundingEntry.objects.order_by("id")
    assert (first.project, first.source, first.stage, first.amount, first.on, first.document_number) == (
        project, "central_budget", "in_place", Decimal(3000), datetime.date(2025, 6, 1), "发改投资〔2025〕123号")
    assert (loan.project, loan.source, loan.stage, loan.amount, loan.document_number) == (
        coded, "bank_loan", "committed", Decimal(20000), "")
    assert (planned.park, planned.project, planned.amount, planned.on, planned.note) == (
        park, None, Decimal(12000), datetime.date(2026, 5, 1), "二期基础设施")
    assert {entry.pairing_id for entry in (first, loan, planned)} == {park.pairing_id}  # set by the service
    assert {entry.recorded_by for entry in (first, loan, planned)} == {shenzhen}
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="funding.fundingentry").count() == 3
    # The results say which record each row wrote, and its project (none for a park's money).
    assert [(r[0], r[2], r[6]) for r in batch.results] == [(2, project.pk, first.pk), (3, coded.pk, loan.pk),
                                                           (4, None, planned.pk)]


def test_reimporting_updates_amounts_and_notes_instead_of_duplicating(shenzhen, project, park):
    rows = [funding_row(title=project.title), funding_row(park=PARK_NAME, stage="committed", note="首批")]
    content = xlsx_bytes(FUNDING_HEADERS, rows, title="资金台账")
    services.import_batch_commit(user=shenzhen, batch=services.import_batch_create(
        user=shenzhen, kind="funding", upload=upload(content)))
    versions = dict(FundingEntry.objects.values_list("id", "version"))
    again = services.import_batch_create(user=shenzhen, kind="funding", upload=upload(content))
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 2}
    services.import_batch_commit(user=shenzhen, batch=again)
    assert dict(FundingEntry.objects.values_list("id", "version")) == versions
    # Full-width digits in the document number still name the same entry; a new amount corrects it.
    changed = [funding_row(title=project.title, amount="3500", document="发改投资〔２０２５〕１２３号"),
               funding_row(park=PARK_NAME, stage="committed", note="首批 ")]
    batch = preview(shenzhen, changed)
    assert batch.summary == {"created": 0, "updated": 1, "unchanged": 1}, batch.errors
    assert batch.results[0][5] == ["金额（万元）"]
    services.import_batch_commit(user=shenzhen, batch=batch)
    entry = FundingEntry.objects.get(project=project)
    assert entry.amount == Decimal(3500) and entry.version == versions[entry.pk] + 1
    assert entry.document_number == "发改投资〔2025〕123号"  # the key's text is kept as first written
    # Another date, stage or document number is another entry.
    batch = preview(shenzhen, [funding_row(title=project.title, on="2025-07-01")])
    assert batch.summary == {"created": 1, "updated": 0, "unchanged": 0}
    assert FundingEntry.objects.count() == 2


def test_bad_rows_are_listed_with_row_column_and_message_and_nothing_is_written(shenzhen, project, park):
    future = (timezone.localdate() + datetime.timedelta(days=40)).isoformat()
    batch = preview(shenzhen, [
        funding_row(title=project.title),  # good
        funding_row(title=project.title, amount="三千", document="甲"),
        funding_row(title=project.title, source="化缘", document="乙"),
        funding_row(title=project.title, on=future, document="丙"),  # money in place dated in the future
        funding_row(title=project.title, amount="0", document="丁"),  # the model's own clean()
        funding_row(title=project.title, park=PARK_NAME, document="戊"),
        funding_row(document="己"),
        funding_row(park="不存在的园区", document="庚"),
        funding_row(title="不存在的项目", document="辛"),
        funding_row(title=project.title, pairing_name="大连市–上海市", document="壬"),
        funding_row(title=project.title, amount=""),
        funding_row(title=project.title, amount="4000"),  # the same entry as row 2
    ])
    assert problems(batch) == [
        (3, "金额（万元）"), (4, "资金来源"), (5, "日期"), (6, "金额（万元）"), (7, "园区名称"), (8, "项目名称"),
        (9, "园区名称"), (10, "项目名称"), (11, "对口合作关系"), (12, "金额（万元）"), (13, "")]
    messages = {e["row"]: e["message"] for e in batch.errors}
    assert "not an amount" in messages[3]
    assert "not one of" in messages[4] and "Bank loans" in messages[4]
    assert "future" in messages[5]  # the service's rule, in the service's words
    assert "above zero" in messages[6]
    assert "not both" in messages[7]
    assert "a project" in messages[8] and "a park" in messages[8]
    assert "No park “不存在的园区”" in messages[9]
    assert "No project “不存在的项目”" in messages[10]
    assert "not one of your pairings" in messages[11]
    assert "empty" in messages[12]
    assert "row 2" in messages[13]
    assert [e["letter"] for e in batch.errors[:3]] == ["G", "E", "H"]
    assert batch.summary["created"] == 1
    with pytest.raises(ValidationError, match="error"):
        services.import_batch_commit(user=shenzhen, batch=batch)
    assert not FundingEntry.objects.exists()


def test_amounts_in_yi_yuan_columns(shenzhen, project):
    headers = [("金额（亿元）" if h == "金额（万元）" else h) for h in FUNDING_HEADERS]
    batch = preview(shenzhen, [funding_row(title=project.title, amount="0.35")], headers=headers)
    assert not batch.errors, batch.errors
    services.import_batch_commit(user=shenzhen, batch=batch)
    assert FundingEntry.objects.get().amount == Decimal(3500)


def test_a_column_left_out_is_left_as_it_is(shenzhen, project):
    funding_services.funding_entry_create(user=shenzhen, data={
        "project": project, "source": "central_budget", "stage": "in_place", "amount": Decimal(3000),
        "on": datetime.date(2025, 6, 1), "document_number": "发改投资〔2025〕123号", "note": "首批"})
    headers = FUNDING_HEADERS[:-1]  # no 备注
    batch = preview(shenzhen, [funding_row(title=project.title)[:-1]], headers=headers)
    assert batch.summary == {"created": 0, "updated": 0, "unchanged": 1}, batch.errors
    batch = preview(shenzhen, [funding_row(title=project.title, amount="3200")[:-1]], headers=headers)
    services.import_batch_commit(user=shenzhen, batch=batch)
    entry = FundingEntry.objects.get()
    assert (entry.amount, entry.note) == (Decimal(3200), "首批")


def test_an_entry_the_ledger_holds_twice_cannot_be_corrected_by_a_row(shenzhen, project):
    for _ in range(2):
        funding_services.funding_entry_create(user=shenzhen, data={
            "project": project, "source": "central_budget", "stage": "in_place", "amount": Decimal(1),
            "on": datetime.date(2025, 6, 1), "document_number": "发改投资〔2025〕123号"})
    batch = preview(shenzhen, [funding_row(title=project.title)])
    assert problems(batch) == [(2, "文号")] and "2 entries" in batch.errors[0]["message"]


def test_a_reporter_records_money_only_for_what_its_organisation_hosts_or_operates(project, coded, park, host):
    own = person("park-reporter", "reporter", "230100", organisation=host)
    other = person("other-reporter", "reporter", "230100")
    rows = [funding_row(title=project.title), funding_row(code=CODE), funding_row(park=PARK_NAME)]
    batch = preview(own, rows)
    assert not batch.errors and batch.summary["created"] == 3, batch.errors
    refused = preview(other, rows)
    # The service's refusal, on the column that named the project or park.
    assert problems(refused) == [(2, "项目名称"), (3, "国家项目代码"), (4, "园区名称")]
    assert all("your organisation hosts" in e["message"] for e in refused.errors)
    assert not FundingEntry.objects.exists()


def test_a_project_or_park_outside_the_scope_looks_like_one_that_does_not_exist(dalian, coded, park):
    from duikou.core.testing import pairing

    pairing("210200", "310000")  # 大连's own pairing
    batch = preview(dalian, [
        funding_row(code=CODE, pairing_name=""),
        funding_row(code="2024-230100-34-03-000999", pairing_name=""),
        funding_row(park=PARK_NAME),
        funding_row(park="不存在的园区"),
        funding_row(park=PARK_NAME, pairing_name="大连市–上海市"),
        funding_row(park="不存在的园区", pairing_name="大连市–上海市"),
    ])
    messages = {(e["row"], e["column"]): e["message"] for e in batch.errors}
    assert messages[(2, "国家项目代码")].replace("000123", "000999") == messages[(3, "国家项目代码")]
    assert coded.title not in messages[(2, "国家项目代码")]
    assert messages[(4, "对口合作关系")] == messages[(5, "对口合作关系")]  # 哈尔滨–深圳 is not 大连's pairing
    assert messages[(6, "园区名称")].replace(PARK_NAME, "不存在的园区") == messages[(7, "园区名称")]
    assert len(batch.errors) == 6 and not FundingEntry.objects.exists()


def test_the_kinds_export_columns_import_back_unchanged(shenzhen, project, coded, park):
    """What the funding list's export writes with the kind's columns is a file the import reads back as is."""
    services.import_batch_commit(user=shenzhen, batch=preview(shenzhen, [
        funding_row(title=project.title, note="第一行\n第二行"),
        funding_row(code=CODE, source="bank_loan", stage="committed", amount="1234.56", document=""),
        funding_row(park=PARK_NAME, stage="planned", on="2026-12-31")]))
    versions = dict(FundingEntry.objects.values_list("id", "version"))
    kind = get_kind("funding")
    buffer = io.BytesIO()
    entries = FundingEntry.objects.for_user(shenzhen, "view").select_related(
        "project", "park", "pairing__northeast", "pairing__east")
    write_xlsx(rows=entries, columns=kind.export_columns(), title="资金台账", target=buffer)
    exported = buffer.getvalue()
    rows = read_back(exported)
    assert rows[0] == FUNDING_HEADERS
    batch = services.import_batch_create(user=shenzhen, kind="funding", upload=upload(exported, "资金台账.xlsx"))
    assert not batch.errors, batch.errors
    assert batch.summary == {"created": 0, "updated": 0, "unchanged": 3}
    services.import_batch_commit(user=shenzhen, batch=batch)
    assert dict(FundingEntry.objects.values_list("id", "version")) == versions


def test_a_coordinator_of_the_other_side_records_too(harbin, project, park):
    batch = preview(harbin, [funding_row(title=project.title), funding_row(park=PARK_NAME)])
    assert not batch.errors, batch.errors
    services.import_batch_commit(user=harbin, batch=batch)
    assert FundingEntry.objects.count() == 2


def test_parks_of_the_same_name_in_two_pairings_are_told_apart_by_the_pairing(shenzhen, park):
    from duikou.core.testing import pairing
    from duikou.parks.tests.factories import ParkFactory

    other = ParkFactory(pairing=pairing("230200", "440300"), host_region_id="230200", partner_region_id="440300",
                        name=PARK_NAME)
    batch = preview(shenzhen, [funding_row(park=PARK_NAME), funding_row(park=PARK_NAME, pairing_name=str(other.pairing))])
    assert not batch.errors, batch.errors
    services.import_batch_commit(user=shenzhen, batch=batch)
    assert {entry.park for entry in FundingEntry.objects.all()} == {park, other}
