from django.urls import path

from . import compliance_views, practice_views, views

app_name = "reviews"

urlpatterns = [
    # Reviews (views.py)
    path("situations/", views.my_situations, name="my_situations"),
    path(
        "situations/<int:moment_pk>/self-review/", views.self_review_start, name="self_review_start"
    ),
    path("", views.review_list, name="review_list"),
    path("new/", views.review_create, name="review_create"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/items/<int:behaviour_pk>/", views.review_score, name="review_score"),
    path("<int:pk>/note/", views.review_note, name="review_note"),
    path("<int:pk>/submit/", views.review_submit, name="review_submit"),
    path("<int:pk>/correct/", views.review_correct, name="review_correct"),
    path("<int:pk>/delete/", views.review_delete, name="review_delete"),
    path("<int:pk>/acknowledge/", views.review_acknowledge, name="review_acknowledge"),
    # Compliance (compliance_views.py)
    path("compliance/", compliance_views.compliance, name="compliance"),
    path("consultants/<int:pk>/", compliance_views.consultant_detail, name="consultant_detail"),
    path("locations/<int:pk>/", compliance_views.location_detail, name="location_detail"),
    # Competitor and best practices (practice_views.py)
    path("practices/", practice_views.practice_list, name="practices"),
    path("practices/competitors/new/", practice_views.competitor_create, name="competitor_create"),
    path(
        "practices/competitors/<int:pk>/delete/",
        practice_views.competitor_delete,
        name="competitor_delete",
    ),
    path(
        "practices/competitors/<int:pk>/photo/",
        practice_views.competitor_photo,
        name="competitor_photo",
    ),
    path("practices/best/new/", practice_views.best_practice_create, name="best_practice_create"),
    path(
        "practices/best/<int:pk>/promote/",
        practice_views.best_practice_promote,
        name="best_practice_promote",
    ),
]
