"""Scans and photos (PNG, JPEG, TIFF) opened for OCR, their size checked before any decoding."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator

from indexer.extract.sources import Limits, ReadError, short_error

FORMATS = {"PNG": "PNG image", "JPEG": "JPEG image", "TIFF": "TIFF image"}


class ImageFile:
    """An image file whose frames (pages: a TIFF may hold several) are decoded one at a time."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        from PIL import Image

        self.limits = limits
        try:
            with warnings.catch_warnings():
                # Pillow's own bomb check warns or raises; ours below gives the reason.
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                self.image = Image.open(io.BytesIO(data))  # reads the header only
        except Image.UnidentifiedImageError:
            raise ReadError("broken image: not a readable PNG, JPEG or TIFF file") from None
        except Image.DecompressionBombError:
            raise ReadError("image too large: absurd dimensions (decompression bomb)") from None
        except Exception as err:  # Pillow raises many types on damaged headers
            raise ReadError(f"broken image: {short_error(err)}") from None
        if self.image.format not in FORMATS:
            raise ReadError(f"unsupported image type: {self.image.format or 'unknown'}")
        self.pages = getattr(self.image, "n_frames", 1)
        if self.pages > limits.max_pages:
            raise ReadError(f"too many pages: {self.pages} (limit {limits.max_pages})")

    def frames(self) -> Iterator:
        """Each frame, checked against the pixel limit, then decoded as grayscale."""
        from PIL import Image, ImageOps

        for index in range(self.pages):
            try:
                self.image.seek(index)
            except EOFError:
                return
            width, height = self.image.size
            if width * height > self.limits.max_pixels:
                raise ReadError(
                    f"image too large: {width:,} × {height:,} pixels "
                    f"(limit {self.limits.max_pixels:,} pixels)"
                )
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                    frame = ImageOps.exif_transpose(self.image.copy()).convert("L")
            except Exception as err:
                raise ReadError(f"broken image: {short_error(err)}") from None
            yield frame
