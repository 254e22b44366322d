from django.urls import path

from . import translation_views, views

app_name = "standards"

urlpatterns = [
    path("mine/", views.my_standards, name="my_standards"),
    path("moments/<int:pk>/", views.moment_detail, name="moment_detail"),
    path("moments/<int:pk>/behaviours/", views.behaviour_create, name="behaviour_create"),
    path("behaviours/<int:pk>/edit/", views.behaviour_edit, name="behaviour_edit"),
    path("behaviours/<int:pk>/delete/", views.behaviour_delete, name="behaviour_delete"),
    path("behaviours/<int:pk>/move/", views.behaviour_move, name="behaviour_move"),
    path("publish/", views.publish, name="publish"),
    path("versions/", views.version_list, name="version_list"),
    path("versions/<int:number>/", views.version_detail, name="version_detail"),
    path("versions/<int:number>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("versions/<int:number>/notices/retry/", views.notices_retry, name="notices_retry"),
    path("acknowledgements/", views.coverage, name="coverage"),
    path("history/", views.history, name="history"),
    path("translations/", translation_views.translation_overview, name="translations"),
    path(
        "translations/<str:language>/journeys/<int:pk>/",
        translation_views.translation_sheet,
        name="translation_sheet",
    ),
]
