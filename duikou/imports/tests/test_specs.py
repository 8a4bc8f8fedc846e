"""How cells are read: full-width digits, 亿元 columns, Excel date serials, spaces, months, yes/no, choices."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from duikou.projects.models import Stage

from ..kinds import get_kind
from ..specs import (
    CellError,
    Choice,
    Code,
    Date,
    Integer,
    Money,
    Month,
    Text,
    YesNo,
    header_stem,
    match_headers,
)


def test_full_width_digits_and_spaces_are_read_as_written_numbers():
    assert Money().read("１２３４") == Decimal(1234)
    assert Money().read(" １，２３４.５\u3000") == Decimal("1234.5")
    assert Code().read("２０２４－２３０１００－３４－０３－０００１２３ ") == "2024-230100-34-03-000123"
    assert Text().read("  哈深产业园（二期）\u3000") == "哈深产业园（二期）"  # free text keeps its own brackets


def test_amounts_in_yi_yuan_are_read_in_wan_yuan():
    assert Money().read("1.2", 10000) == Decimal(12000)
    assert Money().read("1.2亿") == Decimal(12000)
    assert Money().read("3500万元", 10000) == Decimal(3500)  # the cell's own unit wins
    assert Money().read(1234.5600000000002) == Decimal("1234.56")  # Excel's float noise
    with pytest.raises(CellError, match="not an amount"):
        Money().read("约一千")


def test_dates_from_serials_and_chinese_writing():
    may_day = datetime.date(2026, 5, 1)
    assert Date().read(46143) == may_day  # an Excel date serial
    assert Date().read("46143") == may_day
    for text in ("2026-05-01", "2026/5/1", "2026年5月1日", "２０２６年５月１日", "2026.5.1", "20260501", "2026-05-01T00:00:00"):
        assert Date().read(text) == may_day, text
    with pytest.raises(CellError, match="not a day"):
        Date().read("2026-02-30")
    with pytest.raises(CellError, match="not a date"):
        Date().read("五月一日")


def test_months():
    for text in ("2026-05", "2026/5", "2026年5月", "2026年05月份", "202605", "2026-05-17", 46143, "２０２６－０５"):
        assert Month().read(text) == "2026-05", text
    with pytest.raises(CellError):
        Month().read("2026-13")
    with pytest.raises(CellError, match="decimal"):
        Month().read(2026.05)


def test_yes_no_and_choices_in_either_language():
    assert YesNo().read("是") is True and YesNo().read(" 否 ") is False and YesNo().read(True) is True
    assert YesNo().read("Y") is True
    with pytest.raises(CellError, match="是 or 否"):
        YesNo().read("也许")
    stage = Choice(Stage)
    assert stage.read("building") == "building"
    assert stage.read("Under construction") == "building"
    with translation.override("zh-hans"):
        zh_label = str(Stage.BUILDING.label)
    assert stage.read(zh_label) == "building"
    with pytest.raises(CellError, match="not one of"):
        stage.read("快完了")


def test_headers_with_units_aliases_and_repeats():
    assert header_stem("计划总投资（亿元）") == ("计划总投资", "亿元")
    assert header_stem(" *项目名称 ") == ("项目名称", "")
    columns = get_kind("projects").columns
    matched = match_headers(columns, ["项目名称", "计划总投资（亿元）", "备注", None, "对口关系"])
    assert [(key, scale) for key, scale, *_ in matched.found] == [("title", 1), ("planned_investment", 10000),
                                                                   ("pairing", 1)]
    assert matched.ignored == ["备注"]
    repeated = match_headers(columns, ["项目名称", "名称"])
    assert repeated.problems and "appears twice" in repeated.problems[0]
    both_units = match_headers(columns, ["计划总投资（万元）", "计划总投资（亿元）"])
    assert not both_units.problems and len(both_units.found) == 2


def test_whole_numbers_such_as_persons():
    assert Integer().read("１，２５０") == 1250
    assert Integer().read("1200人") == 1200 and Integer().read(1200.0) == 1200 and Integer().read(" 30 ") == 30
    assert Integer().read("-5") == -5  # whether it may be negative is the model's to say
    for wrong in ("12.5", 12.5, "很多", True):
        with pytest.raises(CellError, match="whole number"):
            Integer().read(wrong)


def test_the_ledger_kinds_read_their_headers_and_variants():
    funding = get_kind("funding").columns
    matched = match_headers(funding, ["国家项目代码", "对口关系", "园区", "来源", "阶段", "金额（亿元）", "到位日期", "文号", "备注"])
    assert [(key, scale) for key, scale, *_ in matched.found] == [
        ("national_code", 1), ("pairing", 1), ("park", 1), ("source", 1), ("stage", 1), ("amount", 10000),
        ("on", 1), ("document_number", 1), ("note", 1)]
    figures = get_kind("park_figures").columns
    matched = match_headers(figures, ["对口合作关系", "园区名称", "月份", "工业总产值（亿元）", "税收收入（万元）", "GDP",
                                      "从业人员", "统计口径及来源"])
    assert not matched.problems and not matched.ignored and len(matched.found) == 8
    assert dict((key, scale) for key, scale, *_ in matched.found)["output_value"] == 10000
