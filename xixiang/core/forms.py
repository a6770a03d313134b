"""Form helpers shared by every app."""

from collections.abc import Iterable

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from xixiang.core.concurrency import VERSION, opened_version
from xixiang.core.errors import DomainError


def add_domain_error(form, error: DomainError) -> None:
    """Show a service's refusal next to its field, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class BootstrapMixin:
    """Give every widget Bootstrap's classes, so templates stay plain `{{ field }}`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            input_type = getattr(widget, "input_type", None)
            if input_type in {"checkbox", "radio"}:
                css = "form-check-input" if input_type == "checkbox" and not hasattr(widget, "allow_multiple_selected") else ""
            elif widget.__class__.__name__ in {"Select", "SelectMultiple", "NullBooleanSelect"}:
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class BootstrapFilterForm(BootstrapMixin, forms.Form):
    """The form class of every FilterSet (`Meta.form`), so filters look like other forms."""


class VersionedFormMixin:
    """A model form that carries its row's `version` from opening to saving, in a hidden field
    (optimistic locking, xixiang.core.concurrency): the service compares it with the stored
    version and refuses a stale save. Sets `instance.version` for stored rows only; a form for a
    stored row that posts no version is refused (opened before versions existed, or tampered)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=0,
            initial=self.instance.version if self.instance.pk is not None else None,
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and cleaned.get(VERSION) is None:
            raise forms.ValidationError(_("表单缺少版本号，请重新打开后再保存"))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk is not None:
            self.instance.version = opened_version(self.cleaned_data.get(VERSION))


def versions_rebased(data: QueryDict, forms_: Iterable) -> QueryDict:
    """A copy of posted data with each stored row's version field set to the row's stored
    version: after a refused save the form keeps what the user typed, re-based on the rows
    as they are now, so saving again applies it knowingly."""
    data = data.copy()
    for form in forms_:
        instance = form.instance
        if instance.pk is None or VERSION not in form.fields:
            continue
        stored = type(instance)._base_manager.filter(pk=instance.pk).values_list(VERSION, flat=True).first()
        if stored is not None:
            data[form.add_prefix(VERSION)] = str(stored)
    return data
