from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from common.metrics import metrics_view

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("journeys/", include("touchpoints.urls")),
    path("standards/", include("standards.urls")),
    path("reviews/", include("reviews.urls")),
    path("surveys/", include("surveys.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("s/", include("surveys.public_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script,
    # so the page works under the Content-Security-Policy.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("api/v1/", include("cxm.api_urls")),
    path("admin/", admin.site.urls),
]

# A body Django refuses as too large is a 413 page (the survey's own for customers).
handler400 = "cxm.views.bad_request"
