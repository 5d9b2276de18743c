"""Sealing ballots while voting is open (see README, "Ballot secrecy: threat model").

Each election has its own 256-bit key, derived with keyed BLAKE2b from the server secret
``COP_BALLOT_KEY``, which lives in the service environment and never in the database, its
backups or its logs. A ballot is sealed with libsodium's secretbox (XSalsa20-Poly1305, a
random nonce per ballot): a database reader sees the seat (as the turnout does) and 66 bytes
that are the same length whatever the choice. The fixed-size payload holds the seat (so a
sealed ballot cannot be moved to another seat unnoticed), the choice and the receipt code.

libsodium's public-key sealed boxes were measured first: opening 20,000 of them costs one
X25519 multiplication each, 1.5–1.9 s on the reference machine, over the one-second budget of
the close. They would only help if the web process could seal without being able to open,
but here the same process closes the election, so it holds the opening key either way.
"""

from __future__ import annotations

import hashlib
import secrets
import struct

from django.conf import settings
from nacl.bindings import crypto_secretbox_open
from nacl.encoding import HexEncoder, RawEncoder
from nacl.exceptions import CryptoError
from nacl.hash import blake2b
from nacl.secret import SecretBox

# Public on purpose: a checkout works without configuration; `check --deploy` warns about it.
DEV_BALLOT_KEY = "dev-only-ballot-key-never-use-in-production"

# Receipt codes: 12 characters of 32 without look-alikes (no 0, 1, I, O): 60 random bits.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 12
_PAYLOAD = struct.Struct(f">QQ{RECEIPT_LENGTH}s")  # seat id, nomination id (0 = abstain), receipt
SEALED_LENGTH = SecretBox.NONCE_SIZE + SecretBox.MACBYTES + _PAYLOAD.size


class SealError(Exception):
    """A sealed ballot does not open with this key, or opens for another seat."""


def _master(secret: str | None = None) -> bytes:
    return hashlib.sha256((secret or settings.COP_BALLOT_KEY or DEV_BALLOT_KEY).encode()).digest()


def election_key(election_id: int, *, secret: str | None = None) -> bytes:
    """The 32-byte key of one election, derived from the server secret (never stored)."""
    return blake2b(
        f"election:{election_id}".encode(),
        key=_master(secret),
        person=b"cop-ballot-key",
        digest_size=SecretBox.KEY_SIZE,
        encoder=RawEncoder,
    )


def key_fingerprint(key: bytes) -> str:
    """A short public name of a key, stored to notice a changed secret before it costs ballots."""
    return blake2b(
        b"fingerprint", key=key, person=b"cop-ballot-id", digest_size=8, encoder=HexEncoder
    ).decode()


def receipt_new() -> str:
    bits = secrets.randbits(5 * RECEIPT_LENGTH)
    return "".join(RECEIPT_ALPHABET[(bits >> (5 * i)) & 31] for i in range(RECEIPT_LENGTH))


def receipt_display(code: str) -> str:
    """``ABCD-EFGH-JKMN``: easier to read aloud and compare."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def seal(key: bytes, *, seat_id: int, nomination_id: int | None, receipt: str) -> bytes:
    payload = _PAYLOAD.pack(seat_id, nomination_id or 0, receipt.encode("ascii"))
    return bytes(SecretBox(key).encrypt(payload))


class Opener:
    """Opens the sealed ballots of one election (one SecretBox for all of them)."""

    def __init__(self, key: bytes):
        self._key = key

    def open(self, data: bytes, *, seat_id: int) -> tuple[int | None, str]:
        """(nomination id or None for an abstention, receipt code) of a ballot sealed for ``seat_id``."""
        data = bytes(data)
        nonce = SecretBox.NONCE_SIZE
        try:
            plain = crypto_secretbox_open(data[nonce:], data[:nonce], self._key)
            sealed_seat, nomination_id, receipt = _PAYLOAD.unpack(plain)
        except (CryptoError, struct.error) as exc:
            raise SealError from exc
        if sealed_seat != seat_id:
            raise SealError
        return nomination_id or None, receipt.decode("ascii")
