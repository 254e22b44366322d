from django.urls import path

from . import export_views, staff_views, views

app_name = "dashboards"

urlpatterns = [
    # Executive and manager dashboard (views.py)
    path("", views.overview, name="overview"),
    # Staff scorecard (staff_views.py)
    path("me/", staff_views.scorecard, name="scorecard"),
    # Every dashboard table as CSV or XLSX (export_views.py)
    path("export/<str:table>.<str:fmt>", export_views.export, name="export"),
]
