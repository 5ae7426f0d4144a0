"""Analysis: pure functions over plans and events, and the store queries that feed them.

- `prices`: unit prices and currency conversion by a dated rates table
- `baskets`: usage baskets and the cheapest way each operator covers them
- `hedonic`: implicit prices of a GB, a minute, a day; operator premiums
- `frontier`: the plans no other plan beats on price, data and minutes
- `moves`: what changed between snapshots, and rivals' response lags
- `strategy`: each operator's activity, partners and money by domain
- `export`: tables to CSV, XLSX and Parquet, safe in a spreadsheet
"""
