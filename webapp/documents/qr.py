"""QR codes for documents, as SVG data URIs WeasyPrint draws as vectors (sharp at any print size)."""

from __future__ import annotations

import segno


def qr_data_uri(text: str) -> str:
    """A QR code of `text` (error correction M: survives a crease or a stamp across a corner)."""
    code = segno.make(text, error="m", micro=False)
    # A two-module quiet zone in the image; the layout keeps white space around it as well.
    return code.svg_data_uri(scale=4, border=2)
