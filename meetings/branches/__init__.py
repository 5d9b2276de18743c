"""A branch CoP's own management pages (/branches/<slug>/manage/…): its focal person,
co-organisers and the coordinators list, create, edit, publish, cancel and schedule the
branch's meetings and change its settings, through the same services as the back office."""
