"""The measures a target or a reported figure names: the dashboard's MEASURES (same keys, same labels), each
with a short counting basis to show beside the number, because a number without its basis misleads.

The bases say in one line what ``duikou.dashboards.selectors`` counts (its module docstring is the long
form). Stock measures are counted as they stand at the end of a period; the others are summed over it."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from duikou.dashboards.selectors import AMOUNT_KEYS, MEASURES, STOCK_MEASURES

# The programme's start (国办发〔2017〕22号 was issued on 2017-03-07; its first month counts in full): a
# reported cumulative figure is compared with the platform's figure from this day to its "as of" date.
PROGRAMME_START = datetime.date(2017, 3, 1)

STOCK_KEYS = frozenset(STOCK_MEASURES)

# What the platform counts, a line per measure. The figures come from the dashboards' monthly facts: a period
# counts whole months, and the facts stand as at their last refresh (``WHOLE_MONTHS``, shown on the pages).
BASES = {
    "projects": _("Projects registered on the platform by the end of the period's last month, in any stage."),
    "planned_investment": _("The planned investment of the projects registered on the platform by the end of "
                            "the period's last month."),
    "investment_completed": _("The investment completed as the projects' monthly reports give it, summed over "
                              "the months of the period."),
    "funds_in_place": _("Funding entries at the stage “in place”, dated in the months of the period."),
    "parks": _("Co-built parks established by the end of the period's last month (or without a date)."),
    "cadres_ne_to_east": _("Cadres seconded from the northeast to the east, by the secondment's start in the "
                           "months of the period; secondments still planned not counted."),
    "cadres_east_to_ne": _("Cadres seconded from the east to the northeast, by the secondment's start in the "
                           "months of the period; secondments still planned not counted."),
    "trainees": _("The trainees of the trainings held that started in the months of the period."),
    "events": _("Events starting in the months of the period; an event of two pairings counts once for each."),
    "agreements": _("Agreements signed at the events starting in the months of the period, as the events' "
                    "outcomes record them."),
    "agreement_amount": _("The amount of the agreements signed at the events starting in the months of the "
                          "period, as the events' outcomes record them."),
    "replicated": _("Reform practices whose replication reached “replicated” in the months of the period."),
    "plan_items": _("The items of the pairings' plans due in the months of the period."),
}
WHOLE_MONTHS = _("The platform counts whole months (from the first day of the period's first month to the last "
                 "day of its last month), from its figures as at their last refresh.")

MEASURE_KEYS = tuple(key for key, _label, _amount in MEASURES)
LABELS = {key: label for key, label, _amount in MEASURES}
MEASURE_CHOICES = [(key, label) for key, label, _amount in MEASURES]

assert set(BASES) == set(MEASURE_KEYS), "every dashboard measure needs its basis here"


def label(key: str) -> str:
    return str(LABELS.get(key, key))


def basis(key: str) -> str:
    """The platform's counting basis for the measure, in the interface's language."""
    return str(BASES.get(key, ""))


def is_amount(key: str) -> bool:
    """Is the measure money (万元, two decimals) rather than a count?"""
    return key in AMOUNT_KEYS


def is_stock(key: str) -> bool:
    return key in STOCK_KEYS
