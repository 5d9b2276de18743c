"""The pages: an audit recorded and submitted on its page, reviewed, an action updated with
evidence, the results pages for each audience."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from results import services
from results.models import Action, Audit, Level
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def _form_data(audit, level=Level.MEETS, **extra):
    data = {
        "h-method": "participatory",
        "h-participants_women": "7",
        "h-participants_men": "4",
        "h-participants_other": "0",
    }
    for rating in audit.ratings.all():
        data[f"level_{rating.indicator_id}"] = str(level)
        data[f"evidence_{rating.indicator_id}"] = "Тушаал № 5"
    data.update(extra)
    return data


def _accepted(contact, coordinator, year, level=Level.MEETS, publish=False):
    audit = services.audit_create(organisation=contact.organisation, year=year, actor=contact)
    ratings = {r.indicator_id: {"level": level, "evidence": ""} for r in audit.ratings.all()}
    services.audit_save(
        audit=audit, actor=contact, header={"publish_scorecard": publish}, ratings=ratings, measures={}
    )
    services.audit_submit(audit=audit, actor=contact)
    return services.audit_accept(audit=audit, actor=coordinator)


def test_contact_starts_saves_and_submits_an_audit_on_its_page(client, contact):
    client.force_login(contact)
    response = client.post(f"/organisations/{contact.organisation.slug}/audits/new/", {"year": 2025})
    audit = Audit.objects.get(organisation=contact.organisation, year=2025)
    assert response.status_code == 302 and response["Location"] == f"/audits/{audit.pk}/"
    page = client.get(f"/audits/{audit.pk}/")
    assert page.status_code == 200 and 'data-testid="audit-form"' in page.content.decode()
    first = audit.ratings.first()
    data = _form_data(
        audit, **{f"file_{first.indicator_id}": SimpleUploadedFile("order.pdf", b"%PDF-1.4 test")}
    )
    assert client.post(f"/audits/{audit.pk}/", data).status_code == 302
    audit.refresh_from_db()
    assert audit.status == Audit.Status.DRAFT and audit.participants_women == 7
    client.post(f"/audits/{audit.pk}/", {**_form_data(audit), "submit": "1"})
    audit.refresh_from_db()
    assert audit.status == Audit.Status.SUBMITTED
    first.refresh_from_db()
    evidence = client.get(f"/audits/evidence/{first.pk}/")
    assert evidence.status_code == 200 and evidence["Cache-Control"] == "private, no-store"


def test_evidence_is_refused_to_another_organisations_member(client, contact, outsider):
    audit = services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    rating = audit.ratings.first()
    services.audit_save(
        audit=audit, actor=contact, header={}, measures={},
        ratings={rating.indicator_id: {"evidence_file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")}},
    )  # fmt: skip
    client.force_login(outsider)
    assert client.get(f"/audits/evidence/{rating.pk}/").status_code == 404
    assert client.get(f"/audits/{audit.pk}/").status_code == 404


def test_coordinator_returns_with_notes_on_the_page(client, contact, coordinator):
    audit = services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    ratings = {r.indicator_id: {"level": Level.MISSING} for r in audit.ratings.all()}
    services.audit_save(audit=audit, actor=contact, header={}, ratings=ratings, measures={})
    services.audit_submit(audit=audit, actor=contact)
    client.force_login(coordinator)
    client.post(f"/audits/{audit.pk}/review/", {"decision": "return", "notes": "PI 8-ын баримт дутуу."})
    audit.refresh_from_db()
    assert audit.status == Audit.Status.RETURNED and audit.review_notes == "PI 8-ын баримт дутуу."


def test_owner_updates_progress_with_evidence_on_the_page(client, colleague):
    action = ActionFactory(owner=colleague)
    client.force_login(colleague)
    response = client.post(
        f"/actions/{action.pk}/",
        {"status": "in_progress", "progress": "60", "note": "Сургалт хийлээ",
         "evidence_file": SimpleUploadedFile("photo.pdf", b"%PDF-1.4 y")},
    )  # fmt: skip
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == (Action.Status.IN_PROGRESS, 60)
    page = client.get(f"/actions/{action.pk}/").content.decode()
    assert "Сургалт хийлээ" in page
    update = action.updates.get()
    assert client.get(f"/actions/evidence/{update.pk}/").status_code == 200


def test_action_list_scopes(client, colleague, contact):
    mine = ActionFactory(owner=colleague)
    theirs = ActionFactory(owner=contact, organisations=[contact.organisation])
    client.force_login(colleague)
    assert list(client.get("/actions/").context["actions"]) == [mine]
    assert set(client.get("/actions/?scope=organisation").context["actions"]) == {mine, theirs}


def test_visitor_sees_an_organisation_only_once_it_publishes(client, contact, coordinator):
    _accepted(contact, coordinator, 2024)
    url = f"/organisations/{contact.organisation.slug}/results/"
    assert 'data-testid="ratings-table"' not in client.get(url).content.decode()
    _accepted(contact, coordinator, 2025, publish=True)
    page = client.get(url).content.decode()
    assert (
        'data-testid="ratings-table"' in page
        and "2025" in page
        and '<th scope="col" class="text-center">2024' not in page
    )


def test_member_sees_own_organisation_results_with_chart(client, contact, coordinator, colleague):
    _accepted(contact, coordinator, 2024, Level.APPROACHES)
    _accepted(contact, coordinator, 2025, Level.MEETS)
    client.force_login(colleague)
    response = client.get(f"/organisations/{contact.organisation.slug}/results/")
    page = response.content.decode()
    assert 'data-testid="share-chart"' in page and 'data-testid="action-counts"' in page
    assert [row[1] for row in response.context["rows"]] == [0, 100]


def test_network_page_and_csv(client, contact, coordinator):
    _accepted(contact, coordinator, 2025)
    assert client.get("/results/").status_code == 200
    client.force_login(coordinator)
    page = client.get("/results/").content.decode()
    assert 'data-testid="indicator-distribution"' in page
    csv = client.get("/results/ratings.csv").content.decode("utf-8-sig")
    assert contact.organisation.slug in csv and "PI 1" in csv


def test_convention_page_shows_the_joint_plan_as_tracked_actions(client, org):
    from tests.factories import ConventionFactory

    convention = ConventionFactory()
    ActionFactory(
        meeting=convention, source="joint_plan", title="Хамтарсан сургалт", organisations=[org], progress=40
    )
    page = client.get(f"/convention/{convention.starts_at.year}/").content.decode()
    assert "Хамтарсан сургалт" in page and "40%" in page


def test_new_progress_report_is_prefilled_from_the_latest_accepted_audit_and_actions(
    client, contact, coordinator
):
    import datetime as dt

    from django.utils import timezone

    from tests.factories import MeetingFactory

    _accepted(contact, coordinator, timezone.localdate().year - 1, Level.MEETS)
    done = ActionFactory(owner=contact, title="Бодлого батлав", organisations=[contact.organisation])
    services.action_progress_record(action=done, actor=contact, status="done", progress=100)
    ActionFactory(owner=contact, title="Сургалт хийх", organisations=[contact.organisation])
    starts = timezone.now() + dt.timedelta(days=60)
    MeetingFactory(format="convention", starts_at=starts, ends_at=starts + dt.timedelta(hours=8))
    client.force_login(contact)
    form = client.get(f"/convention/{timezone.localtime(starts).year}/report/").context["form"]
    assert form.initial["indicators_reached_count"] == form.initial["indicators_planned_count"] > 0
    assert "Бодлого батлав" in form.initial["achievements"]
    assert "Сургалт хийх" in form.initial["next_year_plan"]


def test_awards_show_on_the_organisation_and_in_the_members_record(client, colleague, outsider):
    from tests.factories import AwardFactory

    award = AwardFactory(organisation=colleague.organisation)
    award.members.add(colleague)
    page = client.get(f"/organisations/{colleague.organisation.slug}/results/").content.decode()
    assert 'data-testid="awards"' in page and award.title_mn in page
    client.force_login(colleague)
    assert award.title_mn in client.get("/profile/participation/").content.decode()
    client.force_login(outsider)
    assert award.title_mn not in client.get("/profile/participation/").content.decode()


def test_visitors_see_per_indicator_only_the_published_scorecards(client, coordinator):
    from tests.factories import ContactFactory

    contacts = [ContactFactory() for _ in range(6)]
    for i, contact in enumerate(contacts):
        _accepted(contact, coordinator, 2025, Level.MISSING if i else Level.EXCEEDS, publish=i == 0)
    response = client.get("/results/")
    network = response.context["network"]
    cells = [cell for row in network.indicators for cell in row["years"]]
    assert cells and all(
        cell["counts"][Level.EXCEEDS] == 1 and cell["counts"][Level.MISSING] == 0 for cell in cells
    )
    # The whole network in steps of ten points: 1 of 6 organisations met every indicator.
    assert response.context["shares"] == [(2025, 20)]
    client.force_login(coordinator)
    exact = client.get("/results/").context["network"]
    assert exact.indicators[0]["years"][0]["counts"][Level.MISSING] == 5


def test_a_year_with_too_few_unpublished_organisations_is_withheld_from_visitors(client, coordinator):
    """Nine organisations published their scorecards: the network minus them would be the tenth."""
    from tests.factories import ContactFactory

    for i in range(10):
        _accepted(ContactFactory(), coordinator, 2025, Level.MEETS if i % 3 else Level.MISSING, publish=i < 9)
    response = client.get("/results/")
    assert response.context["network"].met_share == [{"year": 2025, "share": None, "withheld": True}]
    assert response.context["shares"] == [(2025, None)]


def test_bad_input_is_answered_with_a_message_never_a_500(client, contact, colleague):
    audit = services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    first = audit.ratings.first().indicator_id
    client.force_login(contact)
    assert (
        client.post(f"/organisations/{contact.organisation.slug}/audits/new/", {"year": "abc"}).status_code
        == 400
    )
    assert (
        client.post(f"/audits/{audit.pk}/", {**_form_data(audit), f"level_{first}": "9"}).status_code == 400
    )
    bad_file = SimpleUploadedFile("run.exe", b"MZ\x90\x00binary")
    response = client.post(f"/audits/{audit.pk}/", {**_form_data(audit), f"file_{first}": bad_file})
    assert response.status_code in (302, 400)
    assert client.post(f"/audits/{audit.pk}/review/", {"decision": "accept"}).status_code == 403
    assert client.post(f"/audits/{audit.pk}/lead/", {"email": "nobody@example.mn"}).status_code == 302
    action = ActionFactory(owner=colleague)
    client.force_login(colleague)
    assert client.post(f"/actions/{action.pk}/", {"status": "done", "progress": "150"}).status_code == 400
    assert client.post(f"/actions/{action.pk}/", {"status": "dropped", "progress": "0"}).status_code == 400
    assert client.get("/actions/?scope=nonsense&status=x").status_code == 200


def test_action_list_is_kept_per_viewer_and_follows_progress(client, colleague, contact):
    from results.services import action_progress_record

    action = ActionFactory(owner=colleague, organisations=[colleague.organisation])
    client.force_login(colleague)
    assert "0%" in client.get("/actions/").content.decode()
    client.force_login(contact)
    assert action.title not in client.get("/actions/").content.decode()  # mine: the colleague's only
    action_progress_record(action=action, actor=colleague, status="in_progress", progress=40)
    client.force_login(colleague)
    page = client.get("/actions/").content.decode()
    assert action.title in page and "40%" in page
