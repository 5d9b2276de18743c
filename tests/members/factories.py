"""Factories whose defaults make a valid object."""

import factory
from allauth.account.models import EmailAddress

from members.models import Community, Level, Organisation, Province, User

PASSWORD = "test-pass-2026"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_mn = factory.Sequence(lambda n: f"Байгууллага {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    short_name = factory.Sequence(lambda n: f"ORG{n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organisation.Kind.MINISTRY
    level = factory.LazyAttribute(lambda o: Organisation.KIND_LEVEL.get(o.kind, Level.CENTRAL))
    province = Province.ULAANBAATAR


class UserFactory(factory.django.DjangoModelFactory):
    """An approved member of an organisation, with a verified e-mail address."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.mn")
    full_name = factory.Sequence(lambda n: f"Хүн {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    gender = User.Gender.WOMAN
    status = User.Status.APPROVED
    preferred_language = "mn"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class ApplicantFactory(UserFactory):
    status = User.Status.APPLIED


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name_mn = factory.Sequence(lambda n: f"Салбар бүлэг {n}")
    name_en = factory.Sequence(lambda n: f"Branch CoP {n}")
    slug = factory.Sequence(lambda n: f"branch-{n}")
    host_organisation = factory.SubFactory(OrganisationFactory)
    status = Community.Status.APPROVED


class ContactFactory(UserFactory):
    """An approved member named focal point of their organisation."""

    is_organisation_contact = True


class NewUserFactory(UserFactory):
    """Signed up, not applied yet, no organisation."""

    organisation = None
    status = User.Status.NEW


class RootCommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ("slug",)

    name_mn = "Байгууллага хоорондын CoP"
    name_en = "Inter-agency CoP"
    slug = "inter-agency-cop"
    parent = None
    host_organisation = None
    status = Community.Status.APPROVED
