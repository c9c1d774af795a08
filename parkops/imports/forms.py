from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parkops.core.models import Park


class UploadForm(forms.Form):
    park = forms.ModelChoiceField(queryset=Park.objects.none(), label=_("园区"), empty_label=None)
    file = forms.FileField(
        label=_("Excel 文件"), help_text=_("请使用本页下载的模板填写，.xlsx 格式，最多 50,000 行、20 MB")
    )

    def __init__(self, *args, parks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks if parks is not None else Park.objects.none()
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
        if parks is not None and len(parks) == 1:
            self.fields["park"].widget = forms.HiddenInput()
            self.fields["park"].initial = parks[0].pk
