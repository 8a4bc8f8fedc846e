"""Experts and talent (国办发〔2017〕22号 三（三）4): academicians and experts support the Northeast "不求所有，
但求所用" through a talent information-sharing platform (人才信息共享交流平台).

An expert is a person: ``personal_fields`` are stored hashed in the audit log (``duikou.core.services.snapshot``)
and ``__str__`` never contains them. The profile is public (the portal, the anonymous API) only with the
expert's recorded consent; the contact is never public (``ExpertQuerySet.may_see_contact``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from duikou.accounts.models import Organisation
from duikou.core.models import BaseModel
from duikou.projects.models import Industry
from duikou.regions.models import Pairing, Region

from .querysets import EngagementQuerySet, ExpertQuerySet


class SupportForm(models.TextChoices):
    """The forms of support an expert offers (不求所有，但求所用: the expert stays where it is)."""

    CONSULTING = "consulting", _("Consulting (咨询)")
    JOINT_RESEARCH = "joint_research", _("Joint research (联合攻关)")
    PART_TIME = "part_time", _("Part-time post (兼职)")
    TRAINING = "training", _("Training and teaching (培训授课)")


# each form of support and the expert's field that says it is offered
SUPPORT_FIELDS = {
    SupportForm.CONSULTING: "offers_consulting",
    SupportForm.JOINT_RESEARCH: "offers_joint_research",
    SupportForm.PART_TIME: "offers_part_time",
    SupportForm.TRAINING: "offers_training",
}

OFFERS_SOMETHING = _("Tick at least one form of support the expert offers: consulting, joint research, a "
                     "part-time post or training.")
CONSENT_NEEDED = _("A profile can be public only with the expert's consent on record: enter the date the consent "
                   "was recorded and where the signed consent is filed, or leave the profile non-public.")


class Expert(BaseModel):
    personal_fields = ("name", "contact_phone", "contact_email", "biography")

    class Title(models.TextChoices):
        ACADEMICIAN = "academician", _("Academician (院士)")
        PROFESSOR = "professor", _("Professor (教授)")
        SENIOR_ENGINEER = "senior_engineer", _("Senior engineer (高级工程师)")
        OTHER = "other", _("Other high-level talent (其他高层次人才)")

    name = models.CharField(_("full name"), max_length=50)
    title_category = models.CharField(_("title category"), max_length=20, choices=Title.choices)
    field_of_expertise = models.CharField(_("field of expertise"), max_length=200,
                                          help_text=_("E.g. new materials, cold-region agriculture, robotics."))
    industry = models.ForeignKey(Industry, verbose_name=_("industry"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="experts", help_text=_("GB/T 4754-2017, optional."))
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True,
                                   help_text=_("Where the expert works; filled from the organisation if left "
                                               "empty."))
    organisation = models.ForeignKey(Organisation, verbose_name=_("affiliated organisation"),
                                     on_delete=models.PROTECT, null=True, blank=True, related_name="experts",
                                     help_text=_("Optional: the affiliation as an organisation of the platform."))
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="experts",
                               help_text=_("Where the expert is based."))
    offers_consulting = models.BooleanField(_("consulting (咨询)"), default=False)
    offers_joint_research = models.BooleanField(_("joint research (联合攻关)"), default=False)
    offers_part_time = models.BooleanField(_("part-time post (兼职)"), default=False)
    offers_training = models.BooleanField(_("training and teaching (培训授课)"), default=False)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    biography = models.TextField(_("biography"), blank=True)
    public_profile = models.BooleanField(
        _("public profile"), default=False,
        help_text=_("Shown on the public portal and the open API (never the contact). Needs the expert's "
                    "recorded consent."))
    consent_recorded_at = models.DateField(_("consent recorded on"), null=True, blank=True,
                                           help_text=_("Clearing it withdraws the consent: the profile is no "
                                                       "longer public."))
    consent_evidence = models.CharField(_("consent filed at"), max_length=200, blank=True,
                                        help_text=_("Where the signed consent is filed, e.g. the archive number."))

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts and talent")
        ordering = ["region_id", "title_category", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(offers_consulting=True) | Q(offers_joint_research=True) | Q(offers_part_time=True)
                | Q(offers_training=True),
                name="talent_expert_offers_support", violation_error_message=OFFERS_SOMETHING),
            models.CheckConstraint(
                condition=Q(public_profile=False) | (Q(consent_recorded_at__isnull=False) & ~Q(consent_evidence="")),
                name="talent_expert_public_needs_consent", violation_error_message=CONSENT_NEEDED),
        ]
        indexes = [models.Index(fields=["public_profile"], name="talent_expert_public")]

    def __str__(self):
        # Never the person: this text goes to logs, the audit log and messages.
        return _("Expert #%(id)s · %(title)s · %(region)s") % {
            "id": self.pk or "—", "title": self.get_title_category_display(),
            "region": self.region if self.region_id else "—"}

    def get_absolute_url(self):
        return reverse("talent:expert_detail", args=[self.pk])

    @property
    def has_consent(self) -> bool:
        return self.consent_recorded_at is not None and bool(self.consent_evidence.strip())

    @property
    def is_public(self) -> bool:
        return self.public_profile and self.consent_recorded_at is not None

    def offers(self, form: str) -> bool:
        return bool(getattr(self, SUPPORT_FIELDS[form]))

    @property
    def support_forms(self) -> list:
        return [form for form in SupportForm if self.offers(form)]

    def clean(self):
        errors = {}
        if not any(getattr(self, name) for name in SUPPORT_FIELDS.values()):
            errors["offers_consulting"] = OFFERS_SOMETHING
        self.consent_evidence = self.consent_evidence.strip()
        if self.public_profile and not self.has_consent:
            errors["public_profile"] = CONSENT_NEEDED
            if self.consent_recorded_at is None:
                errors["consent_recorded_at"] = _("Enter the date the expert's consent was recorded.")
            if not self.consent_evidence:
                errors["consent_evidence"] = _("Enter where the signed consent is filed.")
        if not self.affiliation.strip() and self.organisation_id:
            self.affiliation = self.organisation.name
        if errors:
            raise ValidationError(errors)


class Engagement(BaseModel):
    """An expert engaged by a northeastern organisation (对接服务). The pairing follows from the two regions:
    the one whose northeast side covers the organisation's region and whose eastern side covers the
    expert's; empty when the expert comes from elsewhere."""

    class Status(models.TextChoices):
        AGREED = "agreed", _("Agreed")
        ONGOING = "ongoing", pgettext_lazy("engagement", "Ongoing")
        COMPLETED = "completed", _("Completed")

    expert = models.ForeignKey(Expert, verbose_name=_("expert"), on_delete=models.PROTECT,
                               related_name="engagements")
    organisation = models.ForeignKey(Organisation, verbose_name=_("engaging organisation"),
                                     on_delete=models.PROTECT, related_name="expert_engagements",
                                     help_text=_("A northeastern organisation."))
    support_form = models.CharField(_("form of support"), max_length=20, choices=SupportForm.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.AGREED)
    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), on_delete=models.PROTECT, null=True,
                                blank=True, editable=False, related_name="expert_engagements",
                                help_text=_("Follows from the organisation's and the expert's regions."))

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert engagement")
        verbose_name_plural = _("expert engagements")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                   name="talent_engagement_period_ordered",
                                   violation_error_message=_("An engagement cannot end before it starts.")),
        ]
        indexes = [models.Index(fields=["-start", "-id"], name="talent_engagement_order")]

    def __str__(self):
        # Never the expert's name: this text goes to logs, the audit log and messages.
        return _("Engagement #%(id)s · %(organisation)s · %(form)s") % {
            "id": self.pk or "—", "organisation": self.organisation.name if self.organisation_id else "—",
            "form": self.get_support_form_display() if self.support_form else "—"}

    def get_absolute_url(self):
        return reverse("talent:engagement_detail", args=[self.pk])

    def clean(self):
        errors = {}
        region = self.organisation.region if self.organisation_id else None
        if self.organisation_id and (region is None or not is_northeastern(region)):
            errors["organisation"] = _(
                "%(org)s is not a northeastern organisation: an engagement is for an organisation of a region "
                "on the northeast side of a pairing.") % {"org": self.organisation.name}
        if self.expert_id and self.support_form and not self.expert.offers(self.support_form):
            offered = ", ".join(str(form.label) for form in self.expert.support_forms)
            errors["support_form"] = _(
                "The expert does not offer %(form)s (offered: %(offered)s): choose one of those, or record the "
                "form on the expert first.") % {"form": SupportForm(self.support_form).label, "offered": offered}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The engagement ends (%(end)s) before it starts (%(start)s): correct the dates.") % {
                "end": self.end, "start": self.start}
        if self.status == self.Status.COMPLETED and self.start and not self.end:
            errors["end"] = _("A completed engagement needs its end date.")
        if errors:
            raise ValidationError(errors)
        if region is not None and self.expert_id:
            self.pairing = pairing_for(organisation_region=region, expert_region=self.expert.region)


def is_northeastern(region: Region) -> bool:
    """Is the region (or its province) the northeast side of some pairing?"""
    return Pairing.objects.filter(northeast_id__in=[c for c in (region.code, region.parent_id) if c]).exists()


def pairing_for(*, organisation_region: Region, expert_region: Region) -> Pairing | None:
    """The pairing whose northeast side covers the organisation's region and whose eastern side covers the
    expert's; of several (a city pair within a province pair), the most specific one."""
    def codes(region):
        return [c for c in (region.code, region.parent_id) if c]

    candidates = list(Pairing.objects.filter(northeast_id__in=codes(organisation_region),
                                             east_id__in=codes(expert_region)).exclude(status=Pairing.Status.ENDED))
    if not candidates:
        return None

    def specificity(pairing):
        return ((pairing.northeast_id == organisation_region.code) + (pairing.east_id == expert_region.code),
                pairing.tier == Pairing.Tier.CITY, -pairing.pk)

    return max(candidates, key=specificity)
