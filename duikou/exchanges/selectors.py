"""Reads for cadre secondments and trainings: the scoped lists with the name rule computed per row, and how a
record's personal fields are shown (masked unless the user may see them and, in a list, asked to)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from duikou.core.scoping import ALL
from duikou.regions.models import Pairing

from .models import Secondment, Trainee, Training

LIST_RELATED = ("pairing__northeast", "pairing__east", "home_organisation", "host_organisation")


def secondment_list(*, user, queryset=None):
    """The secondments the user may view, each annotated ``names_visible``, with what a row shows joined."""
    queryset = Secondment.objects.all() if queryset is None else queryset
    return queryset.for_user(user, "view").with_names_visible(user).select_related(*LIST_RELATED)


def names_visible(*, user, secondment: Secondment) -> bool:
    annotated = getattr(secondment, "names_visible", None)
    if annotated is not None:
        return bool(annotated)
    return Secondment.objects.may_see_names(user, secondment)


def masked_name(name: str) -> str:
    """张三丰 → 张**: for a user who may see the name but did not ask to, in a list."""
    return f"{name[:1]}**" if name else ""


def personal_display(*, secondment: Secondment, visible: bool, show: bool) -> dict:
    """The personal fields as shown: in clear when the user may see them (``visible``) and wants to
    (``show``); the surname alone when it may but did not ask; withheld altogether when it may not."""
    if secondment.is_anonymised:
        withheld = _("(anonymised)")
        return {"person_name": withheld, "birth_year": None, "home_post": "", "host_post": "", "shown": False}
    if visible and show:
        return {"person_name": secondment.person_name, "birth_year": secondment.birth_year,
                "home_post": secondment.home_post, "host_post": secondment.host_post, "shown": True}
    name = masked_name(secondment.person_name) if visible else _("(withheld)")
    return {"person_name": name, "birth_year": None, "home_post": "", "host_post": "", "shown": False}


TRAINING_RELATED = ("pairing__northeast", "pairing__east")


def training_list(*, user, queryset=None):
    queryset = Training.objects.all() if queryset is None else queryset
    return queryset.for_user(user, "view").select_related(*TRAINING_RELATED)


def trainee_list(*, user, queryset=None):
    """The trainees the user may view, each annotated ``names_visible``."""
    queryset = Trainee.objects.all() if queryset is None else queryset
    return (queryset.for_user(user, "view").with_names_visible(user)
            .select_related("training__pairing__northeast", "training__pairing__east"))


def trainee_display(*, trainee: Trainee, visible: bool, show: bool) -> dict:
    """A roster line as shown: the rule of ``personal_display``, for a trainee's name and post."""
    if trainee.is_anonymised:
        return {"person_name": _("(anonymised)"), "post": "", "shown": False}
    if visible and show:
        return {"person_name": trainee.person_name, "post": trainee.post, "shown": True}
    name = masked_name(trainee.person_name) if visible else _("(withheld)")
    return {"person_name": name, "post": "", "shown": False}


# --- figures per pairing and year (issue #5 item 6) ----------------------------------------------------------

def secondment_figures_by_pairing_year(*, pairing_ids=None) -> list[dict]:
    """Cadres seconded each way per pairing and year of start (planned secondments not yet counted): rows
    ``{"pairing_id", "year", "direction", "secondments"}``, one aggregate query."""
    queryset = Secondment.objects.exclude(status=Secondment.Status.PLANNED)
    if pairing_ids is not None:
        queryset = queryset.filter(pairing_id__in=list(pairing_ids))
    return list(queryset.annotate(year=ExtractYear("start")).values("pairing_id", "year", "direction")
                .annotate(secondments=Count("id")).order_by("pairing_id", "year", "direction"))


def training_figures_by_pairing_year(*, pairing_ids=None) -> list[dict]:
    """Trainings held and their trainees by category per pairing and year of start: rows ``{"pairing_id",
    "year", "trainings", "leaders", "managers", "technical", "total"}``, one aggregate query."""
    queryset = Training.objects.filter(status=Training.Status.HELD)
    if pairing_ids is not None:
        queryset = queryset.filter(pairing_id__in=list(pairing_ids))
    return list(queryset.annotate(year=ExtractYear("start")).values("pairing_id", "year")
                .annotate(trainings=Count("id"), leaders=Sum("leaders"), managers=Sum("managers"),
                          technical=Sum("technical"), total=Sum("total")).order_by("pairing_id", "year"))


