"""Reform and innovation practices of the east and their replication in the northeast (国办发〔2017〕22号
二（一）1 and 一（三）: the Northeast copies the east's 放管服 reforms, free-trade-zone experience, business
environment measures…).

A ``ReformPractice`` comes from an eastern region (the eastern side of some pairing, or one of its cities)
and serves a key task of the founding document. A ``Replication`` records one northeastern region (the
northeast side of some pairing, or one of its cities) copying it, with its status and the date it entered
that status; every status it has been in is kept, dated, in ``ReplicationStatusChange`` (written only by
``services.replication_set_status``), so "since when" is answerable for any status."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duikou.core.models import BaseModel
from duikou.regions.models import KeyTask, Pairing, Region

from .querysets import ReformPracticeQuerySet, ReplicationQuerySet, ReplicationStatusChangeQuerySet

# --- which regions may be an origin, which may replicate ------------------------------------------------


def _covering(region: Region) -> list[str]:
    """The region and, for a city, its province: the sides of a pairing that cover it."""
    return [code for code in (region.code, region.parent_id) if code]


def is_eastern(region: Region) -> bool:
    """The eastern side of some pairing, or a city of one (广东, 深圳, 广州…)."""
    return Pairing.objects.filter(east__in=_covering(region)).exists()


def is_northeastern(region: Region) -> bool:
    """The northeast side of some pairing, or a city of one (黑龙江, 哈尔滨, 大连…)."""
    return Pairing.objects.filter(northeast__in=_covering(region)).exists()


def eastern_regions():
    sides = Pairing.objects.filter(east__isnull=False).values("east")
    return Region.objects.filter(Q(code__in=sides) | Q(parent__in=sides))


def northeastern_regions():
    sides = Pairing.objects.values("northeast")
    return Region.objects.filter(Q(code__in=sides) | Q(parent__in=sides))


def covered_codes(region: Region | str):
    """A region and the cities under it (a province covers its cities): for filters."""
    code = region.code if isinstance(region, Region) else region
    return Region.objects.filter(Q(code=code) | Q(parent=code)).values("code")


# --- the practice ------------------------------------------------------------------------------------------


class ReformPractice(BaseModel):
    """An eastern reform or innovation practice worth copying (改革创新举措)."""

    title = models.CharField(_("title"), max_length=200)
    origin = models.ForeignKey(
        Region,
        verbose_name=_("origin region"),
        on_delete=models.PROTECT,
        related_name="reform_practices",
        help_text=_(
            "The eastern region where the practice was introduced: a pairing's eastern side or one of its cities."
        ),
    )
    key_task = models.ForeignKey(
        KeyTask,
        verbose_name=_("key task"),
        on_delete=models.PROTECT,
        related_name="reform_practices",
        help_text=_(
            "The key task of the founding document the practice serves, e.g. 1.1 administrative reform."
        ),
    )
    source_document = models.CharField(
        _("source document"),
        max_length=300,
        help_text=_("The document that introduced the practice: its number and title."),
    )
    description = models.TextField(_("description"))
    introduced_on = models.DateField(
        _("introduced at origin on"),
        null=True,
        blank=True,
        help_text=_("When the origin introduced it, if known."),
    )
    tags = models.CharField(
        _("field and tags"),
        max_length=200,
        blank=True,
        help_text=_("Keywords, separated by commas, e.g. 放管服, 营商环境, 自贸试验区."),
    )

    objects = ReformPracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("reform practice")
        verbose_name_plural = _("reform practices")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="reforms_practice_order")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reforms:practice_detail", args=[self.pk])

    @property
    def tag_list(self) -> list[str]:
        return [
            tag.strip() for tag in self.tags.replace("，", ",").replace("、", ",").split(",") if tag.strip()
        ]

    def clean(self):
        errors = {}
        if self.origin_id and not is_eastern(self.origin):
            errors["origin"] = _(
                "%(region)s is not an eastern partner region: choose the eastern side of a pairing (e.g. 广东, "
                "深圳, 上海) or one of its cities."
            ) % {"region": self.origin}
        if self.introduced_on and self.introduced_on > timezone.localdate():
            errors["introduced_on"] = _(
                "The date of introduction is in the future: enter the date it was introduced."
            )
        if errors:
            raise ValidationError(errors)


# --- its replications ----------------------------------------------------------------------------------------


class ReplicationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned (计划)")
    PILOTING = "piloting", _("Piloting (试点)")
    REPLICATED = "replicated", _("Replicated (已复制推广)")
    ABANDONED = "abandoned", _("Abandoned (已放弃)")


DUPLICATE_CODE = "replication_duplicate"


class Replication(BaseModel):
    """One northeastern region's copy of a practice: its status, since when, and the evidence."""

    Status = ReplicationStatus

    practice = models.ForeignKey(
        ReformPractice,
        verbose_name=_("reform practice"),
        on_delete=models.PROTECT,
        related_name="replications",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("replicating region"),
        on_delete=models.PROTECT,
        related_name="reform_replications",
        help_text=_(
            "The northeastern region that copies the practice: a pairing's northeast side or one of its cities."
        ),
    )
    pairing = models.ForeignKey(
        Pairing,
        verbose_name=_("pairing"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="reform_replications",
        help_text=_(
            "Follows from the regions: the pairing whose northeast side covers the replicating region and whose "
            "eastern side covers the practice's origin; empty when they are not paired."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReplicationStatus.choices, default=ReplicationStatus.PLANNED
    )
    status_since = models.DateField(_("in this status since"))
    started_on = models.DateField(
        _("effort started on"),
        null=True,
        blank=True,
        help_text=_("When the region started the replication effort."),
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_(
            "The document (number and title) or web address that shows it; required once replicated."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = ReplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        ordering = ["-status_since", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "region"],
                name="reforms_replication_one_per_practice_and_region",
                violation_error_code=DUPLICATE_CODE,
                violation_error_message=_(
                    "This practice is already recorded for this region (one replication per practice and "
                    "region): open that record and change its status instead."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["-status_since", "-id"], name="reforms_replication_order"),
            models.Index(fields=["pairing", "status"], name="reforms_replication_pairing"),
        ]

    def __str__(self):
        practice = self.practice.title if self.practice_id else "—"
        region = self.region.display_name if self.region_id else "—"
        return _("%(practice)s in %(region)s") % {"practice": practice, "region": region}

    def get_absolute_url(self):
        return reverse("reforms:replication_detail", args=[self.pk])

    def derive_pairing(self) -> Pairing | None:
        """The pairing whose northeast side covers the region and whose eastern side covers the origin; the
        most specific one when two do (哈尔滨–深圳 before 黑龙江–广东 for 深圳's practice in 哈尔滨)."""
        if not (self.practice_id and self.region_id):
            return None
        origin = self.practice.origin
        candidates = Pairing.objects.filter(
            northeast__in=_covering(self.region), east__in=_covering(origin)
        ).select_related("northeast", "east")

        def specificity(pairing):
            exact = (pairing.northeast_id == self.region_id) + (pairing.east_id == origin.code)
            return (exact, pairing.status != Pairing.Status.ENDED, -pairing.pk)

        return max(candidates, key=specificity, default=None)

    def clean(self):
        errors = {}
        if self.region_id:
            if not is_northeastern(self.region):
                errors["region"] = _(
                    "%(region)s is not a northeastern partner region: choose the northeast side of a pairing "
                    "(e.g. 黑龙江, 哈尔滨, 大连) or one of its cities."
                ) % {"region": self.region}
            elif self.practice_id and self.region_id == self.practice.origin_id:
                errors["region"] = _("The replicating region must differ from the practice's origin.")
        if self.status == ReplicationStatus.REPLICATED and not (self.evidence or "").strip():
            errors["evidence"] = _(
                "A replicated practice needs its evidence: enter the document (number and title) or the web "
                "address that shows it."
            )
        if self.status_since and self.status_since > timezone.localdate():
            errors["status_since"] = _(
                "The status date %(date)s is in the future: enter the date the status was reached."
            ) % {"date": self.status_since}
        if (
            self.started_on
            and self.status_since
            and self.status in (ReplicationStatus.PILOTING, ReplicationStatus.REPLICATED)
            and self.started_on > self.status_since
        ):
            errors["started_on"] = _(
                "The effort started on %(start)s, after it reached “%(status)s” on %(since)s: correct the start date."
            ) % {"start": self.started_on, "status": self.get_status_display(), "since": self.status_since}
        if errors:
            raise ValidationError(errors)
        self.pairing = self.derive_pairing()

    def validate_constraints(self, exclude=None):
        """The one-per-practice-and-region rule, reported on the region field and naming both."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors = exc.error_dict
            general = errors.pop(NON_FIELD_ERRORS, [])
            duplicate = [error for error in general if error.code == DUPLICATE_CODE]
            if duplicate:
                errors.setdefault("region", []).append(
                    ValidationError(
                        _(
                            "%(practice)s is already recorded for %(region)s (one replication per practice and "
                            "region): open that record and change its status instead."
                        )
                        % {"practice": self.practice, "region": self.region},
                        code=DUPLICATE_CODE,
                    )
                )
            rest = [error for error in general if error.code != DUPLICATE_CODE]
            if rest:
                errors[NON_FIELD_ERRORS] = rest
            raise ValidationError(errors)


class ReplicationStatusChange(models.Model):
    """Each status a replication entered, with its date: written by ``services.replication_set_status``
    (and by the creation of the replication, from no status to the first)."""

    replication = models.ForeignKey(
        Replication, verbose_name=_("replication"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=12, choices=ReplicationStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=ReplicationStatus.choices)
    on = models.DateField(_("date"))
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("The evidence given with this change.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ReplicationStatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("replication status change")
        verbose_name_plural = _("replication status changes")
        ordering = ["replication_id", "on", "id"]
        indexes = [models.Index(fields=["to_status", "on"], name="reforms_change_status_on")]

    def __str__(self):
        return f"{self.replication}: {self.get_from_status_display() or '—'} → {self.get_to_status_display()}"

    def get_absolute_url(self):
        return self.replication.get_absolute_url()
