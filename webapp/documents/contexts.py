"""What each document template expects: plain data (str, int, Decimal, date, lists, dicts).

Every template also receives, from `issuing.issue()` (pass them yourself only to preview a
document with `render_pdf`):

- `issuer`: str, who issues it (row column `issuer`), printed in the signature.
- `doc_number`: str, 文号 such as "沈教职成备〔2026〕12号" or the agreement's number; may be "".
- `issued_on`: date, the local (TIMEZONE setting) issue date, printed as 2026年3月15日.
- `verification`: `Verification`, the code and QR printed in the footer of page 1; a
  preview without it prints no verification block.

Dates are `datetime.date`; sums of money are numbers (int, Decimal or numeric str) in yuan. A
date or sum that is None (or "") prints as a blank to fill in by hand ("　　年　　月　　日");
a key that is missing altogether stops rendering (StrictUndefined). Text from users may contain
anything (`<`, `&`): templates escape it.

Each process declares its documents' kinds and templates (ProcessModule.documents) and, beside
them, the context each of its templates expects (its document_contexts.py).
"""

from __future__ import annotations

from typing import TypedDict


class Verification(TypedDict):
    code: str  # e.g. "7KQ2M9XRTB4H"
    url: str  # absolute: https://host/verify/7KQ2M9XRTB4H
    qr: str  # data: URI of the QR code of `url`


class School(TypedDict):
    name: str
    address: str
    contact: str  # staff member responsible (an adult employee)
    phone: str
