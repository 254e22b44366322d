from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Acknowledgement,
    Behaviour,
    BestPractice,
    CompetitorPractice,
    StandardsVersion,
)


@admin.register(Behaviour)
class BehaviourAdmin(SimpleHistoryAdmin):
    list_display = ("text", "kind", "moment", "order", "retired_at")
    list_filter = ("kind",)


@admin.register(StandardsVersion)
class StandardsVersionAdmin(admin.ModelAdmin):
    list_display = ("number", "organization", "published_by", "published_at")
    readonly_fields = ("snapshot", "changelog")


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin):
    list_display = ("membership", "version", "acknowledged_at")


@admin.register(CompetitorPractice)
class CompetitorPracticeAdmin(admin.ModelAdmin):
    list_display = ("competitor", "moment", "observed_on", "rating")


@admin.register(BestPractice)
class BestPracticeAdmin(admin.ModelAdmin):
    list_display = ("description", "consultant", "moment", "promoted_behaviour")
