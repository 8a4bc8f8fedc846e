"""The kinds of record that can be imported, each declared once: its sheet, its columns, how a row finds the
record it is about (its natural key), and which service it ends in.

- ``projects``: a project is the one with the row's national project code, else the one of the row's pairing
  with the row's title; found, it is updated through ``project_update`` (and a new stage through
  ``project_change_stage``); not found, it is registered through ``project_create``.
- ``project_reports``: a month's report is the project's (found as above) report of that month; found, it is
  corrected through ``project_report_update``, else recorded through ``project_report_create``. Questioned
  figures are warnings: kept only when the row's 确认 column, or the commit, confirms them.
- ``funding``: a funding entry is the ledger's entry of the row's project (found as above) or park (found by its
  pairing and name) with the row's source, stage, date and document number; found, its amount and note are
  corrected through ``funding_entry_update``, else it is recorded through ``funding_entry_create``.
- ``park_figures``: a park's month is the park's (found by pairing and name) figures of that month, recorded or
  corrected through ``park_figure_record``.

Records are looked up once per batch (pairings, key tasks, industries, regions, organisations, officers and
the projects and parks the file names), never once per row. A project or park outside the user's scope is not
among them, so it looks exactly like one that does not exist. A row that would change nothing calls no service.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duikou.core.exports import ExportColumn

from .specs import (
    CellError,
    Choice,
    Code,
    Column,
    Date,
    Integer,
    Lookup,
    ManyLookup,
    Money,
    Month,
    Text,
    YesNo,
    lookup_key,
)

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
CHUNK = 500  # ids per IN (…) query, well under SQLite's parameter limit


class RowError(Exception):
    """A row that cannot be applied, for a reason of the import itself (a project not found): its column
    key and message."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass
class Applied:
    action: str
    record: object
    changed: list[str] = field(default_factory=list)  # the keys of the columns that changed


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def yes_no(value: bool) -> str:
    return "是" if value else "否"


REGION_SUFFIX = re.compile(r"(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$")


def region_names(region) -> set[str]:
    if region is None:
        return {""}
    return {region.name, REGION_SUFFIX.sub("", region.name), region.code} | ({region.name_en} if region.name_en else set())


def pairing_names(pairing) -> set[str]:
    """How a pairing may be written: 哈尔滨市–深圳市, 哈尔滨—深圳, 哈尔滨-深圳市, 230100-440300 …"""
    return {f"{ne}-{east}" for ne in region_names(pairing.northeast) for east in region_names(pairing.east)} | {
        str(pairing)}


def _text_equal(current, new) -> bool:
    def norm(value):
        return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()

    return norm(current) == norm(new)


# --- lookups shared by the kinds ----------------------------------------------------------------------------


