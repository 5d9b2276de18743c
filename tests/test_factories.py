"""The README's promise: one factory per model in ``tests/factories.py``, named after it,
whose defaults make a valid object (``full_clean`` passes, the row is saved)."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from tests import factories

pytestmark = pytest.mark.django_db


def _project_models() -> list:
    """Every concrete model of the project's own apps (not Django's, not third parties')."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base
        for model in config.get_models()
        if not model._meta.proxy
    ]


MODELS = _project_models()


def test_every_model_has_a_factory():
    missing = [m.__name__ for m in MODELS if not hasattr(factories, f"{m.__name__}Factory")]
    assert missing == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_factory_defaults_make_a_valid_object(model):
    factory = getattr(factories, f"{model.__name__}Factory", None)
    if factory is None:
        pytest.fail(f"no {model.__name__}Factory")
    assert factory._meta.model is model
    obj = factory()
    obj.full_clean()
    assert model.objects.filter(pk=obj.pk).exists()
