"""The dashboards' maintained aggregates (issue #7): a fact table the dashboard reads instead of scanning the
records on every view, rebuilt as a whole by ``services.figures_refresh`` (a job, or the NDRC office's
"refresh now").

A ``Figure`` is one number of one pairing for one month: a measure of ``selectors.MEASURES`` (``projects``,
``investment_completed``…), broken down by the project stage, the plan item light and the key task where the
dashboard needs it, summed over the records of that month. The month is where the record falls on its counting
basis (a project's registration, a report's month, a funding entry's date, a secondment's start…). Stock measures
(projects, planned investment, parks: ``selectors.STOCK_MEASURES``) also have all-time totals, month empty (a park
without an establishment date is only there): a period reads them less what was added after its last month, so
the current year reads a few rows per pairing whatever the records. Flow measures are read over the period's
months.

``Refresh`` records each rebuild: when, how long, how many facts, by the job or by whom. It is internal
bookkeeping (no page, no API of its own): the dashboard shows only the time of the last one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duikou.regions.models import KeyTask, Pairing

from .querysets import FigureQuerySet, RefreshQuerySet


class Figure(models.Model):
    pairing = models.ForeignKey(
        Pairing, verbose_name=_("pairing"), on_delete=models.CASCADE, related_name="dashboard_figures"
    )
    month = models.CharField(
        _("month"), max_length=7, blank=True, help_text=_("YYYY-MM; empty for a stock measure's all-time total.")
    )
    measure = models.CharField(_("measure"), max_length=32)
    stage = models.CharField(_("project stage"), max_length=12, blank=True)
    light = models.CharField(_("light"), max_length=8, blank=True)
    key_task = models.ForeignKey(
        KeyTask, verbose_name=_("key task"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)

    objects = FigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("dashboard figure")
        verbose_name_plural = _("dashboard figures")
        indexes = [models.Index(fields=["pairing", "measure", "month"], name="dashboards_fig_pair_meas_mon")]

    def __str__(self):
        return f"{self.pairing_id} {self.month or '-'} {self.measure} {self.value}"


class Refresh(models.Model):
    class Trigger(models.TextChoices):
        JOB = "job", _("Scheduled job")
        USER = "user", _("Refreshed by a user")

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    rows = models.PositiveIntegerField(_("figures written"))
    trigger = models.CharField(_("trigger"), max_length=8, choices=Trigger.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RefreshQuerySet.as_manager()

    class Meta:
        verbose_name = _("dashboard refresh")
        verbose_name_plural = _("dashboard refreshes")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.rows})"
