"""GB/T 2260 regions, the pairings of 国办发〔2017〕22号, and the document's catalogue as first-class
models: every later record (plan item, project, event…) is tagged with a ``KeyTask``."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from duikou.core.models import BaseModel

from .querysets import AgreementQuerySet, CatalogueQuerySet, PairingQuerySet, RegionQuerySet

NORTHEAST_PROVINCES = ("210000", "220000", "230000", "150000")  # 辽宁 吉林 黑龙江 内蒙古


class BilingualMixin:
    """``display_title``/``display_name``: the English text when the interface is English and one exists."""

    def _localized(self, field):
        english = getattr(self, f"{field}_en", "")
        return english if english and (get_language() or "").startswith("en") else getattr(self, field)

    @property
    def display_title(self):
        return self._localized("title")


class Region(BilingualMixin, BaseModel):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province-level")
        PREFECTURE = "prefecture", _("Prefecture-level")

    code = models.CharField(
        _("GB/T 2260 code"), max_length=6, primary_key=True,
        validators=[RegexValidator(r"^[1-8]\d{5}$", _("A GB/T 2260 code is six digits, e.g. 210000."))],
    )
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="region_province_has_no_parent",
                condition=Q(level="province", parent__isnull=True) | Q(level="prefecture", parent__isnull=False),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self._localized("name")

    @property
    def is_northeast(self) -> bool:
        return (self.parent_id or self.code) in NORTHEAST_PROVINCES

    def clean(self):
        if self.level == self.Level.PROVINCE and self.code and not self.code.endswith("0000"):
            raise ValidationError({"code": _("A province-level code ends in 0000.")})
        if self.parent_id and self.code and self.code[:2] != self.parent_id[:2]:
            raise ValidationError({"parent": _("A city's code must start with its province's two digits.")})

    def get_absolute_url(self):
        return reverse("regions:region_detail", args=[self.code])


class PolicyDocument(BilingualMixin, models.Model):
    """An official document the catalogue and the pairings come from (国办发〔2017〕22号 first)."""

    number = models.CharField(_("document number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    issuer = models.CharField(_("issuer"), max_length=100)
    issued_on = models.DateField(_("issued on"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        ordering = ["issued_on"]

    def __str__(self):
        return self.number


class Pairing(BaseModel):
    class Tier(models.TextChoices):
        PROVINCE = "province", _("Province to province")
        CITY = "city", _("City to city")

    class Status(models.TextChoices):
        FORMAL = "formal", _("Formal")
        EXPLORING = "exploring", _("Exploring")
        ENDED = "ended", _("Ended")

    northeast = models.ForeignKey(
        Region, verbose_name=_("northeast side"), on_delete=models.PROTECT, related_name="pairings_as_northeast"
    )
    east = models.ForeignKey(
        Region, verbose_name=_("eastern side"), on_delete=models.PROTECT, related_name="pairings_as_east",
        null=True, blank=True, help_text=_("Empty only while a region is still exploring its arrangement."),
    )
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.FORMAL)
    established_on = models.DateField(_("established on"))
    source_document = models.ForeignKey(
        PolicyDocument, verbose_name=_("source document"), on_delete=models.PROTECT, related_name="pairings"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("arranged under"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children", help_text=_("For a city pair arranged by two provinces under their pairing."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["-tier", "northeast_id", "east_id"]  # province pairs first
        constraints = [
            models.UniqueConstraint(fields=["northeast", "east"], name="pairing_unique_sides"),
            models.CheckConstraint(name="pairing_sides_differ", condition=~Q(northeast=models.F("east"))),
            models.CheckConstraint(
                name="pairing_formal_has_east", condition=Q(status="exploring") | Q(east__isnull=False)
            ),
        ]

    def __str__(self):
        east = self.east.display_name if self.east_id else _("(to be arranged)")
        return f"{self.northeast.display_name}–{east}"

    @property
    def sides(self):
        return [code for code in (self.northeast_id, self.east_id) if code]

    def covers(self, region) -> bool:
        """Is the region one of the two sides, or a city of a side that is a province?"""
        sides = self.sides
        return region.code in sides or region.parent_id in sides

    def side_of(self, region) -> str | None:
        """The side the region is on: its code (the side's region) or None if on neither."""
        for side in self.sides:
            if region.code == side or region.parent_id == side:
                return side
        return None

    def admits(self, organisation) -> bool:
        """May the organisation take part in the pairing's records (lead, support, invest, host): a central
        body, or an organisation of either side."""
        return organisation.region_id is None or self.covers(organisation.region)

    def clean(self):
        errors = {}
        if self.northeast_id and not self.northeast.is_northeast:
            errors["northeast"] = _("The northeast side must be in 辽宁, 吉林, 黑龙江 or 内蒙古.")
        if self.east_id and self.east.is_northeast:
            errors["east"] = _("The eastern side cannot be a northeastern region.")
        if self.status != self.Status.EXPLORING and not self.east_id:
            errors["east"] = _("A formal or ended pairing needs its eastern side; leave it empty only while exploring.")
        if self.northeast_id and self.tier:
            expected = self.Tier.PROVINCE if self.northeast.level == Region.Level.PROVINCE else self.Tier.CITY
            if self.tier != expected:
                errors["tier"] = _("The tier must match the northeast side: a province pairs at province level, "
                                   "a city at city level.")
        if self.parent_id:
            if self.parent.tier != self.Tier.PROVINCE or self.tier != self.Tier.CITY:
                errors["parent"] = _("Only a city pair can be arranged under a province pairing.")
            elif self.northeast_id and self.northeast.parent_id != self.parent.northeast_id:
                errors["parent"] = _("The city pair's northeast city must lie in the province pairing's northeast "
                                     "province.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("regions:pairing_detail", args=[self.pk])


class KeyTaskGroup(BilingualMixin, models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)
    title = models.CharField(_("title"), max_length=100)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    document = models.ForeignKey(PolicyDocument, verbose_name=_("document"), on_delete=models.PROTECT)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("key-task group")
        verbose_name_plural = _("key-task groups")
        ordering = ["code"]

    def __str__(self):
        return f"（{'一二三四五六七八九'[int(self.code) - 1]}）{self.display_title}"


class KeyTask(BilingualMixin, models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("Group and item, e.g. 1.3."))
    group = models.ForeignKey(KeyTaskGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(_("title"), max_length=100)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    reference_text = models.TextField(_("policy text"))

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")
        ordering = ["group__code", "code"]

    def __str__(self):
        return f"{self.code} {self.display_title}"

    def get_absolute_url(self):
        return reverse("regions:keytask_detail", args=[self.code])


class Principle(BilingualMixin, models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)
    title = models.CharField(_("title"), max_length=100)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    text = models.TextField(_("policy text"))
    document = models.ForeignKey(PolicyDocument, verbose_name=_("document"), on_delete=models.PROTECT)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("basic principle")
        verbose_name_plural = _("basic principles")
        ordering = ["code"]

    def __str__(self):
        return self.display_title


class Safeguard(BilingualMixin, models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)
    title = models.CharField(_("title"), max_length=100)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    text = models.TextField(_("policy text"))
    document = models.ForeignKey(PolicyDocument, verbose_name=_("document"), on_delete=models.PROTECT)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("safeguard measure")
        verbose_name_plural = _("safeguard measures")
        ordering = ["code"]

    def __str__(self):
        return self.display_title


class Goal(BilingualMixin, models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    text = models.TextField(_("policy text"))
    document = models.ForeignKey(PolicyDocument, verbose_name=_("document"), on_delete=models.PROTECT)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["target_year", "code"]

    def __str__(self):
        return self.display_title


class Agreement(BaseModel):
    """A cooperation agreement signed by the two sides of a pairing: a joint record both sides keep."""

    class Kind(models.TextChoices):
        FRAMEWORK = "framework", _("Framework agreement")
        COOPERATION = "cooperation", _("Cooperation agreement")
        MEMORANDUM = "memorandum", _("Memorandum of understanding")
        OTHER = "other", _("Other")

    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="agreements")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COOPERATION)
    signed_on = models.DateField(_("signed on"))
    signatories = models.CharField(_("signatories"), max_length=300, blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    key_tasks = models.ManyToManyField(KeyTask, verbose_name=_("key tasks"), blank=True, related_name="agreements")

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("regions:agreement_detail", args=[self.pk])
