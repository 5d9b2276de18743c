"""Participation insights: gender-disaggregated monitoring of the CoP (issue 7).

Every figure is aggregated by the database (GROUP BY); Python only reshapes the grouped rows
into tables and server-rendered SVG charts.
"""
