"""A Content-Security-Policy on every page, with no inline script or handler (issue 12)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PAGES = ["/", "/accounts/login/", "/meetings/", "/organisations/", "/admin/login/?next=/admin/"]


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_content_security_policy(client, path):
    policy = _policy(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_the_admin_has_the_policy_too(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200 and "script-src 'self'" in response["Content-Security-Policy"]


def test_no_template_has_inline_script_handlers_or_styles():
    """Inline code is what the policy blocks: it must not be in our templates at all
    (e-mail templates excepted: mail clients need inline styles)."""
    offenders = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if "emails" in template.parts:
            continue
        text = template.read_text()
        if re.search(r"\son[a-z]+=\"", text) or re.search(r"\sstyle=\"", text) or "<style" in text:
            offenders.append(str(template))
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "nonce" not in tag and "application/json" not in tag:
                offenders.append(f"{template}: {tag}")
    assert offenders == []
