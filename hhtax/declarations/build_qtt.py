"""From the year's assessment to the body of 02/CNKD, the PIT finalisation under the income method
(TT 18/2026/TT-BTC Art 5.2, mẫu 02/CNKD-TNCN-QTT; maTKhai 1244, reading OQ-26).

- Part A from the engine's finalisation (`hhtax.tax.income`): revenue, of which sales through
  platforms that withheld the tax (NĐ 117/2025), deductible costs (NĐ 68/2026 Art 6), the rate of
  Law 109/2025/QH15 Art 7.2 and the year's PIT; the PIT the platforms withheld.
- Part B: what is left to pay after the provisional PIT of the quarterly returns and the withheld
  PIT (NĐ 68/2026 Art 10.2.b), under mục/tiểu mục `budget.section.pit`/`budget.sub_item.pit`,
  collected by the household's tax office, due with the return (`deadlines.finalisation`).
- Part C: what was overpaid, offset against other periods or refunded as the profile says
  (`[overpayment]`; Law 38/2019/QH14 Art 60), the bank details from the profile.
"""

from __future__ import annotations

from hhtax.declarations.model_qtt import QttBody, QttPayment, Refund
from hhtax.errors import DeclarationError, Problem
from hhtax.model import Household
from hhtax.rules import RuleBook
from hhtax.tax.assessment import Assessment

FINALISATION = "02/CNKD-TNCN-QTT"  # the engine's name of the form (TT 18/2026 form list)

# Names of the budget index entries (Mục lục NSNN) whose codes the rule pack holds.
SECTION_NAMES = {"1000": "Thuế thu nhập cá nhân"}
SUB_ITEM_NAMES = {"1003": "Thuế thu nhập từ hoạt động sản xuất, kinh doanh của cá nhân"}


def qtt_body(household: Household, assessment: Assessment, rules: RuleBook) -> QttBody:
    """02/CNKD [11]–[28] for the year of `assessment` (income method)."""
    from hhtax.tax.deadlines import due_date

    final = assessment.finalisation_due
    if assessment.income_rate is None or assessment.deductible_costs is None or final is None:
        raise DeclarationError([Problem("filing", f"{assessment.period}: the finalisation needs the income "
                                        "method's figures (deductible costs and rate)")])
    on = assessment.period.end
    platform_revenue = sum(line.withheld_revenue for line in assessment.lines)
    due = final.value  # PIT − provisional PIT − PIT withheld by platforms (NĐ 68/2026 Art 10.2.b)
    payments: tuple[QttPayment, ...] = ()
    if due > 0:
        section = str(rules.value("budget.section.pit", on))
        sub_item = str(rules.value("budget.sub_item.pit", on))
        payments = (QttPayment(
            amount=due, section=section, section_name=SECTION_NAMES.get(section, ""), sub_item=sub_item,
            sub_item_name=SUB_ITEM_NAMES.get(sub_item, ""), collector=household.tax_office.name,
            due=due_date(household, assessment.period, FINALISATION, rules)),)
    body = QttBody(revenue=assessment.revenue.value, costs=assessment.deductible_costs.value,
                   rate=assessment.income_rate, pit=assessment.pit.value, platform_revenue=platform_revenue,
                   platform_pit=assessment.withheld_pit, payments=payments)
    overpaid = max(-due, 0)
    if not overpaid:
        return body
    choice = household.overpayment
    if choice.handling == "offset":
        return QttBody(**{**body.__dict__, "offset": overpaid})
    return QttBody(**{**body.__dict__, "refund": _refund(household, overpaid)})


def _refund(household: Household, amount: int) -> Refund:
    """Part C [26]–[27.10]: by transfer to the profile's account (else the first bank account), or cash."""
    choice = household.overpayment
    if choice.method == "cash":
        return Refund(amount=amount, transfer=False, receiver=choice.receiver or household.name,
                      id_number=choice.id_number, id_date=choice.id_date, id_place=choice.id_place,
                      treasury=choice.treasury)
    number, holder, bank = choice.account_number, choice.account_holder, choice.bank
    if not number:
        bank_accounts = [acc for acc in household.accounts if acc.kind == "bank"]
        if not bank_accounts:
            raise DeclarationError([Problem(
                "overpayment", "a refund by transfer needs a bank account: set [overpayment] account_number "
                "(or add one to [[accounts]]), or choose handling = \"offset\" or method = \"cash\"")])
        number, holder, bank = bank_accounts[0].number, bank_accounts[0].holder, bank_accounts[0].provider
    return Refund(amount=amount, holder=holder or household.name, account=number, bank=bank)
