from django.urls import path

from standards.practices import urls as practice_urls

from . import views

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
    # The compliance pages (dashboards.compliance) are mounted here by cxm/urls.py.
    # Competitor and best practices live in standards; their pages keep these addresses.
    *practice_urls.urlpatterns,
]
