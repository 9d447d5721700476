"""The PDF back end: the only place reportlab is used.

fonts: the faces, registered with reportlab, and their metrics for layout;
painter: a laid-out document (typeset.pagemodel) → PDF bytes;
graphics: charts kept as SVG, drawn as vector shapes and live text.
"""
