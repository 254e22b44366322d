from django.contrib import admin

from .models import ApiKey, Location, Membership, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "min_sample", "created_at")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "organization", "time_zone")
    list_filter = ("organization",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "location", "employee_code")
    list_filter = ("organization", "role")
    list_select_related = ("user", "organization", "location")


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "organization", "created_at", "revoked_at")
    readonly_fields = ("prefix", "hashed_key", "created_at", "last_used_at")