class Lookups:
    """Everything a batch looks up, read once: the user's pairings, the key tasks, the industries, the regions,
    the organisations the user may name, the officers and the projects and parks named by the file."""

    def __init__(self, *, user, rows: list[dict], project_prefetch: tuple = ()):
        from duikou.projects.models import Industry
        from duikou.regions.models import KeyTask, Region
        from duikou.regions.selectors import pairings_of

        self.user = user
        self.today = timezone.localdate()
        self.pairings: dict[str, object] = {}
        for pairing in pairings_of(user=user):
            for name in pairing_names(pairing):
                self.pairings[lookup_key(name)] = pairing
        self._tables: dict[str, dict] = {}
        self._sources = {
            "key_task": lambda: self._index(KeyTask.objects.all(), lambda t: (t.code, t.title, f"{t.code} {t.title}")),
            "industry": lambda: self._index(Industry.objects.all(), lambda i: (i.code, i.name, f"{i.code} {i.name}")),
            "region": lambda: self._index(Region.objects.all(), lambda r: (r.code, r.name, r.name_en)),
            "organisation": self._organisations,
            "officer": lambda: self._officers(rows),
        }
        self.project_prefetch = project_prefetch
        self._load_projects(rows)
        self._load_parks(rows)

    # records by name ------------------------------------------------------------------------------------------
    @staticmethod
    def _index(records, names) -> dict[str, list]:
        table: dict[str, list] = defaultdict(list)
        for record in records:
            for name in names(record):
                if name:
                    key = lookup_key(name)
                    if record not in table[key]:
                        table[key].append(record)
        return table

    def _organisations(self):
        from duikou.accounts.models import Organisation

        records = Organisation.objects.for_user(self.user, "view").select_related("region")
        return self._index(records, lambda o: (o.name, o.uscc))

    def _officers(self, rows):
        """Named officers among those the project form offers: coordinators and reporters of the regions of
        the user's pairings."""
        from duikou.accounts.models import User
        from duikou.accounts.selectors import green_channel_candidates
        from duikou.regions.selectors import side_codes

        names = {self._username(row.get("green_channel_officer")) for row in rows} - {None, ""}
        users = User.objects.none()
        if names:
            users = green_channel_candidates(side_codes=side_codes(set(self.pairings.values()))).filter(
                username__in=names)
        return self._index(users, lambda u: (u.username,))

    @staticmethod
    def _username(text):
        """“张三 (zhangsan)” → zhangsan; a bare username as it is."""
        if not text:
            return None
        match = re.search(r"[(（]\s*([^()（）]+?)\s*[)）]\s*$", text)
        return match.group(1) if match else text.strip()

    def table(self, name: str) -> dict[str, list]:
        if name not in self._tables:
            self._tables[name] = self._sources[name]()
        return self._tables[name]

    def find(self, name: str, text: str):
        """The one record of ``name`` called ``text``; a CellError says if there is none or several."""
        if name == "pairing":
            found = self.pairings.get(lookup_key(text))
            if found is None:
                raise CellError(_("“%(value)s” is not one of your pairings: write it as the template's list does, "
                                  "e.g. 哈尔滨市–深圳市.") % {"value": text})
            return found
        if name == "officer":
            text = self._username(text)
        table = self.table(name)
        matches = table.get(lookup_key(text), [])
        if not matches and name in ("key_task", "industry"):
            first = text.split()[0] if text.split() else ""
            matches = table.get(lookup_key(first), [])  # “4.1 …” or “34 …” with another title
        if len(matches) == 1:
            return matches[0]
        messages = {
            "key_task": _("“%(value)s” is not a key task: write its number, e.g. 4.1."),
            "industry": _("“%(value)s” is not a GB/T 4754 industry: write its code, e.g. 34 or 3411."),
            "region": _("“%(value)s” is not a region: write its name or GB/T 2260 code, e.g. 哈尔滨市 or 230100."),
            "organisation": _("No organisation “%(value)s” among those you may name: write its name exactly as "
                              "registered, or its unified social credit code."),
            "officer": _("No active user “%(value)s”: write the officer's user name."),
        }
        if not matches:
            raise CellError(messages[name] % {"value": text})
        raise CellError(_("Several records are called “%(value)s”: write the code instead.") % {"value": text})

    # projects named by the file --------------------------------------------------------------------------------
    def _load_projects(self, rows):
        """The projects the rows may be about, among those the user may see: by national code, or by pairing
        and title. The keys in chunks of titles and of codes, then the records in chunks."""
        from duikou.projects.models import Project

        codes = {row["national_code"] for row in rows if row.get("national_code")}
        pairings = {self.pairings.get(lookup_key(row.get("pairing") or "")) for row in rows} - {None}
        titles = {row.get("title") for row in rows if row.get("title")}
        visible = Project.objects.for_user(self.user, "view")
        keys = []
        if pairings and titles:  # only the titles the file names, not every project of its pairings
            for part in chunks(sorted(titles)):
                keys += list(visible.filter(pairing__in=[p.pk for p in pairings], title__in=part).values_list(
                    "pk", "national_code", "pairing_id", "title"))
        for part in chunks(sorted(codes)):
            keys += list(visible.filter(national_code__in=part).values_list("pk", "national_code", "pairing_id", "title"))
        wanted = {pk for pk, code, pairing_id, title in keys if code in codes or title in titles}
        self.projects: dict[int, object] = {}
        for part in chunks(sorted(wanted)):
            queryset = Project.objects.filter(pk__in=part).select_related("pairing__northeast", "pairing__east")
            for project in queryset.prefetch_related(*self.project_prefetch):
                self.projects[project.pk] = project
        self.by_code = {p.national_code: p for p in self.projects.values() if p.national_code}
        self.by_title: dict[tuple[int, str], list] = defaultdict(list)
        for project in self.projects.values():
            self.by_title[(project.pairing_id, project.title)].append(project)

    def project(self, *, code: str, pairing, title: str):
        """The project of a row: by its national code, else by its pairing and title; None if none."""
        if code and code in self.by_code:
            return self.by_code[code]
        if pairing is not None and title:
            matches = self.by_title.get((pairing.pk, title), [])
            if len(matches) > 1:
                raise RowError("title", _("%(pairing)s has several projects called “%(title)s”: give the national "
                                          "project code to say which.") % {"pairing": pairing, "title": title})
            if matches:
                return matches[0]
        return None

    def remember(self, project):
        self.projects[project.pk] = project
        if project.national_code:
            self.by_code[project.national_code] = project
        self.by_title[(project.pairing_id, project.title)] = [project]

    # parks named by the file ---------------------------------------------------------------------------------
    def _load_parks(self, rows):
        """The parks the rows name (pairing and park name), among those the user may see: one query for the
        parks of the pairings named, none when no row names a park. Names are compared like other names
        (spaces, full-width characters and dashes alike)."""
        from duikou.parks.models import Park

        named = [row for row in rows if row.get("park")]
        names = {lookup_key(row["park"]) for row in named}
        pairings = {self.pairings.get(lookup_key(row.get("pairing") or "")) for row in named} - {None}
        self.parks_by_name: dict[tuple[int, str], list] = defaultdict(list)
        if not (names and pairings):
            return
        visible = Park.objects.for_user(self.user, "view").filter(pairing__in=[p.pk for p in pairings])
        for park in visible.select_related("pairing__northeast", "pairing__east"):
            key = lookup_key(park.name)
            if key in names:
                self.parks_by_name[(park.pairing_id, key)].append(park)

    def park(self, *, pairing, name: str):
        """The park of a row, by its pairing and name; None if the user sees no such park."""
        if pairing is None or not name:
            return None
        matches = self.parks_by_name.get((pairing.pk, lookup_key(name)), [])
        if len(matches) > 1:
            matches = [park for park in matches if park.name == name] or matches
        if len(matches) > 1:
            raise RowError("park", _("%(pairing)s has several parks called “%(name)s”: write the name exactly as on "
                                     "the park's page.") % {"pairing": pairing, "name": name})
        return matches[0] if matches else None


# --- the kinds ----------------------------------------------------------------------------------------------


