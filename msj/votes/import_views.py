"""The technical secretary's import of ballot e-mails: upload .eml or .mbox files, read the report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from msj.members.access import mesa_view
from msj.votes import imports
from msj.votes.models import Vote
from msj.votes.policies import vote_policy

IMPORTABLE_KINDS = (Vote.Kind.ADMISSION, Vote.Kind.ELECTION)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MailFilesField(forms.FileField):
    """One or several files in one field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        accept = ",".join([*imports.EXTENSIONS, *imports.CONTENT_TYPES])
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [super(MailFilesField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ImportForm(forms.Form):
    ballot_files = MailFilesField(
        label=gettext_lazy("Ballot e-mails"),
        error_messages={"required": gettext_lazy("Choose at least one .eml or .mbox file.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ballot_files"].help_text = _(
            "Messages saved as .eml files (one message each) or mailboxes in .mbox format (many messages); "
            "you may choose several files, up to %(limit)s in all."
        ) % {"limit": filesizeformat(imports.max_upload_bytes())}

    def clean_ballot_files(self) -> list[Any]:
        files = self.cleaned_data["ballot_files"]
        if not files:
            raise ValidationError(_("Choose at least one .eml or .mbox file."), code="required")
        for upload in files:
            if not imports.accepted_type(upload.name, upload.content_type or ""):
                raise ValidationError(
                    _("%(name)s is not an e-mail message (.eml) or a mailbox (.mbox).") % {"name": upload.name},
                    code="type",
                )
        limit = imports.max_upload_bytes()
        if sum(upload.size for upload in files) > limit:
            raise ValidationError(
                _("The files are too large: at most %(limit)s in all.") % {"limit": filesizeformat(limit)},
                code="size",
            )
        return list(files)


def _read(upload: Any) -> bytes:
    upload.seek(0)
    return b"".join(upload.chunks())


@mesa_view
@require_http_methods(["GET", "POST"])
def import_ballots(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Cast the ballots members e-mailed to the technical secretary, and report on every message."""
    actor = request.actor  # type: ignore[attr-defined]
    vote = vote_policy.get(actor, Vote.objects.select_related("mesa"), public_id)
    vote_policy.require(actor, "import", vote)
    importable = vote.kind in IMPORTABLE_KINDS
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST":
        if not importable:
            form.add_error(None, _("Only admission and election ballots have a wording in the bylaws to import."))
        elif form.is_valid():
            uploads = [
                imports.Upload(name=f.name, data=_read(f), content_type=f.content_type or "")
                for f in form.cleaned_data["ballot_files"]
            ]
            report = imports.import_ballots(vote=vote, uploads=uploads, by=actor, request=request)
            return render(request, "votes/import_report.html", {"mesa": vote.mesa, "vote": vote, "report": report})
    return render(
        request,
        "votes/import.html",
        {"mesa": vote.mesa, "vote": vote, "form": form, "importable": importable},
        status=400 if request.method == "POST" else 200,
    )
