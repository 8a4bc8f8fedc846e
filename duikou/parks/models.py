"""Co-built parks (一批产业合作园区, 国办发〔2017〕22号 三（四）): demonstration parks of the pairing, sub-parks
of eastern parks and enclaves (飞地), with the enterprises and projects settled in them, their periodic
figures, and the benefit-sharing agreements (跨区域利益分享机制, 三（四）2) that split a park's tax revenue
and GDP statistics between the two sides."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Organisation
from duikou.core.models import BaseModel
from duikou.projects.models import validate_month
from duikou.regions.models import Pairing, Region

from .querysets import BenefitAgreementQuerySet, ParkFigureQuerySet, ParkQuerySet


class Park(BaseModel):
    class Kind(models.TextChoices):
        DEMONSTRATION = "demonstration", _("Paired-cooperation demonstration park (对口合作示范园区)")
        SUB_PARK = "sub_park", _("Sub-park of an eastern park (分园)")
        ENCLAVE = "enclave", _("Enclave (飞地园区)")

    class Model(models.TextChoices):
        JOINT_COMMITTEE = "joint_committee", _("Joint management committee of both sides")
        EAST_OPERATED = "east_operated", _("Operated by the eastern side")
        ENTRUSTED = "entrusted", _("Entrusted to an eastern park's operator (托管)")
        COMPANY = "company", _("Jointly owned development company")
        LOCAL = "local", _("Managed locally with eastern support")

    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="parks")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    host_region = models.ForeignKey(Region, verbose_name=_("host region"), on_delete=models.PROTECT,
                                    related_name="hosted_parks", help_text=_("Where the park's land is."))
    partner_region = models.ForeignKey(Region, verbose_name=_("partner region"), on_delete=models.PROTECT,
                                       related_name="partner_parks",
                                       help_text=_("The other side of the pairing that builds the park with it."))
    partner_park = models.CharField(_("partner park"), max_length=200, blank=True,
                                    help_text=_("The eastern park it is a sub-park of or learns from, e.g. 苏州工业园区."))
    area = models.DecimalField(_("planned area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True,
                               validators=[MinValueValidator(0)])
    established_on = models.DateField(_("established on"), null=True, blank=True)
    management_model = models.CharField(_("management model"), max_length=16, choices=Model.choices)
    operator = models.ForeignKey(Organisation, verbose_name=_("operating organisation"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="operated_parks",
                                 help_text=_("The management committee or company that runs the park and reports "
                                             "its figures."))
    enterprises = models.ManyToManyField(Organisation, verbose_name=_("settled enterprises"), blank=True,
                                         related_name="settled_in_parks")
    is_key = models.BooleanField(_("key park"), default=False)
    green_channel_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("green-channel officer"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="green_channel_parks",
        help_text=_("The named person responsible for a key park's green channel."))
    description = models.TextField(_("description"), blank=True)

    objects = ParkQuerySet.as_manager()

    class Meta:
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "name"], name="parks_one_name_per_pairing",
                                    violation_error_message=_("This pairing already has a park of that name.")),
            models.CheckConstraint(condition=Q(area__gte=0) | Q(area__isnull=True), name="parks_area_not_negative"),
        ]
        indexes = [models.Index(fields=["-created_at", "-id"], name="parks_list_order")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("parks:park_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.pairing_id and self.host_region_id and not self.pairing.covers(self.host_region):
            errors["host_region"] = _(
                "%(region)s is on neither side of %(pairing)s: choose a region of one of the two sides.") % {
                "region": self.host_region, "pairing": self.pairing}
        if self.pairing_id and self.partner_region_id:
            if not self.pairing.covers(self.partner_region):
                errors["partner_region"] = _(
                    "%(region)s is on neither side of %(pairing)s: choose a region of one of the two sides.") % {
                    "region": self.partner_region, "pairing": self.pairing}
            elif self.host_region_id and "host_region" not in errors and \
                    self.pairing.side_of(self.host_region) == self.pairing.side_of(self.partner_region):
                errors["partner_region"] = _("The partner region must be on the other side of the pairing from "
                                             "the host region.")
        if self.is_key and not self.green_channel_officer_id:
            errors["green_channel_officer"] = _(
                "A key park needs its green-channel officer: name the person responsible.")
        if errors:
            raise ValidationError(errors)


class ParkFigure(BaseModel):
    """A park's figures for one month (not cumulative): output value, tax revenue, value added counted
    in GDP, and employment at the month's end, with the basis they were counted on."""

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="figures")
    period = models.CharField(_("month"), max_length=7, validators=[validate_month], help_text=_("e.g. 2026-05"))
    output_value = models.DecimalField(_("industrial output value (10,000 yuan)"), max_digits=14, decimal_places=2,
                                       validators=[MinValueValidator(0)])
    tax_revenue = models.DecimalField(_("tax revenue (10,000 yuan)"), max_digits=14, decimal_places=2,
                                      validators=[MinValueValidator(0)])
    gdp = models.DecimalField(_("value added counted in GDP (10,000 yuan)"), max_digits=14, decimal_places=2,
                              validators=[MinValueValidator(0)])
    employment = models.PositiveIntegerField(_("employment (persons, at the month's end)"))
    basis = models.CharField(_("counting basis and source"), max_length=300,
                             help_text=_("e.g. 园区管委会统计，税务部门入库数"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True,
                                    editable=False, on_delete=models.PROTECT, related_name="+")

    objects = ParkFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("park figures")
        verbose_name_plural = _("park figures")
        ordering = ["park_id", "-period"]
        constraints = [models.UniqueConstraint(fields=["park", "period"], name="parks_one_figure_per_month",
                                               violation_error_message=_("This park already has figures for that month."))]

    def __str__(self):
        return f"{self.park} · {self.period}"

    def get_absolute_url(self):
        return self.park.get_absolute_url() + "#figures"


def _share_validators():
    return [MinValueValidator(0), MaxValueValidator(100)]


class BenefitAgreement(BaseModel):
    """How a park's tax revenue and GDP statistics are split between the host side and the partner side
    (e.g. an enclave: 60 % of the tax to the partner that built it, 40 % to the host) over a period."""

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    signed_on = models.DateField(_("signed on"))
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until"), null=True, blank=True,
                                    help_text=_("Leave empty while it has no end date."))
    tax_host = models.DecimalField(_("tax revenue to the host side (%)"), max_digits=5, decimal_places=2,
                                   validators=_share_validators())
    tax_partner = models.DecimalField(_("tax revenue to the partner side (%)"), max_digits=5, decimal_places=2,
                                      validators=_share_validators())
    gdp_host = models.DecimalField(_("GDP statistics to the host side (%)"), max_digits=5, decimal_places=2,
                                   validators=_share_validators())
    gdp_partner = models.DecimalField(_("GDP statistics to the partner side (%)"), max_digits=5, decimal_places=2,
                                      validators=_share_validators())
    notes = models.TextField(_("notes"), blank=True)

    objects = BenefitAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("benefit-sharing agreement")
        verbose_name_plural = _("benefit-sharing agreements")
        ordering = ["park_id", "effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(tax_host__gte=0, tax_partner__gte=0, gdp_host__gte=0, gdp_partner__gte=0),
                                   name="parks_shares_not_negative"),
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                                   name="parks_agreement_period_ordered",
                                   violation_error_message=_("An agreement cannot end before it takes effect.")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.park.get_absolute_url() + "#ledger"

    def clean(self):
        errors = {}
        if self.tax_host is not None and self.tax_partner is not None and self.tax_host + self.tax_partner != 100:
            errors["tax_partner"] = _("The two tax shares add up to %(sum)s %%, not 100 %%: correct one of them.") % {
                "sum": self.tax_host + self.tax_partner}
        if self.gdp_host is not None and self.gdp_partner is not None and self.gdp_host + self.gdp_partner != 100:
            errors["gdp_partner"] = _("The two GDP shares add up to %(sum)s %%, not 100 %%: correct one of them.") % {
                "sum": self.gdp_host + self.gdp_partner}
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            errors["effective_to"] = _("An agreement cannot end before it takes effect.")
        if errors:
            raise ValidationError(errors)

    def covers(self, month: str) -> bool:
        """Is the month (2026-05) inside the effective period? A month counts if the agreement is in
        force on its first day."""
        first = f"{month}-01"
        return self.effective_from.isoformat()[:7] <= month and (
            self.effective_to is None or self.effective_to.isoformat() >= first)
