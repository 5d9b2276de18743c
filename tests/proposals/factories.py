"""Factories of proposals whose defaults make a valid, open proposal by an approved member."""

import factory

from meetings.models import Proposal, ProposalSupport
from tests.members.factories import UserFactory


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Санал {n}: жендэрийн төсөвлөлт")
    description = "Жендэрийн мэдрэмжтэй төсөвлөлтийн талаар сургалт https://example.mn/budget"
    kind = Proposal.Kind.TOPIC
    proposer = factory.SubFactory(UserFactory)


class ProposalSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalSupport

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(UserFactory)
