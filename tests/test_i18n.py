"""Mongolian by default, English one click away, the choice persists; catalogue complete."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings

pytestmark = pytest.mark.django_db

PO = Path(settings.BASE_DIR) / "locale" / "mn" / "LC_MESSAGES" / "django.po"


def test_home_is_mongolian_even_when_the_browser_asks_for_english(client):
    # Strings only our catalogue translates (Django's own catalogues know "Home" too).
    ours = {e.msgid: e.msgstr for e in polib.pofile(str(PO)) if e.msgstr}
    heading = "Community of practice on gender mainstreaming"
    join = "Join the community"
    assert ours[heading] and ours[join]
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="mn">' in page
    assert ours[heading] in page and ours[join] in page
    assert heading not in page and join not in page


def test_language_switch_sets_a_persistent_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["max-age"] == settings.LANGUAGE_COOKIE_AGE
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Home" in page


def test_signed_in_member_gets_their_preferred_language(client, member):
    member.preferred_language = "en"
    member.save()
    client.force_login(member)
    assert '<html lang="en">' in client.get("/").content.decode()


OVERRIDES = Path(settings.BASE_DIR) / "locale" / "overrides" / "mn" / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("path", [PO, OVERRIDES], ids=["project", "overrides"])
def test_mongolian_catalogue_has_no_untranslated_or_fuzzy_entries(path):
    po = polib.pofile(str(path))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == []


def test_password_help_is_mongolian_on_signup(client):
    page = client.get("/accounts/signup/").content.decode()
    assert "Таны нууц үг зөвхөн тооноос бүрдэж болохгүй." in page
    assert "entirely numeric" not in page


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
def test_every_marked_string_is_in_the_mongolian_catalogue(tmp_path):
    """makemessages over a copy of the sources adds nothing to a copy of the catalogue."""
    base = Path(settings.BASE_DIR)
    # Every app of the project (a new app is covered without editing this test) and the templates.
    ours = [app.path for app in apps.get_app_configs() if Path(app.path).parent == base]
    for source in [*ours, base / "templates"]:
        name = Path(source).name
        shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "locale" / "mn" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO, tmp_path / "locale" / "mn" / "LC_MESSAGES" / "django.po")
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','cop_portal.settings');"
        "django.setup(); from django.conf import settings;"
        f"settings.LOCALE_PATHS=[{str(tmp_path / 'locale')!r}];"
        "from django.core.management import call_command;"
        "call_command('makemessages', locale=['mn'], no_obsolete=True, verbosity=0)"
    )
    env = {**os.environ, "PYTHONPATH": str(base)}
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True)
    fresh = polib.pofile(str(tmp_path / "locale" / "mn" / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO))}
    new = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in known)
    assert new == [], f"strings missing from {PO}: {new[:20]}"
