"""The three pairing ledgers: list, new line, end, hand over."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from assistance import scope as assistance_scope
from xixiang.core.edit import form_page, require
from xixiang.core.views_mixins import ScopedTableView

from .. import services
from ..forms import PairingChangeForm, PairingEndForm
from .common import ledger_or_404, may_read_ledger


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
        return {
            "ledger": self.ledger.key,
            "can_manage": assistance_scope.can_manage_pairings(user),
            "can_record": assistance_scope.can_record(user),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            ledger=self.ledger, can_manage=assistance_scope.can_manage_pairings(self.request.user), **kwargs
        )


def pairing_create(request, ledger: str):
    config = ledger_or_404(ledger)
    require(assistance_scope.can_manage_pairings(request.user))
    form = config.form(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        save=lambda form: services.pairing_create(actor=request.user, pairing=form.instance),
        success=_("已登记结对"),
        redirect_to=("assistance:pairing_list", ledger),
        template="assistance/pairing_form.html",
        context={"ledger": config, "title": _("新增结对")},
    )


def _editable_pairing(request, config, pk):
    require(assistance_scope.can_manage_pairings(request.user))
    return get_object_or_404(config.edit_scope(request.user).select_related(*config.related), pk=pk)


def pairing_end(request, ledger: str, pk: int):
    config = ledger_or_404(ledger)
    pairing = _editable_pairing(request, config, pk)
    form = PairingEndForm(request.POST or None, initial={"version": pairing.version})
    return form_page(
        request,
        form,
        save=lambda form: services.pairing_end(actor=request.user, pairing=pairing, **form.cleaned_data),
        success=_("已结束结对"),
        redirect_to=("assistance:pairing_list", ledger),
        rebase=PairingEndForm,
        template="assistance/pairing_form.html",
        context={"ledger": config, "pairing": pairing, "title": _("结束结对")},
    )


def pairing_change(request, ledger: str, pk: int):
    config = ledger_or_404(ledger)
    pairing = _editable_pairing(request, config, pk)

    def change_form(data, **kwargs):
        return PairingChangeForm(data, user=request.user, ledger=ledger, **kwargs)

    return form_page(
        request,
        change_form(request.POST or None, initial={"version": pairing.version}),
        save=lambda form: services.pairing_change(actor=request.user, pairing=pairing, **form.cleaned_data),
        success=_("已交接：原结对已结束，新结对已登记"),
        redirect_to=("assistance:pairing_list", ledger),
        rebase=change_form,
        template="assistance/pairing_form.html",
        context={"ledger": config, "pairing": pairing, "title": _("交接结对")},
    )