class ImportKind:
    key: str = ""
    label = ""
    description = ""
    sheet_title = ""
    columns: tuple[Column, ...] = ()
    notes: tuple = ()
    warning_columns: dict[str, str] = {}
    permission_column = "title"  # where a refusal of the service (PermissionDenied) is shown

    def model(self):
        raise NotImplementedError

    def may_import(self, user) -> bool:
        return self.model().objects.may(user, "add")

    def column(self, key: str) -> Column | None:
        return next((column for column in self.columns if column.key == key), None)

    def column_for_field(self, name: str) -> Column | None:
        return next((column for column in self.columns if column.owns(name)), None)

    def lookups(self, *, user, rows: list[dict]) -> Lookups:
        return Lookups(user=user, rows=rows)

    def template_lookups(self, *, user):
        return TemplateLists(user=user)

    def resolve(self, values: dict, lookups: Lookups) -> list[tuple[str, str]]:
        """Replace looked-up names by their records; return (column key, message) for those not found."""
        errors = []
        for column in self.columns:
            reader = column.reader
            if reader.lookup is None or column.key not in values or not values[column.key]:
                continue
            try:
                if isinstance(reader, ManyLookup):
                    values[column.key] = [lookups.find(reader.lookup, text) for text in values[column.key]]
                else:
                    values[column.key] = lookups.find(reader.lookup, values[column.key])
            except CellError as exc:
                errors.append((column.key, str(exc)))
        return errors

    def check(self, values: dict) -> list[tuple[str, str]]:
        return []

    def row_key(self, values: dict):
        return None

    def unchanged(self, *, values: dict, lookups: Lookups):
        """The record if the row would change nothing (then no service is called), else None."""
        return None

    def apply(self, *, user, values: dict, lookups: Lookups, confirm: bool) -> Applied:
        raise NotImplementedError

    def result_project(self, record) -> int | None:
        """The project a written record is about, shown with the row's result (None: a park's record)."""
        return getattr(record, "project_id", None)

    def export_columns(self) -> list[ExportColumn]:
        return [ExportColumn(header=column.header, accessor=column.export, width=column.width,
                             number_format=column.number_format)
                for column in self.columns if column.export is not None]


# The columns a project is found by, shared by both kinds.
NATIONAL_CODE = Column(
    "national_code", "国家项目代码", Code(), aliases=("项目代码", "全国投资项目代码"), width=28, number_format="@",
    help=gettext_lazy("The national investment project code (24 characters). When given, it finds the project."),
    example="2024-230100-34-03-000123", export=lambda p: p.national_code or None)
PAIRING = Column(
    "pairing", "对口合作关系", Lookup("pairing", gettext_lazy("A pairing of yours, as in the list")),
    aliases=("对口关系", "结对关系", "对口合作"), width=22,
    help=gettext_lazy("One of your pairings, as the drop-down list writes it (哈尔滨市–深圳市)."),
    example="哈尔滨市–深圳市", export=lambda p: str(p.pairing),
    choices=lambda lists: lists.pairings, choices_strict=True)
TITLE = Column(
    "title", "项目名称", Text(), aliases=("项目", "名称"), width=36,
    help=gettext_lazy("With the pairing, the title finds the project when there is no national code: keep it "
                      "exactly as registered."),
    example="哈深产业园智能装备制造基地", export=lambda p: p.title)
# The column a park is found by (with the pairing); each kind says how its records export it.
PARK = Column(
    "park", "园区名称", Text(), aliases=("园区", "合作园区", "产业园区", "园区名"), width=28, fields=("park",),
    help=gettext_lazy("With the pairing, the name finds the park: write it as on the park's page."),
    example="哈尔滨—深圳产业园区", choices=lambda lists: lists.parks)


def row_project(values: dict, lookups: Lookups):
    """The project a row names (national code, else pairing and title), or a RowError that reads the same for
    a project outside the user's scope as for one that does not exist."""
    project = lookups.project(code=values.get("national_code"), pairing=values.get("pairing"),
                              title=values.get("title"))
    if project is None:
        if values.get("national_code") and not values.get("title"):
            raise RowError("national_code", _("No project with the national project code %(code)s among the "
                                              "projects you may see.") % {"code": values["national_code"]})
        raise RowError("title", _("No project “%(title)s” of %(pairing)s among the projects you may see: check "
                                  "the title, or give the national project code.") % {
            "title": values.get("title"), "pairing": values.get("pairing")})
    return project


def row_park(values: dict, lookups: Lookups):
    """The park a row names (pairing and park name), or a RowError that reads the same for a park outside the
    user's scope as for one that does not exist."""
    park = lookups.park(pairing=values.get("pairing"), name=values.get("park"))
    if park is None:
        raise RowError("park", _("No park “%(name)s” of %(pairing)s among the parks you may see: write its name as "
                                 "on the park's page.") % {"name": values.get("park"), "pairing": values.get("pairing")})
    return park


def _stage_label(project) -> str:
    return str(project.get_stage_display())


