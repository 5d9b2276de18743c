"""The root URLs of tests/test_lazy_urls.py: one ordinary page and a part loaded lazily."""

from django.http import HttpResponse
from django.urls import path

from cop_portal.lazy_urls import lazy_include

urlpatterns = [
    path("a/", lambda request: HttpResponse("a"), name="lazy-root-a"),
    lazy_include("lazy/", "tests.lazy_sample_urls", namespace="lazy"),
]
