"""Jinja templates to PDF. This module is the one place in the app that imports WeasyPrint.

Fonts: the stylesheet names the installed families ("Noto Serif CJK SC" for the body,
"Noto Sans CJK SC" for headings). fonts.py cuts each installed face down to the characters of
the document and hands it to WeasyPrint as a `data:` @font-face of the same family name (a
`src: local()` cannot pick a face inside Debian's .ttc collections, and loaded the wrong
weight), so the PDF embeds only the glyphs it shows (pdffonts shows e.g.
ABCDEF+Noto-Serif-CJK-SC). If a face is missing, the stylesheet's list falls back to other CJK
families and then to whatever CJK font fontconfig finds for `lang="zh-CN"`; the document still
renders, only less faithfully.

Rendering is isolated from the network and the disk: the only URLs a document may load are
`data:` URIs (its QR codes) and its own fonts; any other reference stops rendering instead of producing a PDF with
a hole in it, or leaking a request to a server an attacker chose.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import CSS, HTML, URLFetcher
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse

from webapp import sources

from .fonts import font_faces
from .formatting import chinese_date, yuan
from .qr import qr_data_uri

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


# Callables every document template may use, whichever Jinja environment renders it.
class DocumentRenderError(RuntimeError):
    """The document refers to something it may not load (anything but a data: URI)."""


# In every document's context: formatting helpers, and the texts documents cite (sources.py).
HELPERS = {"chinese_date": chinese_date, "yuan": yuan, "qr": qr_data_uri, "sources": sources}


class DocumentFetcher(URLFetcher):
    """What a document may load: data: URIs (its QR codes) and its own cut-down fonts, by the
    `font:` URLs fonts.py gave them; anything else stops rendering."""

    def __init__(self, fonts: Mapping[str, bytes]) -> None:
        super().__init__(allowed_protocols={"data"}, fail_on_errors=True)
        self._fonts = fonts

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url in self._fonts:
            return URLFetcherResponse(url, self._fonts[url], {"Content-Type": "font/otf"})
        return super().fetch(url, headers)


@lru_cache(maxsize=8)
def document_environment(folders: tuple[str, ...] = ()) -> Environment:
    """The environment documents render in by default: the app's templates, then `folders` (the
    installed processes' templates/); HTML autoescaped, so user text is always text; undefined
    names fail, so a missing context key cannot leave a blank in a contract."""
    return Environment(
        loader=FileSystemLoader([TEMPLATES_DIR, *folders]),
        autoescape=select_autoescape(["html"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(
    template_name: str,
    context: Mapping,
    *,
    jinja_env: Environment | None = None,
    folders: tuple[str, ...] = (),
) -> str:
    """The HTML a document is printed from (also handy to look at in a browser)."""
    env = jinja_env or document_environment(folders)
    return env.get_template(template_name).render({**HELPERS, **context})


def render_pdf(
    template_name: str,
    context: Mapping,
    base_url: str | None = None,
    *,
    jinja_env: Environment | None = None,
    folders: tuple[str, ...] = (),
) -> bytes:
    """Render `template_name` (e.g. "documents/approval_decision.html") with `context` to PDF.

    `base_url` resolves relative links in the HTML (our templates have none); `jinja_env`
    defaults to `document_environment()`, and may be a Flask app's `jinja_env`."""
    html = render_html(template_name, context, jinja_env=jinja_env, folders=folders)
    font_css, font_files = font_faces(html)
    fetcher = DocumentFetcher(font_files)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    font_config = FontConfiguration()
    fonts = CSS(string=font_css, font_config=font_config, url_fetcher=fetcher)
    try:
        return document.write_pdf(stylesheets=[fonts], font_config=font_config)
    except FatalURLFetchingError as error:  # a BaseException: turn it into an ordinary error
        raise DocumentRenderError(f"{template_name}: {error}") from error
