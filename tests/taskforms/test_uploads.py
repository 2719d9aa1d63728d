"""check_upload and the helpers for the stored value of file fields."""

from __future__ import annotations

import pytest

from webapp.taskforms import check_upload, file_reference, file_values, load_form, put_attachment

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
ZIP = b"PK\x03\x04\x14\x00\x06\x00"


@pytest.fixture
def evidence(review_form):
    return review_form.field("evidence")


@pytest.mark.parametrize(
    ("filename", "head"), [("报告.pdf", PDF), ("扫描.PDF", PDF), ("a.png", PNG), ("b.JPEG", JPG)]
)
def test_accepts_matching_files(evidence, filename, head):
    assert check_upload(evidence, filename, 2048, head) is None


def test_refuses_extension_not_in_accept(evidence):
    message = check_upload(evidence, "setup.exe", 2048, b"MZ")
    assert message == "“佐证材料”只能上传 .pdf、.jpg、.png、.jpeg 格式的文件"
    assert check_upload(evidence, "no_extension", 2048, PDF) == message


def test_refuses_too_big_file(evidence):
    message = check_upload(evidence, "a.pdf", 12 * 1024 * 1024 + 1, PDF)
    assert message == "“佐证材料”的文件不能超过 10 MB，所选文件为 12.0 MB"
    assert check_upload(evidence, "a.pdf", 10 * 1024 * 1024, PDF) is None


def test_refuses_empty_file(evidence):
    assert check_upload(evidence, "a.pdf", 0, b"") == "“佐证材料”所选的文件是空的，请重新选择"


@pytest.mark.parametrize(
    ("filename", "head", "kind"),
    [("假.pdf", b"<html><script>", "PDF"), ("a.png", JPG, "PNG 图片"), ("a.jpg", PDF, "JPG 图片")],
)
def test_refuses_content_that_does_not_match_extension(evidence, filename, head, kind):
    message = check_upload(evidence, filename, 2048, head)
    assert message == f"“佐证材料”的文件内容不是有效的 {kind}，请检查文件后重新上传"


def test_office_and_csv_files(write_form):
    form = {
        "title": "名单",
        "schema": {"type": "object", "properties": {"list": {"type": "object", "title": "名单"}}},
        "ui": {"fields": {"list": {"widget": "file", "accept": ["xlsx", ".docx", ".csv"]}}},
    }
    field = load_form(write_form(form), "proc", "task").field("list")
    assert check_upload(field, "名单.xlsx", 100, ZIP) is None
    assert check_upload(field, "说明.docx", 100, ZIP) is None
    assert check_upload(field, "说明.docx", 100, PDF) is not None
    assert check_upload(field, "名单.csv", 100, "姓名,学号\n张三,1".encode("gb18030")) is None
    assert check_upload(field, "名单.csv", 100, "姓名,学号\n".encode()) is None
    assert check_upload(field, "名单.csv", 100, PNG) is not None


def test_windows_path_in_filename(evidence):
    assert check_upload(evidence, "C:\\fakepath\\报告.pdf", 100, PDF) is None


def test_put_attachment_replaces_single_and_appends_multiple(review_form):
    data = {}
    put_attachment(review_form, data, "evidence", 1, "a.pdf")
    put_attachment(review_form, data, "evidence", 2, "b.pdf")
    put_attachment(review_form, data, "photos", 3, "c.jpg")
    put_attachment(review_form, data, "photos", 4, "d.jpg")
    assert data["evidence"] == {"attachment_id": 2, "filename": "b.pdf"}
    assert [p["attachment_id"] for p in data["photos"]] == [3, 4]
    ids = [
        file_reference(value)
        for field in review_form.fields()
        if field.widget == "file"
        for value in file_values(field, data.get(field.name))
    ]
    assert ids == [2, 3, 4]


def test_put_attachment_refuses_non_file_field(review_form):
    with pytest.raises(KeyError):
        put_attachment(review_form, {}, "reason", 1, "a.pdf")
