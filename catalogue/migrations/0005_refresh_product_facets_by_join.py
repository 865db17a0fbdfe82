from django.db import migrations

# The ids come as an array with one entry per changed row (a bulk load of a million
# usages repeats each product ten times); "p.id = ANY(ids)" compared every product with
# the whole array. The distinct ids are now joined, so a refresh grows with the number of
# products it touches, not with products times rows.
REFRESH_FUNCTION = """
CREATE OR REPLACE FUNCTION catalogue_refresh_product_facets(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO catalogue_productfacets
        (product_id, stage, level_rank, licence, category_ids, supplier_ids, user_ids, region_ids)
    SELECT
        p.id, p.stage, p.current_level_rank, p.licence,
        ARRAY(SELECT DISTINCT l.category_id FROM catalogue_product_categories l
              WHERE l.product_id = p.id ORDER BY 1),
        ARRAY(SELECT DISTINCT r.supplier_id FROM catalogue_supplierrole r
              WHERE r.product_id = p.id ORDER BY 1),
        ARRAY(SELECT DISTINCT u.organisation_id FROM catalogue_usage u
              WHERE u.product_id = p.id AND u.status IN ('in_use', 'implementing') ORDER BY 1),
        ARRAY(SELECT DISTINCT o.region_id FROM catalogue_usage u
              JOIN members_organisation o ON o.id = u.organisation_id
              WHERE u.product_id = p.id AND u.status IN ('in_use', 'implementing')
                AND o.region_id IS NOT NULL ORDER BY 1)
    FROM (SELECT DISTINCT unnest(ids) AS id) changed
    JOIN catalogue_product p ON p.id = changed.id
    ON CONFLICT (product_id) DO UPDATE SET
        stage = EXCLUDED.stage,
        level_rank = EXCLUDED.level_rank,
        licence = EXCLUDED.licence,
        category_ids = EXCLUDED.category_ids,
        supplier_ids = EXCLUDED.supplier_ids,
        user_ids = EXCLUDED.user_ids,
        region_ids = EXCLUDED.region_ids;
    DELETE FROM catalogue_productfacets f
    USING (SELECT DISTINCT unnest(ids) AS id) changed
    WHERE f.product_id = changed.id
      AND NOT EXISTS (SELECT 1 FROM catalogue_product p WHERE p.id = f.product_id);
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0004_interest_withdrawn_by_only_when_withdrawn"),
    ]

    # Going back keeps this definition: it gives the same rows as the one it replaces.
    operations = [migrations.RunSQL(REFRESH_FUNCTION, migrations.RunSQL.noop)]
