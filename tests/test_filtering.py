"""``cop_portal.filtering.given``: the optional filters of a list in one call."""

from django.db.models import Q

from cop_portal.filtering import given


def test_empty_choices_filter_nothing():
    assert given(format="", mode=None) == Q()


def test_chosen_values_are_kept_and_zero_is_a_value():
    assert given(format="training", mode="", capacity=0) == Q(format="training", capacity=0)
