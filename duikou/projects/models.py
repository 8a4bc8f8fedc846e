"""The project library (一批标志性跨区域合作项目, 国办发〔2017〕22号): cooperation projects of a pairing, by
industry (GB/T 4754-2017), with their investors and host, the national investment project code (GB/T
40058), planned investment, stage and its history, and for a key project its green-channel officer
(四（五）绿色通道)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Organisation
from duikou.core.models import BaseModel
from duikou.regions.models import KeyTask, Pairing, Region

from .querysets import (
    CoordinationRequestQuerySet,
    IndustryQuerySet,
    ProjectQuerySet,
    ProjectReportQuerySet,
    ProjectStageChangeQuerySet,
)
from .validators import validate_project_code


class Industry(models.Model):
    """A class of GB/T 4754-2017 (国民经济行业分类), loaded by migration: reference data."""

    class Level(models.TextChoices):
        SECTION = "section", _("Section (门类)")
        DIVISION = "division", _("Division (大类)")
        GROUP = "group", _("Group (中类)")
        CLASS = "class", _("Class (小类)")

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey("self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    section = models.ForeignKey("self", verbose_name=_("section"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", help_text=_("The 门类 the class belongs to (itself for a 门类)."))

    objects = IndustryQuerySet.as_manager()

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("projects:project_list") + f"?industry={self.code}"


class Stage(models.TextChoices):
    INTENTION = "intention", _("Intention")
    SIGNED = "signed", _("Signed")
    STARTED = "started", _("Construction started")
    BUILDING = "building", _("Under construction")
    OPERATING = "operating", _("In operation")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


STAGE_ORDER = {stage: index for index, stage in enumerate(Stage.values)}


class Project(BaseModel):
    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(_("title"), max_length=200)
    key_task = models.ForeignKey(KeyTask, verbose_name=_("key task"), on_delete=models.PROTECT, related_name="projects")
    industry = models.ForeignKey(Industry, verbose_name=_("industry (GB/T 4754)"), on_delete=models.PROTECT,
                                 related_name="projects", help_text=_("A division (大类) or a finer class."))
    location = models.ForeignKey(Region, verbose_name=_("location"), on_delete=models.PROTECT, related_name="projects",
                                 help_text=_("The region where the project is built."))
    investors = models.ManyToManyField(Organisation, verbose_name=_("investors"), blank=True,
                                       related_name="invested_projects")
    host_organisation = models.ForeignKey(Organisation, verbose_name=_("host organisation"), on_delete=models.PROTECT,
                                          related_name="hosted_projects",
                                          help_text=_("The park or enterprise that carries the project and reports on it."))
    national_code = models.CharField(_("national project code"), max_length=24, blank=True,
                                     validators=[validate_project_code],
                                     help_text=_("全国投资项目在线审批监管平台项目代码, e.g. 2024-230100-34-03-000123."))
    planned_investment = models.DecimalField(_("planned total investment (10,000 yuan)"), max_digits=14,
                                             decimal_places=2, validators=[MinValueValidator(0)])
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.INTENTION,
                             editable=False)
    stage_since = models.DateField(_("in this stage since"), null=True, blank=True, editable=False)
    is_landmark = models.BooleanField(_("landmark project"), default=False)
    is_key = models.BooleanField(_("key project"), default=False)
    green_channel_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("green-channel officer"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="green_channel_projects",
        help_text=_("The named person responsible for a key project's green channel."))
    park = models.ForeignKey("parks.Park", verbose_name=_("park"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="projects", help_text=_("The co-built park the project is settled in, if any."))
    description = models.TextField(_("description"), blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["national_code"], condition=~Q(national_code=""),
                                    name="projects_one_project_per_national_code",
                                    violation_error_message=_("Another project already has this national project code.")),
            models.CheckConstraint(condition=Q(planned_investment__gte=0), name="projects_investment_not_negative"),
        ]
        indexes = [models.Index(fields=["pairing", "stage", "-created_at", "-id"], name="projects_pairing_stage_order"),
                   models.Index(fields=["-created_at", "-id"], name="projects_list_order")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.industry_id and self.industry.level == Industry.Level.SECTION:
            errors["industry"] = _("Choose a division (大类) or a finer class, not only the section (门类).")
        if self.is_key and not self.green_channel_officer_id:
            errors["green_channel_officer"] = _(
                "A key project needs its green-channel officer: name the person responsible.")
        if self.pairing_id and self.location_id and not self.pairing.covers(self.location):
            errors["location"] = _(
                "%(region)s is on neither side of %(pairing)s: choose a region of one of the two sides.") % {
                "region": self.location, "pairing": self.pairing}
        if self.park_id and self.pairing_id and self.park.pairing_id != self.pairing_id:
            errors["park"] = _("%(park)s is a park of %(other)s, not of %(pairing)s: choose a park of the project's "
                               "pairing.") % {"park": self.park, "other": self.park.pairing, "pairing": self.pairing}
        if errors:
            raise ValidationError(errors)


class ProjectStageChange(models.Model):
    """Each move of a project from one stage to another, with its date (and a reason for a step back)."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=12, choices=Stage.choices)
    on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT,
                             related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ProjectStageChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["project_id", "on", "id"]

    def __str__(self):
        return f"{self.project}: {self.get_from_stage_display()} → {self.get_to_stage_display()}"

    def get_absolute_url(self):
        return self.project.get_absolute_url()


