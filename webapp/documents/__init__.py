"""Official PDF documents: templates to PDF (the only WeasyPrint user), issuing, verification.

- `render_pdf(template, context, base_url)`: any template under templates/documents/ to PDF bytes.
- `issue(...)`: render with a fresh verification code and QR, store the file, add the row, audit.
- `open_document(doc, upload_dir)`: the stored bytes, checked against their hash.
- `find_by_code(text)` / `get_visible(id, user)`: the public check and the scoped download.
- `contexts`: the keys each template expects; `chinese_date(date)`: 2026年3月15日.
- `samples.sample_pdf(title)`: a small real PDF marked 演示, for the demo's uploaded evidence.

WeasyPrint takes about 0.4 s to import, so `rendering` is loaded on the first render, not when
the app (or a scheduler process, or a CLI command) starts.
"""

from .access import find_by_code, get_visible
from .formatting import chinese_date
from .issuing import StoredDocumentDamaged, issue, open_document, revoke, verification_url

__all__ = [
    "StoredDocumentDamaged",
    "chinese_date",
    "find_by_code",
    "get_visible",
    "issue",
    "open_document",
    "render_html",
    "render_pdf",
    "revoke",
    "verification_url",
]


def __getattr__(name: str):
    if name in ("render_pdf", "render_html"):
        from . import rendering

        return getattr(rendering, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
