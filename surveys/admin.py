from django.contrib import admin

from .models import ImportBatch, Invitation, InvitationBatch, Response, Survey, SurveyLink


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("name", "metric", "organization", "is_active", "created_at")
    list_filter = ("organization", "metric", "is_active")


@admin.register(SurveyLink)
class SurveyLinkAdmin(admin.ModelAdmin):
    list_display = ("__str__", "survey", "kind", "consultant", "location", "expires_at", "used_at")
    list_filter = ("organization", "kind", "source")
    list_select_related = ("survey", "consultant__user", "location")
    raw_id_fields = ("consultant", "location", "touchpoint", "moment", "survey")


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("submitted_at", "metric", "score", "consultant", "location", "source")
    list_filter = ("organization", "metric", "source", "language")
    list_select_related = ("consultant__user", "location")
    raw_id_fields = ("survey", "link", "consultant", "location", "touchpoint", "moment")
    date_hierarchy = "submitted_at"


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("file_name", "organization", "status", "total_rows", "created_at")
    list_filter = ("organization", "status")
    exclude = ("content",)


class InvitationInline(admin.TabularInline):
    model = Invitation
    raw_id_fields = ("consultant", "link")
    extra = 0


@admin.register(InvitationBatch)
class InvitationBatchAdmin(admin.ModelAdmin):
    list_display = ("survey", "organization", "status", "created_at")
    list_filter = ("organization", "status")
    inlines = [InvitationInline]
