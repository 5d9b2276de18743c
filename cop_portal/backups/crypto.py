"""Encryption of backup files: libsodium's secretstream (XChaCha20-Poly1305) through PyNaCl.

The key is derived from ``COP_BACKUP_KEY``, a secret kept in the service environment, never in
the database or in the backup. The file is a short clear prefix (magic, format, a fingerprint of
the key) and then authenticated frames of at most 1 MiB; the last frame carries the FINAL tag.
A flipped bit, a truncated file or frames moved around fail authentication; a file sealed with
another key is recognised by its fingerprint before anything is decrypted.
"""

from __future__ import annotations

import hashlib
import struct

from nacl import bindings as sodium
from nacl.encoding import RawEncoder
from nacl.exceptions import CryptoError
from nacl.hash import blake2b

MAGIC = b"COP-BACKUP\n"
FORMAT = 1
CHUNK = 1 << 20
_FRAME = struct.Struct(">I")
_TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
_ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
_HEADERBYTES = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
FINGERPRINT_BYTES = 16


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why, for the operator."""


WRONG_KEY = (
    "This backup was encrypted with another key: set COP_BACKUP_KEY (or COP_BACKUP_PREVIOUS_KEYS) "
    "to the key that was in use when it was made."
)
DAMAGED = "The backup file is damaged or has been altered: it does not authenticate. Nothing was restored."
NOT_A_BACKUP = "This is not a backup file of the portal (or it was written by a newer format)."


def derive_key(secret: str) -> bytes:
    """The 32-byte stream key of a backup secret (the secret itself is never written anywhere)."""
    return blake2b(
        b"backup",
        key=hashlib.sha256(secret.encode()).digest(),
        person=b"cop-backup-key",
        digest_size=sodium.crypto_secretstream_xchacha20poly1305_KEYBYTES,
        encoder=RawEncoder,
    )


def fingerprint(key: bytes) -> bytes:
    return blake2b(
        b"fingerprint", key=key, person=b"cop-backup-id", digest_size=FINGERPRINT_BYTES, encoder=RawEncoder
    )


def _prefix(key: bytes) -> bytes:
    return MAGIC + bytes([FORMAT]) + fingerprint(key)


class EncryptingWriter:
    """A write-only file object: what is written reaches ``raw`` as authenticated frames."""

    def __init__(self, raw, key: bytes):
        self._raw = raw
        self._ad = _prefix(key)
        self._state = sodium.crypto_secretstream_xchacha20poly1305_state()
        header = sodium.crypto_secretstream_xchacha20poly1305_init_push(self._state, key)
        raw.write(self._ad + header)
        self._buffer = bytearray()
        self._closed = False

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) >= CHUNK:
            self._push(bytes(self._buffer[:CHUNK]), _TAG_MESSAGE)
            del self._buffer[:CHUNK]
        return len(data)

    def _push(self, plain: bytes, tag: int) -> None:
        frame = sodium.crypto_secretstream_xchacha20poly1305_push(self._state, plain, self._ad, tag)
        self._raw.write(_FRAME.pack(len(frame)) + frame)

    def close(self) -> None:
        """Writes the FINAL frame; without it a reader reports the file as cut short."""
        if not self._closed:
            self._push(bytes(self._buffer), _TAG_FINAL)
            self._buffer.clear()
            self._closed = True

    def flush(self) -> None:
        pass


def read_fingerprint(raw) -> bytes:
    head = raw.read(len(MAGIC) + 1 + FINGERPRINT_BYTES)
    if (
        len(head) < len(MAGIC) + 1 + FINGERPRINT_BYTES
        or not head.startswith(MAGIC)
        or head[len(MAGIC)] != FORMAT
    ):
        raise BackupError(NOT_A_BACKUP)
    return head[len(MAGIC) + 1 :]


def choose_key(raw, secrets_: list[str]) -> bytes:
    """The key among ``secrets_`` whose fingerprint the file carries (reads the clear prefix)."""
    wanted = read_fingerprint(raw)
    for secret in secrets_:
        key = derive_key(secret)
        if fingerprint(key) == wanted:
            return key
    raise BackupError(WRONG_KEY)


class DecryptingReader:
    """A read-only file object over ``raw`` (positioned after the prefix): plaintext, or
    ``BackupError(DAMAGED)`` at the first frame that does not authenticate, at a missing FINAL
    frame, or at bytes after it."""

    def __init__(self, raw, key: bytes):
        self._raw = raw
        self._ad = _prefix(key)
        header = raw.read(_HEADERBYTES)
        if len(header) != _HEADERBYTES:
            raise BackupError(DAMAGED)
        self._state = sodium.crypto_secretstream_xchacha20poly1305_state()
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(self._state, header, key)
        self._buffer = bytearray()
        self._final = False

    def _pull(self) -> None:
        size = self._raw.read(_FRAME.size)
        if len(size) != _FRAME.size:
            raise BackupError(DAMAGED)
        (length,) = _FRAME.unpack(size)
        if length < _ABYTES or length > CHUNK + _ABYTES:
            raise BackupError(DAMAGED)
        frame = self._raw.read(length)
        if len(frame) != length:
            raise BackupError(DAMAGED)
        try:
            plain, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(self._state, frame, self._ad)
        except CryptoError as exc:
            raise BackupError(DAMAGED) from exc
        self._buffer += plain
        if tag == _TAG_FINAL:
            self._final = True
            if self._raw.read(1):
                raise BackupError(DAMAGED)

    def read(self, size: int = -1) -> bytes:
        while not self._final and (size < 0 or len(self._buffer) < size):
            self._pull()
        if size < 0:
            size = len(self._buffer)
        out = bytes(self._buffer[:size])
        del self._buffer[:size]
        return out

    def drain(self) -> None:
        """Authenticate the rest of the file (tar stops reading at its end-of-archive blocks)."""
        while not self._final:
            self._pull()
        if self._buffer.strip(b"\0"):
            raise BackupError(DAMAGED)