class ProjectsKind(ImportKind):
    key = "projects"
    label = gettext_lazy("Projects")
    description = gettext_lazy("Register projects, or update those already in the library (found by their national "
                               "code, else by pairing and title).")
    sheet_title = "项目"
    permission_column = "pairing"

    def model(self):
        from duikou.projects.models import Project

        return Project

    @cached_property
    def columns(self):
        from duikou.projects.models import Stage

        return (
            NATIONAL_CODE, replace(PAIRING, required=True), replace(TITLE, required=True),
            Column("key_task", "重点任务", Lookup("key_task", gettext_lazy("Key task number (and title)")),
                   required=True, aliases=("重点任务编号", "任务"), width=28,
                   help=gettext_lazy("The key task of 国办发〔2017〕22号 the project serves."), example="4.1",
                   export=lambda p: f"{p.key_task.code} {p.key_task.title}",
                   choices=lambda lists: lists.key_tasks, choices_strict=True),
            Column("industry", "所属行业", Lookup("industry", gettext_lazy("GB/T 4754 code (and name)")),
                   required=True, aliases=("行业", "行业代码", "国民经济行业"), width=28, number_format="@",
                   help=gettext_lazy("A GB/T 4754-2017 division (大类) or finer class."), example="34 通用设备制造业",
                   export=lambda p: f"{p.industry.code} {p.industry.name}", choices=lambda lists: lists.industries),
            Column("location", "建设地点", Lookup("region", gettext_lazy("Region name or GB/T 2260 code")),
                   required=True, aliases=("项目所在地", "所在地区", "建设地区"), width=14,
                   help=gettext_lazy("The region where it is built, on either side of the pairing."), example="哈尔滨市",
                   export=lambda p: p.location.name, choices=lambda lists: lists.regions),
            Column("host_organisation", "承接单位", Lookup("organisation", gettext_lazy("Organisation name or USCC")),
                   required=True, aliases=("承载单位", "承接园区", "项目单位"), width=28,
                   help=gettext_lazy("The park or enterprise that carries the project and reports on it."),
                   example="哈尔滨—深圳产业园区", export=lambda p: p.host_organisation.name,
                   choices=lambda lists: lists.organisations),
            Column("investors", "投资方", ManyLookup("organisation", gettext_lazy("Organisation names, separated by 、")),
                   aliases=("投资单位", "投资主体"), width=28,
                   help=gettext_lazy("Organisations of either side (or central bodies), separated by 、."),
                   example="深圳某智能装备有限公司", export=lambda p: "、".join(o.name for o in p.investors.all())),
            Column("planned_investment", "计划总投资（万元）", Money(), required=True,
                   aliases=("计划总投资", "总投资", "计划投资"), width=16, number_format="#,##0.00",
                   help=gettext_lazy("In 万元; a column headed 计划总投资（亿元） is read ×10,000 instead."),
                   example="120000", export=lambda p: p.planned_investment),
            Column("stage", "项目阶段", Choice(Stage), aliases=("阶段", "当前阶段", "建设阶段"), width=12,
                   fields=("stage", "reason"),
                   help=gettext_lazy("New projects: their stage now (blank: intention). A different stage moves the "
                                     "project (a step back needs a reason: do it on the project's page)."),
                   example=Stage.SIGNED.label, export=_stage_label,
                   choices=lambda lists: lists.stages, choices_strict=True),
            Column("stage_since", "阶段起始日期", Date(), aliases=("进入阶段日期", "阶段日期"), width=14,
                   number_format="yyyy-mm-dd", fields=("stage_since", "on"),
                   help=gettext_lazy("The day the project entered that stage (blank: today)."), example="2026-05-01",
                   export=lambda p: p.stage_since),
            Column("is_landmark", "标志性项目", YesNo(), aliases=("是否标志性项目",), width=10,
                   help=gettext_lazy("是 or 否."), example="否", export=lambda p: yes_no(p.is_landmark),
                   choices=lambda lists: lists.yes_no, choices_strict=True),
            Column("is_key", "重点项目", YesNo(), aliases=("是否重点项目",), width=10,
                   help=gettext_lazy("是 or 否. A key project needs its green-channel officer."), example="是",
                   export=lambda p: yes_no(p.is_key), choices=lambda lists: lists.yes_no, choices_strict=True),
            Column("green_channel_officer", "绿色通道责任人", Lookup("officer", gettext_lazy("User name")),
                   aliases=("绿色通道负责人", "负责人"), width=16,
                   help=gettext_lazy("The user name of the officer responsible for a key project's green channel."),
                   example="harbin", export=lambda p: p.green_channel_officer.username if p.green_channel_officer else None),
            Column("description", "项目简介", Text(), aliases=("简介", "项目概况", "建设内容"), width=40,
                   help=gettext_lazy("What is built, in a few sentences."), example="两期建设智能装备生产线。",
                   export=lambda p: p.description or None),
        )

    notes = (
        gettext_lazy("One row per project. A row whose national project code, or pairing and title, names a project "
                     "already in the library updates it; otherwise it registers a new project. Importing the same "
                     "file again changes nothing."),
        gettext_lazy("A column left out of the sheet is left as it is; a blank cell in a column that is there clears "
                     "that field."),
    )

    def lookups(self, *, user, rows):
        return Lookups(user=user, rows=rows, project_prefetch=("investors",))

    def result_project(self, record):
        return record.pk

    def row_key(self, values):
        pairing = values.get("pairing")
        return ("title", pairing.pk if pairing else None, values.get("title"))

    def _data(self, values) -> dict:
        fields = ("pairing", "title", "key_task", "industry", "location", "host_organisation", "investors",
                  "national_code", "planned_investment", "is_landmark", "is_key", "green_channel_officer",
                  "description")
        return {name: values[name] for name in fields if name in values}

    @staticmethod
    def _changes(project, data) -> dict:
        from duikou.projects.models import Project

        changes = {}
        for name, value in data.items():
            model_field = Project._meta.get_field(name)
            if model_field.many_to_many:
                same = {o.pk for o in getattr(project, name).all()} == {o.pk for o in value or ()}
            elif model_field.is_relation:
                same = getattr(project, model_field.attname) == (value.pk if value is not None else None)
            elif isinstance(value, str):
                same = _text_equal(getattr(project, name), value)
            else:
                same = getattr(project, name) == value
            if not same:
                changes[name] = value
        return changes

    def _stage_move(self, project, values) -> bool:
        return bool(values.get("stage")) and values["stage"] != project.stage

    def unchanged(self, *, values, lookups):
        project = lookups.project(code=values.get("national_code"), pairing=values.get("pairing"),
                                  title=values.get("title"))
        if project is not None and not self._changes(project, self._data(values)) and \
                not self._stage_move(project, values):
            return project
        return None

    def apply(self, *, user, values, lookups, confirm):
        from duikou.projects import services

        data = self._data(values)
        project = lookups.project(code=values.get("national_code"), pairing=values.get("pairing"),
                                  title=values.get("title"))
        if project is None:
            created = services.project_create(user=user, data={
                **data, "stage": values.get("stage") or None, "stage_since": values.get("stage_since")})
            lookups.remember(created)
            return Applied(CREATED, created)
        code = values.get("national_code")
        if code and project.national_code and code != project.national_code:
            raise RowError("national_code", _(
                "%(pairing)s's project “%(title)s” has the national project code %(code)s: correct the code, or the "
                "title if it is another project.") % {
                "pairing": project.pairing, "title": project.title, "code": project.national_code})
        changes = self._changes(project, data)
        moved = self._stage_move(project, values)
        if changes:
            project = services.project_update(user=user, project=project, data=changes, expected_version=None)
        if moved:
            project = services.project_change_stage(user=user, project=project, stage=values["stage"],
                                                    on=values.get("stage_since") or lookups.today)
        return Applied(UPDATED, project, sorted(changes) + (["stage"] if moved else []))


