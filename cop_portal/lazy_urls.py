"""``lazy_include``: a namespaced part of the URLs whose module is imported on first use.

Django imports every ``include``d module when the URLs are first loaded, and indexes every
nested resolver for ``reverse`` on the first reversal of any name. A part that is rarely
requested and pulls in heavy libraries (the API: django-ninja and pydantic, about 15 MB per
web worker) is better loaded by the first request under its prefix or the first reversal
in its namespace. Its names must all be namespaced: they are unknown until then.
"""

from __future__ import annotations

from django.urls import URLResolver
from django.urls.resolvers import RoutePattern


class LazyURLResolver(URLResolver):
    def _loaded(self) -> bool:
        return "urlconf_module" in self.__dict__

    def _populate(self):
        # Called by the enclosing resolver when it indexes its names: nothing to index until
        # the module is loaded (the namespace itself is recorded by the enclosing resolver).
        if self._loaded():
            super()._populate()

    def _load(self) -> None:
        if not self._loaded():
            self.url_patterns  # noqa: B018 - imports the module (a cached property)

    @property
    def reverse_dict(self):
        self._load()
        return super().reverse_dict

    @property
    def namespace_dict(self):
        self._load()
        return super().namespace_dict

    @property
    def app_dict(self):
        self._load()
        return super().app_dict

    def _reverse_with_prefix(self, lookup_view, _prefix, *args, **kwargs):
        self._load()
        return super()._reverse_with_prefix(lookup_view, _prefix, *args, **kwargs)


def lazy_include(route: str, module: str, *, namespace: str) -> LazyURLResolver:
    """``path(route, include((module, namespace)))`` importing ``module`` only when used."""
    return LazyURLResolver(
        RoutePattern(route, is_endpoint=False), module, app_name=namespace, namespace=namespace
    )
