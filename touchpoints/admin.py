from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Journey, Moment, PricelessNote, Touchpoint


@admin.register(Journey)
class JourneyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "organization", "order")
    list_filter = ("organization",)


@admin.register(Touchpoint)
class TouchpointAdmin(SimpleHistoryAdmin):
    list_display = ("name", "journey", "channel", "order")
    list_filter = ("channel",)


@admin.register(Moment)
class MomentAdmin(SimpleHistoryAdmin):
    list_display = ("name", "touchpoint", "is_critical", "order")
    list_filter = ("is_critical",)


@admin.register(PricelessNote)
class PricelessNoteAdmin(SimpleHistoryAdmin):
    list_display = ("text", "journey", "created_at")
