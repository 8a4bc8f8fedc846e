"""The funding ledger (国办发〔2017〕22号 四（四）: central-budget special funds for key parks and major
projects, bank financing, industry investment funds, social capital): each entry is money of one source at
one stage (planned, committed, in place) for a project or a park, with its amount, date and document."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duikou.core.models import BaseModel
from duikou.parks.models import Park
from duikou.projects.models import Project
from duikou.regions.models import Pairing

from .querysets import FundingEntryQuerySet


class Source(models.TextChoices):
    CENTRAL_BUDGET = "central_budget", _("Central-budget investment special funds (中央预算内投资专项资金)")
    LOCAL_BUDGET = "local_budget", _("Local government budgets")
    BANK_LOAN = "bank_loan", _("Bank loans")
    INDUSTRY_FUND = "industry_fund", _("Industry investment funds")
    SOCIAL_CAPITAL = "social_capital", _("Social capital (including PPP)")
    OWN_FUNDS = "own_funds", _("The enterprise's own funds")


class FundingStage(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMMITTED = "committed", _("Committed")
    IN_PLACE = "in_place", _("In place")


class FundingEntry(BaseModel):
    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), on_delete=models.PROTECT,
                                related_name="funding_entries", editable=False,
                                help_text=_("The pairing of the project or park (set from it)."))
    project = models.ForeignKey(Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="funding_entries")
    park = models.ForeignKey(Park, verbose_name=_("park"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="funding_entries")
    source = models.CharField(_("funding source"), max_length=16, choices=Source.choices)
    stage = models.CharField(_("funding stage"), max_length=10, choices=FundingStage.choices)
    amount = models.DecimalField(_("amount (10,000 yuan)"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    on = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=100, blank=True,
                                       help_text=_("The approval, contract or transfer document, e.g. 发改投资〔2026〕123号."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    editable=False, on_delete=models.PROTECT, related_name="+")

    objects = FundingEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding entry")
        verbose_name_plural = _("funding entries")
        ordering = ["-on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(project__isnull=False, park__isnull=True)
                                   | Q(project__isnull=True, park__isnull=False),
                                   name="funding_project_or_park",
                                   violation_error_message=_("A funding entry is for one project or one park.")),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["-on", "-id"], name="funding_list_order"),
                   models.Index(fields=["pairing", "source", "stage"]),
                   models.Index(fields=["project", "stage"]), models.Index(fields=["park", "stage"])]

    def __str__(self):
        return f"{self.target} · {self.get_source_display()} · {self.get_stage_display()} {self.amount}"

    @property
    def target(self):
        return self.project if self.project_id else self.park

    def get_absolute_url(self):
        return reverse("funding:entry_detail", args=[self.pk])

    def clean(self):
        if bool(self.project_id) == bool(self.park_id):
            raise ValidationError({"project": _("Choose the project or the park the money is for (one of the two).")})
        if self.amount is not None and self.amount <= 0:
            raise ValidationError({"amount": _("Enter an amount above zero, in 10,000 yuan.")})
