"""People and exchanges (国办发〔2017〕22号 四（三）): the mutual secondment of cadres between the paired
regions (干部挂职交流).

A secondment names a person: personal data. Who may see the name is ``SecondmentQuerySet.may_see_names``;
``personal_fields`` are stored hashed in the audit log (``duikou.core.services.snapshot``); ``__str__``
never contains them, so log lines, audit entries and messages cannot leak them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Organisation
from duikou.core.models import BaseModel
from duikou.regions.models import Pairing

from .querysets import SecondmentQuerySet


class Secondment(BaseModel):
    """One person's secondment from the home organisation on one side of the pairing to a host organisation
    on the other. The direction follows from the home organisation's side.

    "The same person", for the rule that one person's secondments may not overlap, is the same name, year
    of birth, sex and home organisation: the platform holds no identity number, on purpose."""

    personal_fields = ("person_name", "birth_year", "home_post", "host_post")

    class Sex(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Rank(models.TextChoices):
        BUREAU = "bureau", _("Department or bureau level (厅局级)")
        DIVISION = "division", _("County or division level (县处级)")
        SECTION = "section", _("Township or section level (乡科级)")
        OTHER = "other", _("Other")

    class Direction(models.TextChoices):
        NE_TO_EAST = "ne_to_east", _("Northeast to east")
        EAST_TO_NE = "east_to_ne", _("East to northeast")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        ENDED_EARLY = "ended_early", _("Ended early")

    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), on_delete=models.PROTECT,
                                related_name="secondments")
    person_name = models.CharField(_("full name"), max_length=50, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True,
                                                  validators=[MinValueValidator(1940), MaxValueValidator(2010)])
    rank = models.CharField(_("rank level"), max_length=12, choices=Rank.choices)
    home_organisation = models.ForeignKey(Organisation, verbose_name=_("home organisation"),
                                          on_delete=models.PROTECT, related_name="secondments_out")
    home_post = models.CharField(_("home post"), max_length=100, blank=True)
    host_organisation = models.ForeignKey(Organisation, verbose_name=_("host organisation"),
                                          on_delete=models.PROTECT, related_name="secondments_in",
                                          help_text=_("On the other side of the pairing from the home organisation."))
    host_post = models.CharField(_("host post"), max_length=100, blank=True)
    direction = models.CharField(_("direction"), max_length=12, choices=Direction.choices, editable=False,
                                 help_text=_("Follows from the home organisation's side of the pairing."))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), help_text=_("The planned end, or the actual one once it has ended."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = SecondmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("cadre secondment")
        verbose_name_plural = _("cadre secondments")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="exchanges_secondment_period_ordered",
                                   violation_error_message=_("A secondment cannot end before it starts.")),
            models.CheckConstraint(condition=~Q(home_organisation=models.F("host_organisation")),
                                   name="exchanges_secondment_host_differs",
                                   violation_error_message=_("The host organisation must differ from the home "
                                                             "organisation.")),
        ]
        indexes = [models.Index(fields=["-start", "-id"], name="exchanges_secondment_order")]

    def __str__(self):
        # Never the person: this text goes to logs, the audit log and messages.
        home = self.home_organisation.name if self.home_organisation_id else "—"
        host = self.host_organisation.name if self.host_organisation_id else "—"
        return _("Secondment #%(id)s · %(home)s → %(host)s · %(month)s") % {
            "id": self.pk or "—", "home": home, "host": host,
            "month": self.start.strftime("%Y-%m") if self.start else "—"}

    def get_absolute_url(self):
        return reverse("exchanges:secondment_detail", args=[self.pk])

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def clean(self):
        errors = {}
        if not self.is_anonymised:
            if not self.person_name.strip():
                errors["person_name"] = _("Enter the seconded person's name.")
            if self.birth_year is None:
                errors["birth_year"] = _("Enter the year of birth, e.g. 1980.")
        home_side = host_side = None
        if self.pairing_id and self.home_organisation_id:
            home_side = self._side("home_organisation", errors)
        if self.pairing_id and self.host_organisation_id:
            host_side = self._side("host_organisation", errors)
        if home_side and host_side:
            if home_side == host_side:
                errors["host_organisation"] = _(
                    "The host organisation is on the same side of %(pairing)s as the home organisation: a "
                    "secondment goes to the other side.") % {"pairing": self.pairing}
            else:
                self.direction = (self.Direction.NE_TO_EAST if home_side == self.pairing.northeast_id
                                  else self.Direction.EAST_TO_NE)
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The secondment ends (%(end)s) before it starts (%(start)s): correct the dates.") % {
                "end": self.end, "start": self.start}
        if errors:
            raise ValidationError(errors)

    def _side(self, name, errors):
        organisation = getattr(self, name)
        side = self.pairing.side_of(organisation.region) if organisation.region_id else None
        if side is None:
            errors[name] = _("%(org)s is on neither side of %(pairing)s: choose an organisation of one of the "
                             "two sides.") % {"org": organisation, "pairing": self.pairing}
        return side
