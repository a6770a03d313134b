"""Forms of the archive pages: upload a record with files, add files, edit, filter the matrix."""

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archives import scope as archive_scope
from villages import scope as village_scope
from villages.models import Village
from xixiang.core.forms import BootstrapMixin, VersionedFormMixin

from .filenames import format_size
from .filetypes import TYPES, allowed_labels
from .models import ArchiveCategory, ArchiveMedium, ArchiveRecord
from .services import year_range


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True

    def use_required_attribute(self, initial):
        # no HTML `required`: the phone's camera input of the same name (archives/upload_field.html)
        # may carry the files alone, and the browser would refuse to send the form; the server
        # still asks for a file ("请选择要上传的文件")
        return False


class MultipleFileField(forms.FileField):
    """Several files in one <input type=file multiple>; cleans to a list."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            if not data:
                return single(None, initial)  # "required" when nothing was chosen
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else single(data, initial)


def _accept_attribute() -> str:
    return ",".join(f".{code}" for code in settings.ARCHIVE_ALLOWED_TYPES if code in TYPES)


def uploads_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("文件"),
        error_messages={"required": _("请选择要上传的文件"), "empty": _("上传的文件是空文件")},
        help_text=_upload_help_text(),
    )


def _upload_help_text_now() -> str:
    return gettext("可一次选择多个文件（最多 %(n)s 个，每个不超过 %(size)s）；可上传：%(types)s") % {
        "n": settings.ARCHIVE_MAX_FILES_PER_UPLOAD,
        "size": format_size(settings.ARCHIVE_MAX_FILE_SIZE),
        "types": allowed_labels(settings.ARCHIVE_ALLOWED_TYPES),
    }


# Lazy: the form class is built once at import; the text is made in the user's language.
_upload_help_text = lazy(_upload_help_text_now, str)


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.township.name} {obj.name}（{obj.code}）"


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.archive_class.name}·{obj.name}"


def _year_choices():
    first, last = year_range()
    return [(year, str(year)) for year in range(last, first - 1, -1)]


class UploadProblemsMixin:
    """Adds the upload guard's findings (bad names, too many or too large files) to `uploads`."""

    def __init__(self, *args, upload_problems=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_problems = list(upload_problems)
        widget = self.fields["uploads"].widget
        widget.attrs.update({
            "accept": _accept_attribute(),
            "data-max-files": settings.ARCHIVE_MAX_FILES_PER_UPLOAD,
            "data-max-size": settings.ARCHIVE_MAX_FILE_SIZE,
            "data-max-size-label": format_size(settings.ARCHIVE_MAX_FILE_SIZE),
        })

    def clean(self):
        cleaned = super().clean()
        if self.upload_problems:
            # Files the guard skipped are missing from FILES: say why, not "please choose a file".
            self._errors.pop("uploads", None)
            for message in self.upload_problems:
                self.add_error("uploads", message)
        return cleaned


class ArchiveRecordForm(UploadProblemsMixin, BootstrapMixin, forms.ModelForm):
    """A new record and its files. Village, category and year come from scoped choices."""

    village = VillageChoiceField(
        queryset=Village.objects.none(), to_field_name="code", label=_("行政村"),
        error_messages={"invalid_choice": _("该村不存在，或您无权向该村上传档案")},
    )
    year = forms.TypedChoiceField(
        label=_("年度"), coerce=int, choices=_year_choices,
        error_messages={"invalid_choice": _("年度 %(value)s 不存在")},
    )
    category = CategoryChoiceField(
        queryset=ArchiveCategory.objects.none(), to_field_name="code", label=_("档案类别"),
        error_messages={"invalid_choice": _("档案类别“%(value)s”不存在")},
    )
    medium = forms.ModelChoiceField(
        queryset=ArchiveMedium.objects.all(), to_field_name="code", label=_("载体形式"), required=False,
        empty_label=_("按文件类型自动判断"),
    )
    uploads = uploads_field()

    class Meta:
        model = ArchiveRecord
        fields = ["village", "year", "category", "medium", "title", "record_date", "description"]
        widgets = {
            "record_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        villages = archive_scope.upload_villages(user).select_related("township").order_by("code")
        self.fields["village"].queryset = villages
        self.fields["category"].queryset = (
            ArchiveCategory.objects.filter(is_active=True).select_related("archive_class")
            .order_by("archive_class__position", "position")
        )
        self.village_fixed = None
        if user.village_id:
            # a village cadre uploads to their one village: chosen for them, no list to pick from
            only = villages.filter(pk=user.village_id).first()
            if only is not None:
                self.fields["village"].widget = forms.HiddenInput()
                self.initial["village"] = only.code
                self.village_fixed = only


class ArchiveRecordEditForm(VersionedFormMixin, BootstrapMixin, forms.ModelForm):
    year = forms.TypedChoiceField(
        label=_("年度"), coerce=int, choices=_year_choices,
        error_messages={"invalid_choice": _("年度 %(value)s 不存在")},
    )
    category = CategoryChoiceField(
        queryset=ArchiveCategory.objects.none(), to_field_name="code", label=_("档案类别"),
        error_messages={"invalid_choice": _("档案类别“%(value)s”不存在")},
    )
    medium = forms.ModelChoiceField(queryset=ArchiveMedium.objects.all(), to_field_name="code", label=_("载体形式"))

    class Meta:
        model = ArchiveRecord
        fields = ["year", "category", "medium", "title", "record_date", "description"]
        widgets = {
            "record_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = (
            ArchiveCategory.objects.filter(is_active=True).select_related("archive_class")
            .order_by("archive_class__position", "position")
        )
        if self.instance.pk:
            self.initial["category"] = self.instance.category.code
            self.initial["medium"] = self.instance.medium.code


class ArchiveFilesForm(UploadProblemsMixin, BootstrapMixin, forms.Form):
    uploads = uploads_field()


class CompletenessForm(BootstrapMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=_year_choices, required=False)
    township = forms.ModelChoiceField(
        queryset=None, to_field_name="code", label=_("乡镇"), required=False, empty_label=_("全部乡镇"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = village_scope.townships(user).order_by("code")
