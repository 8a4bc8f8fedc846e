"""People and exchanges (国办发〔2017〕22号 四（三）): the mutual secondment of cadres between the paired
regions (干部挂职交流) and the training of northeastern cadres and staff by eastern institutions (培训).

A secondment, and a trainee on a training's roster, names a person: personal data. Who may see the name is ``SecondmentQuerySet.may_see_names``;
``personal_fields`` are stored hashed in the audit log (``duikou.core.services.snapshot``); ``__str__``
never contains them, so log lines, audit entries and messages cannot leak them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from duikou.accounts.models import Organisation
from duikou.core.models import BaseModel
from duikou.regions.models import Pairing

from .querysets import SecondmentQuerySet, TraineeQuerySet, TrainingQuerySet


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
    host_organisation = models.ForeignKey(Organisation, verbose_name=pgettext_lazy("secondment", "host organisation"),
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


class TraineeCategory(models.TextChoices):
    """The three groups the founding document names (四（三）): 地方政府领导干部, 企业经营管理人员, 专业技术人员."""

    LEADERS = "leaders", _("Local government leaders")
    MANAGERS = "managers", _("Enterprise managers")
    TECHNICAL = "technical", _("Professional and technical staff")


NON_NEGATIVE = _("Enter a number of trainees of 0 or more.")


def trainee_count(label):
    return models.IntegerField(label, default=0, validators=[MinValueValidator(0, message=NON_NEGATIVE)])


class Training(BaseModel):
    """A training programme of a pairing, usually held by an eastern institution for northeastern cadres,
    managers and technical staff. The counts by category add up to the total; the roster of named
    trainees is optional and protected as secondments are."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), on_delete=models.PROTECT,
                                related_name="trainings")
    title = models.CharField(_("title"), max_length=200)
    host_institution = models.CharField(_("host institution"), max_length=200,
                                        help_text=_("The institution that runs the training, e.g. a university "
                                                    "or a party school."))
    place = models.CharField(_("place"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    leaders = trainee_count(_("local government leaders"))
    managers = trainee_count(_("enterprise managers"))
    technical = trainee_count(_("professional and technical staff"))
    total = models.IntegerField(_("trainees in total"), validators=[MinValueValidator(0, message=NON_NEGATIVE)],
                                help_text=_("The sum of the three categories."))
    notes = models.TextField(_("notes"), blank=True)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="exchanges_training_period_ordered",
                                   violation_error_message=_("A training cannot end before it starts.")),
            models.CheckConstraint(condition=Q(leaders__gte=0, managers__gte=0, technical__gte=0, total__gte=0),
                                   name="exchanges_training_counts_non_negative",
                                   violation_error_message=NON_NEGATIVE),
            models.CheckConstraint(
                condition=Q(total=models.F("leaders") + models.F("managers") + models.F("technical")),
                name="exchanges_training_total_is_sum",
                violation_error_message=_("The trainees by category do not add up to the total.")),
        ]
        indexes = [models.Index(fields=["-start", "-id"], name="exchanges_training_order")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchanges:training_detail", args=[self.pk])

    def count_of(self, category: str) -> int:
        return getattr(self, category)

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The training ends (%(end)s) before it starts (%(start)s): correct the dates.") % {
                "end": self.end, "start": self.start}
        counts = [self.leaders, self.managers, self.technical]
        if all(isinstance(c, int) and c >= 0 for c in counts) and isinstance(self.total, int) and self.total >= 0:
            if sum(counts) != self.total:
                errors["total"] = _(
                    "The trainees by category (%(leaders)s + %(managers)s + %(technical)s = %(sum)s) do not add "
                    "up to the total of %(total)s: correct the counts or the total.") % {
                    "leaders": self.leaders, "managers": self.managers, "technical": self.technical,
                    "sum": sum(counts), "total": self.total}
        if errors:
            raise ValidationError(errors)


class Trainee(BaseModel):
    """One named person on a training's roster: personal data (``personal_fields``), seen only by those who
    may see the names in the training's pairing (``TrainingQuerySet.may_see_roster``)."""

    personal_fields = ("person_name", "post")

    training = models.ForeignKey(Training, verbose_name=_("training programme"), on_delete=models.CASCADE,
                                 related_name="trainees")
    person_name = models.CharField(_("full name"), max_length=50, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Secondment.Sex.choices)
    category = models.CharField(_("category"), max_length=12, choices=TraineeCategory.choices)
    organisation_name = models.CharField(_("organisation"), max_length=200,
                                         help_text=_("Where the trainee works."))
    post = models.CharField(_("post"), max_length=100, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = TraineeQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["training_id", "id"]

    def __str__(self):
        # Never the person: this text goes to logs, the audit log and messages.
        return _("Trainee #%(id)s of %(training)s") % {"id": self.pk or "—",
                                                       "training": self.training if self.training_id else "—"}

    def get_absolute_url(self):
        return reverse("exchanges:training_detail", args=[self.training_id])

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def clean(self):
        if not self.is_anonymised and not self.person_name.strip():
            raise ValidationError({"person_name": _("Enter the trainee's name.")})
