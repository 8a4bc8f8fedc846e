"""Supervision (督办) and rectification (整改), 国办发〔2017〕22号 四（六）加强督查评估: the NDRC office
supervises the work of each pairing, urges (催办) what is late, and for slow progress issues rectification
requirements (整改要求) and follows them until every item is accepted; each pairing runs its own
supervision of its own work as well.

A supervision item is followed by its time nodes; its traffic light is computed from them, never stored
(``SupervisionItemQuerySet.with_light`` in SQL, ``lights.item_light`` in Python, the same rule and warning
window as plan items). A month's lights per pairing are kept in ``LightSnapshot`` for the trend."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Organisation
from duikou.core.models import BaseModel
from duikou.regions.models import Pairing, Region

from .querysets import (
    LightSnapshotQuerySet,
    RectificationAnswerQuerySet,
    RectificationItemQuerySet,
    RectificationRequirementQuerySet,
    SupervisionItemQuerySet,
    SupervisionNodeQuerySet,
    UrgingNoticeQuerySet,
)


class SupervisionItem(BaseModel):
    """A matter under supervision (督办事项): what must be done, by which organisation, by which time nodes.
    It comes from a plan item, a coordination request or a rectification item, or is entered by hand."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class SourceKind(models.TextChoices):
        PLAN_ITEM = "plan_item", _("Plan item")
        REQUEST = "request", _("Coordination request")
        RECTIFICATION = "rectification", _("Rectification item")
        MANUAL = "manual", _("Entered by hand")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    pairing = models.ForeignKey(
        Pairing, verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="supervision_items"
    )
    assignee = models.ForeignKey(
        Organisation,
        verbose_name=_("assignee organisation"),
        on_delete=models.PROTECT,
        related_name="supervision_items",
        help_text=_("The organisation that must do it: on a side of the pairing, or a central body."),
    )
    plan_item = models.ForeignKey(
        "plans.PlanItem",
        verbose_name=_("plan item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_items",
    )
    coordination_request = models.ForeignKey(
        "projects.CoordinationRequest",
        verbose_name=_("coordination request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_items",
    )
    rectification_item = models.ForeignKey(
        "RectificationItem",
        verbose_name=_("rectification item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_items",
    )
    source_kind = models.CharField(
        _("source"),
        max_length=20,
        choices=SourceKind.choices,
        default=SourceKind.MANUAL,
        editable=False,
        help_text=_("Follows from the source record that is set."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, editable=False
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
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)

    open_due = models.DateField(
        _("next time node due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The earliest due date of the time nodes not yet done; kept by the services, read by the light."),
    )

    objects = SupervisionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(plan_item__isnull=True, coordination_request__isnull=True)
                    | Q(plan_item__isnull=True, rectification_item__isnull=True)
                    | Q(coordination_request__isnull=True, rectification_item__isnull=True)
                ),
                name="supervision_item_one_source",
                violation_error_message=_(
                    "A supervision item has one source at most: a plan item, a coordination "
                    "request or a rectification item."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | (~Q(status="open") & Q(closed_on__isnull=False)),
                name="supervision_item_closed_on_iff_closed",
                violation_error_message=_("A closed item has its closing date; an open one has none."),
            ),
            *(
                models.UniqueConstraint(
                    fields=[source],
                    condition=Q(**{f"{source}__isnull": False}) & ~Q(status="cancelled"),
                    name=f"supervision_item_one_per_{source}",
                    violation_error_message=_(
                        "This source is already under supervision: open its supervision item instead of "
                        "adding another (a cancelled one does not count)."
                    ),
                )
                for source in ("plan_item", "coordination_request", "rectification_item")
            ),
        ]
        indexes = [models.Index(fields=["status", "pairing"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("supervision:item_detail", args=[self.pk])

    @property
    def source(self):
        return self.plan_item or self.coordination_request or self.rectification_item

    def derive_source_kind(self) -> str:
        if self.plan_item_id:
            return self.SourceKind.PLAN_ITEM
        if self.coordination_request_id:
            return self.SourceKind.REQUEST
        if self.rectification_item_id:
            return self.SourceKind.RECTIFICATION
        return self.SourceKind.MANUAL

    def clean(self):
        errors = {}
        sources = [
            name
            for name in ("plan_item", "coordination_request", "rectification_item")
            if getattr(self, f"{name}_id")
        ]
        if len(sources) > 1:
            errors[sources[1]] = _(
                "A supervision item has one source at most: choose a plan item, a coordination "
                "request or a rectification item, not several."
            )
        self.source_kind = self.derive_source_kind()
        if self.pairing_id and self.assignee_id and not self.pairing.admits(self.assignee):
            errors["assignee"] = _(
                "%(org)s is on neither side of %(pairing)s: choose an organisation of one of the two sides (or a "
                "central body)."
            ) % {"org": self.assignee, "pairing": self.pairing}
        if self.pairing_id and len(sources) == 1:
            source_pairing = {
                "plan_item": lambda: self.plan_item.plan.pairing_id,
                "coordination_request": lambda: self.coordination_request.pairing_id,
                "rectification_item": lambda: self.rectification_item.requirement.pairing_id,
            }[sources[0]]()
            if source_pairing != self.pairing_id:
                errors[sources[0]] = _("The source record belongs to another pairing than %(pairing)s.") % {
                    "pairing": self.pairing
                }
        if errors:
            raise ValidationError(errors)


class SupervisionNode(BaseModel):
    """A time node (时间节点) of a supervision item: a step due by a date, marked done with a note."""

    item = models.ForeignKey(
        SupervisionItem, verbose_name=_("supervision item"), on_delete=models.CASCADE, related_name="nodes"
    )
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)
    done_note = models.TextField(_("completion note"), blank=True, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked done by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SupervisionNodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision time node")
        verbose_name_plural = _("supervision time nodes")
        ordering = ["item_id", "order", "due_date", "id"]
        indexes = [models.Index(fields=["item", "done_on", "due_date"])]

    def __str__(self):
        return f"{self.title} ({self.due_date})"

    def get_absolute_url(self):
        return self.item.get_absolute_url()


class UrgingNotice(models.Model):
    """An urging notice (催办) sent about a supervision item, by a person or by the daily automatic run
    (``sent_by`` empty). One per item and day."""

    class Channel(models.TextChoices):
        IN_APP = "in_app", _("In-app notification")

    item = models.ForeignKey(
        SupervisionItem, verbose_name=_("supervision item"), on_delete=models.CASCADE, related_name="urgings"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for the automatic urging of overdue items."),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    sent_on = models.DateField(_("sent on"))
    message = models.TextField(_("message"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.IN_APP)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    objects = UrgingNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("urging notice")
        verbose_name_plural = _("urging notices")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "sent_on"],
                name="supervision_one_urging_per_day",
                violation_error_message=_("This item was already urged today."),
            )
        ]

    def __str__(self):
        return _("Urging of %(item)s on %(day)s") % {"item": self.item, "day": self.sent_on}

    def get_absolute_url(self):
        return self.item.get_absolute_url()


MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def validate_month(value: str):
    if not MONTH_RE.match(value or ""):
        raise ValidationError(
            _("“%(value)s” is not a month: write it as YYYY-MM, e.g. 2026-05."),
            params={"value": value},
            code="month",
        )


class LightSnapshot(models.Model):
    """The lights of a pairing's supervision items as of a month's end (or the day taken, in the current
    month): for the trend. Written by ``manage.py supervision_snapshot``; cancelled items are not counted."""

    month = models.CharField(_("month"), max_length=7, validators=[validate_month])
    pairing = models.ForeignKey(
        Pairing, verbose_name=_("pairing"), on_delete=models.CASCADE, related_name="light_snapshots"
    )
    red = models.PositiveIntegerField(_("red"), default=0)
    yellow = models.PositiveIntegerField(_("yellow"), default=0)
    green = models.PositiveIntegerField(_("green"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    taken_at = models.DateTimeField(_("taken at"), auto_now=True)

    objects = LightSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("light snapshot")
        verbose_name_plural = _("light snapshots")
        ordering = ["pairing_id", "-month"]
        constraints = [models.UniqueConstraint(fields=["month", "pairing"], name="supervision_snapshot_once")]

    def __str__(self):
        return f"{self.pairing_id} {self.month}"

    def get_absolute_url(self):
        return reverse("supervision:trend")

    @property
    def total(self) -> int:
        return self.red + self.yellow + self.green + self.done


class RectificationRequirement(BaseModel):
    """A rectification requirement (整改要求) the NDRC office issues to a pairing whose work progresses
    slowly; its items are answered by the responsible side and accepted or sent back by the office."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="rectifications"
    )
    title = models.CharField(_("title"), max_length=200)
    basis = models.TextField(
        _("basis"), help_text=_("Why rectification is required: the findings it rests on.")
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_on = models.DateField(_("issued on"), editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, editable=False
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    round_ref = models.CharField(
        _("evaluation round"),
        max_length=100,
        blank=True,
        help_text=_("The evaluation that found the problems, e.g. 2026年度对口合作成效评估."),
    )
    evaluation_round = models.ForeignKey(
        "evaluation.EvaluationRound",
        verbose_name=_("evaluation round record"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="rectifications",
        help_text=_("The evaluation round whose outcome issued this requirement, if any."),
    )

    objects = RectificationRequirementQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification requirement")
        verbose_name_plural = _("rectification requirements")
        ordering = ["-issued_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("supervision:rectification_detail", args=[self.pk])


class RectificationItem(BaseModel):
    """One thing to rectify, by one side of the pairing, by a deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        SENT_BACK = "sent_back", _("Sent back")
        ACCEPTED = "accepted", _("Accepted")

    requirement = models.ForeignKey(
        RectificationRequirement,
        verbose_name=_("rectification requirement"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    title = models.CharField(_("title"), max_length=200)
    requirement_text = models.TextField(_("what must be rectified"), blank=True)
    responsible_region = models.ForeignKey(
        Region,
        verbose_name=_("responsible side"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("One of the two sides of the pairing."),
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, editable=False
    )

    objects = RectificationItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["requirement_id", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.requirement.get_absolute_url()

    def clean(self):
        if self.requirement_id and self.responsible_region_id:
            pairing = self.requirement.pairing
            if self.responsible_region_id not in pairing.sides:
                raise ValidationError(
                    {
                        "responsible_region": _(
                            "%(region)s is not a side of %(pairing)s: the responsible side is one of the two regions of "
                            "the pairing."
                        )
                        % {"region": self.responsible_region, "pairing": pairing}
                    }
                )


class RectificationAnswer(BaseModel):
    """The responsible side's answer to a rectification item: the measures taken and the evidence, and the
    NDRC office's decision on it."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        SENT_BACK = "sent_back", _("Sent back")

    item = models.ForeignKey(
        RectificationItem,
        verbose_name=_("rectification item"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    measures = models.TextField(_("measures taken"))
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("Documents, figures or visits that show the measures were taken."),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), editable=False)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING, editable=False
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
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("decision note"), blank=True, editable=False)

    objects = RectificationAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification answer")
        verbose_name_plural = _("rectification answers")
        ordering = ["item_id", "answered_at", "id"]

    def __str__(self):
        return _("Answer to %(item)s") % {"item": self.item}

    def get_absolute_url(self):
        return self.item.requirement.get_absolute_url()
