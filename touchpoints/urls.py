from django.urls import path

from . import views

app_name = "touchpoints"

urlpatterns = [
    path("", views.journey_list, name="journey_list"),
    path("new/", views.journey_create, name="journey_create"),
    path("<int:pk>/", views.journey_map, name="journey_map"),
    path("<int:pk>/edit/", views.journey_edit, name="journey_edit"),
    path("<int:pk>/delete/", views.journey_delete, name="journey_delete"),
    path("<int:pk>/move/", views.journey_move, name="journey_move"),
    path("<int:pk>/touchpoints/new/", views.touchpoint_create, name="touchpoint_create"),
    path("<int:pk>/priceless/new/", views.priceless_create, name="priceless_create"),
    path("touchpoints/<int:pk>/edit/", views.touchpoint_edit, name="touchpoint_edit"),
    path("touchpoints/<int:pk>/delete/", views.touchpoint_delete, name="touchpoint_delete"),
    path("touchpoints/<int:pk>/move/", views.touchpoint_move, name="touchpoint_move"),
    path("touchpoints/<int:pk>/moments/new/", views.moment_create, name="moment_create"),
    path("moments/<int:pk>/edit/", views.moment_edit, name="moment_edit"),
    path("moments/<int:pk>/delete/", views.moment_delete, name="moment_delete"),
    path("moments/<int:pk>/move/", views.moment_move, name="moment_move"),
    path(
        "moments/<int:pk>/critical/",
        views.moment_toggle_critical,
        name="moment_toggle_critical",
    ),
    path("priceless/<int:pk>/delete/", views.priceless_delete, name="priceless_delete"),
]
