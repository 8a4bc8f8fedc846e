"""How an import reads a sheet: columns declared once per kind (their Chinese header and accepted aliases, whether
they are required, how a cell is read), and the readers of cell values.

A cell is read the way people fill Excel sheets in Chinese offices: full-width digits and letters (１２３４,
ＡＢ) are read as ASCII (Unicode NFKC), spaces at either end (also the full-width space) are dropped, a
money column headed in 亿元 is multiplied by 10,000 (amounts are kept in 万元), and a date may be an Excel
date serial, 2026-05-01, 2026/5/1 or 2026年5月1日. Free text (titles, narratives) keeps its own characters:
only the spaces at either end go, so a title with full-width brackets is matched and kept as written.

Readers never decide a business rule: whether an amount may be negative, a code well formed or a stage
allowed is the model's and the service's to say (STYLE convention 3). A reader only turns a cell into the
value the service takes, or says why it cannot.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

Cell = str | int | float | bool | None


class CellError(Exception):
    """A cell that cannot be read; the message says what is wrong and how to write it."""


# --- normalising ------------------------------------------------------------------------------------------

# Spaces dropped at either end: ASCII whitespace, the full-width space, no-break and zero-width spaces.
_EDGE_SPACES = " \t\r\n\u3000\u00a0\u200b\ufeff"


def clean_text(value: Cell) -> str:
    """A cell as text, without spaces at either end, line breaks as ``\\n``. Characters are kept."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        value = int(value) if value.is_integer() else format(value, ".15g")
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip(_EDGE_SPACES)


def normalise(value: Cell) -> str:
    """A cell as text for codes, numbers and names to look up: NFKC (full-width → ASCII) and stripped."""
    return unicodedata.normalize("NFKC", clean_text(value)).strip(_EDGE_SPACES)


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(_EDGE_SPACES))


def lookup_key(text: str) -> str:
    """The form names are compared in: NFKC, no spaces at all, case-insensitive, dashes alike."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()
    return re.sub(r"[‐-―−－~～]", "-", text)


# --- readers ----------------------------------------------------------------------------------------------


class Reader:
    """Turns a non-blank cell into a value; ``empty`` is the value of a blank cell."""

    empty: object = ""
    normalises = True  # False: free text, kept as written
    lookup: str | None = None  # the name of the batch lookup this reader's keys are resolved through

    def read(self, value: Cell):
        raise NotImplementedError

    def describe(self) -> str:
        return ""


class Text(Reader):
    normalises = False

    def read(self, value: Cell) -> str:
        return clean_text(value)

    def describe(self) -> str:
        return _("Text")


class Code(Reader):
    """A code: full-width characters as ASCII, letters in upper case; a number typed without its leading
    zeros is not guessed at, which is why the template's code columns are text cells."""

    def read(self, value: Cell) -> str:
        return normalise(value).upper()

    def describe(self) -> str:
        return _("Code (text)")


_AMOUNT_SUFFIX = re.compile(r"(亿元|亿|万元|万)$")


def read_decimal(value: Cell) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not an amount: write a number such as 1200.5.") % {"value": value})
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # Excel keeps 15 significant digits: 1234.5600000000002 is the 1234.56 the user typed.
        return Decimal(format(value, ".15g"))
    text = normalise(value).replace(",", "").replace(" ", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not an amount: write a number such as 1200.5, without units or other "
                          "text.") % {"value": clean_text(value)}) from None


class Money(Reader):
    """An amount in 万元. A cell may say its unit (“1.2亿”, “3500万元”); a column headed in 亿元 is read
    ×10,000 (the ``scale`` of the header)."""

    empty = None

    def read(self, value: Cell, scale: int = 1) -> Decimal:
        text = normalise(value) if isinstance(value, str) else None
        if text:
            match = _AMOUNT_SUFFIX.search(text)
            if match:
                scale = 10000 if match.group(1).startswith("亿") else 1
                value = text[: match.start()]
        amount = read_decimal(value) * scale
        return amount.normalize() if amount == amount.to_integral() else amount

    def describe(self) -> str:
        return _("Number in 10,000 yuan (万元); a column headed （亿元） is read ×10,000")


_COUNT_SUFFIX = re.compile(r"(人|名|个)$")


