"""Cash and bank books: S6-HKD (cash) and S7-HKD (one part per bank account) of TT 88/2021, and
S2e-HKD of TT 152/2025 Art 6 (part "Tiền mặt", then "Tiền gửi không kỳ hạn" per bank or e-wallet
account). Each part: opening balance, receipts, payments, closing = opening + in − out.

A journal entry moves money by its `payment` account (`cash`, `bank`, `bank:<id>`; `credit` moves
none): sales, capital and the receiving side of a transfer come in; returns, purchases, expenses,
wages, tax payments, drawings and the sending side of a transfer go out. A platform sale brings in
the amount less the tax the platform withheld (ND 117/2025). Cash below zero is a warning.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import date
from functools import partial

from hhtax.books.common import RowMaker, daily_caption, daily_groups, day_before, describe_stored, make_book
from hhtax.books.context import BuildContext
from hhtax.books.model import Book, Row, RowSource, RowStyle, Section
from hhtax.books.scan import as_date, daily_sums, scan
from hhtax.model import EntryKind, Household
from hhtax.money import format_vnd

CASH = "cash"
_IN_KINDS = frozenset({EntryKind.SALE.value, EntryKind.CAPITAL.value})
_OUT_KINDS = frozenset({EntryKind.SALE_RETURN.value, EntryKind.PURCHASE.value, EntryKind.EXPENSE.value,
                        EntryKind.WAGE.value, EntryKind.TAX_PAYMENT.value, EntryKind.DRAWING.value})
_TRANSFER = EntryKind.TRANSFER.value
_OPENING = EntryKind.OPENING.value
_DAILY_KINDS = (*sorted(_IN_KINDS | _OUT_KINDS), _TRANSFER)
DayFlow = tuple[str, tuple[int, int]]  # (stored date, (in, out))
_COLUMNS = ("date", "kind", "amount", "doc", "description", "item", "payment", "transfer_to",
            "withheld_vat", "withheld_pit")


def flows(kind: str, amount: int, item: str, withheld: int) -> tuple[int, int] | None:
    """(in, out) of the entry's `payment` account, from stored values; None if it moves no money."""
    if kind == _TRANSFER or kind in _OUT_KINDS:
        return 0, amount
    if kind in _IN_KINDS:
        return amount - withheld, 0
    if kind == _OPENING and not item:
        return amount, 0
    return None


def money_accounts(household: Household, kinds: list[str], caption: str) -> list[tuple[str, str]]:
    """(account key, caption) of the parts of a money book, cash first, then each bank account;
    `caption` formats an account's ({what}, {number}, {provider})."""
    parts: list[tuple[str, str]] = []
    if CASH in kinds:
        parts.append((CASH, "Tiền mặt"))
    if "bank" in kinds:
        for account in household.accounts:
            what = "Ví điện tử" if account.kind == "ewallet" else "Tài khoản"
            text = caption.format(what=what, number=account.number, provider=account.provider or "…")
            parts.append((f"bank:{account.id}", text))
        if not household.accounts:
            parts.append(("bank", "Tài khoản ngân hàng"))
    return parts


def opening_balances(ctx: BuildContext, before: date) -> dict[str, int]:
    """Balance of every money account at the end of the day before `before` (from the daily sums:
    one GROUP BY on a SQLite ledger, however long the journal before the period)."""
    return {account: sum(money_in - money_out for _day, (money_in, money_out) in moves)
            for account, moves in daily_flows(ctx, None, day_before(before)).items()}


def _account_rows(ctx: BuildContext, account: str) -> Iterator[tuple[date, str, str, int, int]]:
    """(date, doc, description, in, out) of the entries that move `account`, in journal order."""
    period = ctx.period
    rows = scan(ctx.ledger, period.start, period.end, _COLUMNS,
                match_any={"payment": [account], "transfer_to": [account]})
    out_kinds = _OUT_KINDS | {_TRANSFER}  # `flows`, inlined: this loop runs once per entry
    for stored_day, kind, amount, doc, text, item, payment, transfer_to, vat, pit in rows:
        when = as_date(stored_day)
        if not text:
            text = describe_stored(kind, text, item)
        if payment == account:
            if kind in out_kinds:
                yield when, doc, text, 0, amount
            elif kind in _IN_KINDS:
                yield when, doc, text, amount - vat - pit, 0
            elif kind == _OPENING and not item:
                yield when, doc, text, amount, 0
        if kind == _TRANSFER and transfer_to == account:
            yield when, doc, text, amount, 0


