"""Date and time fields: native inputs (the browser's picker) whose values are ISO in Ulaanbaatar
time, and dates typed by hand read the page's way, whatever the browser's locale."""

import datetime as dt

import pytest
from django import forms
from django.conf import settings
from django.utils import timezone, translation

from cop_portal import dates
from members.models import Community
from tests.factories import ContactFactory, RootCommunityFactory

GOOD_DATES = {
    "mn": ["2026-03-15", "2026.03.15", "2026/3/15", "20260315", "15.03.2026", " 2026-03-15 "],
    "en": ["15/03/2026", "15.3.2026", "15-03-2026", "15032026", "15 March 2026", "15 mar 2026", "2026-03-15"],
}
BAD_DATES = [
    "03/15/2026",
    "15/03/26",
    "2026-02-30",
    "2026-13-01",
    "tomorrow",
    "15 Foo 2026",
    "2026-03",
    "1503202",
]


@pytest.mark.parametrize(
    ("language", "text"), [(lang, t) for lang, texts in GOOD_DATES.items() for t in texts]
)
def test_a_date_written_the_pages_way_is_read(language, text):
    with translation.override(language):
        assert dates.parse_date(text) == dt.date(2026, 3, 15)


@pytest.mark.parametrize("language", ["mn", "en"])
@pytest.mark.parametrize("text", BAD_DATES)
def test_a_month_first_or_two_digit_year_or_impossible_date_is_refused(language, text):
    with translation.override(language), pytest.raises(ValueError):
        dates.parse_date(text)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("mn", "2026-03-15 14:05"),
        ("mn", "2026-03-15T14:05"),  # what a native datetime-local input sends
        ("mn", "202603151405"),
        ("en", "15/03/2026 14:05"),
        ("en", "15 March 2026, 14.05"),
        ("en", "15032026 1405"),
    ],
)
def test_a_date_and_24_hour_time_is_read(language, text):
    with translation.override(language):
        assert dates.parse_datetime(text) == dt.datetime(2026, 3, 15, 14, 5)


@pytest.mark.parametrize(
    "text", ["2026-03-15", "2026-03-15 2:05 PM", "2026-03-15 24:00", "2026-03-15 14:60", "14:05"]
)
def test_a_date_without_a_24_hour_time_is_refused(text):
    with translation.override("en"), pytest.raises(ValueError):
        dates.parse_datetime(text)


def test_the_time_is_read_in_ulaanbaatar():
    field = dates.PageDateTimeField()
    with translation.override("mn"):
        value = field.clean("2026-03-15 14:00")
    assert value.tzinfo is not None
    assert value == dt.datetime(2026, 3, 15, 6, 0, tzinfo=dt.UTC)  # UTC+8


@pytest.mark.parametrize(
    ("language", "placeholder", "hint"),
    [
        ("mn", "yyyy-mm-dd hh:mm", "2026-03-15 14:00"),
        ("en", "dd/mm/yyyy hh:mm", "15/03/2026 14:00"),
    ],
)
def test_the_input_is_native_with_an_iso_value_and_the_pages_pattern_for_typing(language, placeholder, hint):
    value = timezone.make_aware(dt.datetime(2026, 3, 15, 14, 0))
    field = dates.PageDateTimeField()
    with translation.override(language):
        html = field.widget.render("closes_at", field.prepare_value(value))
        assert 'value="2026-03-15T14:00"' in html and 'type="datetime-local"' in html
        assert (
            f'placeholder="{translation.gettext(placeholder.split()[0])} {translation.gettext("hh:mm")}"'
            in html
        )
        assert hint in str(field.help_text) and translation.gettext(
            "If no calendar opens, type it: %(hint)s"
        )[:10] in str(field.help_text)


# --- the forms of the site ----------------------------------------------------------------------


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def contact(db):
    RootCommunityFactory()
    return ContactFactory()


FORM = {"name_mn": "Огноотой салбар", "name_en": "Dated branch", "purpose": "Сургалт"}


@pytest.mark.parametrize(("language", "typed"), [("mn", "2026-03-15"), ("en", "15/03/2026")])
def test_branch_registration_reads_the_founding_date_the_pages_way(client, contact, language, typed):
    client.force_login(contact)
    if language == "en":
        _english(client)
    page = client.get("/branches/register/").content.decode()
    assert 'type="date" name="founded_on"' in page
    response = client.post("/branches/register/", {**FORM, "founded_on": typed})
    assert response.status_code == 302
    assert Community.objects.get(name_en="Dated branch").founded_on == dt.date(2026, 3, 15)


@pytest.mark.parametrize("language", ["mn", "en"])
def test_branch_registration_with_an_unreadable_date_is_a_400_naming_the_format(client, contact, language):
    client.force_login(contact)
    if language == "en":
        _english(client)
    response = client.post("/branches/register/", {**FORM, "founded_on": "03/15/2026"})
    assert response.status_code == 400
    with translation.override(language):
        expected = dates.date_invalid()
    assert expected in response.content.decode()
    assert ("15/03/2026" if language == "en" else "2026-03-15") in expected
    assert not Community.objects.filter(name_en="Dated branch").exists()


