from django.contrib import admin

from .models import Review, ReviewItem


class ReviewItemInline(admin.TabularInline):
    model = ReviewItem
    extra = 0
    raw_id_fields = ("behaviour",)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("kind", "consultant", "reviewer", "location", "occurred_at", "status")
    list_filter = ("kind", "status", "organization")
    raw_id_fields = ("consultant", "reviewer", "location", "supersedes", "standards_version")
    inlines = [ReviewItemInline]
