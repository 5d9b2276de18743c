"""The library in the back office: items are written through the services (index, audit)."""

from django.contrib import admin

from . import services
from .forms import ExpertAdminForm, ItemForm
from .models import Expert, Item


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    form = ItemForm
    list_display = ("title", "kind", "language", "organisation", "year", "members_only", "extraction")
    list_filter = ("kind", "language", "members_only", "licence", "year")
    search_fields = ("title", "title_en", "description")
    autocomplete_fields = ("organisation",)
    readonly_fields = ("extraction", "added_by", "created_at", "updated_at")
    actions = ["delete_selected"]

    def save_model(self, request, obj, form, change):
        services.item_save(item=obj, actor=request.user, new_file="file" in form.changed_data)

    def delete_model(self, request, obj):
        services.item_delete(item=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            services.item_delete(item=item, actor=request.user)


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    form = ExpertAdminForm
    list_display = ("__str__", "role", "organisation", "affiliation", "is_listed")
    list_filter = ("role", "is_listed")
    search_fields = ("name", "user__full_name", "user__email", "affiliation", "position")
    autocomplete_fields = ("user", "organisation")
    readonly_fields = ("added_by", "created_at", "updated_at")
    actions = ["delete_selected"]

    def save_model(self, request, obj, form, change):
        services.expert_save(expert=obj, actor=request.user)

    def delete_model(self, request, obj):
        services.expert_delete(expert=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for expert in queryset:
            services.expert_delete(expert=expert, actor=request.user)
