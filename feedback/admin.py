"""Back office of feedback: a read-only list to search and filter; who wrote what stays out
of it (organisers read the answers on the results page)."""

from django.contrib import admin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["meeting", "usefulness", "gender", "level", "created_at"]
    list_filter = ["usefulness", "gender", "level"]
    search_fields = ["meeting__title_mn", "what_worked", "what_to_change", "topics_wanted"]
    list_select_related = ["meeting"]
    # Who wrote what stays out of the list: organisers read answers on the results page.
    exclude = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
