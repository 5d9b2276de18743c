"""Branch CoPs: registering one and the coordinators' decision, following (joining) and
leaving, the branch's page and calendar feed, its management pages for its focal person,
co-organisers and the coordinators (meetings, registrations, attendance, materials, minutes,
settings, co-organisers), the coordinators' network overview and its monthly digest.

The network's tables (Community, CommunityMembership, CommunityOrganiser) stay in
``members``, where every app refers to them; the rules that write them live here."""
