"""Fee pages: the bill with its lines and payments, bill generation, arrears, receipts
(printable page and PDF), the revenue ledger and the public list of fee standards."""

from __future__ import annotations

import io
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views import View

from parkops.core import clock
from parkops.core.models import Enterprise, Park
from parkops.core.scope import ADD, CHANGE, VIEW, can, can_write_model
from parkops.core.views import protection_of
from parkops.fees import forms, selectors, services
from parkops.fees.models import Bill, FeeStandard, Payment, RevenueEntry


def current_park(request) -> Park:
    from parkops.investment.views import current_park as pick

    return pick(request)


class BillDetailView(LoginRequiredMixin, View):
    """A bill: its lines (each naming its standard or lease), payments and receipts; staff
    add lines to a draft, issue it and record payments."""

    def get_bill(self, request, pk) -> Bill:
        qs = Bill.objects.restrict(request.user, VIEW).select_related("enterprise", "park")
        return get_object_or_404(qs, pk=pk)

    def render(self, request, bill, line_form=None, payment_form=None):
        can_change = can(request.user, CHANGE, bill)
        return render(
            request,
            "fees/bill_detail.html",
            {
                "bill": bill,
                "lines": bill.lines.select_related("standard", "lease"),
                "payments": bill.payments.select_related("received_by"),
                "can_change": can_change,
                "line_form": line_form or forms.BillLineForm(bill=bill, user=request.user),
                "payment_form": payment_form or forms.PaymentForm(initial={"amount": bill.outstanding}),
            },
        )

    def get(self, request, pk):
        return self.render(request, self.get_bill(request, pk))

    @staticmethod
    def form_shown(bill: Bill, action: str) -> bool:
        """Whether the page shows this action's form for the bill's state (as the template
        does): errors of a form that is not shown are told as a message instead."""
        if action == "line":
            return bill.status == Bill.Status.DRAFT
        return bill.status != Bill.Status.DRAFT and bill.outstanding > 0

    def post(self, request, pk):
        bill = self.get_bill(request, pk)
        if not can(request.user, CHANGE, bill):
            raise PermissionDenied
        action = request.POST.get("action")
        if action in ("line", "pay") and not self.form_shown(bill, action):
            # A form posted from a page that no longer shows it (the bill was issued or paid
            # meanwhile): say why nothing changed instead of answering a page without the form.
            if action == "line":
                messages.error(request, gettext("账单已出账，不能再修改明细"))
            elif bill.status == Bill.Status.DRAFT:
                messages.error(request, gettext("草稿账单尚未出账，不能收款"))
            else:
                messages.error(request, gettext("账单已缴清，无需再收款"))
            return redirect(bill.get_absolute_url())
        try:
            if action == "line":
                form = forms.BillLineForm(request.POST, bill=bill, user=request.user)
                if not form.is_valid():
                    return self.render(request, bill, line_form=form)
                try:
                    services.add_line(bill=bill, by=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    bill.refresh_from_db()
                    if not self.form_shown(bill, "line"):
                        raise  # the page no longer shows the form: told as a message below
                    for field, errors in (
                        exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                    ).items():
                        for error in errors:
                            form.add_error(field if field in form.fields else None, error)
                    return self.render(request, bill, line_form=form)
                messages.success(request, gettext("已添加账单明细"))
            elif action == "issue":
                services.issue_bill(bill=bill, by=request.user)
                messages.success(request, gettext("账单已出账"))
            elif action == "pay":
                form = forms.PaymentForm(request.POST)
                if not form.is_valid():
                    return self.render(request, bill, payment_form=form)
                try:
                    payment = services.record_payment(bill=bill, by=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    bill.refresh_from_db()
                    if not self.form_shown(bill, "pay"):
                        raise  # the page no longer shows the form: told as a message below
                    for field, errors in (
                        exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                    ).items():
                        for error in errors:
                            form.add_error(field if field in form.fields else None, error)
                    return self.render(request, bill, payment_form=form)
                messages.success(
                    request,
                    gettext("已收款 %(amount)s 元，收据 %(receipt_no)s")
                    % {"amount": payment.amount, "receipt_no": payment.receipt_no},
                )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(bill.get_absolute_url())


class GenerateBillsView(LoginRequiredMixin, View):
    def check(self, request):
        if not can_write_model(request.user, Bill, ADD):
            raise PermissionDenied

    def get(self, request):
        self.check(request)
        park = current_park(request)
        form = forms.GenerateBillsForm(user=request.user, park=park, initial={"period": clock.localdate()})
        return render(request, "fees/generate.html", {"form": form, "park": park})

    def post(self, request):
        self.check(request)
        park = current_park(request)
        form = forms.GenerateBillsForm(request.POST, user=request.user, park=park)
        if not form.is_valid():
            return render(request, "fees/generate.html", {"form": form, "park": park})
        period = form.cleaned_data["period"].replace(day=1)
        from parkops.investment.models import Lease

        if form.cleaned_data["enterprise"]:
            targets = [form.cleaned_data["enterprise"]]
        else:
            ids = Lease.objects.filter(park=park, start__lte=period, end__gte=period).values("enterprise")
            targets = list(Enterprise.objects.filter(pk__in=ids, status=Enterprise.Status.RESIDENT))
        made, skipped = 0, []
        for enterprise in targets:
            try:
                bill = services.generate_bill(enterprise=enterprise, period=period, by=request.user)
                if form.cleaned_data["issue"] and bill.lines.exists():
                    services.issue_bill(bill=bill, by=request.user)
                made += 1
            except ValidationError as exc:
                skipped.append(f"{enterprise}：{'；'.join(exc.messages)}")
        messages.success(
            request,
            gettext("已生成 %(made)s 张 %(period)s 账单") % {"made": made, "period": format(period, "%Y-%m")}
            + (gettext("，跳过 %(count)s 家") % {"count": len(skipped)} if skipped else ""),
        )
        for line in skipped[:5]:
            messages.warning(request, line)
        return redirect(
            reverse("fees:bill_list") + f"?period_from={period:%Y-%m-%d}&period_to={period:%Y-%m-%d}"
        )


class ArrearsView(LoginRequiredMixin, View):
    def get(self, request):
        bills = selectors.arrears(Bill.objects.restrict(request.user, VIEW)).select_related("enterprise")
        today = clock.localdate()
        rows = [{"bill": b, "days": (today - b.due_on).days} for b in bills]
        total = sum((b.outstanding for b in bills), 0)
        protection = protection_of(request)
        sees = protection.sees("fees.Bill.total") and protection.sees("fees.Bill.paid")
        return render(
            request,
            "fees/arrears.html",
            {"rows": rows, "total": total if sees else None, "sees_amounts": sees},
        )


class ReceiptView(LoginRequiredMixin, View):
    """A printable receipt for one payment; ``?format=pdf`` gives the same as a PDF."""

    def get(self, request, pk):
        payment = get_object_or_404(
            Payment.objects.restrict(request.user, VIEW).select_related(
                "bill__enterprise", "bill__park", "received_by"
            ),
            pk=pk,
        )
        if request.GET.get("format") == "pdf":
            return receipt_pdf(payment, protection_of(request))
        return render(request, "fees/receipt.html", {"payment": payment, "bill": payment.bill})


def receipt_pdf(payment: Payment, protection) -> HttpResponse:
    from reportlab.lib.pagesizes import A5, landscape
    from reportlab.pdfgen import canvas

    from parkops.core.pdf import cjk_font

    font = cjk_font()  # embedded: readable without any font installed
    buffer = io.BytesIO()
    page = landscape(A5)
    pdf = canvas.Canvas(buffer, pagesize=page)
    bill = payment.bill
    width, height = page
    pdf.setFont(font, 18)
    pdf.drawCentredString(width / 2, height - 50, f"{bill.park.name} 收款收据")
    pdf.setFont(font, 11)
    rows = [
        ("收据编号", payment.receipt_no),
        ("缴费企业", bill.enterprise.name),
        ("账单", f"{bill.number}（{bill.period:%Y年%m月}）"),
        ("金额（元）", f"{payment.amount}" if protection.sees("fees.Payment.amount") else "—"),
        ("缴费方式", payment.get_method_display()),
        ("流水号", (payment.reference or "—") if protection.sees("fees.Payment.reference") else "—"),
        ("缴费日期", f"{payment.paid_on:%Y-%m-%d}"),
        ("收款人", str(payment.received_by or "—")),
    ]
    y = height - 90
    for label, value in rows:
        pdf.drawString(60, y, f"{label}：{value}")
        y -= 22
    pdf.drawString(60, 40, f"运营机构：{bill.park.operator.name}")
    pdf.showPage()
    pdf.save()
    response = HttpResponse(buffer.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{payment.receipt_no}.pdf"'
    return response


class RevenueView(LoginRequiredMixin, View):
    """The revenue ledger by business line over the last 12 months, with the stability rule."""

    def get(self, request):
        if getattr(request.user, "role", "") == "tenant" and not request.user.is_superuser:
            raise PermissionDenied
        if not protection_of(request).sees("fees.RevenueEntry.amount"):
            # Every figure of the page is a sum of money held 重要数据.
            raise PermissionDenied(gettext("无权查看：超出可查看的数据级别"))
        park = current_park(request)
        months, lines = selectors.revenue_stability(park, clock.localdate())
        stable = [x for x in lines if x.stable]
        figures = selectors.monthly_figures(
            park,
            months,
            bills=Bill.objects.restrict(request.user, VIEW),
            payments=Payment.objects.restrict(request.user, VIEW),
            entries=RevenueEntry.objects.restrict(request.user, VIEW),
        )
        return render(
            request,
            "fees/revenue.html",
            {
                "park": park,
                "parks": Park.objects.restrict(request.user, VIEW).order_by("code"),
                "months": months,
                "figures": figures,
                "totals": {
                    key: sum((getattr(f, key) for f in figures), Decimal("0"))
                    for key in ("billed", "collected", "revenue")
                },
                "chart": {
                    "months": [f"{f.month:%Y-%m}" for f in figures],
                    "billed": [str(f.billed) for f in figures],
                    "collected": [str(f.collected) for f in figures],
                },
                "lines": lines,
                "stable": len(stable),
                "rule_lines": selectors.STABLE_LINES,
                "rule_months": selectors.STABLE_MONTHS,
                "can_roll_up": can_write_model(request.user, RevenueEntry, ADD),
            },
        )

    def post(self, request):
        if not can_write_model(request.user, RevenueEntry, ADD):
            raise PermissionDenied
        park = current_park(request)
        months = selectors.last_months(clock.localdate(), 12)
        for month in months:
            services.roll_up_revenue(park=park, month=month, by=request.user)
        messages.success(request, gettext("已按已收账单汇总近 12 个月的经营收入"))
        return redirect(reverse("fees:revenue") + f"?park={park.pk}")


def public_standards(request, code: str):
    """The fee standards in force in a park, for anyone (clause 6.1.7: 收费标准公示)."""
    park = get_object_or_404(Park, code=code)
    today = clock.localdate()
    standards = selectors.standards_in_force(park, today).order_by("kind", "name")
    upcoming = FeeStandard.objects.filter(park=park, effective_from__gt=today).order_by("effective_from")
    return render(
        request,
        "fees/public.html",
        {"park": park, "standards": standards, "upcoming": upcoming, "today": today},
    )
