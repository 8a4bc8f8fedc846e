"""Pages of events: the list (filtered, exported), a detail page with the outcomes added, changed and deleted
in place, the forms, the month calendar with the user's secret feed URL, and the iCalendar feed itself
(reached without a login, by its key: a calendar client cannot log in)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from duikou.core.exports import ExportColumn, XlsxExportMixin, field_column
from duikou.core.views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView

from . import services
from .feeds import event_feed
from .filtersets import EventFilterSet
from .forms import EventForm, EventOutcomeForm
from .models import Event, EventFeedToken, EventOutcome
from .selectors import calendar_month, event_detail_queryset, event_list, feed_events


def _pairings(event) -> str:
    return "、".join(str(p) for p in event.pairings.all())


class EventListView(XlsxExportMixin, ScopedListView):
    model = Event
    filterset_class = EventFilterSet
    template_name = "core/list.html"
    partial_template_name = "events/_event_table.html"
    create_url_name = "events:event_create"
    export_columns = [
        ExportColumn(gettext_lazy("Number"), "pk", width=8),
        field_column(Event, "kind", width=22),
        field_column(Event, "title", width=40),
        field_column(Event, "start", width=12),
        field_column(Event, "end", width=12),
        field_column(Event, "place", width=20),
        ExportColumn(gettext_lazy("Pairings"), _pairings, width=30),
        ExportColumn(gettext_lazy("Agreements signed"), "agreements_total", width=12),
        ExportColumn(
            gettext_lazy("Amount (10,000 yuan)"), "amount_total", width=16, number_format="#,##0.00"
        ),
        ExportColumn(gettext_lazy("Key task"), "key_task", width=24),
    ]

    def base_queryset(self):
        return event_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["list_actions"] = [
            {"id": "calendar-link", "url": reverse("events:event_calendar"), "label": _("Calendar")}
        ]
        return context


class EventDetailView(ScopedDetailView):
    model = Event
    template_name = "events/event_detail.html"

    def base_queryset(self):
        return event_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event, user = self.object, self.request.user
        outcomes = list(event.outcomes.all())
        for outcome in outcomes:
            outcome.editable = EventOutcome.objects.allows(user, "change", outcome)
        may_add = EventOutcome.objects.may(user, "add") and any(
            EventOutcome.objects.allows(user, "add", EventOutcome(event=event, pairing=p))
            for p in event.pairings.all()
        )
        context.update(
            outcomes=outcomes,
            can_add_outcome=may_add,
            outcome_form=EventOutcomeForm(user=user, event=event) if may_add else None,
            agreements_total=sum(o.agreements for o in outcomes),
            amount_total=sum((o.amount for o in outcomes if o.amount is not None), start=0),
        )
        return context


class EventCreateView(ServiceFormView):
    model = Event
    form_class = EventForm

    def perform(self, form):
        return services.event_create(user=self.request.user, data=form.service_data())


class EventUpdateView(ServiceFormView):
    model = Event
    form_class = EventForm
    action = "change"

    def perform(self, form):
        return services.event_update(
            user=self.request.user,
            event=self.object,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("version"),
        )


class EventDeleteView(ServiceDeleteView):
    model = Event
    success_url_name = "events:event_list"

    def perform_delete(self, obj):
        services.event_delete(user=self.request.user, event=obj)


class EventOutcomeCreateView(ServiceFormView):
    model = EventOutcome
    form_class = EventOutcomeForm

    def get_object(self):
        self.event = get_object_or_404(
            Event.objects.for_user(self.request.user, "view"), pk=self.kwargs["pk"]
        )
        if not EventOutcome.objects.may(self.request.user, "add"):
            raise PermissionDenied
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def perform(self, form):
        return services.event_outcome_create(
            user=self.request.user, event=self.event, data=form.service_data()
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "parent_object": self.event}


class EventOutcomeUpdateView(ServiceFormView):
    model = EventOutcome
    form_class = EventOutcomeForm
    action = "change"

    def perform(self, form):
        return services.event_outcome_update(
            user=self.request.user,
            outcome=self.object,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("version"),
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "parent_object": self.object.event}


class EventOutcomeDeleteView(ServiceDeleteView):
    model = EventOutcome

    def deleted_url(self, obj):
        return reverse("events:event_detail", args=[obj.event_id])

    def perform_delete(self, obj):
        services.event_outcome_delete(user=self.request.user, outcome=obj)


# --- calendar and feed ---------------------------------------------------------------------------------------


def _shift(month: datetime.date, by: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + by
    return datetime.date(index // 12, index % 12 + 1, 1)


class EventCalendarView(LoginRequiredMixin, TemplateView):
    """A month of the user's events (``?month=2026-11``), Monday first, with links to the previous and next
    months, and the user's calendar-feed URL."""

    template_name = "events/event_calendar.html"

    def get_month(self, today) -> datetime.date:
        try:
            month = datetime.datetime.strptime(self.request.GET.get("month", ""), "%Y-%m").date()
        except ValueError:
            return today.replace(day=1)
        return month if 2000 <= month.year <= 2100 else today.replace(day=1)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        month = self.get_month(today)
        token = EventFeedToken.objects.for_user(self.request.user).first()
        context.update(
            month=month,
            weeks=calendar_month(user=self.request.user, year=month.year, month=month.month, today=today),
            previous_month=_shift(month, -1),
            next_month=_shift(month, 1),
            this_month=today.replace(day=1),
            weekdays=[_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
            feed_url=self.request.build_absolute_uri(reverse("events:event_feed", args=[token.key]))
            if token
            else None,
            can_add=Event.objects.may(self.request.user, "add"),
        )
        return context


class EventFeedTokenRegenerateView(LoginRequiredMixin, View):
    """POST: a new secret feed URL for the user (the first one, or a replacement that ends the old one)."""

    def post(self, request):
        had = EventFeedToken.objects.for_user(request.user).exists()
        services.event_feed_token_regenerate(user=request.user)
        if had:
            messages.success(request, _("A new calendar feed URL was made: the old one no longer works."))
        else:
            messages.success(
                request, _("Your calendar feed URL is ready: add it to your calendar application.")
            )
        return redirect(f"{reverse('events:event_calendar')}#feed")


class EventFeedView(View):
    """``/work/events/feed/<key>.ics``: the events the key's owner may view, as iCalendar. An unknown key, or
    the key of an inactive account, is a 404."""

    def get(self, request, key):
        token = EventFeedToken.objects.select_related("user").filter(key=key).first()
        if token is None or not token.user.is_active:
            raise Http404
        body = event_feed(
            events=feed_events(user=token.user),
            url_for=request.build_absolute_uri,
            host=request.get_host().split(":")[0],
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="duikou-events.ics"'
        response["Cache-Control"] = "private, max-age=300"
        return response
