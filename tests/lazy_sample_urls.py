"""A namespaced part of the URLs for tests/test_lazy_urls.py (imported only when used)."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("b/<int:pk>/", lambda request, pk: HttpResponse(str(pk)), name="b")]
