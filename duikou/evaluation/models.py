"""Evaluation (国办发〔2017〕22号 四（六）): the NDRC regularly evaluates the effectiveness of each pairing's
cooperation, commends those with clear results and issues rectification to the slow ones.

This module holds the versioned indicator frameworks (评估指标体系): a framework has dimensions, a dimension
has weighted indicators. An indicator is either computed from the platform's records by a registered query
(``duikou.evaluation.indicators``) or entered by the region with evidence. A framework is edited as a draft,
published once its weights add up to 100, and then frozen: a change is made on a new version, copied from it
(``services.framework_new_version``). Evaluation rounds (a later slice) refer to one frozen version."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duikou.core.models import BaseModel

from .querysets import DimensionQuerySet, FrameworkQuerySet, IndicatorQuerySet

WEIGHT_TOTAL = Decimal("100")


class Framework(BaseModel):
    """One version of an indicator framework. ``code`` names the framework across its versions;
    ``version_number`` counts them (1, 2, …). (``version`` is the optimistic lock every record has.)"""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=40,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
                _("Use letters, digits, hyphens and underscores only, e.g. DKHZ-2026."),
            )
        ],
        help_text=_("Names the framework across its versions, e.g. DKHZ. It cannot change later."),
    )
    version_number = models.PositiveIntegerField(_("version"), default=1, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    notes = models.TextField(_("notes"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator framework")
        verbose_name_plural = _("indicator frameworks")
        ordering = ["code", "-version_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version_number"],
                name="evaluation_framework_code_version",
                violation_error_message=_("This framework already has a version with that number."),
            ),
        ]

    def __str__(self):
        return _("%(name)s (version %(number)s)") % {"name": self.name, "number": self.version_number}

    def get_absolute_url(self):
        return reverse("evaluation:framework_detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        """May this version no longer change? Published and retired versions are frozen (the rounds slice adds:
        a version used by a round). Keep in step with ``FrameworkQuerySet.unfrozen``."""
        return self.status != self.Status.DRAFT

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Dimension(BaseModel):
    """A dimension (一级指标) of a framework, e.g. mechanism, projects and investment, parks."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="dimensions"
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    objects = DimensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["framework_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "name"],
                name="evaluation_dimension_name",
                violation_error_message=_("This framework already has a dimension of that name."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evaluation:framework_detail", args=[self.framework_id]) + f"#dimension-{self.pk}"


class Indicator(BaseModel):
    """A weighted indicator (二级指标) of a dimension: how its raw value is obtained (``source``: computed by a
    registered query, or entered by the region with evidence), whether it is counted for each side of the
    pairing separately, and how the raw value becomes a score of 0–100 (``normalisation``, ``direction``,
    ``target_value``; see ``duikou.evaluation.scoring``)."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Normalisation(models.TextChoices):
        TARGET = "target", _("Attainment of a target value (capped at 100 %)")
        RELATIVE = "relative", _("Relative to the best pairing in the round (best = 100 %)")

    class Source(models.TextChoices):
        COMPUTED = "computed", _("Computed from the platform's records")
        ENTERED = "entered", _("Entered by the region with evidence")

    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="indicators",
        editable=False,
        help_text=_("The dimension's framework (set from it)."),
    )
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("Unique in the framework, e.g. 2.1."))
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(
        _("unit"), max_length=30, blank=True, help_text=_("e.g. projects, 10,000 yuan, %.")
    )
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0"), _("Enter a weight of 0 to 100.")),
            MaxValueValidator(Decimal("100"), _("Enter a weight of 0 to 100.")),
        ],
        help_text=_("Points out of 100; the weights of a framework add up to 100 before it is published."),
    )
    normalisation = models.CharField(
        _("normalisation"), max_length=10, choices=Normalisation.choices, default=Normalisation.RELATIVE
    )
    target_value = models.DecimalField(
        _("target value"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Required for attainment of a target, in the indicator's unit."),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, blank=True)
    query = models.CharField(
        _("query"),
        max_length=60,
        blank=True,
        help_text=_("For a computed indicator: the registered query that computes it."),
    )
    per_side = models.BooleanField(
        _("per side"),
        default=False,
        help_text=_(
            "Computed or entered for each side of the pairing separately "
            "(e.g. cadres seconded from each side); the pairing's score is "
            "the mean of its two sides'."
        ),
    )
    description = models.TextField(_("description and counting basis"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation indicator")
        verbose_name_plural = _("evaluation indicators")
        ordering = ["framework_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="evaluation_indicator_code",
                violation_error_message=_("This framework already has an indicator with that code."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0, weight__lte=100),
                name="evaluation_indicator_weight",
                violation_error_message=_("Enter a weight of 0 to 100."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("evaluation:framework_detail", args=[self.framework_id]) + f"#indicator-{self.pk}"

    @property
    def registered_query(self):
        from .indicators import REGISTRY

        return REGISTRY.get(self.query) if self.source == self.Source.COMPUTED else None

    def clean(self):
        from .indicators import REGISTRY

        errors = {}
        if self.dimension_id and self.framework_id and self.dimension.framework_id != self.framework_id:
            errors["dimension"] = _("Choose a dimension of this indicator's framework.")
        if not self.source:
            errors["source"] = _(
                "Choose the source: computed by a registered query, or entered by the region with evidence."
            )
        elif self.source == self.Source.COMPUTED:
            query = REGISTRY.get(self.query)
            if not self.query:
                errors["query"] = _(
                    "A computed indicator needs a query: choose one of the registered queries."
                )
            elif query is None:
                errors["query"] = _(
                    "“%(query)s” is not a registered query: choose one of the registered queries."
                ) % {"query": self.query}
            elif self.per_side and not query.per_side:
                errors["per_side"] = _(
                    "The query “%(label)s” counts the pairing as a whole, not each side: "
                    "untick per side, or choose a query counted per side."
                ) % {"label": query.label}
        elif self.source == self.Source.ENTERED and self.query:
            errors["query"] = _(
                "An entered indicator has no query: clear the query, or make the indicator computed."
            )
        if self.normalisation == self.Normalisation.TARGET:
            if self.target_value is None:
                errors["target_value"] = _(
                    "Attainment of a target needs a target value: enter it, or normalise "
                    "relative to the best pairing."
                )
            elif self.target_value <= 0:
                errors["target_value"] = _("Enter a target value above zero.")
        if errors:
            raise ValidationError(errors)
