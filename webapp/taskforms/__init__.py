"""Declarative task forms: JSON Schema + ui hints loaded from forms/, parsed, validated in Chinese.

A form file is forms/<process_key>/<task_id>.json:
    {"title": "市级初审", "description": "...", "schema": {JSON Schema 2020-12, type object},
     "ui": {"order": [...], "fields": {"<name>": {"widget", "help", "placeholder",
            "pattern_message", "messages", "enumNames", "accept", "max_mb", "multiple",
            "min_rows", "columns": {"<column>": {...same hints...}}}}}}
Labels are the properties' "title". Widgets: text, textarea, number, date, select, radio,
checkbox, table (array of objects), file (see uploads.py for the value of a file field).
The widget defaults from the schema: date for format "date", select for enum/oneOf-const,
table for arrays of objects, file for objects. A checkbox that must be ticked is const: true.
Conditional rules are plain JSON Schema (allOf of if/then); their errors land on the field.
Render with the macros in templates/forms/_form.html.
"""

from .camunda import CamundaFormError, camunda_form
from .declared import file_reference, file_values, undeclared_keys
from .definition import FieldDef, FormDef, FormFileError
from .excel_rows import rows_from_xlsx
from .labels import case_fields, option_label
from .loader import load_all_forms, load_form
from .meta import check_forms_cover
from .submission import KEEP_SUFFIX, REMOVE_SUFFIX, parse_submission
from .uploads import HEAD_BYTES, check_upload, put_attachment
from .validation import FORM_ERROR, validate, with_rule_errors

__all__ = [
    "CamundaFormError",
    "FORM_ERROR",
    "HEAD_BYTES",
    "KEEP_SUFFIX",
    "REMOVE_SUFFIX",
    "FieldDef",
    "FormDef",
    "FormFileError",
    "camunda_form",
    "case_fields",
    "file_reference",
    "file_values",
    "check_forms_cover",
    "check_upload",
    "load_all_forms",
    "load_form",
    "option_label",
    "parse_submission",
    "put_attachment",
    "rows_from_xlsx",
    "undeclared_keys",
    "validate",
    "with_rule_errors",
]
