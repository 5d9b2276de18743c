from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("profile/participation/", views.ParticipationView.as_view(), name="record"),
    path(
        "profile/participation/certificate/<id:pk>.pdf",
        views.AttendanceCertificateView.as_view(),
        name="certificate",
    ),
    path("profile/participation/<year:year>.pdf", views.StatementView.as_view(), name="statement"),
    path("profile/participation/links/renew/", views.CertificateLinksRenewView.as_view(), name="links-renew"),
    path("verify/<str:token>/", views.VerifyView.as_view(), name="verify"),
]
