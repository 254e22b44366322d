from django.urls import path

from . import views

app_name = "standards"

urlpatterns = [
    path("mine/", views.placeholder, name="my_standards"),
    path("publish/", views.placeholder, name="publish"),
    path("versions/", views.placeholder, name="version_list"),
    path("versions/<int:number>/", views.placeholder, name="version_detail"),
    path("acknowledgements/", views.placeholder, name="coverage"),
    path("history/", views.placeholder, name="history"),
]
