"""A hand-counted world: two organisations, three meetings (one cancelled), one site visit.

Attendance (W woman, M man, A another, U undisclosed, - not stated):
  M1 training, Ulaanbaatar, 2026-01-15:        central: 3 W, 2 M · local: 1 -
  M2 expert discussion, Dornod, 2026-03-01 04:00 Ulaanbaatar (still February in UTC):
                                               local: 2 W, 1 M · central: 1 U · no organisation: 1 A
  M3 cancelled, Ulaanbaatar, 2026-01-20:       central: 5 M (never counted)
"""

import pytest

from meetings.models import Meeting
from members.models import Level, Organisation, Province
from tests.factories import MeetingFactory, OrganisationFactory
from tests.insights.helpers import add_attendance, ub


@pytest.fixture
def world(db):
    central = OrganisationFactory(
        name_mn="Сангийн яам",
        name_en="Ministry of Finance",
        kind=Organisation.Kind.MINISTRY,
        level=Level.CENTRAL,
    )
    local = OrganisationFactory(
        name_mn="Дорнод аймгийн Засаг даргын Тамгын газар",
        name_en="Dornod Governor's Office",
        kind=Organisation.Kind.PROVINCIAL,
        level=Level.LOCAL,
        province=Province.DORNOD,
    )
    m1 = MeetingFactory(format=Meeting.Format.TRAINING, starts_at=ub(2026, 1, 15))
    m2 = MeetingFactory(
        format=Meeting.Format.EXPERT_DISCUSSION, province=Province.DORNOD, starts_at=ub(2026, 3, 1, 4)
    )
    m3 = MeetingFactory(
        status=Meeting.Status.CANCELLED, cancellation_reason="Цас орсон", starts_at=ub(2026, 1, 20)
    )
    add_attendance(m1, central, "woman", 3)
    add_attendance(m1, central, "man", 2)
    add_attendance(m1, local, "", 1)
    add_attendance(m2, local, "woman", 2)
    add_attendance(m2, local, "man", 1)
    add_attendance(m2, central, "undisclosed", 1)
    add_attendance(m2, None, "another", 1)
    add_attendance(m3, central, "man", 5)
    return {"central": central, "local": local, "m1": m1, "m2": m2, "m3": m3}
