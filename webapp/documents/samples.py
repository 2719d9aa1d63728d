"""Sample PDFs for the demo's uploaded evidence: small real files that open in any viewer.

WeasyPrint keeps every glyph id of the fonts it embeds, so a page set in the installed Noto CJK
weighs over 100 KB whatever its length; here the page gets its own font, cut down by fontTools
to the characters it prints and passed as a data: URI (the only kind rendering allows), and the
PDF comes to about 10 KB. Without fc-match or that font the page is set in the installed fonts.
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
from functools import lru_cache

from jinja2 import DictLoader, Environment, select_autoescape

FAMILY = "Noto Sans CJK SC"
NOTICE = "本文件为演示数据自动生成的样例，仅用于演示材料的上传与查看，不是真实材料。"
# Marked 演示 in its title and its text, so nobody mistakes it for real evidence.
_SAMPLE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{{ heading }}</title>
<style>
  {% if font %}@font-face { font-family: "Sample {{ family }}"; src: url({{ font }}); }{% endif %}
  @page { size: A4; margin: 25mm; }
  body { font-family: "Sample {{ family }}", "{{ family }}", sans-serif; font-size: 12pt; }
  h1 { font-size: 20pt; font-weight: normal; text-align: center; }
</style>
</head>
<body>
<h1>{{ heading }}</h1>
<p>{{ notice }}</p>
</body>
</html>
"""
_ENVIRONMENT = Environment(
    loader=DictLoader({"sample.html": _SAMPLE}), autoescape=select_autoescape(default=True)
)


@lru_cache(maxsize=16)
def sample_pdf(title: str) -> bytes:
    """A one-page PDF headed "<title>（演示）", e.g. sample_pdf("自查报告")."""
    from .rendering import render_pdf  # WeasyPrint loads on first use (see the package docstring)

    heading = f"{title}（演示）"
    context = {
        "heading": heading,
        "notice": NOTICE,
        "family": FAMILY,
        "font": _font_uri(heading + NOTICE),
    }
    return render_pdf("sample.html", context, jinja_env=_ENVIRONMENT)


def _font_uri(text: str) -> str | None:
    """The installed FAMILY cut down to `text`'s characters, as a data: URI; None when the
    family is not installed or lacks one of them."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    found = _font_file()
    if found is None:
        return None
    path, index = found
    font = TTFont(path, fontNumber=index)
    if not set(map(ord, text)) <= set(font.getBestCmap()):
        return None
    options = subset.Options(desubroutinize=True, hinting=False, layout_features=[])
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    body = io.BytesIO()
    font.save(body)
    return "data:font/otf;base64," + base64.b64encode(body.getvalue()).decode("ascii")


def _font_file() -> tuple[str, int] | None:
    """Where fontconfig keeps FAMILY: the file and the face's index in a .ttc collection."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    answer = subprocess.run(
        [fc_match, "-f", "%{family}\t%{file}\t%{index}", f"{FAMILY}:lang=zh-cn"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    families, _, rest = answer.partition("\t")
    path, _, index = rest.partition("\t")
    if FAMILY not in families.split(",") or not path or not index.isdigit():
        return None
    return path, int(index)
