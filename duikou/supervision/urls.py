from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("supervision/", views.ItemListView.as_view(), name="item_list"),
    path("supervision/new/", views.ItemCreateView.as_view(), name="item_create"),
    path("supervision/overdue/", views.OverdueBoardView.as_view(), name="overdue"),
    path("supervision/trend/", views.TrendView.as_view(), name="trend"),
    path("supervision/sources/<str:field>/", views.SourceSearchView.as_view(), name="source_search"),
    path("supervision/<int:pk>/", views.ItemDetailView.as_view(), name="item_detail"),
    path("supervision/<int:pk>/edit/", views.ItemUpdateView.as_view(), name="item_update"),
    path("supervision/<int:pk>/urge/", views.ItemUrgeView.as_view(), name="item_urge"),
    path("supervision/<int:pk>/close/", views.ItemCloseView.as_view(), name="item_close"),
    path("supervision/<int:pk>/nodes/new/", views.NodeAddView.as_view(), name="node_add"),
    path("supervision/nodes/<int:pk>/complete/", views.NodeCompleteView.as_view(), name="node_complete"),
    path(
        "supervision/from-plan-item/<int:pk>/",
        views.ItemFromPlanItemView.as_view(),
        name="item_from_plan_item",
    ),
    path(
        "supervision/from-request/<int:pk>/",
        views.ItemFromRequestView.as_view(),
        name="item_from_request",
    ),
    path("rectifications/", views.RectificationListView.as_view(), name="rectification_list"),
    path("rectifications/new/", views.RectificationCreateView.as_view(), name="rectification_create"),
    path("rectifications/<int:pk>/", views.RectificationDetailView.as_view(), name="rectification_detail"),
    path(
        "rectification-items/<int:pk>/answer/",
        views.RectificationAnswerView.as_view(),
        name="rectification_answer",
    ),
    path(
        "rectification-answers/<int:pk>/decide/",
        views.RectificationDecideView.as_view(),
        name="rectification_decide",
    ),
]