class ProjectReportsKind(ImportKind):
    key = "project_reports"
    label = gettext_lazy("Monthly progress reports")
    description = gettext_lazy("Report months of projects, or correct reports already made (one report per "
                               "project and month).")
    sheet_title = "月度进展"
    warning_columns = {"cumulative_down": "investment_cumulative", "beyond_plan": "investment_cumulative",
                       "does_not_add_up": "investment_cumulative", "before_start": "period"}

    def model(self):
        from duikou.projects.models import ProjectReport

        return ProjectReport

    @cached_property
    def columns(self):
        return (
            NATIONAL_CODE,
            replace(PAIRING, help=gettext_lazy("With the title, finds the project when there is no national code.")),
            replace(TITLE, fields=("project",)),
            Column("period", "月份", Month(), required=True, aliases=("报告月份", "填报月份", "月度"), width=10,
                   number_format="@", help=gettext_lazy("The month reported: 2026-05 or 2026年5月."), example="2026-05",
                   export=lambda r: r.period),
            Column("investment_in_period", "本月完成投资（万元）", Money(), required=True,
                   aliases=("本月完成投资", "当月完成投资", "本月投资"), width=16, number_format="#,##0.00",
                   help=gettext_lazy("Investment completed in the month, in 万元 (a 亿元 column is read ×10,000)."),
                   example="3000", export=lambda r: r.investment_in_period),
            Column("investment_cumulative", "累计完成投资（万元）", Money(), required=True,
                   aliases=("累计完成投资", "累计投资", "开工以来累计完成投资"), width=16, number_format="#,##0.00",
                   help=gettext_lazy("Investment completed in total so far, in 万元."), example="15000",
                   export=lambda r: r.investment_cumulative),
            Column("narrative", "本月进展", Text(), required=True, aliases=("进展情况", "工作进展", "项目进展"), width=40,
                   help=gettext_lazy("What was done in the month."), example="完成主体结构施工。",
                   export=lambda r: r.narrative),
            Column("problems", "存在问题", Text(), aliases=("问题", "困难和问题"), width=30,
                   help=gettext_lazy("Problems met (blank: none)."), example="", export=lambda r: r.problems or None),
            Column("confirm", "确认提示", YesNo(), aliases=("确认", "确认数据"), width=10,
                   help=gettext_lazy("是: keep figures the platform questions (a total that goes down, beyond the "
                                     "plan, or that does not add up) for this row."), example="否",
                   choices=lambda lists: lists.yes_no, choices_strict=True),
        )

    notes = (
        gettext_lazy("One row per project and month. The project is found by its national project code, else by "
                     "its pairing and title. A month already reported is corrected; importing the same file again "
                     "changes nothing."),
        gettext_lazy("Figures that look wrong are shown as warnings in the preview: confirm them with 是 in "
                     "确认提示, or all at once when you commit."),
    )

    def lookups(self, *, user, rows):
        lookups = Lookups(user=user, rows=rows)
        from duikou.projects.models import ProjectReport

        periods = sorted({row["period"] for row in rows if row.get("period")})
        lookups.reports = {}
        for part in chunks(sorted(lookups.projects)):
            for report in ProjectReport.objects.filter(project_id__in=part, period__in=periods):
                lookups.reports[(report.project_id, report.period)] = report
        return lookups

    def check(self, values):
        if not values.get("national_code") and not (values.get("pairing") and values.get("title")):
            return [("title", _("Say which project: give its national project code, or its pairing and title."))]
        return []

    def _project(self, values, lookups):
        return row_project(values, lookups)

    def row_key(self, values):
        return ("report", values.get("national_code") or (values.get("pairing").pk if values.get("pairing") else None),
                values.get("title") if not values.get("national_code") else None, values.get("period"))

    FIELDS = ("period", "investment_in_period", "investment_cumulative", "narrative", "problems")

    def _changes(self, report, values) -> dict:
        changes = {}
        for name in self.FIELDS:
            if name not in values:
                continue
            value = values[name]
            same = _text_equal(getattr(report, name), value) if name in ("narrative", "problems") \
                else getattr(report, name) == value
            if not same:
                changes[name] = value
        return changes

    def unchanged(self, *, values, lookups):
        try:
            project = self._project(values, lookups)
        except RowError:
            return None
        report = lookups.reports.get((project.pk, values.get("period")))
        if report is not None and not self._changes(report, values):
            return report
        return None

    def apply(self, *, user, values, lookups, confirm):
        from duikou.projects import services

        project = self._project(values, lookups)
        report = lookups.reports.get((project.pk, values["period"]))
        if report is None:
            data = {name: values[name] for name in self.FIELDS if name in values and values[name] is not None}
            report = services.project_report_create(user=user, project=project, data=data, confirm=confirm)
            lookups.reports[(project.pk, report.period)] = report
            return Applied(CREATED, report)
        changes = self._changes(report, values)
        report = services.project_report_update(user=user, report=report, data=changes, confirm=confirm)
        return Applied(UPDATED, report, sorted(changes))


