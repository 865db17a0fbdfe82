from django.db import models


class RequirementQuerySet(models.QuerySet):
    def up_to_rank(self, rank: int):
        """The requirements that apply at a level: those of that level and all lower ones."""
        return self.filter(level__rank__lte=rank)


class AssessmentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def latest_first(self):
        return self.order_by("-assessed_on", "-published_at", "-pk")
