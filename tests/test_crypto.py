"""Encryption at rest: sealed values open only with a key of the ring and in their own place."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.crypto import Cipher, DecryptionError, IdHasher


def ring(*ids: str) -> list[tuple[str, bytes]]:
    return [(key_id, os.urandom(32)) for key_id in ids]


@given(st.text(max_size=2000))
def test_round_trip_any_text(text: str) -> None:
    cipher = Cipher(ring("k1"))
    assert cipher.open_text(cipher.seal_text(text, "users.note:1"), "users.note:1") == text


def test_ciphertext_hides_plaintext_and_differs_each_time() -> None:
    cipher = Cipher(ring("k1"))
    first, second = cipher.seal_text("MARKER-секрет", "c"), cipher.seal_text("MARKER-секрет", "c")
    assert first != second
    assert b"MARKER" not in first and "секрет".encode() not in first


def test_value_moved_to_another_record_does_not_open() -> None:
    cipher = Cipher(ring("k1"))
    sealed = cipher.seal_text("answer", "fsm:aa")
    with pytest.raises(DecryptionError):
        cipher.open_text(sealed, "fsm:bb")


def test_tampered_ciphertext_is_rejected() -> None:
    cipher = Cipher(ring("k1"))
    sealed = bytearray(cipher.seal_text("answer", "c"))
    sealed[-1] ^= 1
    with pytest.raises(DecryptionError):
        cipher.open_text(bytes(sealed), "c")


def test_rotation_old_key_still_opens_new_key_seals() -> None:
    old = ring("old")
    sealed_before = Cipher(old).seal_text("kept", "c")
    rotated = Cipher([("new", os.urandom(32)), *old])
    assert rotated.open_text(sealed_before, "c") == "kept"
    assert rotated.key_id_of(rotated.seal_text("x", "c")) == "new"
    with pytest.raises(DecryptionError):
        Cipher(ring("new")).open_text(sealed_before, "c")


def test_id_hash_is_keyed_and_stable() -> None:
    pepper = os.urandom(32)
    assert IdHasher(pepper).user(123456789) == IdHasher(pepper).user(123456789)
    assert IdHasher(pepper).user(123456789) != IdHasher(os.urandom(32)).user(123456789)
    assert b"123456789" not in IdHasher(pepper).user(123456789)
