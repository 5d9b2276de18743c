"""Sign a test client in with a second factor verified in its session, as allauth records it
after the code step (``force_login`` alone is a password-only session)."""

import time

from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY as USER_KEY
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.userkit import user_id_to_str


def login_with_second_factor(client, user) -> None:
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time()},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session[USER_KEY] = user_id_to_str(user)
    session.save()
