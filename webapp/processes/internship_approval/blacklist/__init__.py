"""The province's 违法失信单位名单: its fields, file import and use cases (see service)."""
