from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts.models import AgencyKind, WorkUnit

# Long passphrases are welcome; the limit only stops absurd posts.
PASSWORD_MAX_LENGTH = 1024


class WorkUnitForm(forms.ModelForm):
    class Meta:
        model = WorkUnit
        fields = ["name", "abbreviation", "code"]

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Agencies to choose from: a coordinator of a city also manages its BUMD.
        if agencies is not None and len(agencies) > 1:
            self.fields["agency"] = forms.ModelChoiceField(
                label=_("Agency"), queryset=agencies, initial=agencies[0].pk
            )


class WorkUnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A .csv or .xlsx file whose first row names the columns: “nama” (required), "
            "“singkatan”, “kode” and “username” (optional)."
        ),
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None and len(agencies) > 1:
            self.fields["agency"] = forms.ModelChoiceField(
                label=_("Agency"), queryset=agencies, initial=agencies[0].pk
            )


class OperatorIssueForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Work units"),
        queryset=WorkUnit.objects.none(),
        error_messages={"required": _("Choose at least one work unit.")},
    )
    count = forms.IntegerField(
        label=_("Accounts per unit"),
        min_value=1,
        max_value=10,
        initial=1,
        help_text=_("Each operator gets their own account. At most 10 per unit at once."),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["units"].queryset = units


class CoordinatorIssueForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies"),
        queryset=None,
        error_messages={"required": _("Choose at least one agency.")},
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *AgencyKind.choices]
    )


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(
        label=_("Position"), max_length=150, help_text=_("Your position, e.g. Kepala Subbagian Umum.")
    )
    email = forms.EmailField(label=_("E-mail"), help_text=_("Password reset links are sent here."))
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        help_text=_("A number on which you can be reached about the competition, e.g. 0812 3456 7890."),
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = [character for character in phone if character.isdigit()]
        if len(digits) < 6 or any(not (c.isdigit() or c in " +-()") for c in phone):
            raise forms.ValidationError(
                _("Enter a phone number of digits, spaces, “+”, “-” or brackets, e.g. 0812 3456 7890."),
                code="invalid_phone",
            )
        return phone

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_position(self):
        return " ".join(self.cleaned_data["position"].split())


class FirstSignInForm(ProfileForm):
    """The profile plus a new password, which replaces the one on the slip."""

    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if not user.must_change_password:
            del self.fields["new_password1"]
            del self.fields["new_password2"]

    def clean(self):
        cleaned_data = super().clean()
        if "new_password1" not in self.fields:
            return cleaned_data
        password1 = cleaned_data.get("new_password1")
        password2 = cleaned_data.get("new_password2")
        if password1 and password2 and password1 != password2:
            self.add_error("new_password2", _("The two passwords differ. Type the same password twice."))
            return cleaned_data
        if password1:
            if self.user.check_password(password1):
                self.add_error(
                    "new_password1", _("The new password is the one on the slip. Choose a password of your own.")
                )
                return cleaned_data
            # The validators see the profile as typed, so the new name counts too.
            self.user.full_name = cleaned_data.get("full_name", self.user.full_name)
            self.user.email = cleaned_data.get("email", self.user.email)
            try:
                password_validation.validate_password(password1, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return cleaned_data