class FundingKind(ImportKind):
    key = "funding"
    label = gettext_lazy("Funding ledger")
    description = gettext_lazy("Record money for projects and parks by source and stage (planned, committed, in "
                               "place), or correct the amounts already recorded.")
    sheet_title = "资金台账"

    def model(self):
        from duikou.funding.models import FundingEntry

        return FundingEntry

    @cached_property
    def columns(self):
        from duikou.funding.models import FundingStage, Source

        return (
            replace(NATIONAL_CODE, help=gettext_lazy("The national investment project code of the project the money "
                                                     "is for (24 characters). When given, it finds the project."),
                    export=lambda e: (e.project.national_code or None) if e.project_id else None),
            replace(PAIRING, help=gettext_lazy("One of your pairings, as the drop-down list writes it: with the title "
                                               "it finds the project, with the park name the park."),
                    export=lambda e: str(e.pairing)),
            replace(TITLE, fields=("project",),
                    help=gettext_lazy("The project the money is for, with the pairing when there is no national code: "
                                      "keep the title exactly as registered. Leave it blank for a park."),
                    export=lambda e: e.project.title if e.project_id else None),
            replace(PARK, help=gettext_lazy("Or the park the money is for, with the pairing: its name as on the park's "
                                            "page. Leave it blank for a project."),
                    export=lambda e: e.park.name if e.park_id else None),
            Column("source", "资金来源", Choice(Source), required=True, aliases=("来源", "资金渠道"), width=36,
                   help=gettext_lazy("Where the money comes from, as the drop-down list writes it."),
                   example=Source.CENTRAL_BUDGET.label, export=lambda e: str(e.get_source_display()),
                   choices=lambda lists: lists.funding_sources, choices_strict=True),
            Column("stage", "资金阶段", Choice(FundingStage), required=True, aliases=("阶段", "资金状态"), width=10,
                   help=gettext_lazy("Planned, committed or in place, as the drop-down list writes it."),
                   example=FundingStage.IN_PLACE.label, export=lambda e: str(e.get_stage_display()),
                   choices=lambda lists: lists.funding_stages, choices_strict=True),
            Column("amount", "金额（万元）", Money(), required=True, aliases=("金额", "资金金额", "资金额"), width=14,
                   number_format="#,##0.00",
                   help=gettext_lazy("In 万元; a column headed 金额（亿元） is read ×10,000 instead."), example="3000",
                   export=lambda e: e.amount),
            Column("on", "日期", Date(), required=True, aliases=("资金日期", "到位日期", "拨付日期"), width=12,
                   number_format="yyyy-mm-dd",
                   help=gettext_lazy("The day of the plan, of the commitment or of the transfer."),
                   example="2026-05-01", export=lambda e: e.on),
            Column("document_number", "文号", Text(), aliases=("文件文号", "批复文号", "文件编号"), width=26,
                   help=gettext_lazy("The approval, contract or transfer document, e.g. 发改投资〔2026〕123号 (blank if "
                                     "there is none)."),
                   example="发改投资〔2026〕123号", export=lambda e: e.document_number or None),
            Column("note", "备注", Text(), aliases=("说明",), width=30,
                   help=gettext_lazy("Anything worth knowing about the money (blank: none)."), example="",
                   export=lambda e: e.note or None),
        )

    notes = (
        gettext_lazy("One row per entry: money of one source at one stage, for a project (its national project code, "
                     "or its pairing and title) or for a park (its pairing and name). A row with the same project or "
                     "park, source, stage, date and document number as an entry already in the ledger corrects that "
                     "entry's amount and note; otherwise it records a new entry. Importing the same file again changes "
                     "nothing."),
        gettext_lazy("An exported funding list has the same columns and can be imported back. Leave 备注 out of the "
                     "sheet to keep the notes as they are."),
    )

    ENTRY_FIELDS = ("source", "stage", "amount", "on", "document_number", "note")

    def lookups(self, *, user, rows):
        """The projects and parks the rows name, then their entries (a query per 500 projects or parks)."""
        from duikou.funding.models import FundingEntry

        lookups = Lookups(user=user, rows=rows)
        lookups.entries = defaultdict(list)
        parks = sorted({park.pk for found in lookups.parks_by_name.values() for park in found})
        visible = FundingEntry.objects.for_user(user, "view")
        for name, ids in (("project", sorted(lookups.projects)), ("park", parks)):
            for part in chunks(ids):
                for entry in visible.filter(**{f"{name}_id__in": part}):
                    target = ("project", entry.project_id) if entry.project_id else ("park", entry.park_id)
                    lookups.entries[self._key(target, entry.source, entry.stage, entry.on,
                                              entry.document_number)].append(entry)
        return lookups

    @staticmethod
    def _key(target: tuple, source, stage, on, document_number) -> tuple:
        """The natural key of an entry: its project or park, source, stage, date and document number (compared
        as names are: full-width characters and spaces alike)."""
        return (*target, source, stage, on, lookup_key(document_number or ""))

    @staticmethod
    def _target_column(values) -> str:
        if values.get("park"):
            return "park"
        return "title" if values.get("title") else "national_code"

    def check(self, values):
        if values.get("park"):
            if values.get("national_code") or values.get("title"):
                return [("park", _("A row is for a project or for a park, not both: clear 园区名称, or the project's "
                                   "code and title."))]
            if not values.get("pairing"):
                return [("pairing", _("Say which pairing the park “%(name)s” is of.") % {"name": values["park"]})]
            return []
        if not values.get("national_code") and not (values.get("pairing") and values.get("title")):
            return [("title", _("Say what the money is for: a project (its national project code, or its pairing and "
                                "title) or a park (its pairing and name)."))]
        return []

    def row_key(self, values):
        pairing = values.get("pairing")
        pairing_id = pairing.pk if pairing else None
        if values.get("park"):
            target = ("park", pairing_id, lookup_key(values["park"]))
        elif values.get("national_code"):
            target = ("project", values["national_code"])
        else:
            target = ("project", pairing_id, values.get("title"))
        return ("funding", target, values.get("source"), values.get("stage"), values.get("on"),
                lookup_key(values.get("document_number") or ""))

    def _find(self, values, lookups):
        """The row's project or park, its natural key and the ledger's entry of that key (None: a new entry)."""
        if values.get("park"):
            project, park = None, row_park(values, lookups)
        else:
            project, park = row_project(values, lookups), None
        target = ("project", project.pk) if project is not None else ("park", park.pk)
        key = self._key(target, values.get("source"), values.get("stage"), values.get("on"),
                        values.get("document_number"))
        matches = lookups.entries.get(key, [])
        if len(matches) > 1:
            raise RowError("document_number", _(
                "The ledger has %(n)s entries of %(target)s with this source, stage, date and document number, so the "
                "row cannot say which one to correct: tell them apart by their document numbers on their pages, then "
                "import again.") % {"n": len(matches), "target": project or park})
        return project, park, key, (matches[0] if matches else None)

    @staticmethod
    def _changes(entry, values) -> dict:
        changes = {}
        if "amount" in values and entry.amount != values["amount"]:
            changes["amount"] = values["amount"]
        if "note" in values and not _text_equal(entry.note, values["note"]):
            changes["note"] = values["note"]
        return changes

    def unchanged(self, *, values, lookups):
        try:
            entry = self._find(values, lookups)[3]
        except RowError:
            return None
        if entry is not None and not self._changes(entry, values):
            return entry
        return None

    def apply(self, *, user, values, lookups, confirm):
        from duikou.funding import services

        project, park, key, entry = self._find(values, lookups)
        try:
            if entry is None:
                data = {"project": project, "park": park,
                        **{name: values[name] for name in self.ENTRY_FIELDS if name in values}}
                created = services.funding_entry_create(user=user, data=data)
                lookups.entries[key].append(created)
                return Applied(CREATED, created)
            changes = self._changes(entry, values)
            updated = services.funding_entry_update(user=user, entry=entry, data=changes, expected_version=None)
            return Applied(UPDATED, updated, sorted(changes))
        except ValidationError as exc:
            raise self._on_target_column(exc, values) from None
        except PermissionDenied as exc:
            raise RowError(self._target_column(values), str(exc) or _("You may not change this record.")) from None

    def _on_target_column(self, exc: ValidationError, values) -> ValidationError:
        """The service's errors about the project go to the column that named it (the code when there is no
        title)."""
        column = self._target_column(values)
        if not hasattr(exc, "error_dict") or "project" not in exc.error_dict or column != "national_code":
            return exc
        errors = dict(exc.error_dict)
        errors[column] = errors.pop("project")
        return ValidationError(errors)


