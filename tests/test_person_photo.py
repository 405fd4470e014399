"""face_photo: what set_person_photo.py and the imports send as photoData."""

from __future__ import annotations

import base64
import io

import pytest

from hct.errors import InvalidArgument
from hct.face_photo import MAX_PHOTO_BYTES, encode_face_photo


def decoded(photo: str):
    from PIL import Image

    return Image.open(io.BytesIO(base64.b64decode(photo)))


def test_a_transparent_png_becomes_a_jpeg_on_white(tmp_path):
    from PIL import Image

    path = tmp_path / "face.png"
    Image.new("RGBA", (120, 160), (0, 0, 0, 0)).save(path)
    photo, info = encode_face_photo(str(path))
    image = decoded(photo)
    assert image.format == "JPEG" and image.size == (120, 160)
    assert image.getpixel((60, 80))[0] > 240  # white, not black
    assert info["sourceFormat"] == "PNG" and info["rotatedByExif"] is False


def test_a_huge_picture_is_scaled_down_to_1024_pixels_and_200_kb(tmp_path):
    from PIL import Image

    path = tmp_path / "big.png"
    Image.effect_noise((4000, 1000), 120).convert("RGB").save(path)
    photo, info = encode_face_photo(str(path))
    assert max(decoded(photo).size) <= 1024
    assert len(base64.b64decode(photo)) == info["bytes"] <= MAX_PHOTO_BYTES


def test_other_formats_are_refused(tmp_path):
    from PIL import Image

    path = tmp_path / "face.gif"
    Image.new("RGB", (50, 50)).save(path)
    with pytest.raises(InvalidArgument, match="JPEG or PNG"):
        encode_face_photo(str(path))
