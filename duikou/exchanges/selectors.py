"""Reads for cadre secondments and trainings: the scoped lists with the name rule computed per row, and how a
record's personal fields are shown (masked unless the user may see them and, in a list, asked to)."""

from __future__ import annotations

from django.utils.translation import gettext as _

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
