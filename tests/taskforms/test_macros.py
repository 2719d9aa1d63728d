"""The render_fields macro: labels, kept values, errors beside their fields, escaping."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from webapp.taskforms import parse_submission, validate


class Elements(HTMLParser):
    """Every start tag of a page as (tag, attributes), to look elements up by id or name."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def one(self, **wanted) -> tuple[str, dict]:
        hits = [(t, a) for t, a in self.found if all(a.get(k) == v for k, v in wanted.items())]
        assert len(hits) == 1, (wanted, hits)
        return hits[0]


FILLED = {
    "decision": "return",
    "reason": "材料不全",
    "school_name": "沈阳市<职业>学校",
    "enrolled": "12x",
    "level": "B",
    "promise": True,
    "start_date": "2026-03-15",
    "students": [{"name": "张三", "id_number": "123", "grade": 2, "boarding": True}],
    "evidence": {"attachment_id": 7, "filename": "报告.pdf"},
}


def test_labels_required_marks_and_help(render, review_form):
    html = render(review_form)
    for label in ("结论", "退回理由", "学生名单", "佐证材料", "在校生人数", "姓名", "身份证号"):
        assert label in html
    assert '<label for="f-school_name">名称<span class="required">必填</span></label>' in html
    assert '<label for="f-enrolled">在校生人数</label>' in html
    assert '<label for="f-promise">已核实材料真实<span class="required">必填</span>' in html
    assert '<p class="help" id="f-reason-help">退回时必须填写理由</p>' in html


def test_every_label_and_description_points_to_an_existing_id(render, review_form):
    html = render(review_form, FILLED, validate(review_form, FILLED))
    page = Elements(html)
    ids = [a["id"] for _, a in page.found if "id" in a]
    assert len(ids) == len(set(ids))
    for _, attrs in page.found:
        for target in [attrs.get("for"), *attrs.get("aria-describedby", "").split()]:
            assert target is None or target in ids or f'id="{target}"' in html, target


def test_values_are_kept(render, review_form):
    page = Elements(render(review_form, FILLED))
    assert page.one(id="f-school_name")[1]["value"] == "沈阳市<职业>学校"
    assert page.one(id="f-enrolled")[1]["value"] == "12x"
    _, start_date = page.one(id="f-start_date")
    assert (start_date["type"], start_date["value"]) == ("date", "2026-03-15")
    assert "checked" in page.one(id="f-decision-1")[1]
    assert "checked" not in page.one(id="f-decision-0")[1]
    assert "checked" in page.one(id="f-promise")[1]
    assert page.one(id="f-students-0-name")[1]["value"] == "张三"
    assert "checked" in page.one(id="f-students-0-boarding")[1]
    assert "材料不全</textarea>" in render(review_form, FILLED)


def test_select_has_empty_first_option_and_keeps_choice(render, review_form):
    html = render(review_form, FILLED)
    assert '<option value="">请选择</option>\n  <option value="A">一级</option>\n' in html
    assert '<option value="B" selected>二级</option>' in html
    assert '<option value="2" selected>二年级</option>' in html  # integer enum in a cell


def test_table_shows_rows_plus_one_empty_and_add_button(render, review_form):
    page = Elements(render(review_form, FILLED))
    assert page.one(name="students-0-name")[1]["value"] == "张三"
    assert page.one(name="students-1-name")[1]["value"] == ""
    assert not [a for _, a in page.found if a.get("name") == "students-2-name"]
    assert page.one(**{"data-action": "add-row"})[1]["class"] == "row-add"
    assert page.one(id="f-students-1-grade")[1]["aria-label"] == "学生名单第 2 行：年级"


def test_empty_table_shows_min_rows(render, review_form):
    page = Elements(render(review_form))
    assert page.one(name="students-0-name")
    assert not [a for _, a in page.found if a.get("name") == "students-1-name"]


def test_errors_next_to_fields_and_cells(render, review_form):
    errors = validate(review_form, FILLED)
    html = render(review_form, FILLED, errors)
    assert '<p class="field-error" id="f-enrolled-error">“在校生人数”必须是整数</p>' in html
    cell_error = "“学生名单”第 1 行的“身份证号”的格式不正确"
    assert f'<p class="field-error" id="f-students-0-id_number-error">{cell_error}</p>' in html
    _, enrolled = Elements(html).one(id="f-enrolled")
    assert enrolled["aria-describedby"] == "f-enrolled-error"
    assert enrolled["aria-invalid"] == "true"


def test_form_level_error_is_shown(render, review_form):
    html = render(review_form, {}, {"_form": "请刷新"})
    assert '<div class="form-error error-summary" role="alert" tabindex="-1"><p>请刷新</p>' in html


def test_an_error_summary_at_the_top_links_to_each_field(render, review_form):
    errors = validate(review_form, FILLED)
    html = render(review_form, FILLED, errors)
    summary = html[html.index("error-summary") : html.index("</div>", html.index("error-summary"))]
    assert f"请修改以下 {len(errors)} 处后重新提交" in summary
    assert '<a href="#f-enrolled">“在校生人数”必须是整数</a>' in summary
    assert 'href="#f-students"' in summary  # a cell's error goes to its table
    assert html.index("error-summary") < html.index('id="f-enrolled"')  # above the fields


def test_date_that_failed_is_shown_as_typed(render, review_form):
    values = {"start_date": "2026-02-30"}
    page = Elements(render(review_form, values, validate(review_form, values)))
    assert page.one(id="f-start_date")[1]["type"] == "text"
    assert page.one(id="f-start_date")[1]["value"] == "2026-02-30"


def test_uploaded_file_is_shown_and_kept(render, review_form):
    html = render(review_form, FILLED, attachment_url=lambda i: f"/attachments/{i}")
    assert '<a href="/attachments/7">报告.pdf</a>' in html
    _, keep = Elements(html).one(name="evidence__keep")
    assert keep["type"] == "hidden"
    # What the page carries comes back unchanged through parse_submission.
    data = parse_submission(review_form, _Posted({"evidence__keep": [keep["value"]]}))
    assert data["evidence"] == FILLED["evidence"]
    assert Elements(html).one(id="f-evidence")[1]["accept"] == ".pdf,.jpg,.png,.jpeg"


def test_user_data_is_escaped(render, review_form):
    evil = "<script>alert(1)</script>"
    values = {
        **FILLED,
        "reason": evil,
        "school_name": evil,
        "students": [{"name": evil}],
        "evidence": {"attachment_id": 7, "filename": evil + "'.pdf"},
    }
    html = render(review_form, values, {"reason": evil})
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    _, keep = Elements(html).one(name="evidence__keep")
    assert json.loads(keep["value"])["filename"] == evil + "'.pdf"


class _Posted:
    def __init__(self, lists):
        self.lists = lists

    def get(self, key, default=None):
        return (self.lists.get(key) or [default])[0]

    def getlist(self, key):
        return self.lists.get(key, [])
