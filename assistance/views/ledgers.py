"""The three pairing ledgers: list, new line, end, hand over."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from assistance import scope as assistance_scope
from xixiang.core.errors import ConcurrentEditError, DomainError
from xixiang.core.forms import add_domain_error, rebased
from xixiang.core.views_mixins import ScopedTableView

from .. import services
from ..forms import PairingChangeForm, PairingEndForm
from .common import ledger_or_404, may_read_ledger, require


class PairingListView(ScopedTableView):
    template_name = "assistance/pairing_list.html"

    def dispatch(self, request, *args, **kwargs):
        self.ledger = ledger_or_404(kwargs["ledger"])
        require(may_read_ledger(request.user, self.ledger.key))
        self.table_class, self.filterset_class = self.ledger.table, self.ledger.filterset
        return super().dispatch(request, *args, **kwargs)

    def scoped_queryset(self, user):
        return self.ledger.read_scope(user).select_related(*self.ledger.related)

    def get_table_kwargs(self):
        user = self.request.user
        return {"ledger": self.ledger.key, "can_manage": assistance_scope.can_manage_pairings(user),
                "can_record": assistance_scope.can_record(user)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(ledger=self.ledger, can_manage=assistance_scope.can_manage_pairings(self.request.user), **kwargs)


def pairing_create(request, ledger: str):
    config = ledger_or_404(ledger)
    require(assistance_scope.can_manage_pairings(request.user))
    form = config.form(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_create(actor=request.user, pairing=form.instance)
        except DomainError as error:
            form.instance.pk = None
            add_domain_error(form, error)
        else:
            messages.success(request, _("已登记结对"))
            return redirect("assistance:pairing_list", ledger=ledger)
    return render(request, "assistance/pairing_form.html", {
        "form": form, "ledger": config, "title": _("新增结对"),
    })


def _editable_pairing(request, config, pk):
    require(assistance_scope.can_manage_pairings(request.user))
    return get_object_or_404(config.edit_scope(request.user).select_related(*config.related), pk=pk)


def pairing_end(request, ledger: str, pk: int):
    config = ledger_or_404(ledger)
    pairing = _editable_pairing(request, config, pk)
    form = PairingEndForm(request.POST or None, initial={"version": pairing.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_end(actor=request.user, pairing=pairing, **form.cleaned_data)
        except ConcurrentEditError as error:
            form = PairingEndForm(rebased(request.POST, error))
            form.is_valid()
            form.add_error(None, error.message)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已结束结对"))
            return redirect("assistance:pairing_list", ledger=ledger)
    return render(request, "assistance/pairing_form.html", {
        "form": form, "ledger": config, "pairing": pairing, "title": _("结束结对"),
    })


def pairing_change(request, ledger: str, pk: int):
    config = ledger_or_404(ledger)
    pairing = _editable_pairing(request, config, pk)
    form = PairingChangeForm(request.POST or None, initial={"version": pairing.version}, user=request.user, ledger=ledger)
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_change(actor=request.user, pairing=pairing, **form.cleaned_data)
        except ConcurrentEditError as error:
            form = PairingChangeForm(rebased(request.POST, error), user=request.user, ledger=ledger)
            form.is_valid()
            form.add_error(None, error.message)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已交接：原结对已结束，新结对已登记"))
            return redirect("assistance:pairing_list", ledger=ledger)
    return render(request, "assistance/pairing_form.html", {
        "form": form, "ledger": config, "pairing": pairing, "title": _("交接结对"),
    })
