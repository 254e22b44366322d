from django.contrib import admin

from .models import BestPractice, CompetitorPractice, Review, ReviewItem


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


@admin.register(CompetitorPractice)
class CompetitorPracticeAdmin(admin.ModelAdmin):
    list_display = ("competitor", "moment", "observed_on", "rating")


@admin.register(BestPractice)
class BestPracticeAdmin(admin.ModelAdmin):
    list_display = ("description", "consultant", "moment", "promoted_behaviour")
