"""The catalogue's public pages, a module per section (products, initiatives, suppliers)."""
