"""Form helpers shared by every app."""

from collections.abc import Iterable

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from xixiang.core.concurrency import VERSION, opened_version
from xixiang.core.errors import ConcurrentEditError, DomainError


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
                css = (
                    "form-check-input"
                    if input_type == "checkbox" and not hasattr(widget, "allow_multiple_selected")
                    else ""
                )
            elif widget.__class__.__name__ in {"Select", "SelectMultiple", "NullBooleanSelect"}:
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class BootstrapFilterForm(BootstrapMixin, forms.Form):
    """The form class of every FilterSet (`Meta.form`), so filters look like other forms."""


MISSING_VERSION = _("表单缺少版本号，请重新打开后再保存")


class OpenedVersionField(forms.IntegerField):
    """The hidden `version` a form was opened with (0: the row did not exist yet). Never a change
    of the user's (`has_changed` is False), so an untouched formset row stays untouched.

    In a plain form that acts on one stored row (e.g. ending a pairing), give it the row's
    version as initial; the service compares it with the stored one."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": MISSING_VERSION})
        super().__init__(min_value=0, **kwargs)

    def has_changed(self, initial, data) -> bool:
        return False


class VersionedFormMixin:
    """A model form that carries its row's `version` from opening to saving, in a hidden field
    (optimistic locking, xixiang.core.concurrency): the service compares it with the stored
    version and refuses a stale save. Sets `instance.version` for stored rows only (0 when the
    form was opened for a new row that someone else has created since); a form for a stored row
    that posts no version is refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION] = OpenedVersionField(
            required=False,
            initial=self.instance.version if self.instance.pk is not None else 0,
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and cleaned.get(VERSION) is None:
            raise forms.ValidationError(MISSING_VERSION)
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


def rebased(data: QueryDict, error: ConcurrentEditError, prefix: str | None = None) -> QueryDict:
    """A copy of posted data whose version is the one stored now (`error.current_version`), for
    a form acting on one row: after a refused save it keeps what the user typed."""
    data = data.copy()
    data[f"{prefix}-{VERSION}" if prefix else VERSION] = str(error.current_version or 0)
    return data