def daily_flows(ctx: BuildContext, start: date | None, end: date) -> dict[str, list[DayFlow]]:
    """Per money account, (stored date, (in, out)) per day, kind and counter-account of the entries
    of start…end moving it, date-ordered: one GROUP BY for every account on a SQLite ledger, and
    the opening entries read one by one."""
    sums = daily_sums(ctx.ledger, start, end, ("kind", "payment", "transfer_to"),
                      ("amount", "withheld_vat", "withheld_pit"), {"kind": _DAILY_KINDS})
    paid: dict[str, list[DayFlow]] = {}
    received: dict[str, list[DayFlow]] = {}
    for stored_day, kind, payment, transfer_to, amount, vat, pit in sums:
        moved = flows(kind, amount, "", vat + pit)
        if moved is not None and payment != "credit":  # bought or sold on credit: no money moves
            paid.setdefault(payment, []).append((stored_day, moved))
        if kind == _TRANSFER:
            received.setdefault(transfer_to, []).append((stored_day, (amount, 0)))
    openings: dict[str, list[DayFlow]] = {}
    for stored_day, kind, amount, item, payment in scan(ctx.ledger, start, end,
                                                        ("date", "kind", "amount", "item", "payment"),
                                                        {"kind": [_OPENING]}):
        moved = flows(kind, amount, item, 0)
        if moved is not None:
            openings.setdefault(payment, []).append((stored_day, moved))
    accounts = {*paid, *received, *openings}
    return {account: list(heapq.merge(paid.get(account, []), received.get(account, []),
                                      openings.get(account, []), key=lambda f: f[0]))
            for account in accounts}


def build_money(ctx: BuildContext) -> Book:
    layout = ctx.layout
    make = RowMaker(layout)
    period = ctx.period
    balance_key: str = layout.data["balance_column"]
    running = make.has("balance")
    warnings: list[str] = []
    openings: dict[str, int] = {}

    def opening(account: str) -> int:
        if not openings:
            openings.update(opening_balances(ctx, period.start))
            openings.setdefault("", 0)
        return openings.get(account, 0)

    days: dict[str, list[DayFlow]] = {}

    def daily(account: str) -> Iterator[tuple[date, str, str, int, int]]:
        if not days:  # every account's daily sums at once (a few rows a day), kept for the build
            days.update(daily_flows(ctx, period.start, period.end))
            days.setdefault("", [])
        moves = ((as_date(stored_day), "", moved) for stored_day, moved in days.get(account, []))
        for day, _key, (money_in, money_out) in daily_groups(moves, lambda a, b: (a[0] + b[0], a[1] + b[1])):
            yield day, "", daily_caption(day, "Thu, chi"), money_in, money_out

    entry = make.builder("date", "doc_date", "doc", "receipt_no", "payment_no", "description", "in", "out",
                         "balance")

    def rows(account: str, caption: str) -> Iterator[Row]:
        balance = opening(account)
        yield make(RowStyle.OPENING, description="Số dư đầu kỳ", **{balance_key: balance})
        total_in = total_out = 0
        watch = account == CASH  # until the first negative cash balance, which is warned about once
        moves = daily(account) if ctx.daily else _account_rows(ctx, account)
        for day, doc, text, money_in, money_out in moves:
            total_in += money_in
            total_out += money_out
            balance += money_in - money_out
            if balance < 0 and watch:
                watch = False
                warnings.append(f"negative cash balance on {day:%d/%m/%Y}: {format_vnd(balance)} đồng "
                                f"({caption})")
            yield entry(day, day, doc, doc if money_in else "", "" if money_in else doc, text,
                        money_in or None, money_out or None, balance if running else None)
        yield make(RowStyle.TOTAL, description="Cộng phát sinh trong kỳ",
                   **{"in": total_in, "out": total_out})
        yield make(RowStyle.CLOSING, description="Số dư cuối kỳ", **{balance_key: balance})

    titles = {CASH: layout.data["cash_title"], "bank": layout.data["bank_title"]}
    sections = []
    parts = money_accounts(ctx.household, layout.data["accounts"], layout.data["account_caption"])
    for account, caption in parts:
        prefix = titles[CASH if account == CASH else "bank"]
        title = caption if not prefix else (prefix if account == CASH else f"{prefix}: {caption}")
        sections.append(Section(title, RowSource(partial(rows, account, caption))))
    return make_book(layout, ctx.household, period, sections, warnings)
