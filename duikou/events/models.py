"""Events of the paired cooperation (国办发〔2017〕22号 三（一）4–5, 三（二）5, 三（四）4, 四（一）): leaders'
visits and talks, joint working meetings, forums, expos, 东北行 activities, investment promotion, technology
matchmaking, city theme days and trainings, each of one or more pairings, with the agreements signed there
(``EventOutcome``), and each user's secret calendar-feed key (``EventFeedToken``).

The leaders attending are public officials at public events, not protected personal data; they are still
kept out of ``__str__`` (which reaches logs, the audit log and messages)."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Organisation
from duikou.core.models import BaseModel
from duikou.regions.models import KeyTask, Pairing

from .querysets import EventFeedTokenQuerySet, EventOutcomeQuerySet, EventQuerySet

# 国办发〔2017〕22号 was issued in March 2017: no event of the programme is older.
PROGRAMME_START = datetime.date(2017, 3, 1)
FUTURE_YEARS = 2


def latest_plausible_date(today: datetime.date | None = None) -> datetime.date:
    """Two years from today (28 February for a 29 February)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + FUTURE_YEARS)
    except ValueError:
        return today.replace(year=today.year + FUTURE_YEARS, day=28)


class EventKind(models.TextChoices):
    LEADERS_VISIT = "leaders_visit", _("Leaders' visit or talks (领导互访/会谈)")
    JOINT_MEETING = "joint_meeting", _("Joint working meeting (联席会议)")
    FORUM = "forum", _("Forum (论坛)")
    EXPO = "expo", _("Expo (博览会)")
    NORTHEAST_TOUR = "northeast_tour", _("Northeast tour activity (东北行)")
    INVESTMENT_PROMOTION = "investment_promotion", _("Investment promotion (招商推介)")
    TECHNOLOGY_MATCHMAKING = "technology_matchmaking", _("Technology matchmaking (技术对接)")
    THEME_DAY = "theme_day", _("Culture or city theme day (城市主题日)")
    TRAINING = "training", _("Training (培训)")


class Event(BaseModel):
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("start date"))
    end = models.DateField(
        _("end date"), help_text=_("The last day; the same as the start for a one-day event.")
    )
    place = models.CharField(_("place"), max_length=200)
    pairings = models.ManyToManyField(
        Pairing,
        verbose_name=_("pairings"),
        related_name="events",
        help_text=_("At least one; an expo or a forum may bring several together."),
    )
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("participating organisations"),
        blank=True,
        related_name="events",
        help_text=_("Each on a side of one of the event's pairings (or a central body)."),
    )
    key_task = models.ForeignKey(
        KeyTask,
        verbose_name=_("key task"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("The key task of the founding document the event serves; counted in the coverage matrix."),
    )
    leaders = models.TextField(
        _("leaders attending"), blank=True, help_text=_("One per line, e.g. 黑龙江省副省长 某某.")
    )
    description = models.TextField(_("description"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="events_event_period_ordered",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["-start", "-id"], name="events_event_order")]

    def __str__(self):
        # Never the leaders: this text reaches logs, the audit log and messages.
        return self.title

    def get_absolute_url(self):
        return reverse("events:event_detail", args=[self.pk])

    @property
    def leader_lines(self) -> list[str]:
        return [line.strip() for line in self.leaders.splitlines() if line.strip()]

    def clean(self):
        errors = {}
        latest = latest_plausible_date()
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is None:
                continue
            if value < PROGRAMME_START:
                errors[name] = _(
                    "%(date)s is before the programme began (国办发〔2017〕22号, March 2017): check the year."
                ) % {"date": value}
            elif value > latest:
                errors[name] = _(
                    "%(date)s is more than two years ahead (after %(latest)s): check the year."
                ) % {"date": value, "latest": latest}
        if self.start and self.end and self.end < self.start and "end" not in errors:
            errors["end"] = _("The event ends (%(end)s) before it starts (%(start)s): correct the dates.") % {
                "end": self.end,
                "start": self.start,
            }
        if errors:
            raise ValidationError(errors)


class EventOutcome(BaseModel):
    """Agreements signed at an event: how many, for how much, for which of the event's pairings, and the
    project they concern if it is in the project library (then the pairing is the project's)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="outcomes"
    )
    title = models.CharField(_("agreement title"), max_length=200)
    agreements = models.PositiveIntegerField(
        _("agreements signed"),
        default=1,
        validators=[MinValueValidator(1, message=_("Enter the number of agreements signed: 1 or more."))],
    )
    amount = models.DecimalField(
        _("amount (10,000 yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("Enter an amount of 0 or more, in 万元."))],
        help_text=_("Contracted amount in 万元; leave empty if none was announced."),
    )
    pairing = models.ForeignKey(
        Pairing,
        verbose_name=_("pairing"),
        on_delete=models.PROTECT,
        related_name="event_outcomes",
        help_text=_("One of the event's pairings; set from the project when one is linked."),
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_outcomes",
    )

    objects = EventOutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("event outcome")
        verbose_name_plural = _("event outcomes")
        ordering = ["event_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreements__gte=1),
                name="events_outcome_agreements_positive",
                violation_error_message=_("Enter the number of agreements signed: 1 or more."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="events_outcome_amount_not_negative",
                violation_error_message=_("Enter an amount of 0 or more, in 万元."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event_detail", args=[self.event_id]) + f"#outcome-{self.pk}"

    def clean(self):
        errors = {}
        if self.project_id and self.pairing_id and self.project.pairing_id != self.pairing_id:
            errors["project"] = _(
                "%(project)s is a project of %(other)s, not of %(pairing)s: choose a project of "
                "the outcome's pairing."
            ) % {"project": self.project, "other": self.project.pairing, "pairing": self.pairing}
        if self.event_id and self.pairing_id and not self.event.pairings.filter(pk=self.pairing_id).exists():
            if self.project_id:
                errors.setdefault(
                    "project",
                    _(
                        "%(project)s belongs to %(pairing)s, which is not one of the pairings of this event: choose a "
                        "project of one of them."
                    )
                    % {"project": self.project, "pairing": self.pairing},
                )
            else:
                errors["pairing"] = _(
                    "%(pairing)s is not one of the pairings of this event: choose one of them."
                ) % {"pairing": self.pairing}
        if errors:
            raise ValidationError(errors)


def new_feed_key() -> str:
    return secrets.token_urlsafe(32)  # 43 characters


class EventFeedToken(models.Model):
    """The secret key in a user's calendar-feed URL (a calendar client cannot log in). Regenerating it
    replaces the key, so the old URL stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="event_feed_token",
    )
    key = models.CharField(_("key"), max_length=64, unique=True, default=new_feed_key, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EventFeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed key")
        verbose_name_plural = _("calendar feed keys")

    def __str__(self):
        # Never the key.
        return _("Calendar feed of %(user)s") % {"user": self.user.username if self.user_id else "—"}

    def get_absolute_url(self):
        return reverse("events:event_calendar")
