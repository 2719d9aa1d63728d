"""学生实习审批 (§11; 《职业学校学生实习管理规定》, 教职成〔2021〕4号): the application checked against
the rules, the school leader's and the city's review, guardians' consent for minors by one-time
link or paper reply, and the agreements and decision issued as official PDFs."""

from webapp.processes import internship_flow
from webapp.processes.base import DocumentKind, ProcessModule, folder_of
from webapp.services import internship

from . import settings

PROCESS = ProcessModule(
    key="internship_approval",
    validators={"submit_application": internship_flow.validate_application},
    hooks={
        "start_data": internship.settings,
        "rule_context": internship.rule_context,
        "items_created": internship.after_step,
    },
    script_functions=internship_flow.SCRIPT_FUNCTIONS,
    documents={
        "tripartite_agreement": DocumentKind(
            "学生岗位实习三方协议", "documents/tripartite_agreement.html"
        ),
        "approval_decision": DocumentKind("实习备案审批决定", "documents/approval_decision.html"),
        "consent_letter": DocumentKind("监护人知情同意书", "documents/consent_letter.html"),
    },
    event_labels={
        "consent_answered": "监护人答复",
        "consent_link_opened": "生成监护人告知书",
        "blacklist_changed": "修改违法失信单位名单",
    },
    settings=settings.SETTINGS,
    setting_rules=settings.RULES,
    folder=folder_of(__file__),
)
