"""Reads for experts and engagements: the scoped lists with the contact rule computed per row, how the
contact is shown (withheld unless the user may see it), the public profiles, and the yearly figures."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from .models import Engagement, Expert

EXPERT_RELATED = ("region", "industry", "organisation")
ENGAGEMENT_RELATED = ("expert__region", "organisation__region", "pairing__northeast", "pairing__east")


def expert_list(*, user, queryset=None):
    """The experts the user may view, each annotated ``contact_visible``, with what a row shows joined."""
    queryset = Expert.objects.all() if queryset is None else queryset
    return queryset.for_user(user, "view").with_contact_visible(user).select_related(*EXPERT_RELATED)


def public_expert_list():
    """The public profiles (the portal, the anonymous API): consent on record, never the contact."""
    return Expert.objects.public().select_related(*EXPERT_RELATED)


def contact_visible(*, user, expert: Expert) -> bool:
    annotated = getattr(expert, "contact_visible", None)
    if annotated is not None:
        return bool(annotated)
    return Expert.objects.may_see_contact(user, expert)


def contact_display(*, expert: Expert, visible: bool) -> dict:
    """The contact as shown: in clear for those who may see it, withheld otherwise."""
    if visible:
        return {"contact_phone": expert.contact_phone, "contact_email": expert.contact_email, "shown": True}
    withheld = _("(withheld)")
    return {"contact_phone": withheld if expert.contact_phone else "",
            "contact_email": withheld if expert.contact_email else "", "shown": False}


def engagement_list(*, user, queryset=None):
    """The engagements the user may view, each annotated ``expert_visible`` (may it see the expert's name)."""
    queryset = Engagement.objects.all() if queryset is None else queryset
    return queryset.for_user(user, "view").with_expert_visible(user).select_related(*ENGAGEMENT_RELATED)


def expert_name_display(*, engagement: Engagement) -> str:
    """The engaged expert's name, or "(withheld)" for a user who may not see that expert."""
    if getattr(engagement, "expert_visible", True):
        return engagement.expert.name
    return _("(withheld)")


def engagement_figures_by_pairing_year(*, pairing_ids=None) -> list[dict]:
    """Engagements per pairing and year of start, in one aggregate query: rows ``{"pairing_id", "year",
    "engagements"}`` ordered by pairing and year. Engagements without a pairing (an expert from a region
    outside the programme's pairings) belong to no pairing and are not counted here."""
    queryset = Engagement.objects.filter(pairing__isnull=False)
    if pairing_ids is not None:
        queryset = queryset.filter(pairing_id__in=list(pairing_ids))
    return list(queryset.annotate(year=ExtractYear("start")).values("pairing_id", "year")
                .annotate(engagements=Count("id")).order_by("pairing_id", "year"))
