from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Acknowledgement, Behaviour, StandardsVersion


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
