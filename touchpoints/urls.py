from django.urls import path

from . import views

app_name = "touchpoints"

urlpatterns = [
    path("", views.journey_list, name="journey_list"),
]
