"""Proposals, their supports and history, moved from the meetings app with every row: the
tables were renamed by ``meetings.0010``; here the models enter this app's state only, and
their content types are relabelled (permissions, admin log, audit trail keep pointing at them)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ('proposal', 'proposalevent', 'proposalsupport')


def _relabel(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not types.filter(app_label=new, model=model).exists():
            types.filter(app_label=old, model=model).update(app_label=new)


def content_types_forward(apps, schema_editor):
    _relabel(apps, schema_editor, "meetings", "proposals")


def content_types_backward(apps, schema_editor):
    _relabel(apps, schema_editor, "proposals", "meetings")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('meetings', '0010_move_proposals_and_feedback_out'),
        ('members', '0003_member_directory_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Proposal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('title', models.CharField(max_length=160, verbose_name='title')),
                        ('description', models.TextField(help_text='Plain text; web links become clickable.', validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='description')),
                        ('kind', models.CharField(choices=[('topic', 'Topic for a monthly meeting'), ('meeting', 'Meeting'), ('site_visit', 'Site visit'), ('plan_action', 'Action for the joint plan')], default='topic', max_length=12, verbose_name='kind')),
                        ('meeting_format', models.CharField(blank=True, choices=[('expert_discussion', 'Discussion with gender experts'), ('training', 'Training on gender mainstreaming'), ('gender_audit', 'Gender audit workshop'), ('public_panel', 'Public panel discussion'), ('convention', 'Annual convention'), ('site_visit', 'Site visit'), ('other', 'Other')], max_length=20, verbose_name='meeting format')),
                        ('suggested_expert', models.CharField(blank=True, max_length=200, verbose_name='suggested expert')),
                        ('province', models.CharField(blank=True, choices=[('ulaanbaatar', 'Ulaanbaatar'), ('arkhangai', 'Arkhangai'), ('bayan-olgii', 'Bayan-Ölgii'), ('bayankhongor', 'Bayankhongor'), ('bulgan', 'Bulgan'), ('darkhan-uul', 'Darkhan-Uul'), ('dornod', 'Dornod'), ('dornogovi', 'Dornogovi'), ('dundgovi', 'Dundgovi'), ('govi-altai', 'Govi-Altai'), ('govisumber', 'Govisümber'), ('khentii', 'Khentii'), ('khovd', 'Khovd'), ('khovsgol', 'Khövsgöl'), ('omnogovi', 'Ömnögovi'), ('orkhon', 'Orkhon'), ('ovorkhangai', 'Övörkhangai'), ('selenge', 'Selenge'), ('sukhbaatar', 'Sükhbaatar'), ('tov', 'Töv'), ('uvs', 'Uvs'), ('zavkhan', 'Zavkhan')], max_length=20, verbose_name='province')),
                        ('status', models.CharField(choices=[('open', 'Open for support'), ('considering', 'Under consideration'), ('accepted', 'Accepted'), ('not_taken_up', 'Not taken up')], default='open', max_length=12, verbose_name='status')),
                        ('answer', models.TextField(blank=True, help_text='Read by the proposer and supporters.', verbose_name='answer')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                        ('hidden_at', models.DateTimeField(blank=True, null=True, verbose_name='hidden at')),
                        ('hidden_reason', models.TextField(blank=True, verbose_name='reason for hiding')),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by')),
                        ('community', models.ForeignKey(blank=True, help_text="Blank: addressed to the whole CoP. A branch's focal person answers proposals made to it.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='proposals', to='members.community', verbose_name='branch CoP')),
                        ('hidden_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='hidden by')),
                        ('host_organisation', models.ForeignKey(blank=True, help_text='For a site visit: the organisation to visit.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='members.organisation', verbose_name='host organisation')),
                        ('meeting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='proposals', to='meetings.meeting', verbose_name='meeting or visit it became')),
                        ('proposer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='proposals', to=settings.AUTH_USER_MODEL, verbose_name='proposed by')),
                    ],
                    options={
                        'verbose_name': 'proposal',
                        'verbose_name_plural': 'proposals',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ProposalEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(choices=[('created', 'Proposed'), ('edited', 'Edited by the proposer'), ('answered', 'Answered'), ('hidden', 'Hidden'), ('shown', 'Shown again')], max_length=10, verbose_name='action')),
                        ('status', models.CharField(blank=True, choices=[('open', 'Open for support'), ('considering', 'Under consideration'), ('accepted', 'Accepted'), ('not_taken_up', 'Not taken up')], max_length=12, verbose_name='status')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                        ('meeting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='meetings.meeting', verbose_name='meeting')),
                        ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='proposals.proposal', verbose_name='proposal')),
                    ],
                    options={
                        'verbose_name': 'proposal event',
                        'verbose_name_plural': 'proposal history',
                        'ordering': ['proposal', 'created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ProposalSupport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='supported at')),
                        ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='supports', to='proposals.proposal', verbose_name='proposal')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proposal_supports', to=settings.AUTH_USER_MODEL, verbose_name='member')),
                    ],
                    options={
                        'verbose_name': 'support',
                        'verbose_name_plural': 'supports',
                        'ordering': ['proposal', 'created_at', 'id'],
                    },
                ),
                migrations.AddIndex(
                    model_name='proposal',
                    index=models.Index(fields=['status', 'created_at'], name='proposal_status_created'),
                ),
                migrations.AddIndex(
                    model_name='proposal',
                    index=models.Index(fields=['proposer', 'created_at'], name='proposal_proposer_created'),
                ),
                migrations.AddConstraint(
                    model_name='proposal',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'not_taken_up'), _negated=True), models.Q(('answer', ''), _negated=True), _connector='OR'), name='proposal_not_taken_up_has_reason'),
                ),
                migrations.AddConstraint(
                    model_name='proposal',
                    constraint=models.CheckConstraint(condition=models.Q(('hidden_at__isnull', True), models.Q(('hidden_reason', ''), _negated=True), _connector='OR'), name='proposal_hidden_has_reason'),
                ),
                migrations.AddConstraint(
                    model_name='proposalsupport',
                    constraint=models.UniqueConstraint(fields=('proposal', 'user'), name='proposal_support_one_per_member'),
                ),
            ]
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
