"""seed_demo (a published password) refuses to run with debug off unless forced (issue 12)."""

import pytest
from django.core.management import CommandError, call_command

from cop_portal.management.commands.seed_demo import REFUSED_WITHOUT_DEBUG
from members.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = settings.COP_DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG off"):
        call_command("seed_demo")
    assert not User.objects.exists()
    assert "--force" in REFUSED_WITHOUT_DEBUG


def test_seed_demo_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = settings.COP_DEMO_DATA_ALLOWED = False
    call_command("seed_demo", force=True)
    assert User.objects.filter(email="coordinator@example.mn").exists()
