"""Pick the page language: Mongolian unless the visitor chose otherwise.

Django's LocaleMiddleware would follow the browser's Accept-Language header, which on
most phones is English; the community's default is Mongolian. The choice persists in
the language cookie (set by ``set_language``) and, for a signed-in member, in their
profile.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def choose_language(request) -> str:
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in SUPPORTED:
        return cookie
    user = getattr(request, "user", None)
    preferred = getattr(user, "preferred_language", None) if user and user.is_authenticated else None
    if preferred in SUPPORTED:
        return preferred
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = choose_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response


class PrivateCacheMiddleware:
    """``Cache-Control: private`` on every answer to a signed-in person (a sign-in's own answer
    included), so no proxy or shared cache keeps one member's page for another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
