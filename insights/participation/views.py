"""The participation record, its certificates (PDF) and the public check of a certificate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal import pagecache
from meetings.participation import selectors as meeting_selectors
from members.selectors import user_get_active
from results.selectors import award_list_for_user

from . import services, tokens
from .record import coordinators_in_year, participation_record

COP_NAME = _("Community of practice on gender mainstreaming in the public service of Mongolia")
NOT_VALID = _(
    "This certificate is not valid: the link was altered or withdrawn by its holder, or the record "
    "it names no longer exists."
)
LINKS_RENEWED = _(
    "%(n)s verification links withdrawn: printed copies no longer check out. Download your "
    "certificates again for new links."
)


def _language(request) -> str:
    lang = request.GET.get("lang")
    return lang if lang in ("mn", "en") else (getattr(request.user, "preferred_language", "") or "mn")


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value), "Y-m-d")


def _signatories(year: int) -> list[str]:
    names = coordinators_in_year(year)
    return (
        [
            gettext("Coordinators of the CoP in %(year)s: %(names)s")
            % {"year": year, "names": ", ".join(names)}
        ]
        if names
        else []
    )


def attendance_facts(attendance) -> dict:
    meeting = attendance.meeting
    return {
        "name": attendance.user.get_full_name() if attendance.user else attendance.full_name,
        "meeting": meeting.title,
        "format": meeting.get_format_display(),
        "date": _date(meeting.starts_at),
        "community": str(meeting.community),
        "host": str(meeting.host_organisation) if meeting.host_organisation else "",
        "year": timezone.localtime(meeting.starts_at).year,
    }


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# What the record shows changes with attendance and meetings (``insights``), awards
# (``results``), proposals, branches' focal persons (``community:all``) and the member's own
# reports (``member:<pk>``); the day is in the key (a meeting becoming past shows its certificates).
RECORD_NAMES = ("insights", "results", "proposals", "community:all")


class ParticipationView(LoginRequiredMixin, View):
    def get(self, request):
        user = request.user

        def build() -> str:
            years, focal_of = participation_record(user=user)
            context = {"years": years, "focal_of": focal_of, "awards": award_list_for_user(user)}
            return render_to_string("insights/_participation_record.html", context, request=request)

        record = pagecache.cached(
            f"participation:{timezone.localdate()}",
            names=(*RECORD_NAMES, f"member:{user.pk}"),
            audience=f"user:{user.pk}",
            build=build,
            timeout=600,
        )
        return render(request, "insights/participation.html", {"record": mark_safe(record)})  # noqa: S308


class AttendanceCertificateView(LoginRequiredMixin, View):
    def get(self, request, pk):
        attendance = meeting_selectors.attendance_get_for_certificate(pk=pk)
        if attendance is None or attendance.user_id != request.user.pk or not attendance.meeting.is_past:
            raise Http404
        token = tokens.attendance_token(holder=request.user, attendance_id=attendance.pk)
        language = _language(request)
        with translation.override(language):
            facts = attendance_facts(attendance)
            lines = [
                gettext("took part in “%(meeting)s” (%(format)s) on %(date)s, held by %(community)s.")
                % facts,
            ]
            if facts["host"]:
                lines.append(gettext("Host organisation: %(host)s.") % facts)
            from . import pdf  # reportlab and segno load on the first PDF, not in every web worker

            content = pdf.render(
                title=gettext("Certificate of attendance"),
                heading=str(COP_NAME),
                name=facts["name"],
                lines=lines,
                signatories=_signatories(facts["year"]),
                footer=gettext("Check this certificate at the address below or with the QR code."),
                verify_url=tokens.verify_url(token),
            )
        return _pdf_response(content, f"certificate-{attendance.pk}-{language}.pdf")


def _statement_lines(record) -> list[str]:
    lines = [
        gettext("In %(year)s took part in %(n)s meetings of the CoP:")
        % {"year": record.year, "n": len(record.attended)}
    ]
    lines += [f"• {label}: {count}" for label, count in record.by_format.items()]
    if record.reports:
        lines.append(gettext("Convention progress reports submitted: %(n)s") % {"n": len(record.reports)})
    if record.organised:
        lines.append(gettext("Meetings organised: %(n)s") % {"n": len(record.organised)})
    if record.proposals_accepted:
        lines.append(gettext("Proposals accepted: %(n)s") % {"n": len(record.proposals_accepted)})
    if record.terms:
        lines.append(gettext("Coordinator of the CoP in %(year)s.") % {"year": record.year})
    return lines


class StatementView(LoginRequiredMixin, View):
    def get(self, request, year):
        language = _language(request)
        # The record names meeting formats: read it in the language asked for, not the page's.
        with translation.override(language):
            years, _focal = participation_record(user=request.user)
        record = next((r for r in years if r.year == year), None)
        if record is None:
            raise Http404
        token = tokens.statement_token(holder=request.user, year=year)
        with translation.override(language):
            from . import pdf  # reportlab and segno load on the first PDF, not in every web worker

            content = pdf.render(
                title=gettext("Participation statement %(year)s") % {"year": year},
                heading=str(COP_NAME),
                name=request.user.get_full_name(),
                lines=_statement_lines(record),
                signatories=_signatories(year),
                footer=gettext("Check this statement at the address below or with the QR code."),
                verify_url=tokens.verify_url(token),
            )
        return _pdf_response(content, f"participation-{year}-{language}.pdf")


class CertificateLinksRenewView(LoginRequiredMixin, View):
    """The holder withdraws the verification links of all their certificates (POST)."""

    def post(self, request):
        count = services.certificate_links_revoke(holder=request.user)
        messages.success(request, LINKS_RENEWED % {"n": count})
        return redirect("participation:record")


class VerifyView(View):
    """Public: what a certificate states, re-read from the records, or that it is not valid."""

    def get(self, request, token):
        ctx = {"valid": False, "not_valid": NOT_VALID}
        link = tokens.read_token(token)
        if link is None:
            return render(request, "insights/verify.html", ctx, status=404)
        if link.kind == link.Kind.ATTENDANCE:
            attendance = meeting_selectors.attendance_get_for_certificate(pk=link.attendance_id)
            if attendance is not None and attendance.user_id == link.holder_id:
                ctx.update(valid=True, kind="attendance", facts=attendance_facts(attendance))
        else:
            user = user_get_active(pk=link.holder_id)
            if user is not None:
                years, _focal = participation_record(user=user)
                record = next((r for r in years if r.year == link.year), None)
                if record is not None:
                    ctx.update(valid=True, kind="statement", name=user.get_full_name(), record=record)
        return render(request, "insights/verify.html", ctx, status=200 if ctx["valid"] else 404)