class ParkFiguresKind(ImportKind):
    key = "park_figures"
    label = gettext_lazy("Monthly park figures")
    description = gettext_lazy("Report parks' monthly figures (output value, tax revenue, GDP, employment), or correct "
                               "months already reported (one row per park and month).")
    sheet_title = "园区月度指标"
    permission_column = "park"

    def model(self):
        from duikou.parks.models import ParkFigure

        return ParkFigure

    @cached_property
    def columns(self):
        money = {"reader": Money(), "required": True, "width": 16, "number_format": "#,##0.00"}
        return (
            replace(PAIRING, required=True, help=gettext_lazy("The park's pairing, as the drop-down list writes it."),
                    export=lambda f: str(f.park.pairing)),
            replace(PARK, required=True, export=lambda f: f.park.name),
            Column("period", "月份", Month(), required=True, aliases=("统计月份", "报告月份", "填报月份"), width=10,
                   number_format="@", help=gettext_lazy("The month the figures are for, once it is over: 2026-05 or "
                                                        "2026年5月."),
                   example="2026-05", export=lambda f: f.period),
            Column("output_value", "工业总产值（万元）", aliases=("工业总产值", "总产值", "工业产值"),
                   help=gettext_lazy("Industrial output value of the month, in 万元 (a 亿元 column is read ×10,000)."),
                   example="52000", export=lambda f: f.output_value, **money),
            Column("tax_revenue", "税收收入（万元）", aliases=("税收收入", "税收", "税收总额"),
                   help=gettext_lazy("Tax revenue of the month, in 万元."), example="3100",
                   export=lambda f: f.tax_revenue, **money),
            Column("gdp", "地区生产总值（万元）", aliases=("地区生产总值", "GDP", "计入GDP的增加值", "增加值"),
                   help=gettext_lazy("Value added of the month counted in GDP, in 万元."), example="12500",
                   export=lambda f: f.gdp, **money),
            Column("employment", "从业人员（人）", Integer(), required=True,
                   aliases=("从业人员", "从业人数", "就业人数", "用工人数"), width=12, number_format="#,##0",
                   help=gettext_lazy("Persons employed at the month's end."), example="1200",
                   export=lambda f: f.employment),
            Column("basis", "统计口径及来源", Text(), required=True,
                   aliases=("统计口径", "口径及来源", "统计口径和来源", "数据来源"), width=30,
                   help=gettext_lazy("How the figures were counted and where they come from: a figure without its "
                                     "basis misleads."),
                   example="园区管委会统计，税务部门入库数", export=lambda f: f.basis),
        )

    notes = (
        gettext_lazy("One row per park and month. The park is found by its pairing and name. A month already reported "
                     "is corrected; importing the same file again changes nothing."),
        gettext_lazy("Every figure is of the month itself, not a running total, and keeps its counting basis and "
                     "source."),
    )

    FIELDS = ("period", "output_value", "tax_revenue", "gdp", "employment", "basis")

    def lookups(self, *, user, rows):
        """The parks the rows name, then their figures of the months named (a query per 500 parks)."""
        from duikou.parks.models import ParkFigure

        lookups = Lookups(user=user, rows=rows)
        lookups.figures = {}
        parks = sorted({park.pk for found in lookups.parks_by_name.values() for park in found})
        periods = sorted({row["period"] for row in rows if row.get("period")})
        if periods:
            for part in chunks(parks):
                figures = ParkFigure.objects.for_user(user, "view").filter(park_id__in=part, period__in=periods)
                for figure in figures:
                    lookups.figures[(figure.park_id, figure.period)] = figure
        return lookups

    def row_key(self, values):
        pairing = values.get("pairing")
        return ("park_figures", pairing.pk if pairing else None, lookup_key(values.get("park") or ""),
                values.get("period"))

    def _changes(self, figure, values) -> dict:
        changes = {}
        for name in self.FIELDS:
            if name not in values:
                continue
            value = values[name]
            same = _text_equal(figure.basis, value) if name == "basis" else getattr(figure, name) == value
            if not same:
                changes[name] = value
        return changes

    def unchanged(self, *, values, lookups):
        try:
            park = row_park(values, lookups)
        except RowError:
            return None
        figure = lookups.figures.get((park.pk, values.get("period")))
        if figure is not None and not self._changes(figure, values):
            return figure
        return None

    def apply(self, *, user, values, lookups, confirm):
        from duikou.parks import services

        park = row_park(values, lookups)
        figure = lookups.figures.get((park.pk, values["period"]))
        data = {name: values[name] for name in self.FIELDS if name in values}
        recorded = services.park_figure_record(user=user, park=park, data=data,
                                               expected_version=figure.version if figure is not None else None)
        lookups.figures[(park.pk, recorded.period)] = recorded
        if figure is None:
            return Applied(CREATED, recorded)
        return Applied(UPDATED, recorded, sorted(self._changes(figure, values)))


