"""The site's URLs plus one view that fails with personal data in reach (error-report tests)."""

from django.urls import path

from cop_portal.urls import handler403  # noqa: F401
from cop_portal.urls import urlpatterns as site_urlpatterns


def fail_with_personal_data(request):
    user = request.user
    profile = {"email": user.email, "full_name": user.full_name, "gender": user.gender}  # noqa: F841
    raise ValueError(
        f"Could not save the profile of {user.full_name} <{user.email}> ({user.get_gender_display()}, "
        f"{user.gender}, phone {user.phone})"
    )


urlpatterns = [path("test-failure/", fail_with_personal_data), *site_urlpatterns]
