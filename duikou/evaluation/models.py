"""Evaluation (国办发〔2017〕22号 四（六）): the NDRC regularly evaluates the effectiveness of each pairing's
cooperation, commends those with clear results and issues rectification to the slow ones.

This module holds the versioned indicator frameworks (评估指标体系): a framework has dimensions, a dimension
has weighted indicators. An indicator is either computed from the platform's records by a registered query
(``duikou.evaluation.indicators``) or entered by the region with evidence. A framework is edited as a draft,
published once its weights add up to 100, and then frozen: a change is made on a new version, copied from it
(``services.framework_new_version``). Evaluation rounds (``rounds.py`` models below) refer to one frozen version."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from duikou.core.models import BaseModel

from .querysets import (
    DimensionQuerySet,
    EnteredValueQuerySet,
    FrameworkQuerySet,
    IndicatorQuerySet,
    IndicatorScoreQuerySet,
    PairingOutcomeQuerySet,
    PairingResultQuerySet,
    RoundQuerySet,
    ScoreRecordQuerySet,
    SelfAssessmentQuerySet,
)

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
        """May this version no longer change? Published and retired versions are frozen, and so is a version
        used by an evaluation round. Keep in step with ``FrameworkQuerySet.unfrozen``."""
        if self.status != self.Status.DRAFT:
            return True
        return bool(self.pk) and self.rounds.exists()

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


# An indicator's own fields (not its framework or dimension): what its form and the API edit, what a new
# version of the framework copies.
INDICATOR_FIELDS = (
    "code",
    "name",
    "unit",
    "direction",
    "weight",
    "normalisation",
    "target_value",
    "source",
    "query",
    "per_side",
    "description",
    "order",
)


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


# --- evaluation rounds ---------------------------------------------------------------------------------------


class EvaluationRound(BaseModel):
    """An evaluation round (评估轮次): a period, one frozen framework version and the pairings evaluated. It
    opens with each pairing's self-assessment, is scored by the NDRC office (``services.round_compute``),
    gets its outcomes, is published (as far as the office chooses) and closed; a closed round's scores are
    re-derived from the raw values stored on them, never from the live records again."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for self-assessment")
        SCORED = "scored", _("Scored")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", pgettext_lazy("evaluation round", "Closed")

    name = models.CharField(_("name"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="rounds",
        help_text=_("A published framework version; using it in a round freezes it for good."),
    )
    pairings = models.ManyToManyField(
        "regions.Pairing", verbose_name=_("pairings"), related_name="evaluation_rounds", blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, editable=False
    )
    publish_scores = models.BooleanField(
        _("publish each pairing's own scores"),
        default=False,
        help_text=_("Each pairing sees its own scores and their breakdown."),
    )
    publish_ranks = models.BooleanField(
        _("publish rank positions"), default=False, help_text=_("Each pairing sees its own rank position.")
    )
    publish_all = models.BooleanField(
        _("publish the full table"), default=False, help_text=_("Every pairing sees every pairing's results.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True, editable=False)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("computed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    override_reason = models.TextField(_("override reason"), blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-period_start", "-id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evaluation:round_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period ends before it starts: enter an end on or after the start.")
        if self.framework_id and not self.pk and self.framework.status != Framework.Status.PUBLISHED:
            errors["framework"] = _(
                "%(framework)s is %(status)s: a round uses a published framework version."
            ) % {"framework": self.framework, "status": self.framework.get_status_display().lower()}
        if errors:
            raise ValidationError(errors)

    @property
    def is_scored(self) -> bool:
        return self.status != self.Status.OPEN

    @property
    def is_published(self) -> bool:
        return self.status in (self.Status.PUBLISHED, self.Status.CLOSED)


class SelfAssessment(BaseModel):
    """A pairing's self-assessment (自评) for a round: a narrative and the values of the framework's entered
    indicators, each with its evidence. Both sides' coordinators confirm the same revision (as with plans);
    any change raises the revision, which clears the confirmations."""

    round = models.ForeignKey(
        EvaluationRound,
        verbose_name=_("evaluation round"),
        on_delete=models.CASCADE,
        related_name="self_assessments",
    )
    pairing = models.ForeignKey(
        "regions.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="+"
    )
    narrative = models.TextField(_("narrative"), blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    northeast_confirmed_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    northeast_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    northeast_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    east_confirmed_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    east_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    east_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["round_id", "pairing_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "pairing"],
                name="evaluation_one_self_assessment",
                violation_error_message=_("This pairing already has a self-assessment in the round."),
            )
        ]

    def __str__(self):
        return _("Self-assessment of %(pairing)s, %(round)s") % {"pairing": self.pairing, "round": self.round}

    def get_absolute_url(self):
        return reverse("evaluation:self_assessment", args=[self.pk])

    @property
    def northeast_confirmed(self) -> bool:
        return self.northeast_confirmed_revision == self.revision

    @property
    def east_confirmed(self) -> bool:
        return self.east_confirmed_revision == self.revision

    @property
    def submitted(self) -> bool:
        return self.northeast_confirmed and self.east_confirmed


class Side(models.TextChoices):
    NORTHEAST = "northeast", _("Northeast side")
    EAST = "east", _("East side")


class EnteredValue(BaseModel):
    """The value of an entered indicator in a self-assessment (for one side of a per-side indicator), with
    the evidence it rests on."""

    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices, blank=True)
    value = models.DecimalField(
        _("value"),
        max_digits=16,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"), _("Enter a value of 0 or more."))],
    )
    evidence = models.TextField(
        _("evidence"), help_text=_("Documents, figures or visits the value rests on.")
    )

    objects = EnteredValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("entered value")
        verbose_name_plural = _("entered values")
        ordering = ["assessment_id", "indicator__order", "indicator_id", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator", "side"],
                name="evaluation_one_entered_value",
                violation_error_message=_("This indicator already has a value in the self-assessment."),
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.get_side_display() or ''}".strip()

    def get_absolute_url(self):
        return self.assessment.get_absolute_url()

    def clean(self):
        errors = {}
        if self.indicator_id and self.assessment_id:
            indicator = self.indicator
            if indicator.framework_id != self.assessment.round.framework_id:
                errors["indicator"] = _("Choose an indicator of the round's framework.")
            elif indicator.source != Indicator.Source.ENTERED:
                errors["indicator"] = _(
                    "%(indicator)s is computed from the platform's records: it is not entered."
                ) % {"indicator": indicator}
            elif indicator.per_side and not self.side:
                errors["side"] = _("%(indicator)s is counted per side: choose the side.") % {
                    "indicator": indicator
                }
            elif not indicator.per_side and self.side:
                errors["side"] = _("%(indicator)s counts the pairing as a whole: leave the side empty.") % {
                    "indicator": indicator
                }
        if not (self.evidence or "").strip():
            errors["evidence"] = _("State the evidence the value rests on.")
        if errors:
            raise ValidationError(errors)


class IndicatorScore(BaseModel):
    """One indicator's score for one pairing in a round (``side`` empty), or for one side of a per-side
    indicator: the raw value (stored: a closed round is re-scored from it), the normalised value (0–100),
    the weighted contribution and how many records it was computed from (``record_count``; the records
    themselves are the score's ``ScoreRecord`` rows: the platform's records, or the self-assessment's entered
    value)."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("evaluation round"), on_delete=models.CASCADE, related_name="scores"
    )
    pairing = models.ForeignKey(
        "regions.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="scores"
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices, blank=True)
    raw = models.DecimalField(_("raw value"), max_digits=20, decimal_places=4, null=True, blank=True)
    normalised = models.DecimalField(_("normalised value"), max_digits=6, decimal_places=2)
    weighted = models.DecimalField(_("weighted contribution"), max_digits=6, decimal_places=2)
    missing = models.BooleanField(_("missing"), default=False)
    record_count = models.PositiveIntegerField(_("records"), default=0)

    objects = IndicatorScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        ordering = ["round_id", "pairing_id", "indicator__order", "indicator_id", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "pairing", "indicator", "side"], name="evaluation_one_score"
            )
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.side}: {self.weighted}"

    def get_absolute_url(self):
        return reverse("evaluation:round_breakdown", args=[self.round_id, self.pairing_id])


class ScoreRecord(models.Model):
    """One record a score came from: the round, pairing, indicator and side of the score (``side`` empty for
    the pairing as a whole, which of a per-side indicator lists both sides' records), and the record (its
    model label and primary key). Written by the database itself when a round is computed (one
    ``INSERT … SELECT`` per indicator and side, in record order), so a trace of 240,000 monthly reports costs
    neither Python time nor memory; read a page at a time, in the order written. Kept as it is when a closed
    round is scored again.

    Rows are only ever written by the round's computation, from ids it has just read, and deleted with their
    round: the foreign keys carry no database constraint and no index of their own (which would cost a check
    and four index entries per row, hundreds of thousands of times); one index serves every read."""

    round = models.ForeignKey(
        EvaluationRound,
        verbose_name=_("evaluation round"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    pairing = models.ForeignKey(
        "regions.Pairing",
        verbose_name=_("pairing"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices, blank=True)
    label = models.CharField(_("record type"), max_length=100)
    record_id = models.BigIntegerField(_("record"))

    objects = ScoreRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("score record")
        verbose_name_plural = _("score records")
        ordering = ["round_id", "pairing_id", "indicator_id", "side", "id"]
        indexes = [
            models.Index(fields=["round", "pairing", "indicator", "side", "id"], name="evaluation_score_record")
        ]

    def __str__(self):
        return f"{self.label} #{self.record_id}"

    def get_absolute_url(self):
        return reverse("evaluation:trace_record", args=[self.label, self.record_id])


class PairingResult(BaseModel):
    """A pairing's total in a round and its rank (equal totals share a rank: 1, 2, 2, 4)."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("evaluation round"), on_delete=models.CASCADE, related_name="results"
    )
    pairing = models.ForeignKey(
        "regions.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="+"
    )
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField(_("rank"))

    objects = PairingResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("pairing result")
        verbose_name_plural = _("pairing results")
        ordering = ["round_id", "rank", "pairing_id"]
        constraints = [models.UniqueConstraint(fields=["round", "pairing"], name="evaluation_one_result")]

    def __str__(self):
        return f"{self.pairing_id}: {self.total}"

    def get_absolute_url(self):
        return reverse("evaluation:round_breakdown", args=[self.round_id, self.pairing_id])


class PairingOutcome(BaseModel):
    """The NDRC office's decision on a pairing in a round: commendation, rectification (issued through
    supervision in the same step) or none, with its qualitative assessment."""

    class Kind(models.TextChoices):
        COMMENDATION = "commendation", _("Commendation (表扬)")
        RECTIFICATION = "rectification", _("Rectification (整改)")
        NONE = "none", _("No particular outcome")

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("evaluation round"), on_delete=models.CASCADE, related_name="outcomes"
    )
    pairing = models.ForeignKey(
        "regions.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(pgettext_lazy("evaluation", "outcome"), max_length=15, choices=Kind.choices, default=Kind.NONE)
    assessment = models.TextField(_("qualitative assessment"))
    rectification = models.ForeignKey(
        "supervision.RectificationRequirement",
        verbose_name=_("rectification requirement"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = PairingOutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pairing outcome")
        verbose_name_plural = _("pairing outcomes")
        ordering = ["round_id", "pairing_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "pairing"],
                name="evaluation_one_outcome",
                violation_error_message=_("This pairing already has an outcome in the round."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("evaluation:round_detail", args=[self.round_id])
