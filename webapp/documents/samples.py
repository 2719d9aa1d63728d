"""Sample PDFs for the demo's uploaded evidence: small real files that open in any viewer.

Rendered like every document (rendering.py), so the page embeds only the glyphs it prints
(fonts.py) and the PDF comes to about 10 KB.
"""

from __future__ import annotations

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
  @page { size: A4; margin: 25mm; }
  body { font-family: "{{ family }} Document", "{{ family }}", sans-serif; font-size: 12pt; }
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
    context = {"heading": heading, "notice": NOTICE, "family": FAMILY}
    return render_pdf("sample.html", context, jinja_env=_ENVIRONMENT)
