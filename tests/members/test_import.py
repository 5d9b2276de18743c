"""CSV import of members: all rows or none; every bad row reported with its line and reason."""

import pytest
from django.core.management import CommandError, call_command

from members import services
from members.models import CommunityMembership, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "email,full_name,organisation,position,phone,gender,preferred_language\n"


def _csv(tmp_path, body, header=HEADER):
    path = tmp_path / "members.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_import_members_command_imports_every_row_with_progress(tmp_path, organisation, root, capsys):
    body = "".join(f"p{i}@example.mn,Хүн {i},{organisation.slug},,,woman,en\n" for i in range(5))
    call_command("import_members", str(_csv(tmp_path, body)))
    out, err = capsys.readouterr()
    assert "5 people imported" in out and "5/5" in err
    people = User.objects.filter(email__startswith="p")
    assert people.count() == 5 and set(people.values_list("status", flat=True)) == {"approved"}
    assert CommunityMembership.objects.filter(community=root).count() == 5


def test_import_accepts_the_short_name_and_ignores_blank_lines(organisation):
    data = f"{HEADER}a@example.mn,А,{organisation.short_name},,,,\n\n"
    assert services.members_import(data=data, actor=None) == 1


def test_import_reports_each_bad_row_with_line_and_reason_and_imports_nothing(tmp_path, organisation, capsys):
    UserFactory(email="taken@example.mn")
    body = (
        f"ok@example.mn,Зөв,{organisation.slug},,,,\n"  # line 2
        f"not-an-email,Буруу,{organisation.slug},,,,\n"  # line 3
        "x@example.mn,Х,no-such-org,,,,\n"  # line 4
        f"y@example.mn,Ү,{organisation.slug},,,robot,\n"  # line 5
        f"ok@example.mn,Давхар,{organisation.slug},,,,\n"  # line 6
        f"taken@example.mn,Бүртгэлтэй,{organisation.slug},,,,\n"  # line 7
        f"z@example.mn,,{organisation.slug},,,,fr\n"  # line 8
    )
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_members", str(_csv(tmp_path, body)))
    err = capsys.readouterr().err
    for line in (3, 4, 5, 6, 7, 8):
        assert f"line {line}:" in err
    assert "line 2:" not in err
    assert not User.objects.filter(email__in=["ok@example.mn", "x@example.mn"]).exists()


def test_import_reports_missing_columns():
    with pytest.raises(services.MembersImportError) as exc:
        services.members_import_parse("email,name\na@example.mn,A\n")
    assert exc.value.errors[0].line == 1 and "full_name" in exc.value.errors[0].message


def test_import_refuses_a_file_that_is_not_utf8():
    with pytest.raises(services.MembersImportError) as exc:
        services.members_import_parse("email,full_name,organisation\nа,б,в\n".encode("cp1251"))
    assert exc.value.errors[0].message == str(services.importing.IMPORT_NOT_UTF8)


def test_import_refuses_an_empty_file():
    with pytest.raises(services.MembersImportError):
        services.members_import_parse(HEADER)


def test_import_refused_to_a_member(member, organisation):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.members_import(data=f"{HEADER}a@example.mn,A,{organisation.slug},,,,\n", actor=member)


def test_import_members_command_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_members", str(tmp_path / "nope.csv"))
