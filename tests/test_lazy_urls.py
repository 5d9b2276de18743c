"""``lazy_include``: a part of the URLs is imported by its first request or reversal, not when
the URLs load (the API's django-ninja and pydantic stay out of a worker serving pages)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import NoReverseMatch, clear_url_caches, resolve, reverse

SAMPLE = "tests.lazy_sample_urls"
ROOT = "tests.lazy_root_urls"


@pytest.fixture
def lazy_urls():
    # A fresh root too: its lazy resolver remembers the module it loaded.
    for name in (SAMPLE, ROOT):
        sys.modules.pop(name, None)
    clear_url_caches()
    with override_settings(ROOT_URLCONF=ROOT):
        yield
    clear_url_caches()


def test_other_names_and_paths_do_not_load_the_part(lazy_urls):
    assert reverse("lazy-root-a") == "/a/"
    assert resolve("/a/").url_name == "lazy-root-a"
    assert SAMPLE not in sys.modules


def test_a_reversal_in_its_namespace_loads_it(lazy_urls):
    assert reverse("lazy:b", kwargs={"pk": 3}) == "/lazy/b/3/"
    assert SAMPLE in sys.modules
    with pytest.raises(NoReverseMatch):
        reverse("lazy:missing")


def test_a_request_under_its_prefix_loads_it(lazy_urls, client):
    assert client.get("/lazy/b/7/").content == b"7"
    assert SAMPLE in sys.modules
    # Loaded by a request first, the namespace still reverses.
    assert reverse("lazy:b", kwargs={"pk": 8}) == "/lazy/b/8/"


def test_a_web_process_serving_pages_does_not_import_the_api():
    """In a fresh process: the site's URLs, a page's reversals and resolutions leave django-ninja
    and pydantic unimported; the first API reversal brings them."""
    script = (
        "import sys, django; django.setup()\n"
        "from django.urls import resolve, reverse\n"
        "reverse('home'); reverse('mfa_index'); reverse('apitokens:token-list'); resolve('/meetings/')\n"
        "assert 'ninja' not in sys.modules and 'pydantic' not in sys.modules, 'API imported early'\n"
        "assert reverse('api:docs') == '/api/v1/docs/' and 'ninja' in sys.modules\n"
        "assert resolve('/api/v1/meetings/').url_name == 'meeting-list'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cop_portal.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
