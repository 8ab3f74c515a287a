"""Encryption at rest and keyed hashing of Telegram ids.

Every user-written value is sealed with AES-256-GCM. The associated data binds a ciphertext to
the table, column and record it belongs to, so a value copied into another row or column fails
to open. Ciphertexts carry the id of the key that sealed them: the ring's first key seals, every
key in the ring opens, and rotation re-seals under the first key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = 1
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A ciphertext that no key in the ring opens, or that was moved to another record."""


class Cipher:
    def __init__(self, key_ring: list[tuple[str, bytes]]) -> None:
        if not key_ring:
            raise ValueError("empty key ring")
        self._primary_id = key_ring[0][0].encode()
        self._keys = {key_id.encode(): AESGCM(key) for key_id, key in key_ring}

    @property
    def primary_key_id(self) -> str:
        return self._primary_id.decode()

    def seal(self, plaintext: bytes, context: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._keys[self._primary_id].encrypt(nonce, plaintext, context.encode())
        return bytes([FORMAT_VERSION, len(self._primary_id)]) + self._primary_id + nonce + sealed

    def open(self, blob: bytes, context: str) -> bytes:
        key_id, nonce, sealed = self._split(blob)
        aead = self._keys.get(key_id)
        if aead is None:
            raise DecryptionError("sealed with a key that is not in the ring")
        try:
            return aead.decrypt(nonce, sealed, context.encode())
        except InvalidTag:
            raise DecryptionError("ciphertext does not open in this context") from None

    def key_id_of(self, blob: bytes) -> str:
        return self._split(blob)[0].decode()

    def seal_text(self, text: str, context: str) -> bytes:
        return self.seal(text.encode("utf-8"), context)

    def open_text(self, blob: bytes, context: str) -> str:
        return self.open(blob, context).decode("utf-8")

    def seal_json(self, value: Any, context: str) -> bytes:
        return self.seal(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), context)

    def open_json(self, blob: bytes, context: str) -> Any:
        return json.loads(self.open(blob, context))

    @staticmethod
    def _split(blob: bytes) -> tuple[bytes, bytes, bytes]:
        if len(blob) < 2 or blob[0] != FORMAT_VERSION:
            raise DecryptionError("unknown ciphertext format")
        id_length = blob[1]
        key_id = blob[2 : 2 + id_length]
        nonce = blob[2 + id_length : 2 + id_length + NONCE_BYTES]
        sealed = blob[2 + id_length + NONCE_BYTES :]
        if len(nonce) != NONCE_BYTES or not sealed:
            raise DecryptionError("truncated ciphertext")
        return key_id, nonce, sealed


class IdHasher:
    """Keyed HMAC of Telegram ids: a stable lookup key that reveals nothing without the pepper."""

    def __init__(self, pepper: bytes) -> None:
        self._pepper = pepper

    def digest(self, kind: str, value: int | str) -> bytes:
        return hmac.new(self._pepper, f"{kind}:{value}".encode(), hashlib.sha256).digest()

    def user(self, telegram_id: int) -> bytes:
        return self.digest("tg-user", telegram_id)

    def chat(self, chat_id: int) -> bytes:
        # Private chats share their id with the user, so they hash to the user's key on purpose:
        # erasing a user finds every row of their private chat.
        return self.digest("tg-user", chat_id)
