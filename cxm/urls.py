from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from accounts.views import home
from common.metrics import metrics_view
from common.views import healthz
from dashboards.compliance import urls as compliance_urls
from reviews import urls as review_urls

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("journeys/", include("touchpoints.urls")),
    path("standards/", include("standards.urls")),
    # The compliance pages (dashboards.compliance) keep their /reviews/ addresses and names.
    path(
        "reviews/",
        include(([*review_urls.urlpatterns, *compliance_urls.urlpatterns], review_urls.app_name)),
    ),
    path("surveys/", include("surveys.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("s/", include("surveys.public.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script,
    # so the page works under the Content-Security-Policy.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("api/v1/", include("cxm.api_urls")),
    path("admin/", admin.site.urls),
]

# A body Django refuses as too large is a 413 page (the survey's own for customers).
handler400 = "common.views.bad_request"
