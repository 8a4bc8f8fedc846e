"""Plans and reports (国办发〔2017〕22号 四（二）): phased, special and annual plans and the annual summary,
compiled jointly by the two sides of a pairing and reported to the NDRC and the Central Organization
Department; their work items, time nodes, indicators and progress.

Traffic lights are computed (``lights.py``), never stored as typed values. Workflow transitions live in
``services.py``.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Organisation
from duikou.core.fields import SafeHTMLField
from duikou.core.models import BaseModel
from duikou.regions.models import KeyTask, Pairing

from .querysets import (
    IndicatorActualQuerySet,
    IndicatorQuerySet,
    PlanAttachmentQuerySet,
    PlanDueRuleQuerySet,
    PlanEventQuerySet,
    PlanItemQuerySet,
    PlanQuerySet,
    PlanVersionQuerySet,
    ProgressUpdateQuerySet,
    TimeNodeQuerySet,
)

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class PlanKind(models.TextChoices):
    PHASED = "phased", _("Phased implementation plan")
    SPECIAL = "special", _("Special implementation plan")
    ANNUAL = "annual", _("Annual work plan")
    SUMMARY = "summary", _("Annual summary and evaluation")


SINGLE_YEAR_KINDS = {PlanKind.ANNUAL, PlanKind.SUMMARY}


class PlanDueRule(BaseModel):
    """When a kind of plan is due, set by the NDRC office: ``month``/``day`` of the first year of the
    plan's period plus ``years_after`` (annual plans by 31 March of their year, summaries by 31 January of
    the next year). A required kind is expected from every formal pairing every year from ``first_year``."""

    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices, unique=True)
    month = models.PositiveSmallIntegerField(_("month"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    day = models.PositiveSmallIntegerField(_("day"), validators=[MinValueValidator(1), MaxValueValidator(31)])
    years_after = models.PositiveSmallIntegerField(
        _("years after the period starts"), default=0, validators=[MaxValueValidator(5)],
        help_text=_("0: due in the plan's own year; 1: due in the next year (a summary)."))
    required = models.BooleanField(_("required every year"), default=False,
                                   help_text=_("Expected from every formal pairing every year; missing ones are flagged."))
    first_year = models.PositiveSmallIntegerField(_("tracked from year"), default=2026, validators=YEAR_VALIDATORS)
    remind_days = models.PositiveSmallIntegerField(
        _("reminder days before due"), default=14, validators=[MaxValueValidator(120)])

    objects = PlanDueRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("due date rule")
        verbose_name_plural = _("due date rules")
        ordering = ["kind"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.describe()}"

    def describe(self) -> str:
        if self.years_after:
            return _("by %(month)s/%(day)s of the year after") % {"month": self.month, "day": self.day}
        return _("by %(month)s/%(day)s of the plan's year") % {"month": self.month, "day": self.day}

    def clean(self):
        try:
            datetime.date(2024, self.month or 1, self.day or 1)  # a leap year: 29 February is allowed
        except ValueError:
            raise ValidationError({"day": _("Month %(month)s has no day %(day)s.") % {"month": self.month, "day": self.day}})

    def due_date(self, year: int) -> datetime.date:
        target_year = year + self.years_after
        try:
            return datetime.date(target_year, self.month, self.day)
        except ValueError:  # 29 February in a common year
            return datetime.date(target_year, self.month, 28)

    def get_absolute_url(self):
        return reverse("plans:compliance")


class Plan(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")

    SECTION_FIELDS = ("goals", "scope", "key_tasks_text", "major_projects", "schedule", "safeguards")

    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    title = models.CharField(_("title"), max_length=200)
    period_start = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    period_end = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)

    goals = SafeHTMLField(_("goals"), blank=True)
    scope = SafeHTMLField(_("scope"), blank=True)
    key_tasks_text = SafeHTMLField(_("key tasks"), blank=True)
    major_projects = SafeHTMLField(_("major projects"), blank=True)
    schedule = SafeHTMLField(_("schedule"), blank=True)
    safeguards = SafeHTMLField(_("safeguards"), blank=True)

    # The content revision: every change to the plan's text or items raises it. Both sides confirm one
    # revision; a change after a confirmation clears it.
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    northeast_confirmed_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    northeast_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                               on_delete=models.PROTECT, related_name="+")
    northeast_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    east_confirmed_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    east_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                          on_delete=models.PROTECT, related_name="+")
    east_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                     on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True, editable=False)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                        on_delete=models.PROTECT, related_name="+")

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-period_start", "pairing_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "kind", "period_start"],
                                    condition=Q(kind__in=["annual", "summary"]),
                                    name="plans_one_annual_plan_or_summary_per_pairing_year",
                                    violation_error_message=_("This pairing already has this kind of plan for that year.")),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="plans_period_end_not_before_start"),
        ]
        indexes = [models.Index(fields=["pairing", "kind", "period_start"]),
                   # the list's order (Meta.ordering), so a page of plans is read from the index
                   models.Index(fields=["-period_start", "pairing", "kind", "id"], name="plans_plan_list_order")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:plan_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The last year (%(end)s) is before the first year (%(start)s).") % {
                "end": self.period_end, "start": self.period_start}
        if self.kind in SINGLE_YEAR_KINDS and self.period_start and self.period_end and self.period_end != self.period_start:
            errors["period_end"] = _("An annual plan or summary covers one year: make the last year equal to the first.")
        if self.pairing_id and self.pairing.status == Pairing.Status.ENDED and self._state.adding:
            errors["pairing"] = _("This pairing has ended: no new plans can be made for it.")
        if errors:
            raise ValidationError(errors)

    @property
    def period_label(self) -> str:
        if self.period_start == self.period_end:
            return str(self.period_start)
        return f"{self.period_start}–{self.period_end}"

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.period_start, 1, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.period_end, 12, 31)

    @property
    def northeast_confirmed(self) -> bool:
        return self.northeast_confirmed_revision == self.revision

    @property
    def east_confirmed(self) -> bool:
        return self.east_confirmed_revision == self.revision

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


# Child records are ordered by their parent's id (``plan_id``), not by the parent relation: ordering by
# ``plan`` would pull in the plan's own ordering and join every plan (measured in bench/).


class PlanVersion(models.Model):
    """The content of a plan as it was confirmed or submitted: kept for ever, comparable side by side."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions")
    revision = models.PositiveIntegerField(_("revision"))
    reason = models.CharField(_("kept because"), max_length=200)
    content = models.JSONField(_("content"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan_id", "revision"]
        constraints = [models.UniqueConstraint(fields=["plan", "revision"], name="plans_one_version_per_revision")]

    def __str__(self):
        return _("%(plan)s, revision %(revision)s") % {"plan": self.plan, "revision": self.revision}

    def get_absolute_url(self):
        return reverse("plans:plan_versions", args=[self.plan_id]) + f"?a={self.revision}"


class PlanEvent(models.Model):
    """The plan's workflow history: who drafted, changed, confirmed, submitted, returned, acknowledged."""

    class Action(models.TextChoices):
        CREATED = "created", _("Drafted")
        CHANGED = "changed", _("Changed")
        CONFIRMATION_CLEARED = "confirmation_cleared", _("Confirmation cleared")
        CONFIRMED = "confirmed", _("Confirmed")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")

    class Side(models.TextChoices):
        NORTHEAST = "northeast", _("Northeast side")
        EAST = "east", _("Eastern side")
        NATIONAL = "national", _("National office")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    side = models.CharField(_("side"), max_length=20, choices=Side.choices, blank=True)
    revision = models.PositiveIntegerField(_("revision"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT,
                             related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)
    changes = models.JSONField(_("changes"), default=list, blank=True)

    objects = PlanEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")
        ordering = ["plan_id", "-at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.plan}"

    def get_absolute_url(self):
        return self.plan.get_absolute_url()


def _attachment_path(instance, filename):
    return f"plans/{instance.plan_id}/{instance.sha256[:2]}/{instance.sha256}"


class PlanAttachment(models.Model):
    """A signed official document or supporting file. Stored under its checksum, checked by content."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = PlanAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["plan_id", "-uploaded_at", "-id"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("plans:attachment_download", args=[self.pk])


class PlanItem(BaseModel):
    """A work item (工作任务) of a plan, tagged with a key task of the catalogue. A parent item's progress
    rolls up from its children."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey("self", verbose_name=_("parent item"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="children")
    number = models.CharField(_("number"), max_length=20, blank=True, help_text=_("As in the document, e.g. 3 or 3.2."))
    title = models.CharField(_("title"), max_length=300)
    key_task = models.ForeignKey(KeyTask, verbose_name=_("key task"), on_delete=models.PROTECT, related_name="plan_items")
    lead_organisation = models.ForeignKey(Organisation, verbose_name=_("lead organisation"), on_delete=models.PROTECT,
                                          related_name="led_plan_items")
    supporting_organisations = models.ManyToManyField(Organisation, verbose_name=_("supporting organisations"),
                                                      blank=True, related_name="supported_plan_items")
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=PERCENT_VALIDATORS,
                                                editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    # Derived by the services from start, due and progress: the last day on which the item's progress is
    # still on schedule (a straight line from 0% at the start to 100% at the due date). Used for lights.
    on_track_until = models.DateField(null=True, blank=True, editable=False)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        ordering = ["plan", "number", "id"]  # newest plans first (the plan list order, indexed)
        indexes = [models.Index(fields=["plan", "due_date"]), models.Index(fields=["due_date", "completed_on"]),
                   models.Index(fields=["plan", "number", "id"], name="plans_item_list_order")]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("plans:item_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors["due_date"] = _("The due date is before the start date.")
        if self.plan_id and self.due_date and self.due_date < self.plan.starts_on:
            errors["due_date"] = _("The due date (%(date)s) is before the plan's period starts (%(start)s).") % {
                "date": self.due_date, "start": self.plan.starts_on}
        if self.plan_id and self.lead_organisation_id and not self.plan.pairing.admits(self.lead_organisation):
            errors["lead_organisation"] = _(
                "%(org)s is not on either side of %(pairing)s: choose an organisation of one of the two sides "
                "(or a central body).") % {"org": self.lead_organisation, "pairing": self.plan.pairing}
        if self.parent_id:
            if self.parent.plan_id != self.plan_id:
                errors["parent"] = _("The parent item belongs to another plan.")
            elif self.pk and self.parent_id == self.pk:
                errors["parent"] = _("An item cannot be its own parent.")
            elif self.parent.parent_id:
                errors["parent"] = _("Items nest two levels deep at most: choose a top-level item as parent.")
        if errors:
            raise ValidationError(errors)


class TimeNode(BaseModel):
    """A milestone (时间节点) of an item, with its due date."""

    item = models.ForeignKey(PlanItem, verbose_name=_("plan item"), on_delete=models.CASCADE, related_name="nodes")
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    objects = TimeNodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("time node")
        verbose_name_plural = _("time nodes")
        ordering = ["item_id", "due_date", "id"]
        indexes = [models.Index(fields=["due_date", "completed_on"])]

    def __str__(self):
        return f"{self.title} ({self.due_date})"

    def get_absolute_url(self):
        return self.item.get_absolute_url()

    def clean(self):
        if self.item_id and self.due_date:
            plan = self.item.plan
            if self.due_date < plan.starts_on:
                raise ValidationError({"due_date": _(
                    "The time node is due on %(date)s, before the plan's period starts (%(start)s). "
                    "Choose a date from %(start)s on.") % {"date": self.due_date, "start": plan.starts_on}})
            if self.due_date > plan.ends_on + datetime.timedelta(days=366):
                raise ValidationError({"due_date": _(
                    "The time node is due on %(date)s, more than a year after the plan's period ends (%(end)s).")
                    % {"date": self.due_date, "end": plan.ends_on}})


PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>0[1-9]|1[0-2])|Q(?P<quarter>[1-4])|H(?P<half>[12])))?$")


def validate_period(value: str):
    if not PERIOD_RE.match(value or ""):
        raise ValidationError(
            _("“%(value)s” is not a reporting period. Write a year (2026), a half year (2026-H1), a quarter "
              "(2026-Q2) or a month (2026-05)."), params={"value": value}, code="period")


class Indicator(BaseModel):
    """A quantitative target in the form of results-based reporting: indicator, unit, baseline, target."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")

    item = models.ForeignKey(PlanItem, verbose_name=_("plan item"), on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=30, help_text=_("e.g. 个, 亿元, 人次."))
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    counting_basis = models.CharField(_("counting basis"), max_length=300, blank=True,
                                      help_text=_("How the figure is counted, e.g. 签约项目个数, 以合同签订为准."))

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["item_id", "id"]

    def __str__(self):
        return f"{self.name} ({self.unit})"

    def get_absolute_url(self):
        return self.item.get_absolute_url()

    def clean(self):
        if not (self.unit or "").strip():
            raise ValidationError({"unit": _("A target needs its unit (for example 个, 亿元 or 人次).")})


class IndicatorActual(BaseModel):
    """An actual value of an indicator for a period, with its evidence and counting basis."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="actuals")
    period = models.CharField(_("period"), max_length=7, validators=[validate_period],
                              help_text=_("2026, 2026-H1, 2026-Q2 or 2026-05."))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    evidence = models.TextField(_("evidence"), help_text=_("Where the figure comes from: a document, a statistic, a list."))
    counting_basis = models.CharField(_("counting basis"), max_length=300)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True,
                                    editable=False, on_delete=models.PROTECT, related_name="+")

    objects = IndicatorActualQuerySet.as_manager()

    class Meta:
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        ordering = ["indicator_id", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="plans_one_actual_per_period",
                                               violation_error_message=_("This indicator already has a value for that period."))]

    def __str__(self):
        return f"{self.indicator.name} {self.period}: {self.value}"

    def get_absolute_url(self):
        return self.indicator.item.get_absolute_url()


class ProgressUpdate(BaseModel):
    """A progress report on a work item (a leaf item: a parent's progress rolls up from its children)."""

    item = models.ForeignKey(PlanItem, verbose_name=_("plan item"), on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField(_("reported on"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=PERCENT_VALIDATORS)
    note = models.TextField(_("what was done"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, editable=False,
                               on_delete=models.PROTECT, related_name="+")

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["item_id", "-reported_on", "-id"]

    def __str__(self):
        return f"{self.item} · {self.reported_on} · {self.progress}%"

    def get_absolute_url(self):
        return self.item.get_absolute_url()
