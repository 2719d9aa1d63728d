"""Upload checks (type, size, content) and the stored value of file fields.

A file field's value is {"attachment_id": int, "filename": str}, or a list of them when the ui
says "multiple": true. In the schema, write such a property as {"type": "object", "title": ...}
(or ["object", "null"]); with multiple, {"type": "array", "items": {"type": "object"}}.
The app stores each upload that passes check_upload and puts its value in the data with
put_attachment. Re-displaying a form keeps earlier uploads through the hidden inputs described
in submission.py; their ids come from the browser, so the app checks each reference
(declared.file_reference) against the uploads the user made for the task before saving.
"""

from __future__ import annotations

from collections.abc import Callable

from .definition import DEFAULT_ACCEPT, DEFAULT_MAX_BYTES, FieldDef, FormDef

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy .doc/.xls


def _is_text(head: bytes) -> bool:
    """CSV has no magic bytes: accept UTF-8 or GB18030 text without NULs (Excel exports both)."""
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as exc:
            # the head may end in the middle of a multi-byte character
            if exc.start >= len(head) - 3:
                return True
            continue
        return True
    return False


def _starts_with(*magics: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(magics)


# extension -> (name shown to users, content check on the first bytes)
FILE_KINDS: dict[str, tuple[str, Callable[[bytes], bool]]] = {
    ".pdf": ("PDF", _starts_with(b"%PDF-")),
    ".png": ("PNG 图片", _starts_with(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("JPG 图片", _starts_with(b"\xff\xd8\xff")),
    ".jpeg": ("JPG 图片", _starts_with(b"\xff\xd8\xff")),
    ".docx": ("Word 文档", _starts_with(*_ZIP)),
    ".xlsx": ("Excel 表格", _starts_with(*_ZIP)),
    ".ofd": ("OFD 版式文件", _starts_with(*_ZIP)),
    ".doc": ("Word 文档", _starts_with(*_OLE)),
    ".xls": ("Excel 表格", _starts_with(*_OLE)),
    ".csv": ("CSV 表格", _is_text),
}
HEAD_BYTES = 512  # how much of the file check_upload needs to see


def check_upload(field: FieldDef, filename: str, size: int, head: bytes) -> str | None:
    """A Chinese message saying why the upload is refused, or None when it is acceptable."""
    ref = f"“{field.label}”"
    accept = field.accept or DEFAULT_ACCEPT
    extension = _extension(filename)
    if extension not in accept:
        return f"{ref}只能上传 {'、'.join(accept)} 格式的文件"
    if size <= 0:
        return f"{ref}所选的文件是空的，请重新选择"
    limit = field.max_bytes or DEFAULT_MAX_BYTES
    if size > limit:
        return f"{ref}的文件不能超过 {limit / 1048576:g} MB，所选文件为 {size / 1048576:.1f} MB"
    kind, looks_right = FILE_KINDS.get(extension, (extension, lambda head: False))
    if not looks_right(head):
        return f"{ref}的文件内容不是有效的 {kind}，请检查文件后重新上传"
    return None


def _extension(filename: str) -> str:
    # Old browsers send the full client path ("C:\\fakepath\\a.pdf").
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[1].lower() if "." in base else ""


def put_attachment(form: FormDef, data: dict, name: str, attachment_id: int, filename: str) -> None:
    """Record a stored upload: replaces the value of a single-file field, appends to a multiple."""
    value = {"attachment_id": attachment_id, "filename": filename}
    field = form.field(name)
    if field is None or field.widget != "file":
        raise KeyError(f"{name!r} is not a file field of {form.process_key}/{form.task_id}")
    if field.multiple:
        data[name] = [*data.get(name, []), value]
    else:
        data[name] = value