def test_insight_filters_with_an_unreadable_date_are_a_400(client, coordinator):
    client.force_login(coordinator)
    _english(client)
    response = client.get("/insights/", {"date_from": "2026-31-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'placeholder="dd/mm/yyyy"' in page and "Day/month/year, e.g. 15/03/2026." in page
    assert 'type="text" name="date_from"' in page and 'value="2026-31-01"' in page  # as typed


def test_insight_filters_read_an_english_date(client, coordinator):
    client.force_login(coordinator)
    _english(client)
    response = client.get("/insights/", {"date_from": "01/02/2026", "date_to": "31/03/2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="date" name="date_from"' in page and 'value="2026-02-01"' in page


# --- every date field of the portal's forms -------------------------------------------------------


def _forms():
    from branches.forms import BranchMeetingForm, BranchRegisterForm
    from coordinators.forms import RunoffForm, VotingExtendForm
    from insights.filters import InsightFilterForm
    from proposals.forms import MeetingFromProposalForm
    from results.forms import ActionCreateForm, AuditHeaderForm

    return [
        (
            BranchMeetingForm,
            {},
            ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"],
            "dt",
        ),
        (BranchRegisterForm, {}, ["founded_on"], "d"),
        (MeetingFromProposalForm, {}, ["starts_at", "ends_at"], "dt"),
        (RunoffForm, {}, ["closes_at"], "dt"),
        (VotingExtendForm, {}, ["closes_at"], "dt"),
        (InsightFilterForm, {}, ["date_from", "date_to"], "d"),
        (AuditHeaderForm, {}, ["period_start", "period_end"], "d"),
        (ActionCreateForm, {"organisation": None}, ["due_on"], "d"),
    ]


TYPED = {
    ("mn", "d"): "2026-03-15",
    ("en", "d"): "15/03/2026",
    ("mn", "dt"): "2026-03-15 14:00",
    ("en", "dt"): "15/03/2026 14:00",
}
NATIVE = {"d": "2026-03-15", "dt": "2026-03-15T14:00"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["mn", "en"])
def test_every_date_field_is_native_reads_iso_and_the_pages_way_and_explains_a_bad_one(language):
    expected = {"d": dt.date(2026, 3, 15), "dt": timezone.make_aware(dt.datetime(2026, 3, 15, 14, 0))}
    with translation.override(language):
        for form_class, kwargs, names, kind in _forms():
            form = form_class(**kwargs)
            for name in names:
                html = str(form[name])
                assert f'type="{"date" if kind == "d" else "datetime-local"}"' in html, (form_class, name)
                field = form.fields[name]
                assert field.clean(NATIVE[kind]) == expected[kind], (form_class, name)
                assert field.clean(TYPED[language, kind]) == expected[kind], (form_class, name)
                with pytest.raises(forms.ValidationError) as refused:
                    field.clean("03/15/2026 14:00" if kind == "dt" else "03/15/2026")
                assert (dates.datetime_hint() if kind == "dt" else dates.date_hint()) in str(refused.value)
                bound = form_class(data={name: TYPED[language, kind]}, **kwargs)
                assert f'value="{NATIVE[kind]}"' in str(bound[name]), (form_class, name)


@pytest.mark.parametrize(
    ("language", "typed"), [("mn", "2026-03-15"), ("en", "15/03/2026"), ("en", "2026-03-15")]
)
def test_an_actions_due_date_is_read_from_the_picker_or_typed_the_pages_way(client, contact, language, typed):
    from results.models import Action

    client.force_login(contact)
    if language == "en":
        _english(client)
    url = f"/organisations/{contact.organisation.slug}/actions/new/"
    assert 'type="date" name="due_on"' in client.get(url).content.decode()
    response = client.post(url, {"title": "Dated action", "due_on": typed})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Action.objects.get(title="Dated action").due_on == dt.date(2026, 3, 15)


@pytest.mark.parametrize("language", ["mn", "en"])
def test_an_unreadable_due_date_is_a_400_in_the_pages_language_keeping_what_was_typed(
    client, contact, language
):
    from results.models import Action

    client.force_login(contact)
    if language == "en":
        _english(client)
    url = f"/organisations/{contact.organisation.slug}/actions/new/"
    response = client.post(url, {"title": "Kept title", "due_on": "31/31/2026"})
    assert response.status_code == 400
    page = response.content.decode()
    with translation.override(language):
        assert dates.date_invalid() in page
    assert 'value="Kept title"' in page and 'value="31/31/2026"' in page
    # In a text box: a native date input would blank what was typed.
    assert 'type="text" name="due_on" value="31/31/2026"' in page
    assert not Action.objects.filter(title="Kept title").exists()


def test_a_full_iso_time_with_its_offset_is_read_as_that_instant():
    field = dates.PageDateTimeField()
    assert field.clean("2026-03-15 06:00:00+00:00") == dt.datetime(2026, 3, 15, 6, 0, tzinfo=dt.UTC)
    assert field.clean("2026-03-15T14:00+08:00") == dt.datetime(2026, 3, 15, 6, 0, tzinfo=dt.UTC)
    with pytest.raises(forms.ValidationError):
        field.clean("2026-03-15+08:00")


def test_a_back_office_form_opened_before_the_native_inputs_posts_date_and_time_apart():
    widget = dates.PageDateTimeInput()
    data = {"starts_at_0": "2026-03-15", "starts_at_1": "14:00:30"}
    assert widget.value_from_datadict(data, {}, "starts_at") == "2026-03-15 14:00:30"
    with translation.override("mn"):
        value = dates.PageDateTimeField().clean("2026-03-15 14:00:30")
    assert dates.iso_datetime(value) == "2026-03-15T14:00:30"  # seconds kept, saved back unchanged


def test_the_back_offices_dates_are_native_inputs_too(client, coordinator):
    from tests.factories import ElectionFactory, MeetingFactory

    election, meeting = ElectionFactory(), MeetingFactory()
    client.force_login(coordinator)
    page = client.get(f"/admin/coordinators/election/{election.pk}/change/").content.decode()
    assert 'type="datetime-local" name="voting_close_at"' in page
    assert 'type="date" name="term_starts_on"' in page
    page = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    assert 'type="datetime-local" name="starts_at"' in page and 'name="starts_at_0"' not in page
