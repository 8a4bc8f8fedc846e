"""""  -> public portal;  "work/" -> back office;  "api/v1/" -> REST API;  "api/schema/" -> OpenAPI."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

urlpatterns = [
    path("", include("duikou.portal.urls")),
    path("work/", include("duikou.core.urls")),
    path("work/", include("duikou.accounts.urls")),
    path("work/", include("duikou.regions.urls")),
    path("work/", include("duikou.notifications.urls")),
    path("work/", include("duikou.plans.urls")),
    path("work/", include("duikou.projects.urls")),
    path("work/", include("duikou.imports.urls")),
    path("work/", include("duikou.search.urls")),
    path("work/", include("duikou.parks.urls")),
    path("work/", include("duikou.funding.urls")),
    path("work/", include("duikou.exchanges.urls")),
    path("work/", include("duikou.events.urls")),
    path("work/", include("duikou.talent.urls")),
    path("work/", include("duikou.reforms.urls")),
    path("work/", include("duikou.supervision.urls")),
    path("work/", include("duikou.evaluation.urls")),
    path("work/", include("duikou.dashboards.urls")),
    path("work/", include("duikou.goals.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("duikou.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api_docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api_redoc"),
]
