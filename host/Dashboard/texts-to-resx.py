#!/usr/bin/env python3
"""Writes Texts.nl.resx from Texts.nl.txt ("English key = Nederlandse tekst" lines): run after editing the texts."""
import os
from xml.sax.saxutils import escape, quoteattr

here = os.path.dirname(os.path.abspath(__file__))
pairs = {}
with open(os.path.join(here, "Texts.nl.txt"), encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, value = line.partition(" = ")
        if not sep:
            raise SystemExit(f"Texts.nl.txt: no ' = ' in: {line}")
        pairs[key] = value
out = ['<?xml version="1.0" encoding="utf-8"?>', "<!-- Made from Texts.nl.txt by texts-to-resx.py: edit that file, not this one. -->", "<root>",
       '  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>',
       '  <resheader name="version"><value>2.0</value></resheader>',
       '  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>',
       '  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>']
for key, value in pairs.items():
    out.append(f'  <data name={quoteattr(key)} xml:space="preserve"><value>{escape(value)}</value></data>')
out.append("</root>")
with open(os.path.join(here, "Texts.nl.resx"), "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
print(f"{len(pairs)} texts")