class Integer(Reader):
    """A whole number, such as a number of persons: full-width digits and thousands separators are read, a unit
    after it (1200人) is dropped; a fraction is refused rather than cut off."""

    empty = None

    def read(self, value: Cell) -> int:
        problem = _("“%(value)s” is not a whole number: write a number such as 1200, without other text.") % {
            "value": clean_text(value)}
        if isinstance(value, bool):
            raise CellError(problem)
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if not value.is_integer():
                raise CellError(problem)
            return int(value)
        text = _COUNT_SUFFIX.sub("", normalise(value).replace(",", "").replace(" ", ""))
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError(problem) from None
        if not number.is_finite() or number != number.to_integral_value():
            raise CellError(problem)
        return int(number)

    def describe(self) -> str:
        return _("Whole number")


EXCEL_SERIALS = (1, 2958465)  # 1900-01-01 … 9999-12-31
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def _from_serial(number: float) -> datetime.date:
    from openpyxl.utils.datetime import from_excel

    value = from_excel(number)
    return value.date() if isinstance(value, datetime.datetime) else value


def read_date(value: Cell) -> datetime.date:
    problem = _("“%(value)s” is not a date: write it as 2026-05-01, 2026/5/1 or 2026年5月1日 (or use a date "
                "cell).") % {"value": clean_text(value)}
    if isinstance(value, bool):
        raise CellError(problem)
    if isinstance(value, (int, float)):
        if not EXCEL_SERIALS[0] <= value <= EXCEL_SERIALS[1]:
            raise CellError(problem)
        return _from_serial(value)
    text = normalise(value)
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if match is None:
        if text.isdigit() and EXCEL_SERIALS[0] <= int(text) <= EXCEL_SERIALS[1] and len(text) <= 5:
            return _from_serial(int(text))
        raise CellError(problem)
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise CellError(_("%(value)s is not a day of the calendar.") % {"value": clean_text(value)}) from None


class Date(Reader):
    empty = None

    def read(self, value: Cell) -> datetime.date:
        return read_date(value)

    def describe(self) -> str:
        return _("Date: 2026-05-01, 2026/5/1, 2026年5月1日 or a date cell")


_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$")
_COMPACT_MONTH_RE = re.compile(r"^(\d{4})(\d{2})$")


class Month(Reader):
    """A month as ``YYYY-MM``, from 2026-05, 2026/5, 2026年5月, 202605 or any date of the month."""

    def read(self, value: Cell) -> str:
        text = normalise(value)
        match = _MONTH_RE.match(text) or _COMPACT_MONTH_RE.match(text)
        if isinstance(value, float) and not value.is_integer():  # 2026.1: January or October?
            raise CellError(_("“%(value)s” is a decimal number, which cannot say a month: write 2026-05 as text, "
                              "or 2026年5月.") % {"value": text})
        if match is not None:
            year, number = (int(part) for part in match.groups())
            if not 1 <= number <= 12:
                raise CellError(_("“%(value)s”: a month is 1 to 12.") % {"value": text})
            return f"{year:04d}-{number:02d}"
        try:
            day = read_date(value)
        except CellError:
            raise CellError(_("“%(value)s” is not a month: write it as 2026-05 or 2026年5月.") % {"value": text}) from None
        return day.strftime("%Y-%m")

    def describe(self) -> str:
        return _("Month: 2026-05, 2026年5月 or a date in the month")


YES = {"是", "y", "yes", "true", "1", "√", "✓", "对", "有"}
NO = {"否", "n", "no", "false", "0", "×", "✗", "x", "错", "无"}


class YesNo(Reader):
    empty = False

    def read(self, value: Cell) -> bool:
        if isinstance(value, bool):
            return value
        text = normalise(value).casefold()
        if text in YES:
            return True
        if text in NO:
            return False
        raise CellError(_("“%(value)s”: write 是 or 否.") % {"value": clean_text(value)})

    def describe(self) -> str:
        return _("是 or 否 (blank: 否)")


class Choice(Reader):
    """One of a model's choices, by its code or its label in either language."""

    def __init__(self, choices):
        self.choices = choices
        self._accepted_values = None

    def labels(self) -> list[str]:
        return [str(label) for label in self.choices.labels]

    def _accepted(self) -> dict[str, str]:
        """Codes and the labels in both languages (the same whatever the language of the request)."""
        if self._accepted_values is not None:
            return self._accepted_values
        accepted = {}
        for language in ("en", "zh-hans"):
            with translation.override(language):
                for value, label in self.choices.choices:
                    accepted[lookup_key(str(label))] = value
        for value in self.choices.values:
            accepted[lookup_key(value)] = value
        self._accepted_values = accepted
        return accepted

    def read(self, value: Cell) -> str:
        found = self._accepted().get(lookup_key(normalise(value)))
        if found is None:
            raise CellError(_("“%(value)s” is not one of: %(choices)s.") % {
                "value": clean_text(value), "choices": "、".join(self.labels())})
        return found

    def describe(self) -> str:
        return _("One of: %(choices)s") % {"choices": "、".join(self.labels())}


