"""The hikencodepicture decoder: the note's test vector, Pillow-made JPEG round trips,
several blocks with leading bytes, wrong codes, damaged data, and its speed and memory."""

from __future__ import annotations

import io
import time
import tracemalloc

import pytest

from hct import snapshot_crypto as crypto

# /work/shared/notes/encrypted-snapshots.md, computed independently of this code.
VECTOR_CODE = "ABCDEF"
VECTOR_PLAIN = bytes.fromhex("ffd8ffe068656c6c6f2d6a706567ffd9")
VECTOR_CIPHER = bytes.fromhex(
    "33472eadbe75efb3b3bc219404b06eb276dca09387ec170645b13e0b942a3306")
VECTOR_FILE = b"hikencodepicture" + b"aa37ad52a5a65df39791a95818fb3298" + VECTOR_CIPHER


def jpeg(size: tuple[int, int] = (320, 200), noise: bool = False) -> bytes:
    from PIL import Image, ImageDraw

    if noise:
        image = Image.effect_noise(size, 120).convert("RGB")
    else:
        image = Image.linear_gradient("L").resize(size).convert("RGB")
        ImageDraw.Draw(image).text((10, 10), "test picture", fill=(255, 0, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def test_the_notes_test_vector_decrypts_and_encrypts_back() -> None:
    assert crypto.code_digest(VECTOR_CODE) == b"aa37ad52a5a65df39791a95818fb3298"
    assert len(VECTOR_FILE) == 80

    assert bytes(crypto.decrypt(VECTOR_FILE, VECTOR_CODE)) == VECTOR_PLAIN
    assert crypto.encrypt(VECTOR_PLAIN, VECTOR_CODE) == VECTOR_FILE


def test_a_pillow_jpeg_survives_several_blocks_and_leading_bytes() -> None:
    from PIL import Image

    plain = jpeg()
    sealed = crypto.encrypt(plain, "QKXWTB", blocks=3, leading=b"\x00\x07\x01")
    assert sealed.count(crypto.MAGIC) == 3 and not sealed.startswith(b"\xff\xd8")

    opened = crypto.decrypt(bytearray(sealed), "QKXWTB")

    assert bytes(opened) == plain
    with Image.open(io.BytesIO(opened)) as image:
        assert image.size == (320, 200) and image.format == "JPEG"


def test_a_wrong_code_is_refused_before_anything_is_decrypted() -> None:
    sealed = bytearray(crypto.encrypt(jpeg(), "QKXWTB"))
    before = bytes(sealed)

    with pytest.raises(crypto.WrongVerifyCode) as caught:
        crypto.decrypt(sealed, "QKXWTC")

    assert caught.value.error_code == "WRONG_VERIFY_CODE" and caught.value.exit_code == 2
    assert bytes(sealed) == before  # untouched


def test_a_lower_case_code_still_opens_an_upper_case_label_code() -> None:
    assert bytes(crypto.decrypt(VECTOR_FILE, "abcdef")) == VECTOR_PLAIN


def test_unencrypted_data_passes_through_and_damage_is_reported() -> None:
    plain = jpeg()
    assert not crypto.is_encrypted(plain)
    assert bytes(crypto.decrypt(plain, "ABCDEF")) == plain

    with pytest.raises(crypto.CorruptPicture):
        crypto.decrypt(VECTOR_FILE[:-3], VECTOR_CODE)  # not whole AES blocks
    damaged = bytearray(VECTOR_FILE)
    damaged[-1] ^= 0x55  # the last block decrypts to garbage padding
    with pytest.raises(crypto.CorruptPicture):
        crypto.decrypt(damaged, VECTOR_CODE)


def test_four_megabytes_decrypt_fast_and_in_place() -> None:
    plain = jpeg((1400, 1000), noise=True)
    plain += b"\0" * max(0, 4 * 1024 * 1024 - len(plain))  # at least 4 MiB
    sealed = crypto.encrypt(plain, "QKXWTB", blocks=2, leading=b"\x01\x02")
    timings = []
    for _ in range(5):
        buffer = bytearray(sealed)
        started = time.perf_counter()
        crypto.decrypt(buffer, "QKXWTB")
        timings.append(time.perf_counter() - started)
    buffer = bytearray(sealed)
    tracemalloc.start()
    try:
        opened = crypto.decrypt(buffer, "QKXWTB")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert bytes(opened) == plain
    assert sorted(timings)[len(timings) // 2] < 0.2
    assert peak < 3 * len(sealed)
