from django.db import models

# The themes in the order of the checklist: relevance (R), form (F), strategy (S), governance (G).
THEME_ORDER = ["relevance", "form", "strategy", "governance"]


class RequirementQuerySet(models.QuerySet):
    def up_to_rank(self, rank: int):
        """The requirements that apply at a level: those of that level and all lower ones."""
        return self.filter(level__rank__lte=rank)

    def in_theme_order(self):
        """By theme in checklist order (R, F, S, G), then level, position and code."""
        theme_position = models.Case(
            *[models.When(theme=theme, then=index) for index, theme in enumerate(THEME_ORDER)],
            default=len(THEME_ORDER),
        )
        return self.select_related("level").order_by(
            theme_position, "level__rank", "position", "code"
        )


class AssessmentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def latest_first(self):
        return self.order_by("-assessed_on", "-published_at", "-pk")
