"""The compliance pages keep their addresses and names under /reviews/ (`reviews:compliance`,
`reviews:consultant_detail`, `reviews:location_detail`): cxm/urls.py mounts these routes
in the reviews namespace, as reviews (a lower floor) cannot import them."""

from django.urls import path

from . import views

urlpatterns = [
    path("compliance/", views.compliance, name="compliance"),
    path("consultants/<int:pk>/", views.consultant_detail, name="consultant_detail"),
    path("locations/<int:pk>/", views.location_detail, name="location_detail"),
]