class Lookup(Reader):
    """A record named by its code or its name, resolved once per batch through the kind's lookups (so an
    import of 10,000 rows asks the database once per kind of record, not once per row)."""

    empty = None

    def __init__(self, lookup: str, description: str = ""):
        self.lookup = lookup
        self.description = description

    def read(self, value: Cell) -> str:
        return clean_text(value)  # compared through lookup_key on both sides

    def describe(self) -> str:
        return self.description


class ManyLookup(Lookup):
    """Several records in one cell, separated by 、 , ; or line breaks."""

    empty = ()
    SEPARATORS = re.compile(r"[、,;，；\n]+")

    def read(self, value: Cell) -> tuple[str, ...]:
        return tuple(part for part in (clean_text(p) for p in self.SEPARATORS.split(clean_text(value))) if part)


# --- columns ----------------------------------------------------------------------------------------------

UNIT_SCALES = {"万元": 1, "亿元": 10000, "元": None}
_UNIT_RE = re.compile(r"^(?P<stem>.*?)[(\[【](?P<unit>万元|亿元|元)[)\]】]$")


def header_stem(header: str) -> tuple[str, str]:
    """A header's comparable stem and its unit: “计划总投资（亿元）” → (“计划总投资”, “亿元”); a leading * (marking
    a required column) and spaces are ignored."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(header or ""))).lstrip("*")
    match = _UNIT_RE.match(text)
    if match:
        return match.group("stem").casefold(), match.group("unit")
    return text.casefold(), ""


@dataclass(frozen=True)
class Column:
    """One column of an import sheet. ``header`` is the Chinese header of the template and the export (data,
    not interface text); ``fields`` are the service's field names whose errors belong in this column."""

    key: str
    header: str
    reader: Reader
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str | Promise = ""
    example: str | Promise = ""
    width: int = 16
    number_format: str | None = None
    fields: tuple[str, ...] = ()
    export: Callable | None = None  # the record's value written the way this column reads it
    choices: Callable | None = None  # (kind context) -> the values of the template's drop-down list
    choices_strict: bool = False  # the drop-down refuses other values (else it only suggests them)

    @property
    def unit(self) -> str:
        return header_stem(self.header)[1]

    def stems(self) -> set[str]:
        return {header_stem(self.header)[0]} | {header_stem(alias)[0] for alias in self.aliases}

    def owns(self, name: str) -> bool:
        return name == self.key or name in self.fields

    def describe(self) -> str:
        return str(self.reader.describe())


@dataclass
class SheetColumns:
    """The columns of a sheet matched to a kind's columns: for each position read, (key, scale, header as
    written, column letter); the headers not read; and what is wrong (missing, repeated)."""

    found: list[tuple[str, int, str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)


def match_headers(columns: Iterable[Column], headers: list[Cell]) -> SheetColumns:
    from openpyxl.utils import get_column_letter

    by_stem = {}
    for column in columns:
        for stem in column.stems():
            by_stem[stem] = column
    result = SheetColumns()
    seen: dict[tuple[str, int], str] = {}
    for index, header in enumerate(headers):
        text = clean_text(header)
        if not text:
            continue
        stem, unit = header_stem(text)
        column = by_stem.get(stem)
        if column is None:
            result.ignored.append(text)
            continue
        if column.unit and unit:
            scale = UNIT_SCALES[unit]
            if scale is None:
                result.problems.append(_("The column “%(header)s” is in yuan: give the amount in 万元 (or 亿元).")
                                       % {"header": text})
                continue
            scale = scale // UNIT_SCALES[column.unit]
        else:
            scale = 1
        letter = get_column_letter(index + 1)
        if (column.key, scale) in seen:
            result.problems.append(_("The column “%(header)s” appears twice (columns %(first)s and %(second)s): keep "
                                     "one.") % {"header": text, "first": seen[(column.key, scale)], "second": letter})
            continue
        seen[(column.key, scale)] = letter
        result.found.append((column.key, scale, text, letter))
        result.positions.append(index)
    return result
