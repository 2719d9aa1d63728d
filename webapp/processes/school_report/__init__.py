"""办学情况报送: a school's report, reviewed by its city and the province, with returns. The
diagram and its forms say everything; the process needs no rules or hooks of its own."""

from webapp.processes.base import ProcessModule, folder_of

from . import demo

PROCESS = ProcessModule(
    key="school_report",
    case_prefix="BS",
    # the school's own report, or one its city or the province asks of it (naming the school)
    start_roles=("school_staff", "city_official", "provincial_official"),
    demo=demo.load,
    folder=folder_of(__file__),
)
