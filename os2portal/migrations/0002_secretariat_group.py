"""The "Sekretariat" group: exactly the permissions the secretariat's catalogue work needs.

Full rights on the catalogue's, governance's and members' models; read-only on their
history, on users and on the members' audit log. No rights to add or change users,
groups, permissions or sessions: those stay with the superusers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Sekretariat"
APP_LABELS = ["catalogue", "governance", "members"]
# Read-only models: who may sign in is the superusers' business, and an audit log that its
# readers could edit would prove nothing.
VIEW_ONLY_MODELS = {("members", "user"), ("members", "auditentry")}
ALL_ACTIONS = ["view", "add", "change", "delete"]


def secretariat_codenames(apps):
    """(app_label, codename) for every permission the group holds."""
    wanted = []
    for app_label in APP_LABELS:
        for model in apps.get_app_config(app_label).get_models():
            model_name = model._meta.model_name
            view_only = (
                model_name.startswith("historical") or (app_label, model_name) in VIEW_ONLY_MODELS
            )
            actions = ["view"] if view_only else ALL_ACTIONS
            wanted += [(app_label, f"{action}_{model_name}") for action in actions]
    return wanted


def create_secretariat_group(apps, schema_editor):
    # Django makes permissions after all migrations (post_migrate); on a fresh database
    # they do not exist yet, so make the missing ones here first.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    wanted = secretariat_codenames(apps)
    by_key = {
        (app_label, codename): pk
        for pk, app_label, codename in Permission.objects.filter(
            content_type__app_label__in=APP_LABELS
        ).values_list("pk", "content_type__app_label", "codename")
    }
    group.permissions.set([by_key[key] for key in wanted])


def remove_secretariat_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("os2portal", "0001_stored_file"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalogue", "0001_initial"),
        ("governance", "0001_initial"),
        ("members", "0003_organisations_regions_tiers_affiliations_audit"),
    ]

    operations = [
        migrations.RunPython(create_secretariat_group, remove_secretariat_group),
    ]
