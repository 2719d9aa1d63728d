"""公示异议: an objection the public lodged against a publication (webapp/publicity) becomes a
case for the province, which checks it and answers within a deadline (setting
publicity.objection_days). Only the province sees the objector's name and contact."""

from webapp.processes.base import Panel, ProcessModule, folder_of

from .panel import PANEL, objection_panel

PROCESS = ProcessModule(
    key="publicity_objection",
    case_prefix="YY",
    hooks={"case_title": lambda data, _school: f"公示异议－{data.get('publication_title', '')}"},
    data_labels={"publication_title": "公示事项"},
    started_by_process="公示异议由公众在公示页面提出，不能在此发起。",
    panels=[Panel("case", PANEL, objection_panel), Panel("task", PANEL, objection_panel)],
    folder=folder_of(__file__),
)