@dataclass
class PairingYearFigures:
    """What a pairing did in one year for people and exchanges (issue #5 item 6)."""

    pairing_id: int
    year: int
    ne_to_east: int = 0
    east_to_ne: int = 0
    trainings: int = 0
    leaders: int = 0
    managers: int = 0
    technical: int = 0
    trainees: int = 0
    events_by_kind: dict = dataclass_field(default_factory=dict)
    agreements: int = 0
    agreement_amount: Decimal = Decimal("0")
    replicated: int = 0
    engagements: int = 0
    pairing: object = None

    @property
    def events(self) -> int:
        return sum(self.events_by_kind.values())

    @property
    def cadres(self) -> int:
        return self.ne_to_east + self.east_to_ne


def figures_pairing_ids(*, user) -> list[int] | None:
    """The pairings whose figures the user may see: every one (``None``) for a national role that reads all
    exchanges; its own pairings for a coordinator or reporter; none otherwise. The same reach as the
    records counted (each of them a joint record of its pairing)."""
    reach = Secondment.objects.reach(user, "view")
    if reach is None:
        return []
    if reach == ALL:
        return None
    return sorted(user.scope.pairing_ids)


def pairing_year_figures(*, pairing_ids=None, years=None) -> list[PairingYearFigures]:
    """The figures per pairing and year, newest year first within each pairing, from one aggregate query
    per source (secondments, trainings, events, event outcomes, replications, expert engagements): the
    query count does not grow with the records. ``pairing_ids=None`` means every pairing; scope it with
    ``figures_pairing_ids``."""
    from duikou.events.selectors import event_figures_by_pairing_year, outcome_figures_by_pairing_year
    from duikou.reforms.selectors import replication_figures_by_pairing_year
    from duikou.talent.selectors import engagement_figures_by_pairing_year

    rows: dict[tuple[int, int], PairingYearFigures] = {}

    def row(source):
        key = (source["pairing_id"], source["year"])
        if key not in rows:
            rows[key] = PairingYearFigures(pairing_id=key[0], year=key[1])
        return rows[key]

    if pairing_ids is not None and not pairing_ids:
        return []
    for source in secondment_figures_by_pairing_year(pairing_ids=pairing_ids):
        figures = row(source)
        if source["direction"] == Secondment.Direction.NE_TO_EAST:
            figures.ne_to_east += source["secondments"]
        else:
            figures.east_to_ne += source["secondments"]
    for source in training_figures_by_pairing_year(pairing_ids=pairing_ids):
        figures = row(source)
        figures.trainings, figures.trainees = source["trainings"], source["total"] or 0
        figures.leaders, figures.managers, figures.technical = (source["leaders"] or 0, source["managers"] or 0,
                                                                source["technical"] or 0)
    for source in event_figures_by_pairing_year(pairing_ids=pairing_ids):
        figures = row(source)
        figures.events_by_kind[source["kind"]] = figures.events_by_kind.get(source["kind"], 0) + source["events"]
    for source in outcome_figures_by_pairing_year(pairing_ids=pairing_ids):
        figures = row(source)
        figures.agreements += source["agreements"] or 0
        figures.agreement_amount += source["amount"] or Decimal("0")
    for source in replication_figures_by_pairing_year(pairing_ids=pairing_ids):
        row(source).replicated += source["replicated"]
    for source in engagement_figures_by_pairing_year(pairing_ids=pairing_ids):
        row(source).engagements += source["engagements"]
    result = [figures for figures in rows.values() if years is None or figures.year in years]
    pairings = list(Pairing.objects.filter(pk__in={f.pairing_id for f in result}).select_related("northeast", "east"))
    position = {pairing.pk: (index, pairing) for index, pairing in enumerate(pairings)}  # the pairings' own order
    for figures in result:
        figures.pairing = position[figures.pairing_id][1]
    return sorted(result, key=lambda f: (position[f.pairing_id][0], -f.year))
