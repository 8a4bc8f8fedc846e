"""Goals, targets and reported figures (issue #7, points 4 and 5).

* The goals are ``regions.Goal``: the founding document's 2020 goals (loaded by migration, read-only) and
  the later goals the NDRC office enters here, each marked by an ``EnteredGoal`` row (who entered it, when).
* A ``GoalTarget`` quantifies a goal: a dashboard measure (``duikou.goals.measures``) to reach over a period,
  for one pairing or for the programme as a whole (no pairing: summed over every pairing). Its progress is
  the platform's own figure of the measure over the period (``selectors.target_progress``).
* A ``ReportedFigure`` (通报数据) is an official cumulative figure as announced: its measure, pairing (or the
  programme), value, the date it stands at, its source and its own counting basis. It is shown beside the
  platform's figure of the same measure from the programme's start to that date, and the difference is
  explained by the two bases (``selectors.figure_comparisons``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duikou.core.models import BaseModel
from duikou.regions.models import Goal, Pairing

from . import measures
from .querysets import EnteredGoalQuerySet, GoalTargetQuerySet, ReportedFigureQuerySet

VALUE = {"max_digits": 16, "decimal_places": 2}


def _whole_number_error(measure: str, value) -> str | None:
    if measure and value is not None and not measures.is_amount(measure) and value != value.to_integral_value():
        return _("“%(measure)s” is a count: enter a whole number.") % {"measure": measures.label(measure)}
    return None


class EnteredGoal(BaseModel):
    """A goal the NDRC office entered after the founding document (its row in ``regions.Goal`` carries the
    text); the founding document's own goals have none and cannot be changed through the application."""

    goal = models.OneToOneField(Goal, verbose_name=_("goal"), primary_key=True, on_delete=models.CASCADE,
                                related_name="entry")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True,
                                   editable=False, on_delete=models.PROTECT, related_name="+")

    objects = EnteredGoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("entered goal")
        verbose_name_plural = _("entered goals")
        ordering = ["goal__target_year", "goal__code"]

    def __str__(self):
        return str(self.goal)

    def get_absolute_url(self):
        return reverse("goals:goal_detail", args=[self.goal_id])


class GoalTarget(BaseModel):
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="targets")
    measure = models.CharField(_("measure"), max_length=24, choices=measures.MEASURE_CHOICES)
    pairing = models.ForeignKey(
        Pairing, verbose_name=_("pairing"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="goal_targets",
        help_text=_("Leave empty for a target of the programme as a whole (summed over all pairings)."),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"), help_text=_("Usually the last day of the goal's target year."))
    target_value = models.DecimalField(
        _("target value"), **VALUE,
        help_text=_("In the measure's unit: a count, or 10,000 yuan for an amount."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("set by"), null=True,
                                   editable=False, on_delete=models.PROTECT, related_name="+")

    objects = GoalTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal target")
        verbose_name_plural = _("goal targets")
        ordering = ["goal__target_year", "goal__code", "measure", "pairing_id", "period_end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(target_value__gt=0), name="goaltarget_value_positive",
                                   violation_error_message=_("Enter a target value above zero.")),
            models.CheckConstraint(condition=Q(period_end__gt=F("period_start")), name="goaltarget_period_order",
                                   violation_error_message=_("The period must end after it starts.")),
            models.UniqueConstraint(
                fields=["goal", "measure", "pairing", "period_start", "period_end"],
                condition=Q(pairing__isnull=False), name="goaltarget_unique_for_pairing",
                violation_error_message=_("This pairing already has a target for this goal, measure and period: "
                                          "edit that one instead."),
            ),
            models.UniqueConstraint(
                fields=["goal", "measure", "period_start", "period_end"],
                condition=Q(pairing__isnull=True), name="goaltarget_unique_for_programme",
                violation_error_message=_("The programme already has a target for this goal, measure and "
                                          "period: edit that one instead."),
            ),
        ]
        indexes = [models.Index(fields=["pairing", "goal"], name="goaltarget_pairing_goal")]

    def __str__(self):
        where = str(self.pairing) if self.pairing_id else str(_("whole programme"))
        return f"{measures.label(self.measure)} · {where} · {self.period_start:%Y-%m}–{self.period_end:%Y-%m}"

    def get_absolute_url(self):
        return reverse("goals:target_detail", args=[self.pk])

    @property
    def is_amount(self) -> bool:
        return measures.is_amount(self.measure)

    def clean(self):
        errors = {}
        if self.target_value is not None and self.target_value <= 0:
            errors["target_value"] = _("Enter a target value above zero.")
        elif (message := _whole_number_error(self.measure, self.target_value)) is not None:
            errors["target_value"] = message
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            errors["period_end"] = _("The period must end after it starts: enter an end date later than "
                                     "%(start)s.") % {"start": self.period_start.isoformat()}
        if errors:
            raise ValidationError(errors)


class ReportedFigure(BaseModel):
    measure = models.CharField(_("measure"), max_length=24, choices=measures.MEASURE_CHOICES)
    pairing = models.ForeignKey(
        Pairing, verbose_name=_("pairing"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reported_figures",
        help_text=_("Leave empty for a figure of the programme as a whole (the NDRC office only)."),
    )
    value = models.DecimalField(_("reported value"), **VALUE,
                                help_text=_("The cumulative figure as announced: a count, or 10,000 yuan."))
    as_of = models.DateField(_("as of"), help_text=_("The date the announced figure stands at."))
    source = models.CharField(_("source"), max_length=200,
                              help_text=_("Where it was announced, e.g. a bulletin and its document number."))
    basis = models.CharField(_("counting basis"), max_length=300,
                             help_text=_("What the announced figure counts, e.g. “signed projects, intentions "
                                         "included”."))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    editable=False, on_delete=models.PROTECT, related_name="+")

    objects = ReportedFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")
        ordering = ["-as_of", "measure", "pairing_id", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="reportedfigure_value_not_negative",
                                   violation_error_message=_("A reported figure cannot be negative.")),
        ]
        indexes = [models.Index(fields=["-as_of", "measure"], name="reportedfigure_list_order"),
                   models.Index(fields=["pairing", "measure"], name="reportedfigure_pairing")]

    def __str__(self):
        where = str(self.pairing) if self.pairing_id else str(_("whole programme"))
        return f"{measures.label(self.measure)} · {where} · {self.as_of:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("goals:figure_detail", args=[self.pk])

    @property
    def is_amount(self) -> bool:
        return measures.is_amount(self.measure)

    def clean(self):
        errors = {}
        if self.value is not None and self.value < 0:
            errors["value"] = _("A reported figure cannot be negative: enter the value as announced.")
        elif (message := _whole_number_error(self.measure, self.value)) is not None:
            errors["value"] = message
        if self.as_of:
            today = timezone.localdate()
            if self.as_of > today:
                errors["as_of"] = _("The date cannot be in the future: enter the date the announced figure stands "
                                    "at (today, %(today)s, at the latest).") % {"today": today.isoformat()}
            elif self.as_of < measures.PROGRAMME_START:
                errors["as_of"] = _("The date cannot be before the programme's start (%(start)s): a reported "
                                    "figure is cumulative from then.") % {
                                        "start": measures.PROGRAMME_START.isoformat()}
        if errors:
            raise ValidationError(errors)

