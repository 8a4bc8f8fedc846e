"""Importing parks' monthly figures: a row is a park (pairing and name) and a month, recorded or corrected through
park_figure_record; a row that changes nothing calls no service; a reporter imports only for the park its
organisation operates; scoping as on the pages."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from duikou.core.exports import write_xlsx
from duikou.core.models import AuditAction, AuditEntry
from duikou.imports import services
from duikou.imports.kinds import get_kind
from duikou.imports.models import ImportBatch
from duikou.parks import services as park_services
from duikou.parks.models import ParkFigure
from duikou.parks.tests.factories import figure

from .helpers import (
    FIGURE_HEADERS,
    PARK_NAME,
    figure_row,
    hs_park,
    person,
    read_back,
    upload,
    xlsx_bytes,
    xlsx_upload,
)


def preview(user, rows, headers=FIGURE_HEADERS):
    return services.import_batch_create(user=user, kind="park_figures",
                                        upload=xlsx_upload(headers, rows, title="园区月度指标"))


def problems(batch) -> list[tuple]:
    return [(e["row"], e["column"]) for e in batch.errors]


def test_months_are_recorded_through_the_service(shenzhen, park):
    batch = preview(shenzhen, [figure_row("2025-11"),
                               figure_row("2025年12月", output="５.２亿", employment="1,250人", basis="园区统计")])
    assert not batch.errors, batch.errors
    assert batch.summary == {"created": 2, "updated": 0, "unchanged": 0}
    assert not ParkFigure.objects.exists()
    batch = services.import_batch_commit(user=shenzhen, batch=batch)
    assert batch.status == ImportBatch.Status.COMMITTED
    november, december = ParkFigure.objects.order_by("period")
    assert (november.park, november.period, november.output_value, november.tax_revenue, november.gdp,
            november.employment, november.basis) == (park, "2025-11", Decimal(52000), Decimal(3100),
                                                     Decimal(12500), 1200, "园区管委会统计，税务部门入库数")
    assert (december.output_value, december.employment, december.reported_by) == (Decimal(52000), 1250, shenzhen)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="parks.parkfigure").count() == 2
    assert [(r[0], r[2], r[6]) for r in batch.results] == [(2, None, november.pk), (3, None, december.pk)]


def test_reimporting_corrects_a_month_and_unchanged_rows_call_no_service(shenzhen, park, monkeypatch):
    content = xlsx_bytes(FIGURE_HEADERS, [figure_row("2025-11"), figure_row("2025-12")], title="园区月度指标")
    services.import_batch_commit(user=shenzhen, batch=services.import_batch_create(
        user=shenzhen, kind="park_figures", upload=upload(content)))
    versions = dict(ParkFigure.objects.values_list("period", "version"))
    calls = []
    real = park_services.park_figure_record

    def counting(**kwargs):
        calls.append(kwargs["data"]["period"])
        return real(**kwargs)

    monkeypatch.setattr(park_services, "park_figure_record", counting)
    again = services.import_batch_create(user=shenzhen, kind="park_figures", upload=upload(content))
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 2}
    services.import_batch_commit(user=shenzhen, batch=again)
    assert calls == [] and dict(ParkFigure.objects.values_list("period", "version")) == versions
    batch = preview(shenzhen, [figure_row("2025-11"), figure_row("2025-12", tax="3300", basis="园区管委会统计，税务部门入库数 ")])
    assert batch.summary == {"created": 0, "updated": 1, "unchanged": 1}, batch.errors
    assert batch.results[0][5] == ["税收收入（万元）"]
    services.import_batch_commit(user=shenzhen, batch=batch)
    assert calls == ["2025-12", "2025-12"]  # once in the preview, once in the commit; never for November
    december = ParkFigure.objects.get(period="2025-12")
    assert december.tax_revenue == Decimal(3300) and december.version == versions["2025-12"] + 1
    assert ParkFigure.objects.count() == 2


def test_bad_rows_are_listed_with_row_column_and_message_and_nothing_is_written(shenzhen, park):
    this_month = timezone.localdate().strftime("%Y-%m")
    batch = preview(shenzhen, [
        figure_row("2025-01"),  # good
        figure_row("2025-02", employment="12.5"),
        figure_row("2025-03", output="-1"),  # the model's validators
        figure_row(this_month),  # the service: the month is not over
        figure_row("2025-05", basis=""),
        figure_row("2025-06", park="不存在的园区"),
        figure_row("2025-13"),
        figure_row("2025-07", tax="1.234"),  # more decimals than the field keeps
        figure_row("2025-01", gdp="1"),  # the same month as row 2
    ])
    assert problems(batch) == [(3, "从业人员（人）"), (4, "工业总产值（万元）"), (5, "月份"), (6, "统计口径及来源"),
                               (7, "园区名称"), (8, "月份"), (9, "税收收入（万元）"), (10, "")]
    messages = {e["row"]: e["message"] for e in batch.errors}
    assert "whole number" in messages[3]
    assert "has not ended yet" in messages[5]
    assert "empty" in messages[6]
    assert "No park “不存在的园区”" in messages[7]
    assert "row 2" in messages[10]
    assert [e["letter"] for e in batch.errors[:3]] == ["G", "D", "C"]
    with pytest.raises(ValidationError, match="error"):
        services.import_batch_commit(user=shenzhen, batch=batch)
    assert not ParkFigure.objects.exists()


def test_amounts_in_yi_yuan_and_other_headers(shenzhen, park):
    headers = ["对口关系", "园区", "统计月份", "工业总产值（亿元）", "税收收入", "GDP", "从业人数", "统计口径"]
    batch = preview(shenzhen, [figure_row("2025-11", output="5.2", gdp="１２５００")], headers=headers)
    assert not batch.errors, batch.errors
    services.import_batch_commit(user=shenzhen, batch=batch)
    saved = ParkFigure.objects.get()
    assert (saved.output_value, saved.gdp) == (Decimal(52000), Decimal(12500))


def test_a_reporter_imports_only_for_the_park_its_organisation_operates(park, host):
    own = person("park-reporter", "reporter", "230100", organisation=host)
    elsewhere = hs_park(name="哈深第二园区")  # operated by nobody the reporter belongs to
    batch = preview(own, [figure_row("2025-11"), figure_row("2025-11", park="哈深第二园区")])
    assert problems(batch) == [(3, "园区名称")]
    assert batch.errors[0]["letter"] == "B" and "may not report" in batch.errors[0]["message"]
    other = person("other-reporter", "reporter", "230100")
    refused = preview(other, [figure_row("2025-11")])
    assert problems(refused) == [(2, "园区名称")]
    assert not ParkFigure.objects.exists()
    good = preview(own, [figure_row("2025-11")])
    services.import_batch_commit(user=own, batch=good)
    assert ParkFigure.objects.get().park == park and not elsewhere.figures.exists()


def test_a_park_outside_the_scope_looks_like_one_that_does_not_exist(dalian, park):
    from duikou.core.testing import pairing

    pairing("210200", "310000")
    batch = preview(dalian, [figure_row("2025-11"), figure_row("2025-11", park="不存在的园区"),
                             figure_row("2025-11", pairing_name="大连市–上海市"),
                             figure_row("2025-11", park="不存在的园区", pairing_name="大连市–上海市")])
    messages = {(e["row"], e["column"]): e["message"] for e in batch.errors}
    assert messages[(2, "对口合作关系")] == messages[(3, "对口合作关系")]
    assert messages[(4, "园区名称")].replace(PARK_NAME, "不存在的园区") == messages[(5, "园区名称")]
    assert len(batch.errors) == 4 and not ParkFigure.objects.exists()


def test_the_kinds_export_columns_import_back_unchanged(shenzhen, park):
    figure(park, "2025-10", basis="园区统计\n税务入库数")
    figure(park, "2025-11", output_value=Decimal("1234.56"))
    versions = dict(ParkFigure.objects.values_list("period", "version"))
    buffer = io.BytesIO()
    figures = ParkFigure.objects.for_user(shenzhen, "view").select_related("park__pairing__northeast",
                                                                           "park__pairing__east")
    write_xlsx(rows=figures, columns=get_kind("park_figures").export_columns(), title="园区月度指标", target=buffer)
    exported = buffer.getvalue()
    assert read_back(exported)[0] == FIGURE_HEADERS
    batch = services.import_batch_create(user=shenzhen, kind="park_figures", upload=upload(exported, "园区.xlsx"))
    assert batch.summary == {"created": 0, "updated": 0, "unchanged": 2}, batch.errors
    assert dict(ParkFigure.objects.values_list("period", "version")) == versions
