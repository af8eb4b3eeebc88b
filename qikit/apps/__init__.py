"""Composite ipywidgets apps, one module per workbook.

Apps only wire widgets to the calculation and plotting layers below; they hold no calculation.
"""
