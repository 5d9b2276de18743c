"""Coordinators' back office for organisations and people; actions call services. (The CoPs'
own admin is in ``branches.admin``, which shares the decision helpers below.)"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cop_portal.errors import error_text
from cop_portal.pagecache import InvalidatesPagesAdmin

from . import permissions, services
from .forms import MembersImportForm
from .models import Organisation, User

DECIDED_COUNT = _("%(done)d decided, %(skipped)d skipped.")
IMPORT_RESULT = "members_import_result"  # the session key of the last import's summary
IMPORT_FAILED = _("Nothing was imported: the file has errors. Correct them and upload it again.")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
        help_text=_("Sent to the person concerned in their language's e-mail."),
    )


def scoped_to_organisation(request) -> int | None:
    """The organisation a non-coordinator admin user is limited to (None: unrestricted)."""
    return permissions.user_admin_organisation_scope(request.user)


def run_decisions(modeladmin, request, queryset, decide) -> None:
    """Call ``decide(obj)`` for each object; report how many succeeded and why others did not."""
    done = skipped = 0
    for obj in queryset:
        try:
            decide(obj)
        except (ValidationError, PermissionDenied) as exc:
            skipped += 1
            modeladmin.message_user(request, f"{obj}: {error_text(exc)}", messages.WARNING)
        else:
            done += 1
    modeladmin.message_user(request, DECIDED_COUNT % {"done": done, "skipped": skipped}, messages.INFO)


def reason_action(modeladmin, request, queryset, *, title, decide):
    """An intermediate page asking for the reason, then ``decide(obj, reason)`` for each object."""
    if "apply" in request.POST:
        form = ReasonForm(request.POST)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            run_decisions(modeladmin, request, queryset, lambda obj: decide(obj, reason))
            return None
    else:
        form = ReasonForm()
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "queryset": queryset,
        "opts": modeladmin.model._meta,
        "action": request.POST.get("action"),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "members/admin/reason_form.html", context)


@admin.register(Organisation)
class OrganisationAdmin(InvalidatesPagesAdmin, admin.ModelAdmin):
    list_display = ["name_mn", "short_name", "kind", "level", "province", "is_active", "member_count"]
    list_filter = ["level", "kind", "province", "is_active"]
    search_fields = ["name_mn", "name_en", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        qs = super().get_queryset(request).annotate(_member_count=Count("people"))
        scope = scoped_to_organisation(request)
        return qs if scope is None else qs.filter(pk=scope)

    @admin.display(description=_("people"), ordering="_member_count")
    def member_count(self, obj):
        return obj._member_count

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None and "level" in form.base_fields:
            form.base_fields["level"].required = False
        return form

    def save_model(self, request, obj, form, change):
        if not obj.level:
            obj.level = Organisation.KIND_LEVEL.get(obj.kind, "central")
        super().save_model(request, obj, form, change)

    def page_names(self, obj):
        # Meeting cards, branch pages, the network and the filters show organisations' names.
        return (
            f"organisation:{obj.pk}",
            "organisation:all",
            "community:all",
            "feed:all",
            "labels",
            "insights",
        )


class OrganisationLevelFilter(admin.SimpleListFilter):
    title = _("level of government")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return Organisation._meta.get_field("level").choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(organisation__level=self.value())
        return queryset


# Fields only a technical administrator (superuser) may change. A new person added by a
# coordinator or their organisation's contact gets one invitation to choose a password.
ACCOUNT_FIELDS = ("email", "is_active", "is_staff", "is_superuser", "groups", "is_organisation_contact")


@admin.register(User)
class UserAdmin(InvalidatesPagesAdmin, admin.ModelAdmin):
    list_display = ["email", "full_name", "organisation", "status", "is_organisation_contact"]
    list_filter = ["status", OrganisationLevelFilter, "is_organisation_contact", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["email", "full_name", "organisation__name_mn", "organisation__short_name"]
    autocomplete_fields = ["organisation"]
    actions = ["approve", "decline", "make_contact", "remove_contact"]
    change_list_template = "members/admin/user_change_list.html"
    readonly_fields = [
        "status",
        "applied_at",
        "decided_at",
        "decided_by",
        "decision_reason",
        "last_login",
        "date_joined",
    ]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "organisation", "position", "phone"]}),
        (_("Profile"), {"fields": ["gender", "preferred_language", "contact_visible"]}),
        (
            _("Membership"),
            {
                "fields": [
                    "status",
                    "is_organisation_contact",
                    "applied_at",
                    "decided_at",
                    "decided_by",
                    "decision_reason",
                ]
            },
        ),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "last_login", "date_joined"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Coordinator rights come with a term (elections app), never by hand; the login
            # e-mail and the active flag are the account itself: whoever could change them could
            # reset the password and sign in as the person. People change their own e-mail
            # through allauth, with verification.
            fields += [f for f in ACCOUNT_FIELDS if obj is not None or f != "email"]
        return fields

    # A person's gender is shown to them and to the technical administrator only (privacy page).
    def get_list_display(self, request):
        fields = list(super().get_list_display(request))
        return [*fields[:4], "gender", *fields[4:]] if request.user.is_superuser else fields

    def get_list_filter(self, request):
        fields = list(super().get_list_filter(request))
        return [*fields, "gender"] if request.user.is_superuser else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "gender"]})
            for name, options in fieldsets
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        scope = scoped_to_organisation(request)
        if obj is None and scope is not None and "organisation" in form.base_fields:
            # Someone who is not a coordinator adds people to their own organisation only.
            field = form.base_fields["organisation"]
            field.queryset = field.queryset.filter(pk=scope)
            field.required = True
        return form

    def page_names(self, obj):
        # The directory and the person's own cached pages show name, organisation and address.
        return (
            f"organisation:{obj.organisation_id}",
            "organisation:all",
            "community:all",
            "insights",
            "people",
            f"member:{obj.pk}",
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            # A new person chooses their own password through an invitation in their language.
            services.member_add(person=obj, actor=request.user)

    def has_change_permission(self, request, obj=None):
        # A technical administrator's account is out of a coordinator's reach altogether.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        scope = scoped_to_organisation(request)
        return qs if scope is None else qs.filter(organisation_id=scope)

    def get_urls(self):
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="members_user_import",
            )
        ]
        return custom + super().get_urls()

    @admin.action(description=_("Approve the selected applications"))
    def approve(self, request, queryset):
        run_decisions(
            self, request, queryset, lambda u: services.membership_approve(user=u, actor=request.user)
        )

    @admin.action(description=_("Decline the selected applications (with a reason)"))
    def decline(self, request, queryset):
        return reason_action(
            self,
            request,
            queryset,
            title=_("Decline applications"),
            decide=lambda u, reason: services.membership_decline(user=u, actor=request.user, reason=reason),
        )

    @admin.action(description=_("Name as organisation contacts"))
    def make_contact(self, request, queryset):
        run_decisions(
            self,
            request,
            queryset,
            lambda u: services.organisation_contact_set(user=u, is_contact=True, actor=request.user),
        )

    @admin.action(description=_("Remove from organisation contacts"))
    def remove_contact(self, request, queryset):
        run_decisions(
            self,
            request,
            queryset,
            lambda u: services.organisation_contact_set(user=u, is_contact=False, actor=request.user),
        )

    def import_view(self, request):
        """Upload a CSV; all rows are imported, or none and every bad row is listed."""
        if not (self.has_add_permission(request) and permissions.user_can_decide_branch(request.user)):
            raise PermissionDenied
        errors = []
        if request.method == "POST":
            form = MembersImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    count = services.members_import(data=form.cleaned_data["file"].read(), actor=request.user)
                except services.MembersImportError as exc:
                    errors = exc.errors
                    self.message_user(request, IMPORT_FAILED, messages.ERROR)
                else:
                    # Post, redirect, get: the import page shows what was done, once.
                    request.session[IMPORT_RESULT] = {"count": count}
                    return redirect(reverse("admin:members_user_import"))
        else:
            form = MembersImportForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import members from CSV"),
            "form": form,
            "errors": errors,
            "result": request.session.pop(IMPORT_RESULT, None) if request.method == "GET" else None,
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request, "members/admin/import_members.html", context, status=400 if errors else 200
        )
