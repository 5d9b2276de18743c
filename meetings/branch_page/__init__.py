"""A branch CoP's page (the meetings side, shown on ``members:community-detail`` through
template tags) and its calendar feed."""
