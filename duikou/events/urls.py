from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/new/", views.EventCreateView.as_view(), name="event_create"),
    path("events/calendar/", views.EventCalendarView.as_view(), name="event_calendar"),
    path(
        "events/calendar/feed-url/",
        views.EventFeedTokenRegenerateView.as_view(),
        name="event_feed_regenerate",
    ),
    path("events/feed/<str:key>.ics", views.EventFeedView.as_view(), name="event_feed"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", views.EventUpdateView.as_view(), name="event_update"),
    path("events/<int:pk>/delete/", views.EventDeleteView.as_view(), name="event_delete"),
    path("events/<int:pk>/outcomes/new/", views.EventOutcomeCreateView.as_view(), name="outcome_create"),
    path("event-outcomes/<int:pk>/edit/", views.EventOutcomeUpdateView.as_view(), name="outcome_update"),
    path("event-outcomes/<int:pk>/delete/", views.EventOutcomeDeleteView.as_view(), name="outcome_delete"),
]
