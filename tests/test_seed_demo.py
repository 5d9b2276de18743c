import pytest
from django.core.management import call_command

from members.models import Organisation

pytestmark = pytest.mark.django_db


def test_seed_demo_if_empty_leaves_existing_data_alone(organisation):
    call_command("seed_demo", if_empty=True)
    assert Organisation.objects.count() == 1