class TemplateLists:
    """The values of a template's drop-down lists, for one user."""

    def __init__(self, *, user):
        self.user = user

    @property
    def pairings(self) -> list[str]:
        from duikou.regions.selectors import pairings_of

        return [str(p) for p in pairings_of(user=self.user) if p.east_id]

    @property
    def key_tasks(self) -> list[str]:
        from duikou.regions.models import KeyTask

        return [f"{t.code} {t.title}" for t in KeyTask.objects.order_by("code")]

    @property
    def industries(self) -> list[str]:
        from duikou.projects.models import Industry

        return [f"{i.code} {i.name}" for i in Industry.objects.exclude(level=Industry.Level.SECTION).order_by("code")]

    @property
    def regions(self) -> list[str]:
        from duikou.regions.models import Region
        from duikou.regions.selectors import pairings_of

        sides = {code for p in pairings_of(user=self.user) for code in p.sides}
        return [r.name for r in Region.objects.filter(Q(code__in=sides) | Q(parent__in=sides)).order_by("code")]

    @property
    def organisations(self) -> list[str]:
        from duikou.accounts.models import Organisation

        return sorted({o.name for o in Organisation.objects.for_user(self.user, "view").only("name")})

    @property
    def stages(self) -> list[str]:
        from duikou.projects.models import Stage

        return [str(label) for label in Stage.labels]

    @property
    def yes_no(self) -> list[str]:
        return ["是", "否"]

    @property
    def parks(self) -> list[str]:
        from duikou.parks.models import Park

        return sorted({p.name for p in Park.objects.for_user(self.user, "view").only("name")})

    @property
    def funding_sources(self) -> list[str]:
        from duikou.funding.models import Source

        return [str(label) for label in Source.labels]

    @property
    def funding_stages(self) -> list[str]:
        from duikou.funding.models import FundingStage

        return [str(label) for label in FundingStage.labels]


KINDS: dict[str, ImportKind] = {kind.key: kind for kind in (ProjectsKind(), ProjectReportsKind(), FundingKind(),
                                                               ParkFiguresKind())}


def get_kind(key: str) -> ImportKind:
    return KINDS[key]
