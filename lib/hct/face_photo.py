"""Face pictures for persons/photo and persons/quick/add (`photoData`, Base64).

The guide: "The face picture size is not limited. If the picture size exceeds 200K, the
picture will be compressed." We do not leave that to the platform: the picture is read with
Pillow (JPEG or PNG), turned upright by its EXIF orientation, downscaled and re-encoded as
JPEG until it is at most 200 KB, then Base64-encoded. A bad file is an argument error (exit 2)
found before any request; so is a picture of more than `pictures.MAX_PIXELS`, measured from
its header before anything is decoded (a decompression bomb costs no memory).
"""

from __future__ import annotations

import base64
import io
import os

from hct.errors import InvalidArgument

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

MAX_PHOTO_BYTES = 200_000  # the guide's "200K", read as the smaller (decimal) value
MAX_SIDE = 1024  # larger faces add bytes, not recognition quality
QUALITIES = (90, 85, 80, 75, 70, 60)
SHRINK = 0.8
MIN_SIDE = 64
ACCEPTED_FORMATS = ("JPEG", "PNG")


def encode_face_photo(path: str) -> tuple[str, dict[str, Any]]:
    """(Base64 JPEG of at most MAX_PHOTO_BYTES, a description of what was done)."""
    raw = _read(path)
    _check_pixels(raw, path)
    image, source_format, rotated = _open(raw, path)
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    encoded, image = _jpeg_under_limit(image)
    info = {"file": os.path.basename(path), "sourceFormat": source_format,
            "sourceBytes": len(raw), "bytes": len(encoded), "width": image.width,
            "height": image.height, "rotatedByExif": rotated}
    return base64.b64encode(encoded).decode("ascii"), info


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise InvalidArgument(f"cannot read the photo {path!r}: {error.strerror or error}.",
                              hint="Give the path of a JPEG or PNG face picture.") from None


def _check_pixels(raw: bytes, path: str) -> None:
    from hct.pictures import PictureRefused, measure

    try:
        measure(raw)
    except PictureRefused as error:
        raise InvalidArgument(f"the photo {path!r} is refused: {error}.",
                              hint="Give a JPEG or PNG face picture of ordinary size.") from None


def _open(raw: bytes, path: str) -> tuple[Any, str, bool]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(raw))
        source_format = image.format or ""
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # a JPEG decodes at a reduced scale
        image.load()
    except (UnidentifiedImageError, OSError, ValueError):
        raise InvalidArgument(f"{path!r} is not a readable picture.",
                              hint="Give a JPEG or PNG face picture.") from None
    if source_format not in ACCEPTED_FORMATS:
        raise InvalidArgument(f"{path!r} is a {source_format or 'unknown'} picture; "
                              "JPEG or PNG is accepted.", hint="Convert it to JPEG or PNG.")
    orientation = image.getexif().get(0x0112, 1)  # EXIF Orientation
    upright = ImageOps.exif_transpose(image)
    return _rgb(upright), source_format, orientation not in (None, 1)


def _rgb(image: Any) -> Any:
    """JPEG has no alpha: flatten transparent PNGs onto white."""
    from PIL import Image

    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg_under_limit(image: Any) -> tuple[bytes, Any]:
    """Lower the quality, then the size, until the JPEG fits in MAX_PHOTO_BYTES."""
    while True:
        for quality in QUALITIES:
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=quality, optimize=True)
            if buffer.tell() <= MAX_PHOTO_BYTES:
                return buffer.getvalue(), image
        width, height = int(image.width * SHRINK), int(image.height * SHRINK)
        if min(width, height) < MIN_SIDE:
            raise InvalidArgument("the photo cannot be brought under 200 KB.")
        image = image.resize((width, height))
