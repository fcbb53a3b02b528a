"""Wagtail's project template starts with "Editors" and "Moderators" groups holding rights over
the whole tree, and a "Moderators approval" workflow on the root page. In this network rights
are per city (partners.roles), so those broad defaults are retired: the workflow is deactivated
and unassigned, and the groups are removed if nobody is in them."""

from django.db import migrations


def retire(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    for workflow in Workflow.objects.filter(name="Moderators approval"):
        WorkflowPage.objects.filter(workflow=workflow, page__depth=1).delete()
        workflow.active = False
        workflow.save(update_fields=["active"])
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(retire, migrations.RunPython.noop)]
