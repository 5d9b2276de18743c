"""URL configuration: the public URL contract is the "Public URLs" table of README.md."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from . import views
from .monitoring.metrics import metrics_view

# The admin login goes through allauth: its rate limits and e-mail verification apply.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Gender CoP back office")
admin.site.site_title = _("Gender CoP")
admin.site.index_title = _("Coordinators' back office")

# Every refusal, raised or returned, shows the one refusal page with its message.
handler403 = "cop_portal.errors.permission_denied"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("insights.participation.urls")),
    path("", include("members.urls")),
    path("", include("coordinators.urls")),
    path("", include("meetings.urls")),
    path("", include("proposals.urls")),
    path("", include("feedback.urls")),
    path("", include("branches.urls")),
    path("", include("results.urls")),
    path("", include("insights.urls")),
    path("", include("library.urls")),
    path("", include("api.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
