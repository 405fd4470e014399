"""Picture files made on the fly for tests: a small real JPEG, and decompression bombs for the
pixel-cap tests (issue 12 point 7): a PNG of a few kilobytes that decodes to any size, and a
JPEG whose header claims any size."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path


def small_jpeg(width: int = 16, height: int = 16) -> bytes:
    """A real JPEG (Pillow reads its header and decodes it)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 120, 120)).save(buffer, format="JPEG")
    return buffer.getvalue()


def bomb_png(path: Path, width: int, height: int) -> Path:
    """A 1-bit grayscale PNG of `width` x `height` pixels, all black: it compresses to a few
    kilobytes per 100 Mpixel, and decoded as RGB costs 3 bytes a pixel."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
                     + chunk(b"IEND", b""))
    return path


def bomb_jpeg(path: Path, width: int, height: int) -> Path:
    """A real 16 x 16 JPEG whose frame header (SOF0) claims `width` x `height`."""
    data = bytearray(small_jpeg())
    frame = data.index(b"\xff\xc0")
    data[frame + 5:frame + 9] = struct.pack(">HH", height, width)
    path.write_bytes(bytes(data))
    return path
