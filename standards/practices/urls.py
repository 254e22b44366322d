"""The practice pages. reviews/urls.py mounts these patterns, so the pages keep their
/reviews/practices/ addresses and their `reviews:` names."""

from django.urls import path

from . import views

urlpatterns = [
    path("practices/", views.practice_list, name="practices"),
    path("practices/competitors/new/", views.competitor_create, name="competitor_create"),
    path(
        "practices/competitors/<int:pk>/delete/",
        views.competitor_delete,
        name="competitor_delete",
    ),
    path(
        "practices/competitors/<int:pk>/photo/",
        views.competitor_photo,
        name="competitor_photo",
    ),
    path("practices/best/new/", views.best_practice_create, name="best_practice_create"),
    path(
        "practices/best/<int:pk>/promote/",
        views.best_practice_promote,
        name="best_practice_promote",
    ),
]