def validate_month(value: str):
    import re

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value or ""):
        raise ValidationError(_("“%(value)s” is not a month: write it as 2026-05."), params={"value": value},
                              code="period")


class ProjectReport(BaseModel):
    """A monthly progress report on a project (投资完成情况): investment completed in the month and in total,
    a narrative and the problems met. Figures that look wrong are questioned at entry and kept only when the
    reporter confirms them (``confirmed_warnings``)."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("month"), max_length=7, validators=[validate_month], help_text=_("e.g. 2026-05"))
    investment_in_period = models.DecimalField(_("investment completed in the month (10,000 yuan)"), max_digits=14,
                                               decimal_places=2, validators=[MinValueValidator(0)])
    investment_cumulative = models.DecimalField(_("investment completed in total (10,000 yuan)"), max_digits=14,
                                                decimal_places=2, validators=[MinValueValidator(0)])
    narrative = models.TextField(_("progress in the month"))
    problems = models.TextField(_("problems met"), blank=True)
    confirmed_warnings = models.JSONField(_("warnings confirmed"), default=list, blank=True, editable=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True,
                                    editable=False, on_delete=models.PROTECT, related_name="+")

    objects = ProjectReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["project_id", "-period"]
        constraints = [models.UniqueConstraint(fields=["project", "period"], name="projects_one_report_per_month",
                                               violation_error_message=_("This project already has a report for that month."))]

    def __str__(self):
        return f"{self.project} · {self.period}"

    def get_absolute_url(self):
        return self.project.get_absolute_url() + "#reports"


class CoordinationRequest(BaseModel):
    """A problem raised on a project or a park for coordination (问题协调), routed to its green-channel
    officer, answered and closed; overdue requests escalate to the pairing's coordinators and the NDRC."""

    class Kind(models.TextChoices):
        LAND = "land", _("Land")
        ENERGY = "energy", _("Energy")
        FINANCING = "financing", _("Financing")
        APPROVALS = "approvals", _("Approvals")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), on_delete=models.PROTECT, editable=False,
                                related_name="coordination_requests")
    project = models.ForeignKey(Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.CASCADE,
                                related_name="coordination_requests")
    park = models.ForeignKey("parks.Park", verbose_name=_("park"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="coordination_requests")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what is needed"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("raised by"), null=True, editable=False,
                                  on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("routed to"), null=True, editable=False,
                                on_delete=models.PROTECT, related_name="coordination_requests")
    due_on = models.DateField(_("answer due by"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN,
                              editable=False)
    answer = models.TextField(_("answer"), blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True,
                                    editable=False, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True, editable=False)

    objects = CoordinationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("coordination request")
        verbose_name_plural = _("coordination requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [models.CheckConstraint(condition=Q(project__isnull=False, park__isnull=True)
                                              | Q(project__isnull=True, park__isnull=False),
                                              name="projects_request_on_project_or_park",
                                              violation_error_message=_("A request is raised on one project or one park."))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:request_detail", args=[self.pk])

    @property
    def target(self):
        """The project or park the request is about."""
        return self.project if self.project_id else self.park

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()
