from django.urls import path

from .views import journeys, nodes
from .views.nodes import JOURNEY, MOMENT, TOUCHPOINT

app_name = "touchpoints"

urlpatterns = [
    path("", journeys.journey_list, name="journey_list"),
    path("new/", journeys.journey_create, name="journey_create"),
    path("<int:pk>/", journeys.journey_map, name="journey_map"),
    path("<int:pk>/edit/", nodes.edit, {"node": JOURNEY}, name="journey_edit"),
    path("<int:pk>/delete/", nodes.delete, {"node": JOURNEY}, name="journey_delete"),
    path("<int:pk>/move/", nodes.move, {"node": JOURNEY}, name="journey_move"),
    path("<int:pk>/touchpoints/new/", nodes.touchpoint_create, name="touchpoint_create"),
    path("<int:pk>/priceless/new/", journeys.priceless_create, name="priceless_create"),
    path("touchpoints/<int:pk>/edit/", nodes.edit, {"node": TOUCHPOINT}, name="touchpoint_edit"),
    path(
        "touchpoints/<int:pk>/delete/",
        nodes.delete,
        {"node": TOUCHPOINT},
        name="touchpoint_delete",
    ),
    path("touchpoints/<int:pk>/move/", nodes.move, {"node": TOUCHPOINT}, name="touchpoint_move"),
    path("touchpoints/<int:pk>/moments/new/", nodes.moment_create, name="moment_create"),
    path("moments/<int:pk>/edit/", nodes.edit, {"node": MOMENT}, name="moment_edit"),
    path("moments/<int:pk>/delete/", nodes.delete, {"node": MOMENT}, name="moment_delete"),
    path("moments/<int:pk>/move/", nodes.move, {"node": MOMENT}, name="moment_move"),
    path(
        "moments/<int:pk>/critical/",
        nodes.moment_toggle_critical,
        name="moment_toggle_critical",
    ),
    path("priceless/<int:pk>/delete/", journeys.priceless_delete, name="priceless_delete"),
]
