"""Forms of the members app."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth calls ``signup``)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"].strip()
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "mn")
        user.save(update_fields=["full_name", "preferred_language"])
